"""The risk budget (DESIGN §4.11): how much of a lifetime budget the deployments spend.

The total expected risk is the sum over deployments of their expected residual risk (§4.4):
the union bound on any deployment's unacceptable outcome. A deployment's share is its expected
risk over the total (null when the total is 0).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from service.analysis.circuit import Circuit
from service.analysis.residual_risk import TOLERANCE
from service.analysis.risk import DEFAULT_SAMPLES, portfolio_risk


@dataclass(frozen=True)
class DeploymentShare:
    id: str
    method: str
    expected_risk: float
    share: float | None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "method": self.method,
            "expected_risk": self.expected_risk,
            "share": self.share,
        }


@dataclass(frozen=True)
class RiskBudget:
    risk_budget: float | None  # None: the portfolio sets no budget
    total_expected_risk: float
    deployments: tuple[DeploymentShare, ...]  # largest share first, then by id

    @property
    def within_budget(self) -> bool | None:
        if self.risk_budget is None:
            return None
        return self.total_expected_risk <= self.risk_budget + TOLERANCE

    def to_json(self) -> dict[str, Any]:
        return {
            "risk_budget": self.risk_budget,
            "total_expected_risk": self.total_expected_risk,
            "within_budget": self.within_budget,
            "deployments": [d.to_json() for d in self.deployments],
        }


def risk_budget(
    circuit: Circuit,
    budget: float | None,
    *,
    method: str = "auto",
    samples: int = DEFAULT_SAMPLES,
    seed: int | None = None,
) -> RiskBudget:
    """Every deployment's expected risk, the total against `budget`, and the shares."""
    risks = [
        portfolio_risk(circuit, dep.id, method=method, samples=samples, seed=seed)
        for dep in circuit.deployments
    ]
    total = sum(r.expected_risk for r in risks)
    shares = [
        DeploymentShare(r.deployment, r.method, r.expected_risk, r.expected_risk / total)
        if total > 0
        else DeploymentShare(r.deployment, r.method, r.expected_risk, None)
        for r in risks
    ]
    shares.sort(key=lambda s: (-s.expected_risk, s.id))
    return RiskBudget(budget, total, tuple(shares))
