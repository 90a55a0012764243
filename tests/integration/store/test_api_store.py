"""The API's store modules against a real Neo4j: keys stored hashed, edits all-or-nothing,
batched reads scoped to one workspace."""

from __future__ import annotations

import pytest

from service.errors import InvalidInputError, NotFoundError
from service.store import entity_edits as edits
from service.store.api_keys import Role, create_key, find_key, hash_token, list_keys, revoke_key
from service.store.database import Database
from service.store.entity_edits import Kind, Relation
from service.store.graph_queries import Direction, Window, list_entities, nodes_by_id, related
from service.store.graph_queries import Relation as Rel
from service.store.workspace import workspace_revision

pytestmark = pytest.mark.integration


def test_keys_are_stored_as_hashes_and_stop_working_when_revoked(database: Database) -> None:
    created = create_key(database, role=Role.VIEWER, workspaces=["w"], name="dash")
    stored = database.read(
        lambda tx: tx.run("MATCH (k:ApiKey) RETURN properties(k) AS p").single()["p"]
    )
    assert created.token not in str(stored)
    assert stored["hash"] == hash_token(created.token)
    assert find_key(database, created.token) == created.key
    assert find_key(database, created.token + "x") is None
    revoke_key(database, created.key.id)
    assert find_key(database, created.token) is None
    assert [k.id for k in list_keys(database, include_revoked=True)] == [created.key.id]
    with pytest.raises(NotFoundError):
        revoke_key(database, "nope")


def test_an_edit_that_breaks_an_invariant_rolls_back_entirely(database: Database) -> None:
    edits.create_entity(
        database,
        "w",
        Kind.QUESTION,
        "q",
        {"text": "?"},
        answers=[("y", {"statement": "y", "prior": 0.5}), ("n", {"statement": "n", "prior": 0.5})],
    )
    before = workspace_revision(database, "w")
    with pytest.raises(InvalidInputError, match="sum to"):
        edits.update_entity(database, "w", Kind.WORLD_MODEL, "y", {"prior": 0.9})
    assert workspace_revision(database, "w") == before
    assert nodes_by_id(database, "w", ["y"])["y"]["prior"] == 0.5


def test_cases_link_and_unlink_with_cycle_checks(database: Database) -> None:
    edits.create_entity(database, "w", Kind.DEPLOYMENT, "d", {"name": "D"})
    edits.create_entity(
        database,
        "w",
        Kind.SAFETY_CASE,
        "c",
        {"title": "C", "category": "CONTROL"},
        root=("g", {"statement": "G"}),
        covers=["d"],
    )
    edits.create_entity(
        database, "w", Kind.ARGUMENT_NODE, "s", {"statement": "S", "type": "STRATEGY"}, parent="g"
    )
    with pytest.raises(InvalidInputError, match="cycle"):
        edits.link(database, "w", Relation.SUPPORTED_BY, "s", "g")
    covered = related(database, "w", Rel("COVERS", Direction.IN, "SafetyCase"), ["d"])
    assert [row["id"] for _, row in covered["d"]] == ["c"]
    edits.unlink(database, "w", Relation.COVERS, "c", "d")
    assert related(database, "w", Rel("COVERS", Direction.IN, "SafetyCase"), ["d"])["d"] == []


def test_lists_never_cross_workspaces(database: Database) -> None:
    edits.create_entity(database, "w1", Kind.SOURCE, "s", {"title": "one"})
    edits.create_entity(database, "w2", Kind.SOURCE, "s", {"title": "two"})
    page = list_entities(database, label="Source", workspace="w1", window=Window(first=10))
    assert [(r["id"], r["title"]) for r in page.rows] == [("s", "one")]
    assert nodes_by_id(database, "w2", ["s"])["s"]["title"] == "two"


def test_rows_carry_the_timestamps_the_driver_would_decode(database: Database) -> None:
    """API reads send timestamps as text (faster to decode); rows still hold datetimes."""
    edits.create_entity(database, "w", Kind.DEPLOYMENT, "d", {"name": "D"})
    native = database.read(
        lambda tx: tx.run("MATCH (n:Deployment {id: 'd'}) RETURN n.createdAt AS c").single()["c"]
    ).to_native()
    row = nodes_by_id(database, "w", ["d"])["d"]
    assert row["createdAt"] == native
    assert row["createdAt"].isoformat() == native.isoformat()
    listed = list_entities(database, label="Deployment", workspace="w").rows[0]
    assert listed["updatedAt"] == row["updatedAt"]
