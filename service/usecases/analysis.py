"""Analyses of a workspace: read the graph once per revision, compile, cache, analyse.

The compiled circuit is cached by (workspace, graph revision); every write bumps the revision,
so a cached circuit is never stale, and unchanged workspaces are never re-read.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Hashable
from dataclasses import dataclass
from typing import TypeVar, cast

from service import analysis
from service.analysis import Circuit, Scenario
from service.audit import AuditReport, Policy, run_audit, scoped_portfolio
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


def impact(database: Database, workspace: str, scenario: Scenario) -> analysis.Impact:
    return impact_at(database, workspace, scenario)[1]


def impact_at(
    database: Database, workspace: str, scenario: Scenario
) -> tuple[int, analysis.Impact]:
    """The impact and the graph revision it describes (for callers that cache by revision)."""
    revision, circuit = circuits.circuit_at(database, workspace)
    return revision, analysis.impact(circuit, scenario)


def aligned_holes(
    database: Database,
    workspace: str,
    deployment: str,
    *,
    max_order: int = 3,
    over: Collection[str] | None = None,
) -> analysis.CutSets:
    circuit = circuits.circuit(database, workspace)
    if over is None:
        return analysis.minimal_cut_sets(circuit, deployment, max_order=max_order)
    return analysis.minimal_cut_sets(
        circuit, deployment, max_order=max_order, over=analysis.parse_kinds(over)
    )


def risk(
    database: Database,
    workspace: str,
    deployment: str,
    *,
    method: str = "auto",
    samples: int = 100_000,
    seed: int | None = None,
) -> analysis.PortfolioRisk:
    circuit = circuits.circuit(database, workspace)
    return analysis.portfolio_risk(circuit, deployment, method=method, samples=samples, seed=seed)


def correlation(database: Database, workspace: str, deployment: str) -> analysis.CaseCorrelation:
    return analysis.case_correlation(circuits.circuit(database, workspace), deployment)


def swiss_cheese_matrix(
    database: Database, workspace: str, deployment: str
) -> analysis.SwissCheeseMatrix:
    return analysis.swiss_cheese_matrix(circuits.circuit(database, workspace), deployment)


def audit(database: Database, workspace: str, policy: Policy) -> AuditReport:
    """The audit of a workspace, on a circuit kept by graph revision: plans and refusals of
    exact risk are memoised on it, so a repeated audit skips them."""
    excluded = tuple(sorted(policy.exclude_case_statuses))

    def scoped(portfolio: Portfolio, circuit: Circuit) -> tuple[Portfolio, Circuit]:
        scoped = scoped_portfolio(portfolio, excluded)
        return portfolio, circuit if scoped is portfolio else analysis.compile_circuit(scoped)

    portfolio, circuit = circuits.derived(database, workspace, ("audit", excluded), scoped)
    return run_audit(portfolio, policy, circuit=circuit)
