"""Rows of the nodes that analysis results name, kept per workspace at one graph revision.

An impact on 10,000 cases names every case and deployment of the workspace; reading their
rows again on every request costs more than the analysis itself. Every write bumps the
workspace's revision (DESIGN §6), so rows read at revision r stay valid for as long as the
revision is r, exactly like the compiled circuits of `service.usecases.analysis`.

A caller passes the revision it read *before* reading the rows (the revision its analysis
was computed at): rows are then never older than that revision. Rows of a newer revision
than the cache holds replace it; rows of an older one are dropped. At most `max_rows` rows
per workspace and `workspaces` workspaces (least recently used out first). Alongside the
rows, the GraphQL objects built from them (`objects`), so they are built once per revision.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from service.usecases.graph_reads import Row
from service.util.lru import LruCache

_Entry = tuple[int, dict[str, Row | None], dict[str, Any]]  # revision, rows, objects by id


class NodeRows:
    def __init__(self, workspaces: int = 4, max_rows: int = 50_000) -> None:
        self.max_rows = max_rows
        self._entries: LruCache[str, _Entry] = LruCache(workspaces)

    def get(self, workspace: str, revision: int, ids: Iterable[str]) -> dict[str, Row | None]:
        """The kept rows among `ids` at `revision` (None: the node does not exist)."""
        entry = self._entries.get(workspace)
        if entry is None or entry[0] != revision:
            return {}
        rows = entry[1]
        return {id_: rows[id_] for id_ in ids if id_ in rows}

    def objects(self, workspace: str, revision: int) -> dict[str, Any] | None:
        """The objects built from the rows kept at `revision` (id -> object; callers add
        to it), or None when the rows kept are of another revision."""
        entry = self._entries.get(workspace)
        return entry[2] if entry is not None and entry[0] == revision else None

    def keep_object(self, objects: dict[str, Any], id_: str, node: Any) -> None:
        """Add `node` to `objects` (from `objects()`), within the row limit."""
        if len(objects) < self.max_rows:
            objects[id_] = node

    def add(self, workspace: str, revision: int, rows: Mapping[str, Row | None]) -> None:
        """Keep `rows`, read at (or after) `revision`."""

        def merged(entry: _Entry | None) -> _Entry | None:
            if entry is not None and entry[0] > revision:
                return None
            if entry is None or entry[0] < revision:
                entry = (revision, {}, {})
            kept = entry[1]
            for id_, row in rows.items():
                if len(kept) >= self.max_rows and id_ not in kept:
                    break
                kept[id_] = row
            return entry

        self._entries.update(workspace, merged)
