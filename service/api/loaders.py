"""DataLoaders: every entity and relationship field a query asks for, batched per request.

Keys carry the workspace, so a batch is split by workspace and each part is one Neo4j query.
Whatever the page size, a nested query therefore costs one query for the page plus one per
relationship field (per workspace), not one per node. A case's whole argument tree (root,
children and assumptions at every level) can be fetched in one query instead of one per level:
`argument_tree` primes the relationship loader with it.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

from starlette.concurrency import run_in_threadpool
from strawberry.dataloader import DataLoader

from service.api.node_rows import NodeRows
from service.usecases.database import Database
from service.usecases.graph_reads import (
    MAX_BATCH,
    ArgumentTree,
    Pair,
    Relation,
    Row,
    argument_trees,
    nodes_by_id,
    related,
)

NodeKey = tuple[str, str]  # (workspace, id)
NOT_LOADED: Any = object()  # `Loaders.known`: the request has not loaded this node (yet)
RelatedKey = tuple[str, Relation, str]  # (workspace, relation, parent id)


class Loaders:
    """The loaders of one request (a fresh cache per request: no stale reads across them)."""

    def __init__(self, database: Database, node_rows: NodeRows | None = None) -> None:
        self.database = database
        self.node_rows = node_rows  # rows kept across requests by graph revision (`load_nodes`)
        # Batches no larger than the store reads at once (it ignores ids beyond MAX_BATCH):
        # an impact on 10,000 cases loads its cases in two batches, not 5,000 of them.
        self.nodes: DataLoader[NodeKey, Row | None] = DataLoader(
            load_fn=self._load_nodes, max_batch_size=MAX_BATCH
        )
        self.related: DataLoader[RelatedKey, list[Pair]] = DataLoader(
            load_fn=self._load_related, max_batch_size=MAX_BATCH
        )
        self.trees: DataLoader[NodeKey, ArgumentTree | None] = DataLoader(
            load_fn=self._load_trees, max_batch_size=MAX_BATCH
        )
        #: GraphQL objects built from loaded rows (`graphql_analysis`): an entity that a
        #: result lists many times (a case, and again as a surviving case) is built once,
        #: and once per graph revision when it was preloaded at a revision (`load_nodes`).
        self.objects: dict[NodeKey, Any] = {}
        self._revisions: dict[str, int] = {}  # workspace -> revision of its preloaded rows
        # (workspace, revision) -> the objects kept across requests for it, looked up once
        # per request (not once per node: an impact lists 10,000 cases, some many times)
        self._kept: dict[tuple[str, int], dict[str, Any] | None] = {}

    async def load_nodes(
        self, workspace: str, ids: Sequence[str], revision: int | None = None
    ) -> None:
        """Load many nodes at once and keep them, so that `known` answers for them without
        waiting: an analysis result with 10,000 cases then needs no awaitable per case. With
        the graph `revision` read before (that of the analysis), rows kept for it are reused
        and the rows read are kept for it (`_rows_at`)."""
        wanted = [id_ for id_ in dict.fromkeys(ids) if self.known((workspace, id_)) is NOT_LOADED]
        if self.node_rows is not None and revision is not None:
            self._revisions[workspace] = revision
        rows = await self._rows_at(workspace, wanted, revision)
        self.nodes.prime_many({(workspace, id_): row for id_, row in rows.items()})

    async def objects_at(
        self, workspace: str, ids: Sequence[str], revision: int | None, make: Callable[[Row], Any]
    ) -> dict[str, Any]:
        """The objects `make` builds from these nodes' rows (None: no such node), as kept for
        the graph `revision` (read before, by the analysis whose result lists them): an
        impact's 10,000 cases are then one lookup each, with no loader entry or future per
        node. The objects built are kept for the revision too."""
        shared = self.node_rows if revision is not None else None

        def kept_objects() -> dict[str, Any] | None:
            return (
                shared.objects(workspace, revision)
                if shared is not None and revision is not None
                else None
            )

        kept = kept_objects() or {}
        objects = {id_: kept.get(id_) for id_ in dict.fromkeys(ids)}
        missing = [id_ for id_, node in objects.items() if node is None]
        rows = await self._rows_at(workspace, missing, revision)
        keep = kept_objects()  # the rows just kept may have started the revision's entry
        for id_ in missing:
            row = rows.get(id_)
            if row is not None:
                objects[id_] = node = make(row)
                if keep is not None and shared is not None:
                    shared.keep_object(keep, id_, node)
        return objects

    async def _rows_at(
        self, workspace: str, ids: Sequence[str], revision: int | None
    ) -> dict[str, Row | None]:
        """The rows of these nodes (None: no such node): those kept for the graph `revision`,
        and the rest read in batches of MAX_BATCH, run together, and kept for it."""
        shared = self.node_rows if revision is not None else None
        rows = (
            shared.get(workspace, revision, ids)
            if shared is not None and revision is not None
            else {}
        )
        unread = [id_ for id_ in ids if id_ not in rows]
        chunks = [unread[i : i + MAX_BATCH] for i in range(0, len(unread), MAX_BATCH)]
        found = await asyncio.gather(
            *(run_in_threadpool(nodes_by_id, self.database, workspace, chunk) for chunk in chunks)
        )
        for chunk, chunk_rows in zip(chunks, found, strict=True):
            read = {id_: chunk_rows.get(id_) for id_ in chunk}
            rows.update(read)
            if shared is not None and revision is not None:
                shared.add(workspace, revision, read)
        return rows

    def built(self, key: NodeKey, make: Callable[[Row], Any]) -> Any:
        """The object `make` builds from a loaded node's row (None: no such node; NOT_LOADED),
        built once per request, or once per revision for nodes preloaded at a revision."""
        node = self.objects.get(key)
        if node is not None:
            return node
        workspace, id_ = key
        revision = self._revisions.get(workspace)
        kept: dict[str, Any] | None = None
        if self.node_rows is not None and revision is not None:
            at = (workspace, revision)
            if at not in self._kept:
                self._kept[at] = self.node_rows.objects(workspace, revision)
            kept = self._kept[at]
        node = kept.get(id_) if kept is not None else None
        if node is None:
            row = self.known(key)
            if row is NOT_LOADED or row is None:
                return row
            node = make(row)
            if kept is not None and self.node_rows is not None:
                self.node_rows.keep_object(kept, id_, node)
        self.objects[key] = node
        return node

    def known(self, key: NodeKey) -> Row | None:
        """The row of a node this request has loaded (None: it does not exist), or NOT_LOADED."""
        row: Row | None = _loaded(self.nodes, key)
        return row

    def known_related(self, key: RelatedKey) -> list[Pair]:
        """The pairs of a relationship field this request has loaded, or NOT_LOADED."""
        pairs: list[Pair] = _loaded(self.related, key)
        return pairs

    async def argument_tree(self, workspace: str, case_id: str) -> None:
        """Fetch the argument tree of a case (batched with other cases') and prime the
        relationship loader with its answers, so walking the tree costs no more queries."""
        tree = await self.trees.load((workspace, case_id))
        if tree is not None:
            for (relation, id_), pairs in tree.answers.items():
                self.related.prime((workspace, relation, id_), pairs)

    async def _load_nodes(self, keys: Sequence[NodeKey]) -> list[Row | None]:
        by_workspace: dict[str, list[str]] = defaultdict(list)
        for workspace, id_ in keys:
            by_workspace[workspace].append(id_)
        workspaces = list(by_workspace)
        found = await asyncio.gather(
            *(run_in_threadpool(nodes_by_id, self.database, w, by_workspace[w]) for w in workspaces)
        )
        rows = dict(zip(workspaces, found, strict=True))
        return [rows[workspace].get(id_) for workspace, id_ in keys]

    async def _load_trees(self, keys: Sequence[NodeKey]) -> list[ArgumentTree | None]:
        by_workspace: dict[str, list[str]] = defaultdict(list)
        for workspace, id_ in keys:
            by_workspace[workspace].append(id_)
        workspaces = list(by_workspace)
        found = await asyncio.gather(
            *(
                run_in_threadpool(argument_trees, self.database, w, by_workspace[w])
                for w in workspaces
            )
        )
        trees = dict(zip(workspaces, found, strict=True))
        return [trees[workspace].get(id_) for workspace, id_ in keys]

    async def _load_related(self, keys: Sequence[RelatedKey]) -> list[list[Pair]]:
        groups: dict[tuple[str, Relation], list[str]] = defaultdict(list)
        for workspace, relation, id_ in keys:
            groups[(workspace, relation)].append(id_)
        group_keys = list(groups)
        found = await asyncio.gather(
            *(
                run_in_threadpool(related, self.database, w, relation, groups[(w, relation)])
                for w, relation in group_keys
            )
        )
        results = dict(zip(group_keys, found, strict=True))
        return [results[(w, relation)].get(id_, []) for w, relation, id_ in keys]


def _loaded(loader: DataLoader[Any, Any], key: Any) -> Any:
    """What `loader` already holds for `key` (NOT_LOADED if it holds nothing finished)."""
    future = loader.cache_map.get(key)
    if future is None or not future.done() or future.cancelled() or future.exception():
        return NOT_LOADED
    return future.result()
