"""The analyses as the API calls them: the shared use cases (`service.usecases.analysis`, the
same functions as the CLI), timed for /metrics. The audit reads the workspace's portfolio and
runs `service.audit` on it, as `scg audit --workspace` does."""

from __future__ import annotations

import time
from collections.abc import Callable, Collection
from typing import TypeVar

from service.analysis import (
    CaseCorrelation,
    CutSets,
    Impact,
    PortfolioRisk,
    Scenario,
    SwissCheeseMatrix,
)
from service.api.metrics import ANALYSIS_SECONDS
from service.audit import AuditReport, Policy
from service.usecases import analysis as usecases
from service.usecases.database import Database
from service.usecases.portfolios import WorkspaceSource

T = TypeVar("T")


def _timed(name: str, work: Callable[[], T]) -> T:
    started = time.perf_counter()
    try:
        return work()
    finally:
        ANALYSIS_SECONDS.labels(analysis=name).observe(time.perf_counter() - started)


def impact(database: Database, workspace: str, scenario: Scenario) -> tuple[int, Impact]:
    """The impact and the graph revision it describes."""
    return _timed("impact", lambda: usecases.impact_at(database, workspace, scenario))


def aligned_holes(
    database: Database,
    workspace: str,
    deployment: str,
    *,
    max_order: int,
    over: Collection[str] | None,
) -> CutSets:
    return _timed(
        "aligned_holes",
        lambda: usecases.aligned_holes(
            WorkspaceSource(database, workspace), deployment, max_order=max_order, over=over
        ),
    )


def risk(
    database: Database,
    workspace: str,
    deployment: str,
    *,
    method: str,
    samples: int,
    seed: int | None,
) -> PortfolioRisk:
    return _timed(
        "risk",
        lambda: usecases.risk(
            WorkspaceSource(database, workspace),
            deployment,
            method=method,
            samples=samples,
            seed=seed,
        ),
    )


def correlation(database: Database, workspace: str, deployment: str) -> CaseCorrelation:
    return _timed(
        "correlation",
        lambda: usecases.correlation(WorkspaceSource(database, workspace), deployment),
    )


def swiss_cheese_matrix(database: Database, workspace: str, deployment: str) -> SwissCheeseMatrix:
    return _timed(
        "swiss_cheese_matrix",
        lambda: usecases.swiss_cheese_matrix(WorkspaceSource(database, workspace), deployment),
    )


def audit(database: Database, workspace: str, policy: str | None) -> AuditReport:
    chosen = Policy.from_yaml_text(policy, "policy") if policy else Policy.defaults()
    return _timed("audit", lambda: usecases.audit(WorkspaceSource(database, workspace), chosen))
