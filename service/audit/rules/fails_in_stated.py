"""Every assumption states at least one world model it fails in (DESIGN §4.7).

An assumption with no world model to fail in looks perfectly diverse to every analysis: it can
only fail for reasons of its own, never together with the others. The rule asks the portfolio
to be explicit. An assumption states a world model when it has a `fails_in` entry with p > 0;
by default a technique it USES stating one counts too (an assumption is *about* its technique
working, so the technique's worlds are its worlds). With `through: [techniques, relies_on]`,
an assumption it RELIES_ON that states one (transitively) also counts; with `through: []` only
the assumption's own `fails_in` does.
"""

from __future__ import annotations

from collections.abc import Iterator

from service.audit.context import AuditContext
from service.audit.findings import Finding, Severity
from service.audit.rules.base import Parameter, Rule, Scope, SettingsFor, code, codes
from service.model import Assumption

THROUGH = ["techniques", "relies_on"]


class FailsInStated(Rule):
    id = "fails-in-stated"
    title = "Every assumption names a world model it fails in"
    description = (
        "Every assumption must state at least one world model it fails in (a `fails_in` "
        "entry with p > 0), directly or, as `through` allows, via a technique it uses or an "
        "assumption it relies on."
    )
    help = (
        "Add `fails_in` entries naming the world models (answers of the portfolio's questions) "
        "in which the assumption is false; if no modelled world can make it false, add a "
        "question whose answers say when it would be."
    )
    scope = Scope.ASSUMPTION
    default_severity = Severity.WARNING
    parameters = (
        Parameter(
            "through",
            {"type": "array", "items": {"enum": THROUGH}, "uniqueItems": True},
            ["techniques"],
            "Where else a stated world model counts: `techniques` the assumption uses, "
            "`relies_on` assumptions it relies on (transitively).",
        ),
    )

    def check(self, ctx: AuditContext, settings_for: SettingsFor) -> Iterator[Finding]:
        memo: dict[tuple[str, tuple[str, ...]], bool] = {}
        for assumption in ctx.portfolio.assumptions:
            settings = settings_for(assumption.id)
            if not settings.enabled:
                continue
            through = set(settings["through"])
            if _states(ctx, assumption, through, memo, set()):
                continue
            yield self._finding(ctx, assumption, through, settings.severity)

    def _finding(
        self, ctx: AuditContext, a: Assumption, through: set[str], severity: Severity
    ) -> Finding:
        nor = []
        if "techniques" in through and a.techniques:
            nor.append(f"nor do the techniques it uses ({codes(a.techniques)})")
        if "relies_on" in through and a.relies_on:
            nor.append(f"nor do the assumptions it relies on ({codes(a.relies_on)})")
        own = "it has no `fails_in` entry" if not a.fails_in else "its `fails_in` all have p = 0"
        message = (
            f"Assumption {code(a.id)} states no world model it fails in: {own}"
            f"{', ' + ', '.join(nor) if nor else ''}. The analyses treat it as failing only "
            "for reasons of its own, never together with other assumptions."
        )
        questions = [q.id for q in ctx.portfolio.questions]
        where = (
            f" (an answer of {'question' if len(questions) == 1 else 'one of the questions'} "
            f"{codes(questions, limit=4)})"
            if questions
            else ""
        )
        also = (
            f", or on the technique it uses ({codes(a.techniques)})"
            if a.techniques and "techniques" in through
            else ""
        )
        remedy = (
            f"Add `fails_in` to assumption {code(a.id)} naming the world models{where} in which "
            f"it is false{also}; if no modelled world can make it false, add a question whose "
            f"answers say when it would be, or exempt it in the policy "
            f"(`overrides: {{assumptions: {{{a.id}: {{{self.id}: {{enabled: false}}}}}}}}`)."
        )
        return Finding(
            rule=self.id,
            severity=severity,
            message=message,
            nodes=(a.id,),
            remedy=remedy,
            subject=a.id,
            deployments=ctx.deployments_reaching_assumption(a.id),
        )


def _states(
    ctx: AuditContext,
    a: Assumption,
    through: set[str],
    memo: dict[tuple[str, tuple[str, ...]], bool],
    visiting: set[str],
) -> bool:
    key = (a.id, tuple(sorted(through)))
    if key in memo:
        return memo[key]
    if a.id in visiting:  # a relies_on cycle (an invalid portfolio): stop here
        return False
    visiting.add(a.id)
    stated = any(f.p > 0 for f in a.fails_in)
    if not stated and "techniques" in through:
        stated = any(
            t in ctx.techniques and any(f.p > 0 for f in ctx.techniques[t].fails_in)
            for t in a.techniques
        )
    if not stated and "relies_on" in through:
        stated = any(
            b in ctx.assumptions and _states(ctx, ctx.assumptions[b], through, memo, visiting)
            for b in a.relies_on
        )
    visiting.discard(a.id)
    memo[key] = stated
    return stated
