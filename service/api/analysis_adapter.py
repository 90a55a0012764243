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
    DeploymentQuestions,
    Impact,
    Importance,
    PortfolioRisk,
    RiskAcrossPriors,
    RiskBudget,
    Scenario,
    SwissCheeseMatrix,
)
from service.api.metrics import ANALYSIS_SECONDS
from service.audit import AuditReport, Policy
from service.usecases import analysis as usecases
from service.usecases import priors as priors_usecases
from service.usecases.database import Database
from service.usecases.portfolios import WorkspaceSource

T = TypeVar("T")


def _timed(name: str, work: Callable[[], T]) -> T:
    started = time.perf_counter()
    try:
        return work()
    finally:
        ANALYSIS_SECONDS.labels(analysis=name).observe(time.perf_counter() - started)


def impact(
    database: Database, workspace: str, scenario: Scenario, priors: str | None = None
) -> tuple[int, Impact]:
    """The impact and the graph revision it describes."""
    return _timed("impact", lambda: usecases.impact_at(database, workspace, scenario, priors))


def aligned_holes(
    database: Database,
    workspace: str,
    deployment: str,
    *,
    max_order: int,
    over: Collection[str] | None,
    priors: str | None = None,
) -> CutSets:
    return _timed(
        "aligned_holes",
        lambda: usecases.aligned_holes(
            WorkspaceSource(database, workspace),
            deployment,
            max_order=max_order,
            over=over,
            priors=priors,
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
    priors: str | None = None,
) -> PortfolioRisk:
    return _timed(
        "risk",
        lambda: usecases.risk(
            WorkspaceSource(database, workspace),
            deployment,
            method=method,
            samples=samples,
            seed=seed,
            priors=priors,
        ),
    )


def correlation(
    database: Database, workspace: str, deployment: str, priors: str | None = None
) -> CaseCorrelation:
    return _timed(
        "correlation",
        lambda: usecases.correlation(WorkspaceSource(database, workspace), deployment, priors),
    )


def swiss_cheese_matrix(
    database: Database, workspace: str, deployment: str, priors: str | None = None
) -> SwissCheeseMatrix:
    return _timed(
        "swiss_cheese_matrix",
        lambda: usecases.swiss_cheese_matrix(
            WorkspaceSource(database, workspace), deployment, priors
        ),
    )


def audit(
    database: Database, workspace: str, policy: str | None, priors: str | None = None
) -> AuditReport:
    chosen = Policy.from_yaml_text(policy, "policy") if policy else Policy.defaults()
    return _timed(
        "audit", lambda: usecases.audit(WorkspaceSource(database, workspace), chosen, priors)
    )


def risk_across_priors(
    database: Database, workspace: str, deployment: str, *, method: str, samples: int
) -> RiskAcrossPriors:
    return _timed(
        "risk_across_priors",
        lambda: priors_usecases.risk_across_priors(
            WorkspaceSource(database, workspace),
            deployment,
            method=method,
            samples=samples,
            seed=0,
        ),
    )


def question_sensitivity(
    database: Database,
    workspace: str,
    deployment: str,
    *,
    priors: str | None,
    method: str,
    seed: int = 0,
) -> DeploymentQuestions:
    return _timed(
        "question_sensitivity",
        lambda: priors_usecases.question_sensitivity(
            WorkspaceSource(database, workspace),
            deployment,
            priors=priors,
            method=method,
            seed=seed,
        ),
    )


def importance(
    database: Database,
    workspace: str,
    deployment: str,
    *,
    over: Collection[str] | None,
    priors: str | None,
    method: str,
    samples: int,
    seed: int | None,
) -> Importance:
    return _timed(
        "importance",
        lambda: priors_usecases.importance(
            WorkspaceSource(database, workspace),
            deployment,
            over=over,
            priors=priors,
            method=method,
            samples=samples,
            seed=seed,
        ),
    )


def risk_budget(
    database: Database, workspace: str, *, priors: str | None, method: str
) -> RiskBudget:
    return _timed(
        "risk_budget",
        lambda: priors_usecases.risk_budget(
            WorkspaceSource(database, workspace), priors=priors, method=method, seed=0
        ),
    )
