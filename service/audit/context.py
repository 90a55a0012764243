"""What the rules look up: the portfolio indexed by id, what each case reaches, the circuit."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from service.analysis import Circuit, apply_profile, compile_circuit
from service.model import (
    ArgumentNode,
    ArgumentRef,
    Assumption,
    CaseStatus,
    Deployment,
    Portfolio,
    SafetyCase,
    Technique,
)
from service.util.progress import FractionDone, no_progress


@dataclass(frozen=True)
class Reach:
    """Everything a case depends on (DESIGN §4): the assumptions its argument nodes rely on,
    directly or through RELIES_ON, the techniques those use, and the world models any of them
    fails in (FAILS_IN with p > 0)."""

    assumptions: frozenset[str]
    techniques: frozenset[str]
    worlds: frozenset[str]


class AuditContext:
    """The portfolio the rules judge.

    Cases whose status is in `excluded_statuses` (by default: rejected) argue nothing: they
    are kept (so shared sub-arguments they define still resolve) but cover no deployment, for
    the rules and for the analyses alike.
    """

    def __init__(
        self,
        portfolio: Portfolio,
        excluded_statuses: Collection[CaseStatus] = (),
        circuit: Circuit | None = None,
        *,
        priors: str | None = None,
    ) -> None:
        """`circuit`, when given, is `compile_circuit(scoped_portfolio(portfolio, excluded))`
        already built (a server keeps it by graph revision)."""
        excluded = set(excluded_statuses)
        self.excluded_cases: tuple[str, ...] = tuple(
            c.id for c in portfolio.cases if c.status in excluded
        )
        portfolio = scoped_portfolio(portfolio, excluded)
        self.portfolio = portfolio
        self._circuit = circuit
        self._priors = priors
        self._profiled: Circuit | None = None
        self.deployments: dict[str, Deployment] = {d.id: d for d in portfolio.deployments}
        self.cases: dict[str, SafetyCase] = {c.id: c for c in portfolio.cases}
        self.assumptions: dict[str, Assumption] = {a.id: a for a in portfolio.assumptions}
        self.techniques: dict[str, Technique] = {t.id: t for t in portfolio.techniques}
        self.nodes: dict[str, ArgumentNode] = {}
        for node in portfolio.argument_nodes():
            self.nodes.setdefault(node.id, node)
        self.question_of_world: dict[str, str] = {w.id: q.id for q, w in portfolio.world_models()}
        self.cases_of: dict[str, list[SafetyCase]] = {d: [] for d in self.deployments}
        for case in portfolio.cases:
            for d in case.covers:
                if d in self.cases_of:
                    self.cases_of[d].append(case)
        self._reach: dict[str, Reach] = {}
        self._kinds = self._kind_table()
        #: Where a rule that takes long reports the share of its work done (the engine sets it).
        self.progress: FractionDone = no_progress

    @property
    def circuit(self) -> Circuit:
        """The compiled failure circuit (built on first use), under the chosen prior profile."""
        if self._circuit is None:
            self._circuit = compile_circuit(self.portfolio)
        if self._profiled is None:
            self._profiled = apply_profile(
                self._circuit, self.portfolio.prior_profiles, self._priors
            )
        return self._profiled

    # -- lookups ---------------------------------------------------------------------------

    def kind_of(self, entity_id: str) -> str | None:
        """deployment, case, goal, strategy, evidence, assumption, technique, world, question,
        defeater or source."""
        return self._kinds.get(entity_id)

    def case_nodes(self, case: SafetyCase) -> list[ArgumentNode]:
        """Every argument node of the case's argument (shared `ref` nodes included), root
        first, each once."""
        out: list[ArgumentNode] = []
        seen: set[str] = set()
        stack = [case.argument]
        while stack:
            node = stack.pop()
            if node.id in seen:
                continue
            seen.add(node.id)
            out.append(node)
            for child in reversed(node.children):
                target = self.nodes.get(child.ref) if isinstance(child, ArgumentRef) else child
                if target is not None:
                    stack.append(target)
        return out

    def assumption_closure(self, ids: Iterable[str]) -> list[str]:
        """The assumptions `ids` and every assumption they rely on, transitively, in order."""
        out: dict[str, None] = {}
        stack = list(reversed(list(ids)))
        while stack:
            a = stack.pop()
            if a in out or a not in self.assumptions:
                continue
            out[a] = None
            stack.extend(reversed(self.assumptions[a].relies_on))
        return list(out)

    def reach(self, case: SafetyCase) -> Reach:
        if case.id not in self._reach:
            direct = [a for node in self.case_nodes(case) for a in node.relies_on]
            assumptions = self.assumption_closure(direct)
            techniques = {t for a in assumptions for t in self.assumptions[a].techniques}
            worlds = {f.world for a in assumptions for f in self.assumptions[a].fails_in if f.p > 0}
            worlds |= {
                f.world
                for t in techniques
                if t in self.techniques
                for f in self.techniques[t].fails_in
                if f.p > 0
            }
            self._reach[case.id] = Reach(
                frozenset(assumptions), frozenset(techniques), frozenset(worlds)
            )
        return self._reach[case.id]

    def deployments_reaching_assumption(self, assumption: str) -> tuple[str, ...]:
        """Deployments some covering case of which reaches `assumption`, in portfolio order."""
        return tuple(
            d
            for d, cases in self.cases_of.items()
            if any(assumption in self.reach(c).assumptions for c in cases)
        )

    def _kind_table(self) -> dict[str, str]:
        p = self.portfolio
        kinds: dict[str, str] = {}
        for s in p.sources:
            kinds[s.id] = "source"
        for q in p.questions:
            kinds[q.id] = "question"
            for w in q.answers:
                kinds[w.id] = "world"
        for t in p.techniques:
            kinds[t.id] = "technique"
        for a in p.assumptions:
            kinds[a.id] = "assumption"
        for d in p.deployments:
            kinds[d.id] = "deployment"
        for node in self.nodes.values():
            kinds[node.id] = node.type.value
        for c in p.cases:
            kinds[c.id] = "case"
        for f in p.defeaters:
            kinds[f.id] = "defeater"
        return kinds


def scoped_portfolio(portfolio: Portfolio, excluded_statuses: Collection[CaseStatus]) -> Portfolio:
    """`portfolio` with the cases whose status is excluded covering nothing (itself when there
    are none)."""
    excluded = set(excluded_statuses)
    if not any(c.status in excluded for c in portfolio.cases):
        return portfolio
    return portfolio.model_copy(
        update={
            "cases": [
                c.model_copy(update={"covers": []}) if c.status in excluded else c
                for c in portfolio.cases
            ]
        }
    )
