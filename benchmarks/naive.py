"""The straightforward evaluations a user might write, as baselines (b) and (c) of issue 7.

Both walk the authoring model (`Portfolio`) directly, with no compilation, no decision diagrams
and no vectorisation, and follow DESIGN §4 literally:

- `enumerate_cut_sets`: every subset of up to k of the deployment's relevant events, smallest
  first, evaluated structurally; a subset is kept when it leaves the deployment uncovered and
  holds no cut set found before (so what is kept is minimal);
- `naive_monte_carlo`: one sample at a time, each basic event drawn when first needed.

Each takes a deadline (`time.perf_counter()` value) and stops there, saying how far it got, so
a run is never held up by a baseline.
"""

from __future__ import annotations

import itertools
import math
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from service.model import (
    ArgumentNode,
    Assumption,
    FailsIn,
    Portfolio,
    SafetyCase,
    Support,
    Technique,
)

EventKey = tuple[str, str]  # (kind, id): kind is "assumption", "technique" or "world"
_CHECK_EVERY = 256  # subsets or samples between two looks at the clock


class NaivePortfolio:
    """Plain dictionaries over a portfolio, for the naive evaluations."""

    def __init__(self, portfolio: Portfolio) -> None:
        self.nodes: dict[str, ArgumentNode] = {n.id: n for n in portfolio.argument_nodes()}
        self.assumptions: dict[str, Assumption] = {a.id: a for a in portfolio.assumptions}
        self.techniques: dict[str, Technique] = {t.id: t for t in portfolio.techniques}
        self.world_question: dict[str, str] = {w.id: q.id for q, w in portfolio.world_models()}
        self.answers: dict[str, tuple[list[str], list[float]]] = {
            q.id: ([w.id for w in q.answers], [w.prior for w in q.answers])
            for q in portfolio.questions
        }
        self.cases_by_deployment: dict[str, list[SafetyCase]] = {}
        for case in portfolio.cases:
            for deployment in case.covers:
                self.cases_by_deployment.setdefault(deployment, []).append(case)

    def covering_cases(self, deployment: str) -> list[SafetyCase]:
        return self.cases_by_deployment.get(deployment, [])

    def relevant_events(self, deployment: str) -> list[EventKey]:
        """The assumptions, techniques and world models the deployment's cases can reach."""
        assumptions: dict[str, None] = {}
        stack = [
            a
            for case in self.covering_cases(deployment)
            for n in self._reachable_nodes(case)
            for a in self.nodes[n].relies_on
        ]
        while stack:
            a = stack.pop()
            if a not in assumptions:
                assumptions[a] = None
                stack.extend(self.assumptions[a].relies_on)
        techniques = dict.fromkeys(t for a in assumptions for t in self.assumptions[a].techniques)
        worlds = dict.fromkeys(
            edge.world
            for source in [
                *(self.assumptions[a].fails_in for a in assumptions),
                *(self.techniques[t].fails_in for t in techniques),
            ]
            for edge in source
            if edge.p > 0
        )
        return (
            [("assumption", a) for a in sorted(assumptions)]
            + [("technique", t) for t in sorted(techniques)]
            + [("world", w) for w in sorted(worlds)]
        )

    def _reachable_nodes(self, case: SafetyCase) -> list[str]:
        seen: dict[str, None] = {}
        stack = [case.argument.id]
        while stack:
            n = stack.pop()
            if n not in seen:
                seen[n] = None
                stack.extend(self.nodes[n].child_ids())
        return list(seen)


class FailureEvaluator:
    """Which things fail, given how each basic event turns out (asked lazily, memoised)."""

    def __init__(
        self,
        model: NaivePortfolio,
        *,
        assumption_own: Callable[[str], bool],
        technique_own: Callable[[str], bool],
        edge_fires: Callable[[str, int, FailsIn], bool],
    ) -> None:
        self.model = model
        self.assumption_own = assumption_own
        self.technique_own = technique_own
        self.edge_fires = edge_fires
        self._techniques: dict[str, bool] = {}
        self._assumptions: dict[str, bool] = {}
        self._nodes: dict[str, bool] = {}

    def technique_fails(self, t: str) -> bool:
        if t not in self._techniques:
            technique = self.model.techniques[t]
            self._techniques[t] = self.technique_own(t) or any(
                self.edge_fires(t, i, edge) for i, edge in enumerate(technique.fails_in)
            )
        return self._techniques[t]

    def assumption_fails(self, a: str) -> bool:
        if a not in self._assumptions:
            assumption = self.model.assumptions[a]
            self._assumptions[a] = (
                self.assumption_own(a)
                or any(self.technique_fails(t) for t in assumption.techniques)
                or any(self.edge_fires(a, i, edge) for i, edge in enumerate(assumption.fails_in))
                or any(self.assumption_fails(b) for b in assumption.relies_on)
            )
        return self._assumptions[a]

    def node_fails(self, n: str) -> bool:
        if n not in self._nodes:
            node = self.model.nodes[n]
            self._nodes[n] = any(
                self.assumption_fails(a) for a in node.relies_on
            ) or self._support_fails(node)
        return self._nodes[n]

    def _support_fails(self, node: ArgumentNode) -> bool:
        children = node.child_ids()
        if not children:
            return False  # undeveloped: holds for the logic
        failed = sum(1 for c in children if self.node_fails(c))
        if node.support is Support.ALL:
            return failed > 0
        if node.support is Support.ANY:
            return failed == len(children)
        return failed > len(children) - (node.k or 1)

    def case_fails(self, case: SafetyCase) -> bool:
        return self.node_fails(case.argument.id)


