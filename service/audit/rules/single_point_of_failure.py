"""No single point of failure for high-stakes deployments (DESIGN §4.7, §4.2).

A single point of failure is a minimal cut set of size 1 of the deployment's "uncovered" event
(structural reading, DESIGN §4): one assumption false, one technique failing or one world model
true, and every case covering the deployment fails. The cut sets come from the analysis
engine (`service.analysis.cutsets.minimal_cut_sets`, max order 1), so the audit, `scg cutsets`
and GraphQL `alignedHoles` agree. A deployment no case covers has the empty cut set: it is
reported too (nothing at all needs to fail).
"""

from __future__ import annotations

from collections.abc import Iterator

from service.analysis import Circuit, CutSetFinder, Event
from service.analysis.impact import explain
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
    stakes_parameter,
    stakes_skip_reason,
)
from service.model import EventKind

KINDS = ["assumptions", "techniques", "worlds"]


class SinglePointOfFailure(Rule):
    id = "single-point-of-failure"
    title = "No single point of failure for high-stakes deployments"
    description = (
        "No single assumption, technique or world model may defeat every case covering a "
        "judged deployment (no minimal cut set of size 1)."
    )
    help = (
        "Add a case for the deployment that does not depend on the failing assumption, "
        "technique or world model, so that its failure leaves that case standing."
    )
    scope = Scope.DEPLOYMENT
    default_severity = Severity.ERROR
    parameters = (
        stakes_parameter(["high", "critical"]),
        Parameter(
            "over",
            {
                "type": "array",
                "items": {"enum": KINDS},
                "uniqueItems": True,
                "minItems": 1,
            },
            list(KINDS),
            "The kinds of event a single point of failure may be.",
        ),
    )

    def skip_reason(self, ctx: AuditContext, deployment: str, settings: RuleSettings) -> str | None:
        return stakes_skip_reason(self, ctx, deployment, settings)

    def check(self, ctx: AuditContext, settings_for: SettingsFor) -> Iterator[Finding]:
        finders: dict[tuple[str, ...], CutSetFinder] = {}  # by the kinds a deployment is over
        for d in ctx.deployments:
            settings = settings_for(d)
            if self.skip_reason(ctx, d, settings) is not None:
                continue
            over = tuple(sorted(settings["over"]))
            if over not in finders:
                finders[over] = CutSetFinder(ctx.circuit, max_order=1, over=over)
            cut_sets = finders[over].of(d)
            cases = [c.id for c in ctx.cases_of[d]]
            for cut_set in cut_sets.cut_sets:
                if cut_set.order == 0:
                    yield Finding(
                        rule=self.id,
                        severity=settings.severity,
                        message=f"Deployment {code(d)} is covered by no case: it is uncovered "
                        "without anything failing.",
                        nodes=(d,),
                        remedy=f"Add cases covering {code(d)}, resting on assumptions that fail "
                        "in different world models from one another.",
                        subject=d,
                        deployments=(d,),
                    )
                elif cut_set.order == 1:
                    yield self._finding(ctx, d, cases, cut_set.events[0], settings)

    def _finding(
        self,
        ctx: AuditContext,
        d: str,
        cases: list[str],
        event: Event,
        settings: RuleSettings,
    ) -> Finding:
        through = _through(ctx, ctx.circuit, event, cases)
        if len(cases) == 1:
            every = f"the only case covering it fails ({code(cases[0])})"
        else:
            every = f"{'both' if len(cases) == 2 else f'all {len(cases)}'} cases covering it fail"
            every += f" ({codes(cases)})"
        via = f" through {_by_kind(ctx, through)}" if through else ""
        e = code(event.id)
        if event.kind is EventKind.WORLD:
            question = ctx.question_of_world.get(event.id)
            answer = f" (an answer of question {code(question)})" if question else ""
            message = (
                f"World model {e}{answer} is a single point of failure for deployment "
                f"{code(d)}: if it is true, {every}{via}."
            )
            remedy = (
                f"Add a case for {code(d)} whose assumptions do not fail in world {e}"
                f"{' (today every case reaches it' + via + ')' if via else ''}, or rework a "
                f"case so that none of its assumptions or techniques fails in {e}."
            )
        elif event.kind is EventKind.TECHNIQUE:
            message = (
                f"Technique {e} is a single point of failure for deployment {code(d)}: if it "
                f"fails, {every}{via}."
            )
            remedy = (
                f"Add a case for {code(d)} that does not rely on technique {e}"
                f"{' (today every case uses it' + via + ')' if via else ''}, e.g. one built on "
                "another technique."
            )
        else:
            message = (
                f"Assumption {e} is a single point of failure for deployment {code(d)}: if it "
                f"is false, {every}."
            )
            remedy = (
                f"Add a case for {code(d)} that does not rely on assumption {e}, directly or "
                "through the assumptions that rely on it."
            )
        return Finding(
            rule=self.id,
            severity=settings.severity,
            message=message,
            nodes=(event.id, d, *cases),
            remedy=remedy,
            subject=d,
            deployments=(d,),
        )


def _through(ctx: AuditContext, circuit: Circuit, event: Event, cases: list[str]) -> list[str]:
    """The assumptions and techniques through which the event brings the cases down: the
    second link of each failure chain (the event itself being the first)."""
    if event.kind is EventKind.ASSUMPTION:
        return []
    if event.kind is EventKind.WORLD:
        signal = circuit.worlds[circuit.world_index(event.id)].event
    else:
        signal = circuit.techniques[circuit.technique_index(event.id)].event
    infos = [circuit.cases[circuit.case_index(case_id)] for case_id in cases]
    values = circuit.structural_values_within([signal], [info.signal for info in infos])
    through: dict[str, None] = {}
    for info in infos:
        for chain in explain(circuit, values, info):
            if len(chain) > 1 and ctx.kind_of(chain[1]) in ("assumption", "technique"):
                through[chain[1]] = None
    return sorted(through)


def _by_kind(ctx: AuditContext, ids: list[str]) -> str:
    """ "assumptions `a`, `b` and technique `t`"."""
    parts = []
    for kind in ("assumption", "technique"):
        of_kind = [i for i in ids if ctx.kind_of(i) == kind]
        if of_kind:
            parts.append(f"{kind}{'s' if len(of_kind) > 1 else ''} {codes(of_kind)}")
    return " and ".join(parts)
