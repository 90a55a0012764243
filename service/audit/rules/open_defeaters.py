"""No open defeaters on accepted cases (DESIGN §4.7).

A defeater bears on a case when it challenges the case itself, any argument node of its
argument (shared `ref` nodes included), any assumption those nodes rely on (directly or through
RELIES_ON) or any technique those assumptions use. A defeater against a world model, a
deployment or a source is a doubt about the portfolio, not about one case, and is not counted.
"""

from __future__ import annotations

from collections.abc import Iterator

from service.audit.context import AuditContext
from service.audit.findings import Finding, Severity
from service.audit.rules.base import Rule, Scope, SettingsFor, code, statuses_parameter
from service.model import DefeaterStatus, SafetyCase


class OpenDefeaters(Rule):
    id = "open-defeaters"
    title = "No open defeaters on accepted cases"
    description = (
        "A judged case (by default: an accepted one) must have no open defeater against "
        "itself, its argument nodes, the assumptions they rely on or the techniques those use."
    )
    help = (
        "Answer the doubt in the argument and mark the defeater resolved, or move the case "
        "back to submitted until it is."
    )
    scope = Scope.CASE
    default_severity = Severity.ERROR
    parameters = (statuses_parameter(["accepted"]),)

    def check(self, ctx: AuditContext, settings_for: SettingsFor) -> Iterator[Finding]:
        open_against: dict[str, list[str]] = {}
        for defeater in ctx.portfolio.defeaters:
            if defeater.status is DefeaterStatus.OPEN:
                open_against.setdefault(defeater.challenges, []).append(defeater.id)
        if not open_against:
            return
        statements = {f.id: f.statement for f in ctx.portfolio.defeaters}
        for case in ctx.portfolio.cases:
            settings = settings_for(case.id)
            if not settings.enabled:
                continue
            if not settings.forced and case.status.value not in settings["statuses"]:
                continue
            for target in _targets(ctx, case):
                for defeater_id in open_against.get(target, ()):
                    what = (
                        "the case itself"
                        if target == case.id
                        else f"its {ctx.kind_of(target) or 'node'} {code(target)}"
                    )
                    status = case.status.value
                    yield Finding(
                        rule=self.id,
                        severity=settings.severity,
                        message=f"{status.capitalize()} case {code(case.id)} has an open "
                        f"defeater {code(defeater_id)} against {what}: "
                        f'"{statements[defeater_id]}"',
                        nodes=tuple(dict.fromkeys((defeater_id, target, case.id))),
                        remedy=f"Resolve defeater {code(defeater_id)}: answer the doubt in the "
                        f"argument of {code(case.id)} (e.g. add evidence addressing it beneath "
                        f"the node it challenges) and set its status to resolved, or move case "
                        f"{code(case.id)} back to submitted until it is.",
                        subject=case.id,
                        deployments=tuple(case.covers),
                    )


def _targets(ctx: AuditContext, case: SafetyCase) -> list[str]:
    """Every id a defeater may challenge to bear on `case`, in argument order."""
    nodes = ctx.case_nodes(case)
    reach = ctx.reach(case)
    ordered_assumptions = ctx.assumption_closure(a for n in nodes for a in n.relies_on)
    techniques = [
        t
        for a in ordered_assumptions
        for t in ctx.assumptions[a].techniques
        if t in reach.techniques
    ]
    return list(dict.fromkeys([case.id, *(n.id for n in nodes), *ordered_assumptions, *techniques]))
