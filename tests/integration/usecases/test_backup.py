"""A backup of a populated database restores into an empty one as the same graph: entities,
relationships, documents, revisions and API key hashes of every workspace."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from service.errors import InvalidInputError
from service.store.api_keys import Role, create_key, find_key
from service.store.backup import read_backup
from service.store.database import Database
from service.store.portfolio_reader import read_portfolio
from service.store.workspace import workspace_revision
from service.usecases.backup import backup_to_file, restore_from_file
from tests.e2e.api.conftest import load_example

pytestmark = pytest.mark.integration


def _canonical(backup: dict[str, Any]) -> tuple[list[str], list[str]]:
    """The graph without element ids: nodes by labels and properties, relationships by type,
    properties and the canonical form of their ends."""
    key = {
        node["id"]: json.dumps([node["labels"], node["props"]], sort_keys=True)
        for node in backup["nodes"]
    }
    relationships = [
        json.dumps(
            [rel["type"], key[rel["source"]], key[rel["target"]], rel["props"]], sort_keys=True
        )
        for rel in backup["relationships"]
    ]
    return sorted(key.values()), sorted(relationships)


@pytest.mark.parametrize("name", ["graph.json", "graph.json.gz"])
def test_a_populated_database_round_trips_through_a_backup(
    database: Database, tmp_path: Path, name: str
) -> None:
    load_example(database, "default")
    load_example(database, "team-b")
    token = create_key(database, role=Role.EDITOR, workspaces=["team-b"], name="b").token
    revisions = {w: workspace_revision(database, w) for w in ("default", "team-b")}
    portfolio = read_portfolio(database, "team-b")
    before = read_backup(database)

    path = tmp_path / name
    counts = backup_to_file(database, path)
    assert counts["nodes"] == len(before["nodes"]) > 100
    database.delete_all_data()
    report = restore_from_file(database, path)

    assert report.nodes == counts["nodes"]
    assert report.relationships == counts["relationships"]
    assert _canonical(read_backup(database)) == _canonical(before)
    assert {w: workspace_revision(database, w) for w in revisions} == revisions
    assert read_portfolio(database, "team-b") == portfolio
    restored_key = find_key(database, token)
    assert restored_key is not None
    assert restored_key.workspaces == ("team-b",)


def test_restore_refuses_a_database_that_is_not_empty(database: Database, tmp_path: Path) -> None:
    load_example(database)
    path = tmp_path / "graph.json"
    backup_to_file(database, path)
    with pytest.raises(InvalidInputError, match="already holds"):
        restore_from_file(database, path)


def test_restore_refuses_a_file_that_is_not_a_backup(database: Database, tmp_path: Path) -> None:
    path = tmp_path / "portfolio.json"
    path.write_text('{"version": 1}', encoding="utf-8")
    with pytest.raises(InvalidInputError, match="not a Safety Case Graph backup"):
        restore_from_file(database, path)
    assert read_backup(database)["nodes"] == []
