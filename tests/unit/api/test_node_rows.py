"""Rows kept by graph revision: never served for another revision (no database)."""

from __future__ import annotations

from service.api.node_rows import NodeRows


def test_rows_are_served_only_at_the_revision_they_were_read_at() -> None:
    rows = NodeRows()
    rows.add("w", 3, {"a": {"id": "a"}, "gone": None})
    assert rows.get("w", 3, ["a", "gone", "b"]) == {"a": {"id": "a"}, "gone": None}
    assert rows.get("w", 4, ["a"]) == {}
    assert rows.get("other", 3, ["a"]) == {}
    rows.add("w", 2, {"b": {"id": "b"}})  # older than what is kept: dropped
    assert rows.get("w", 3, ["b"]) == {}
    rows.add("w", 4, {"b": {"id": "b2"}})  # newer: replaces revision 3
    assert rows.get("w", 3, ["a"]) == {}
    assert rows.get("w", 4, ["a", "b"]) == {"b": {"id": "b2"}}


def test_rows_and_workspaces_are_bounded() -> None:
    rows = NodeRows(workspaces=2, max_rows=2)
    rows.add("w", 1, {"a": {}, "b": {}, "c": {}})
    assert set(rows.get("w", 1, ["a", "b", "c"])) == {"a", "b"}
    rows.add("x", 1, {"a": {}})
    rows.add("y", 1, {"a": {}})
    assert rows.get("w", 1, ["a"]) == {}
    assert rows.get("y", 1, ["a"]) == {"a": {}}
