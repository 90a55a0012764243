"""A workspace's compiled circuit: read the graph once per revision, compile, keep.

The compiled circuit is cached by (workspace, graph revision); every write bumps the revision,
so a cached circuit is never stale, and unchanged workspaces are never re-read.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import TypeVar, cast

from service import analysis
from service.analysis import Circuit
from service.model import Portfolio
from service.store.database import Database
from service.store.portfolio_reader import read_portfolio_with_revision
from service.store.workspace import check_workspace_name, workspace_revision
from service.util.lru import LruCache

T = TypeVar("T")


# What the cache may hold, in circuit signals (events + gates): a 10,000-case portfolio
# compiles to about 196,000, and with its diagrams, portfolio and loaders' rows it holds
# about 400 MiB; the bound keeps about two such workspaces and many small ones.
MAX_CACHED_SIGNALS = 450_000


class CircuitCache:
    """Compiled circuits of the most recently analysed workspaces (thread-safe, LRU), with the
    portfolio each was compiled from and what was derived from both (e.g. the audit's
    circuit, which leaves out excluded cases). Bounded by the circuits' sizes, not their
    number: ten small workspaces cost less than one large one.

    With `prepare_impact` set (the server), a freshly compiled circuit's impact diagrams are
    built on a background thread, so the first impact after a write usually finds them."""

    def __init__(self, max_signals: int = MAX_CACHED_SIGNALS) -> None:
        self._entries: LruCache[str, _Entry] = LruCache(max_signals, getsizeof=_signals)
        self.prepare_impact = False

    def circuit(self, database: Database, workspace: str) -> Circuit:
        return self._entry(database, workspace).circuit

    def circuit_at(self, database: Database, workspace: str) -> tuple[int, Circuit]:
        """The workspace's circuit and the graph revision it was compiled at."""
        entry = self._entry(database, workspace)
        return entry.revision, entry.circuit

    def derived(
        self,
        database: Database,
        workspace: str,
        key: Hashable,
        build: Callable[[Portfolio, Circuit], T],
    ) -> T:
        """`build(portfolio, circuit)`, kept with the workspace's revision under `key`."""
        entry = self._entry(database, workspace)
        return cast(
            T,
            entry.circuit.cached(("derived", key), lambda: build(entry.portfolio, entry.circuit)),
        )

    def _entry(self, database: Database, workspace: str) -> _Entry:
        check_workspace_name(workspace)
        revision = workspace_revision(database, workspace)
        cached = self._entries.get(workspace)
        if cached is not None and cached.revision == revision:
            return cached
        revision, portfolio = read_portfolio_with_revision(database, workspace)
        entry = _Entry(revision, portfolio, analysis.compile_circuit(portfolio))
        self._entries.put(workspace, entry)
        if self.prepare_impact:
            threading.Thread(
                target=analysis.prepare_impact,
                args=(entry.circuit,),
                name=f"prepare-impact-{workspace}",
                daemon=True,
            ).start()
        return entry


@dataclass(frozen=True)
class _Entry:
    revision: int
    portfolio: Portfolio
    circuit: Circuit


def _signals(entry: _Entry) -> int:
    return entry.circuit.n_signals


#: The process-wide cache (the API server is long-lived; the CLI runs one analysis).
circuits = CircuitCache()
