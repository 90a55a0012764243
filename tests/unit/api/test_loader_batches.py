"""The API's DataLoaders never ask the store for more ids than it reads at once (MAX_BATCH):
a response listing more entities than that (an impact on 10,000 cases) still gets them all."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

import pytest

from service.api import loaders as loaders_module
from service.api.loaders import Loaders
from service.store.graph_queries import MAX_BATCH, Row


def test_more_nodes_than_one_store_batch_are_all_loaded(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []

    def nodes_by_id(_database: Any, _workspace: str, ids: Sequence[str]) -> dict[str, Row]:
        calls.append(len(ids))
        return {id_: {"id": id_} for id_ in list(ids)[:MAX_BATCH]}  # as the store: truncates

    monkeypatch.setattr(loaders_module, "nodes_by_id", nodes_by_id)
    ids = [f"case-{i}" for i in range(2 * MAX_BATCH + 1)]

    async def load() -> list[Row | None]:
        loaders = Loaders(database=None)  # type: ignore[arg-type]  # the store is faked
        return await loaders.nodes.load_many([("ws", id_) for id_ in ids])

    rows = asyncio.run(load())
    assert all(row is not None for row in rows)
    assert max(calls) <= MAX_BATCH
