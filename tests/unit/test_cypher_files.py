"""Cypher files: loaded by name, migrations split into statements and ordered."""

from __future__ import annotations

import pytest

from service.store.cypher import cypher, migration_files, split_statements


def test_statements_are_loaded_by_name() -> None:
    assert cypher("store/ping") == "RETURN 1 AS ok"


def test_a_name_that_is_not_a_plain_path_is_refused() -> None:
    with pytest.raises(ValueError, match="invalid cypher statement name"):
        cypher("../secrets")


def test_migration_files_split_into_statements_without_comments() -> None:
    text = "// why\nCREATE INDEX a IF NOT EXISTS FOR (n:A) ON (n.x);\n\nCREATE INDEX b ...;\n"
    assert split_statements(text) == [
        "CREATE INDEX a IF NOT EXISTS FOR (n:A) ON (n.x)",
        "CREATE INDEX b ...",
    ]


def test_migrations_apply_in_numeric_order() -> None:
    names = [path.stem for path in migration_files()]
    assert names == sorted(names)
    assert names[0].startswith("001_")
