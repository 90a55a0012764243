"""Every deployment's summary figures at once: what a reviewer's overview (and any dashboard)
shows first, so it takes one round trip instead of four analyses per deployment.

The figures are the ones `risk`, `alignedHoles` (order 1) and `audit` give for a deployment,
computed on the circuit kept by graph revision, and kept with it: a dashboard that polls the
overview recomputes nothing until someone writes to the workspace.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from service import analysis
from service.analysis import Circuit
from service.audit import Policy
from service.errors import AnalysisTooLargeError
from service.model import Portfolio
from service.store.database import Database
from service.usecases import analysis as usecases

#: Seed of the Monte Carlo fallback of `auto`, so that the overview is the same on every call.
OVERVIEW_SEED = 0


@dataclass(frozen=True)
class DeploymentSummary:
    """One deployment's row of the overview. `risk` is None when even `auto` refused (the
    reason is in `risk_error`)."""

    deployment: str
    stakes: str
    covering_cases: int
    covered: bool
    risk: analysis.PortfolioRisk | None
    risk_error: str | None
    single_points_of_failure: int
    audit_findings: int

    @property
    def severity(self) -> tuple[float, ...]:
        """Sort key, worst first: uncovered, then threshold missed, then the residual risk
        as a multiple of its threshold, then P(uncovered)."""
        risk = self.risk
        if risk is None:
            return (0.0 if self.covered else 1.0, 1.0, float("inf"), 1.0)
        threshold = risk.residual.risk_threshold
        ratio = risk.expected_risk / threshold if threshold > 0 else risk.expected_risk * 1e12
        return (
            0.0 if self.covered else 1.0,
            0.0 if risk.threshold_met else 1.0,
            ratio,
            risk.p_uncovered,
        )


def _summaries(portfolio: Portfolio, circuit: Circuit) -> list[DeploymentSummary]:
    covering: dict[str, int] = {d.id: 0 for d in portfolio.deployments}
    for case in portfolio.cases:
        for covered_id in case.covers:
            if covered_id in covering:
                covering[covered_id] += 1
    baseline = analysis.impact(circuit, analysis.Scenario.of([], [], []))
    covered = {d.id: d.covered for d in baseline.deployments}
    rows = []
    for deployment in portfolio.deployments:
        risk: analysis.PortfolioRisk | None = None
        error: str | None = None
        try:
            risk = analysis.portfolio_risk(
                circuit, deployment.id, method="auto", seed=OVERVIEW_SEED
            )
        except AnalysisTooLargeError as refused:
            error = str(refused)
        holes = analysis.minimal_cut_sets(circuit, deployment.id, max_order=1)
        rows.append(
            DeploymentSummary(
                deployment=deployment.id,
                stakes=deployment.stakes.value,
                covering_cases=covering[deployment.id],
                covered=covered.get(deployment.id, False),
                risk=risk,
                risk_error=error,
                single_points_of_failure=len(holes.single_points_of_failure),
                audit_findings=0,
            )
        )
    return rows


def overview(database: Database, workspace: str) -> list[DeploymentSummary]:
    """Every deployment of the workspace with its figures, worst first."""
    rows = usecases.circuits.derived(database, workspace, ("overview",), _summaries)
    report = usecases.audit(database, workspace, Policy.defaults())
    findings: dict[str, int] = {}
    for finding in report.findings:
        for deployment in set(finding.deployments):
            findings[deployment] = findings.get(deployment, 0) + 1
    summaries = [replace(row, audit_findings=findings.get(row.deployment, 0)) for row in rows]
    summaries.sort(key=lambda s: (tuple(-x for x in s.severity), s.deployment))
    return summaries
