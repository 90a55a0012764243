"""High-stakes deployments need at least two safety cases (DESIGN §4.7)."""

from __future__ import annotations

from collections.abc import Iterator

from service.audit.context import AuditContext
from service.audit.findings import Finding, Severity
from service.audit.rules.base import (
    Parameter,
    Rule,
    RuleSettings,
    Scope,
    SettingsFor,
    code,
    codes,
    plural,
    stakes_parameter,
    stakes_skip_reason,
)


class MinCases(Rule):
    id = "min-cases"
    title = "Enough safety cases per high-stakes deployment"
    description = (
        "A deployment whose stakes are judged must be covered by at least `min_cases` safety "
        "cases (rejected cases do not count)."
    )
    help = (
        "Add safety cases covering the deployment, each resting on assumptions that fail in "
        "different world models from those of the cases it already has."
    )
    scope = Scope.DEPLOYMENT
    default_severity = Severity.ERROR
    parameters = (
        Parameter(
            "min_cases",
            {"type": "integer", "minimum": 1},
            2,
            "The fewest covering cases a judged deployment may have.",
        ),
        stakes_parameter(["high", "critical"]),
    )

    def skip_reason(self, ctx: AuditContext, deployment: str, settings: RuleSettings) -> str | None:
        return stakes_skip_reason(self, ctx, deployment, settings)

    def check(self, ctx: AuditContext, settings_for: SettingsFor) -> Iterator[Finding]:
        for d, dep in ctx.deployments.items():
            settings = settings_for(d)
            if self.skip_reason(ctx, d, settings) is not None:
                continue
            cases = ctx.cases_of[d]
            wanted = int(settings["min_cases"])
            if len(cases) >= wanted:
                continue
            ids = [c.id for c in cases]
            covered = f"only {plural(len(cases), 'case')} ({codes(ids)})" if cases else "no case"
            message = (
                f"Deployment {code(d)} (stakes {dep.stakes.value}) is covered by {covered}; "
                f"the policy requires at least {wanted}."
            )
            missing = wanted - len(cases)
            worlds = sorted({w for c in cases for w in ctx.reach(c).worlds})
            if not cases:
                remedy = (
                    f"Add {plural(missing, 'case')} covering {code(d)}, resting on assumptions "
                    "that fail in different world models from one another."
                )
            elif worlds:
                remedy = (
                    f"Add {plural(missing, 'more case', 'more cases')} covering {code(d)} whose "
                    f"assumptions do not fail in the world models its current "
                    f"{'case fails' if len(cases) == 1 else 'cases fail'} in ({codes(worlds)})."
                )
            else:
                assumptions = sorted({a for c in cases for a in ctx.reach(c).assumptions})
                remedy = (
                    f"Add {plural(missing, 'more case', 'more cases')} covering {code(d)} that "
                    "rest on other assumptions than "
                    f"{codes(assumptions) if assumptions else 'those of ' + codes(ids)}."
                )
            yield Finding(
                rule=self.id,
                severity=settings.severity,
                message=message,
                nodes=(d, *ids),
                remedy=remedy,
                subject=d,
                deployments=(d,),
            )
