"""The analyses of DESIGN §4, as the API and the CLI both run them: on a `PortfolioSource` (a
file compiled in memory, or a workspace whose circuit is kept by graph revision)."""

from __future__ import annotations

from collections.abc import Collection

from service import analysis
from service.analysis import Circuit, CutSetCount, Scenario
from service.analysis.cut_set_results import ALL_KINDS
from service.audit import AuditReport, Policy, run_audit, scoped_portfolio
from service.audit.progress import AuditProgress, ProgressCallback
from service.model import EventKind, Portfolio
from service.store.database import Database
from service.usecases.circuits import circuits
from service.usecases.portfolios import FileSource, PortfolioSource, WorkspaceSource
from service.usecases.priors import circuit_under

__all__ = [
    "CutSetCount",
    "Scenario",
    "aligned_holes",
    "audit",
    "correlation",
    "cut_set_count",
    "impact",
    "impact_at",
    "risk",
    "swiss_cheese_matrix",
]

DEFAULT_SAMPLES = 100_000


def impact(
    source: PortfolioSource, scenario: Scenario, priors: str | None = None
) -> analysis.Impact:
    return analysis.impact(circuit_under(source, priors), scenario)


def impact_at(
    database: Database, workspace: str, scenario: Scenario, priors: str | None = None
) -> tuple[int, analysis.Impact]:
    """The impact and the graph revision it describes (for callers that cache by revision)."""
    revision, circuit = circuits.circuit_at(database, workspace)
    if priors is not None and priors != analysis.DEFAULT_PROFILE:
        circuit = circuit_under(WorkspaceSource(database, workspace), priors)
    return revision, analysis.impact(circuit, scenario)


def aligned_holes(
    source: PortfolioSource,
    deployment: str,
    *,
    max_order: int = 3,
    over: Collection[str] | None = None,
    priors: str | None = None,
) -> analysis.CutSets:
    kinds = _kinds(over)  # bad kinds are refused before the portfolio is read
    return analysis.minimal_cut_sets(
        circuit_under(source, priors), deployment, max_order=max_order, over=kinds
    )


def cut_set_count(
    source: PortfolioSource,
    deployment: str,
    *,
    max_order: int = 3,
    over: Collection[str] | None = None,
    priors: str | None = None,
) -> analysis.CutSetCount:
    """How many minimal cut sets there are, by order, counted on a ZBDD without listing them."""
    kinds = _kinds(over)
    return analysis.cut_set_count(
        circuit_under(source, priors), deployment, max_order=max_order, over=kinds
    )


def _kinds(over: Collection[str] | None) -> tuple[EventKind, ...]:
    return ALL_KINDS if over is None else analysis.parse_kinds(over)


def risk(
    source: PortfolioSource,
    deployment: str,
    *,
    method: str = "auto",
    samples: int = DEFAULT_SAMPLES,
    seed: int | None = None,
    priors: str | None = None,
) -> analysis.PortfolioRisk:
    return analysis.portfolio_risk(
        circuit_under(source, priors), deployment, method=method, samples=samples, seed=seed
    )


def correlation(
    source: PortfolioSource, deployment: str, priors: str | None = None
) -> analysis.CaseCorrelation:
    return analysis.case_correlation(circuit_under(source, priors), deployment)


def swiss_cheese_matrix(
    source: PortfolioSource, deployment: str, priors: str | None = None
) -> analysis.SwissCheeseMatrix:
    return analysis.swiss_cheese_matrix(circuit_under(source, priors), deployment)


def audit(
    source: PortfolioSource,
    policy: Policy,
    priors: str | None = None,
    progress: ProgressCallback | None = None,
) -> AuditReport:
    """The audit of a portfolio (its quantitative rules under prior profile `priors`). Of a
    workspace, on a circuit kept by graph revision: plans and refusals of exact risk are
    memoised on it, so a repeated audit skips them. `progress` hears each step: reading,
    compiling, each rule (and, within the long rules, how far they are)."""
    steps = AuditProgress(policy, progress)
    steps.report("reading", 0)
    if isinstance(source, FileSource):
        portfolio = source.portfolio()
        steps.report("compiling", 1)
        scoped = scoped_portfolio(portfolio, policy.exclude_case_statuses)
        circuit = analysis.compile_circuit(scoped)
    else:
        portfolio, circuit = _workspace_circuit(source, policy)
    steps.report("compiling", 2)
    return run_audit(portfolio, policy, circuit=circuit, priors=priors, progress=steps)


def _workspace_circuit(source: WorkspaceSource, policy: Policy) -> tuple[Portfolio, Circuit]:
    """The workspace's portfolio and the circuit of its cases the policy does not exclude,
    kept with the graph revision (read and compiled together: one step for a progress bar)."""
    excluded = tuple(sorted(policy.exclude_case_statuses))

    def scoped(portfolio: Portfolio, circuit: Circuit) -> tuple[Portfolio, Circuit]:
        left_out = [c for c, case in enumerate(portfolio.cases) if case.status in excluded]
        return portfolio, analysis.with_cases_covering_nothing(circuit, left_out)

    return circuits.derived(source.database, source.workspace, ("audit", excluded), scoped)