def structurally_uncovered(
    model: NaivePortfolio, cases: Sequence[SafetyCase], events: Sequence[EventKey]
) -> bool:
    """Whether exactly `events` occurring (structural reading) defeats every case in `cases`."""
    failed = {id_ for kind, id_ in events if kind != "world"}
    worlds = {id_ for kind, id_ in events if kind == "world"}
    evaluator = FailureEvaluator(
        model,
        assumption_own=failed.__contains__,
        technique_own=failed.__contains__,
        edge_fires=lambda _source, _i, edge: edge.p > 0 and edge.world in worlds,
    )
    return all(evaluator.case_fails(case) for case in cases)


@dataclass(frozen=True)
class EnumerationResult:
    cut_sets: frozenset[frozenset[EventKey]]
    complete: bool  # False: stopped at the deadline
    evaluated: int  # subsets looked at
    total: int  # subsets there are to look at
    events: int  # relevant events


def enumerate_cut_sets(
    model: NaivePortfolio, deployment: str, max_order: int, deadline: float
) -> EnumerationResult:
    """Minimal cut sets of up to `max_order` events by plain subset enumeration."""
    events = model.relevant_events(deployment)
    cases = model.covering_cases(deployment)
    total = sum(math.comb(len(events), k) for k in range(max_order + 1))
    found: list[frozenset[EventKey]] = []
    evaluated = 0
    for order in range(max_order + 1):
        for subset in itertools.combinations(events, order):
            evaluated += 1
            if evaluated % _CHECK_EVERY == 0 and time.perf_counter() > deadline:
                return EnumerationResult(frozenset(found), False, evaluated, total, len(events))
            questions = [model.world_question[id_] for kind, id_ in subset if kind == "world"]
            if len(questions) != len(set(questions)):
                continue  # two answers of one question cannot both be true
            chosen = frozenset(subset)
            if any(cut <= chosen for cut in found):
                continue  # not minimal
            if structurally_uncovered(model, cases, subset):
                found.append(chosen)
    return EnumerationResult(frozenset(found), True, evaluated, total, len(events))


@dataclass(frozen=True)
class SamplingResult:
    p_uncovered: float | None
    std_error: float | None
    samples: int  # drawn before the deadline (or all asked for)
    complete: bool


def naive_monte_carlo(
    model: NaivePortfolio, deployment: str, samples: int, seed: int, deadline: float
) -> SamplingResult:
    """P(every case covering `deployment` fails), one sample at a time (DESIGN §4, quantitative
    reading): one answer per question by its prior, every other basic event by its probability."""
    rng = random.Random(seed)
    cases = model.covering_cases(deployment)
    hits = done = 0
    while done < samples:
        if done % _CHECK_EVERY == 0 and done and time.perf_counter() > deadline:
            break
        hits += _one_sample(model, cases, rng)
        done += 1
    if done == 0:
        return SamplingResult(None, None, 0, False)
    p = hits / done
    return SamplingResult(p, math.sqrt(p * (1 - p) / done), done, done == samples)


def _one_sample(model: NaivePortfolio, cases: Sequence[SafetyCase], rng: random.Random) -> bool:
    answer: dict[str, str] = {}
    own: dict[str, bool] = {}
    edges: dict[tuple[str, int], bool] = {}

    def true_world(world: str) -> bool:
        question = model.world_question[world]
        if question not in answer:
            ids, priors = model.answers[question]
            answer[question] = rng.choices(ids, weights=priors)[0]
        return answer[question] == world

    def assumption_own(a: str) -> bool:
        if a not in own:
            own[a] = rng.random() < model.assumptions[a].p_fail
        return own[a]

    def technique_own(t: str) -> bool:
        if t not in own:
            own[t] = rng.random() < model.techniques[t].p_fail
        return own[t]

    def edge_fires(source: str, i: int, edge: FailsIn) -> bool:
        key = (source, i)
        if key not in edges:
            edges[key] = true_world(edge.world) and rng.random() < edge.p
        return edges[key]

    evaluator = FailureEvaluator(
        model,
        assumption_own=assumption_own,
        technique_own=technique_own,
        edge_fires=edge_fires,
    )
    return all(rng.random() < case.p_unsound or evaluator.case_fails(case) for case in cases)
