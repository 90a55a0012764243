"""A workspace's compiled circuit: read the graph once per revision, compile, keep.

The compiled circuit is cached by (workspace, graph revision); every write bumps the revision,
so a cached circuit is never stale, and unchanged workspaces are never re-read.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass
from typing import TypeVar, cast

from service import analysis
from service.analysis import Circuit
from service.model import EventKind, Portfolio
from service.store.database import Database
from service.store.portfolio_reader import read_portfolio_with_revision
from service.store.workspace import check_workspace_name, workspace_revision
from service.util import foreground
from service.util.freed_memory import release_freed_memory
from service.util.gc_pause import settle_long_lived
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
    built on a background thread, so the first impact after a write usually finds them, and
    then the collector is settled (`settle_long_lived`), so that requests are not paused by
    full collections over the circuit."""

    def __init__(self, max_signals: int = MAX_CACHED_SIGNALS) -> None:
        self._entries: LruCache[str, _Entry] = LruCache(max_signals, getsizeof=_signals)
        self.prepare_impact = False
        self._preparer = _ImpactPreparer()
        # One compile per workspace at a time: requests that arrive together on a cold
        # workspace (a dashboard sends several) wait for one read and compile, not one each.
        self._compiling: dict[str, threading.Lock] = {}
        self._compiling_guard = threading.Lock()

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

    def largest_case_count(self) -> int:
        """The number of cases of the largest workspace cached (what an analysis may cost)."""
        return max((len(entry.portfolio.cases) for entry in self._entries.values()), default=0)

    def _entry(self, database: Database, workspace: str) -> _Entry:
        check_workspace_name(workspace)
        revision = workspace_revision(database, workspace)
        cached = self._entries.get(workspace)
        if cached is not None and cached.revision == revision:
            return cached
        with self._compiling_of(workspace):
            # Another request may have compiled it meanwhile. (Only at this very revision: a
            # reset database counts revisions from 1 again.)
            cached = self._entries.get(workspace)
            if cached is not None and cached.revision == revision:
                return cached
            revision, portfolio = read_portfolio_with_revision(database, workspace)
            entry = _Entry(revision, portfolio, analysis.compile_circuit(portfolio))
            self._entries.put(workspace, entry)
        if self.prepare_impact:
            self._preparer.submit(workspace, entry.circuit)
        return entry

    def edited_own_p_fail(
        self, workspace: str, kind: EventKind, entity_id: str, p_fail: float, revision: int
    ) -> bool:
        """After this process wrote one assumption's or technique's pFail, and nothing else, as
        the write that made `revision`: the circuit cached at the revision before becomes the
        one at `revision` by a patch (`with_own_p_fail`), not by a read and a compile. Every
        write bumps the revision by one, so a cached revision one below means no other write
        came between (any process's). Returns whether it was patched."""
        with self._compile_lock(workspace):
            cached = self._entries.get(workspace)
            if cached is None or cached.revision != revision - 1:
                return False
            portfolio = _with_own_p_fail(cached.portfolio, kind, entity_id, p_fail)
            circuit = analysis.with_own_p_fail(cached.circuit, kind, entity_id, p_fail)
            self._entries.put(workspace, _Entry(revision, portfolio, circuit))
        return True

    def _compile_lock(self, workspace: str) -> threading.Lock:
        with self._compiling_guard:
            return self._compiling.setdefault(workspace, threading.Lock())

    @contextlib.contextmanager
    def _compiling_of(self, workspace: str) -> Iterator[None]:
        """The workspace's compile lock; a request that finds it taken waits as one that
        does not compete with the compile (`foreground.waiting`)."""
        lock = self._compile_lock(workspace)
        if not lock.acquire(blocking=False):
            with foreground.waiting():
                lock.acquire()
        try:
            yield
        finally:
            lock.release()

    def wait_for_preparation(self) -> None:
        """Return when no impact diagrams are being built in the background (for tests)."""
        self._preparer.wait_idle()


class _ImpactPreparer:
    """One background thread that builds the impact diagrams of freshly compiled circuits,
    the newest circuit of each workspace only: a burst of writes queues one build, not one
    per write."""

    def __init__(self) -> None:
        self._pending: dict[str, Circuit] = {}
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._busy = False
        self._thread: threading.Thread | None = None

    def submit(self, workspace: str, circuit: Circuit) -> None:
        with self._lock:
            self._pending[workspace] = circuit
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="prepare-impact", daemon=True
                )
                self._thread.start()
            self._wake.notify_all()

    def wait_idle(self) -> None:
        with self._lock:
            while self._pending or self._busy:
                self._wake.wait()

    def _run(self) -> None:
        with foreground.background():
            self._serve()

    def _serve(self) -> None:
        while True:
            with self._lock:
                while not self._pending:
                    self._busy = False
                    self._wake.notify_all()
                    self._wake.wait()
                self._busy = True
                workspace = next(iter(self._pending))
                circuit = self._pending.pop(workspace)
            # A failure is not kept: the request that needs the diagrams builds and reports it.
            with contextlib.suppress(Exception):
                analysis.prepare_impact(circuit)
            with self._lock:
                settle = not self._pending  # the newest circuit is built: settle once
            if settle:
                settle_long_lived()
                release_freed_memory()  # building freed several times what it kept


@dataclass(frozen=True)
class _Entry:
    revision: int
    portfolio: Portfolio
    circuit: Circuit


def _with_own_p_fail(
    portfolio: Portfolio, kind: EventKind, entity_id: str, p_fail: float
) -> Portfolio:
    """The portfolio a read after the edit gives (the other entities are shared, unchanged)."""
    field = "assumptions" if kind is EventKind.ASSUMPTION else "techniques"
    entities = [
        entity.model_copy(update={"p_fail": p_fail}) if entity.id == entity_id else entity
        for entity in getattr(portfolio, field)
    ]
    return portfolio.model_copy(update={field: entities})


def _signals(entry: _Entry) -> int:
    return entry.circuit.n_signals


#: The process-wide cache (the API server is long-lived; the CLI runs one analysis).
circuits = CircuitCache()
