"""Every deployment's summary figures: what a reviewer's overview (and any dashboard) shows
first, in one round trip.

On a large workspace the correlated risk of one deployment takes seconds (Monte Carlo), so the
overview is in two parts. `overview` lists every deployment with what is known for all of them
at once (covering cases, covered, the independent-cases estimate from the baseline impact),
sorted worst first by that estimate; `deployment_risk`, `single_points_of_failure` and
`audit_findings` give the costlier figures of one deployment, for the rows a page shows. All
are kept with the circuit of the graph revision, so polling recomputes nothing until someone
writes to the workspace.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from service import analysis
from service.analysis import Circuit
from service.audit import Policy
from service.errors import AnalysisTooLargeError
from service.model import Portfolio
from service.store.database import Database
from service.usecases import analysis as usecases
from service.usecases.circuits import circuits
from service.usecases.portfolios import WorkspaceSource

#: Seed of the Monte Carlo fallback of `auto`, so that the overview is the same on every call.
OVERVIEW_SEED = 0
#: Samples of that fallback: a standard error of at most 0.0035 on P(uncovered).
OVERVIEW_SAMPLES = 20_000


@dataclass(frozen=True)
class DeploymentRow:
    """What the overview knows of every deployment without a risk analysis of its own."""

    deployment: str
    stakes: str
    covering_cases: int
    covered: bool
    naive: float  # P(every covering case fails) if the cases failed independently
    naive_over_threshold: float  # prior risk x naive, as a multiple of the risk threshold


@dataclass(frozen=True)
class RiskOrRefusal:
    risk: analysis.PortfolioRisk | None
    refusal: str | None


def _rows(portfolio: Portfolio, circuit: Circuit) -> list[DeploymentRow]:
    baseline = analysis.impact(circuit, analysis.Scenario.of([], [], []))
    fails = {case.id: 1.0 - case.p_holds for case in baseline.cases}
    covered = {d.id: d.covered for d in baseline.deployments}
    covering: dict[str, list[str]] = {d.id: [] for d in portfolio.deployments}
    for case in portfolio.cases:
        for deployment_id in case.covers:
            if deployment_id in covering:
                covering[deployment_id].append(case.id)
    rows = []
    for deployment in portfolio.deployments:
        naive = math.prod(fails[c] for c in covering[deployment.id])
        residual = deployment.prior_risk * naive
        threshold = deployment.risk_threshold
        ratio = residual / threshold if threshold > 0 else (math.inf if residual > 0 else 0.0)
        rows.append(
            DeploymentRow(
                deployment=deployment.id,
                stakes=deployment.stakes.value,
                covering_cases=len(covering[deployment.id]),
                covered=covered.get(deployment.id, False),
                naive=naive,
                naive_over_threshold=ratio,
            )
        )
    rows.sort(key=lambda r: (r.covered, -r.naive_over_threshold, -r.naive, r.deployment))
    return rows


def overview(database: Database, workspace: str) -> list[DeploymentRow]:
    """Every deployment of the workspace, worst first: uncovered ones, then by the
    independent-cases estimate of residual risk over its threshold."""
    return circuits.derived(database, workspace, ("overview",), _rows)


def deployment_risk(
    database: Database, workspace: str, deployment: str, samples: int = OVERVIEW_SAMPLES
) -> RiskOrRefusal:
    """`risk(method: auto)` with a fixed seed, or why even auto refused; kept per revision."""

    def build(_: Portfolio, circuit: Circuit) -> RiskOrRefusal:
        try:
            return RiskOrRefusal(
                analysis.portfolio_risk(
                    circuit, deployment, method="auto", samples=samples, seed=OVERVIEW_SEED
                ),
                None,
            )
        except AnalysisTooLargeError as refused:
            return RiskOrRefusal(None, str(refused))

    return circuits.derived(database, workspace, ("overview-risk", deployment, samples), build)


def single_points_of_failure(database: Database, workspace: str, deployment: str) -> int:
    """How many single events leave the deployment uncovered; kept per revision."""

    def build(_: Portfolio, circuit: Circuit) -> int:
        holes = analysis.minimal_cut_sets(circuit, deployment, max_order=1)
        return len(holes.single_points_of_failure)

    return circuits.derived(database, workspace, ("overview-spof", deployment), build)


def audit_findings(database: Database, workspace: str) -> dict[str, int]:
    """Findings of the built-in audit per deployment they name, kept per revision: the audit
    runs once per write, and a dashboard that asks again after a TIMEOUT joins it."""

    def build(_: Portfolio, __: Circuit) -> dict[str, int]:
        report = usecases.audit(WorkspaceSource(database, workspace), Policy.defaults())
        counts: dict[str, int] = {}
        for finding in report.findings:
            for deployment in set(finding.deployments):
                counts[deployment] = counts.get(deployment, 0) + 1
        return counts

    return circuits.derived(database, workspace, ("overview-audit",), build)
