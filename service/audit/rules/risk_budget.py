"""The risk budget (DESIGN §4.11): the deployments' total expected risk within the portfolio's
`risk_budget`.

The total is the sum of the deployments' expected residual risks (the union bound on any of
them going wrong), as `service.analysis.risk_budget` computes it (exact, or Monte Carlo with a
fixed seed when exact is too large, so that an audit is repeatable). A portfolio with no
`risk_budget` passes.
"""

from __future__ import annotations

from collections.abc import Iterator

from service.analysis import risk_budget
from service.analysis.risk import DEFAULT_SAMPLES
from service.audit.context import AuditContext
from service.audit.findings import Finding, Severity
from service.audit.rules.base import Parameter, Rule, Scope, SettingsFor, code

#: Deployments named in the remedy: the largest shares, up to this many.
NAMED = 3


class RiskBudget(Rule):
    id = "risk-budget"
    title = "Within the lifetime risk budget"
    description = (
        "The deployments' total expected residual risk must not exceed the portfolio's "
        "`risk_budget`."
    )
    help = (
        "Lower the expected risk of the deployments with the largest shares (more effective or "
        "more diverse cases), or retire deployments."
    )
    scope = Scope.DEPLOYMENT
    default_severity = Severity.ERROR
    parameters = (
        Parameter(
            "method",
            {"enum": ["auto", "exact", "mc"]},
            "auto",
            "How to compute each expected risk: exact, Monte Carlo, or exact unless too large.",
        ),
        Parameter(
            "samples", {"type": "integer", "minimum": 1}, DEFAULT_SAMPLES, "Monte Carlo samples."
        ),
        Parameter("seed", {"type": "integer"}, 0, "Monte Carlo seed (audits are repeatable)."),
    )

    def check(self, ctx: AuditContext, settings_for: SettingsFor) -> Iterator[Finding]:
        budget = ctx.portfolio.risk_budget
        if budget is None or not ctx.deployments:
            return
        settings = settings_for("")  # the policy-wide settings: the budget is the portfolio's
        if not settings.enabled:
            return
        result = risk_budget(
            ctx.circuit,
            budget,
            method=settings["method"],
            samples=int(settings["samples"]),
            seed=int(settings["seed"]),
        )
        if result.within_budget:
            return
        largest = [d for d in result.deployments if d.share][:NAMED]
        shares = ", ".join(f"{code(d.id)} {100 * (d.share or 0):.1f} %" for d in largest)
        message = (
            f"The deployments' total expected risk {result.total_expected_risk:.3g} exceeds the "
            f"risk budget {budget:g} ({result.total_expected_risk / budget:.3g}x)"
            if budget > 0
            else f"The deployments' total expected risk {result.total_expected_risk:.3g} "
            "exceeds the risk budget 0"
        )
        remedy = (
            f"Lower the expected risk of the deployments with the largest shares ({shares}): "
            "add cases that fail in different world models, make their cases more effective, "
            "or retire deployments."
        )
        yield Finding(
            rule=self.id,
            severity=settings.severity,
            message=message + ".",
            nodes=tuple(d.id for d in largest),
            remedy=remedy,
            subject=largest[0].id if largest else next(iter(ctx.deployments)),
            deployments=tuple(d.id for d in largest),
        )
