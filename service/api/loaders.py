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
from collections.abc import Sequence
from typing import Any

from starlette.concurrency import run_in_threadpool
from strawberry.dataloader import DataLoader

from service.store.database import Database
from service.store.graph_queries import (
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
NOT_LOADED: Any = object()  # `Loaders.known_related`: the request has not loaded it (yet)
RelatedKey = tuple[str, Relation, str]  # (workspace, relation, parent id)


class Loaders:
    """The loaders of one request (a fresh cache per request: no stale reads across them)."""

    def __init__(self, database: Database) -> None:
        self.database = database
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
