"""Analyses of a workspace: read the graph once per revision, compile, cache, analyse.

The compiled circuit is cached by (workspace, graph revision); every write bumps the revision,
so a cached circuit is never stale, and unchanged workspaces are never re-read.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Collection

from service import analysis
from service.analysis import Circuit, Scenario
from service.store.database import Database
from service.store.portfolio_reader import read_portfolio_with_revision
from service.store.workspace import check_workspace_name, workspace_revision


class CircuitCache:
    """Compiled circuits of the most recently analysed workspaces (thread-safe, LRU)."""

    def __init__(self, capacity: int = 8) -> None:
        self.capacity = capacity
        self._circuits: OrderedDict[str, tuple[int, Circuit]] = OrderedDict()
        self._lock = threading.Lock()

    def circuit(self, database: Database, workspace: str) -> Circuit:
        check_workspace_name(workspace)
        revision = workspace_revision(database, workspace)
        with self._lock:
            cached = self._circuits.get(workspace)
            if cached is not None and cached[0] == revision:
                self._circuits.move_to_end(workspace)
                return cached[1]
        revision, portfolio = read_portfolio_with_revision(database, workspace)
        circuit = analysis.compile_circuit(portfolio)
        with self._lock:
            self._circuits[workspace] = (revision, circuit)
            self._circuits.move_to_end(workspace)
            while len(self._circuits) > self.capacity:
                self._circuits.popitem(last=False)
        return circuit


#: The process-wide cache (the API server is long-lived; the CLI runs one analysis).
circuits = CircuitCache()


def impact(database: Database, workspace: str, scenario: Scenario) -> analysis.Impact:
    return analysis.impact(circuits.circuit(database, workspace), scenario)


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
