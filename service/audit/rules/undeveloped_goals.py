"""No undeveloped goals in accepted cases (DESIGN §4.7, §4).

A goal is undeveloped when it is a leaf: a Goal node with no children (no strategy, sub-goal or
evidence supports it). It holds for the failure logic, so it silently inflates a case; relying
on assumptions does not develop a goal. Leaf strategies and evidence are not flagged: evidence
is a leaf by nature.
"""

from __future__ import annotations

from collections.abc import Iterator

from service.audit.context import AuditContext
from service.audit.findings import Finding, Severity
from service.audit.rules.base import Rule, Scope, SettingsFor, code, statuses_parameter
from service.model import NodeType


class UndevelopedGoals(Rule):
    id = "undeveloped-goals"
    title = "No undeveloped goals in accepted cases"
    description = (
        "A judged case (by default: an accepted one) must not contain a goal with no children "
        "(an undeveloped goal), which holds for the logic without any support."
    )
    help = (
        "Develop the goal: add the strategy, sub-goals or evidence that support it as its "
        "children, or move the case back to submitted until it is developed."
    )
    scope = Scope.CASE
    default_severity = Severity.WARNING
    parameters = (statuses_parameter(["accepted"]),)

    def check(self, ctx: AuditContext, settings_for: SettingsFor) -> Iterator[Finding]:
        for case in ctx.portfolio.cases:
            settings = settings_for(case.id)
            if not settings.enabled:
                continue
            if not settings.forced and case.status.value not in settings["statuses"]:
                continue
            for node in ctx.case_nodes(case):
                if node.type is not NodeType.GOAL or node.children:
                    continue
                root = node.id == case.argument.id
                status = case.status.value
                yield Finding(
                    rule=self.id,
                    severity=settings.severity,
                    message=f"{'Root goal' if root else 'Goal'} {code(node.id)} of {status} "
                    f"case {code(case.id)} is undeveloped: no strategy, goal or evidence "
                    f'supports it ("{node.statement}").',
                    nodes=(node.id, case.id),
                    remedy=f"Develop goal {code(node.id)}: add the strategy, sub-goals or "
                    f"evidence that support it as its `children`, or move case {code(case.id)} "
                    "back to submitted until it is developed.",
                    subject=case.id,
                    deployments=tuple(case.covers),
                )
