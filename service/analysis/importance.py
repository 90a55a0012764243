"""Importance of basic events (DESIGN §4.10): fault-tree importance measures on T = "the
deployment is uncovered", quantitative reading.

For an assumption or technique x, e = "x fails for its own reasons"; P(T | e) is P(T) with that
event's probability set to 1 and P(T | not e) with it set to 0. For a world model w of question
Q, P(T | w) conditions Q on w and P(T | not w) on "another answer" (the other answers' priors
renormalised; null when w's prior is 1; P(T | w) is null when w's prior is 0). Then

    birnbaum = P(T | e) - P(T | not e)          fussell_vesely = (P(T) - P(T | not e)) / P(T)
    raw = P(T | e) / P(T)                       rrw = P(T) / P(T | not e)

each null where its denominator is 0 (or an input is null).

Exact: the deployment's per-world plan is evaluated once for the world models (P(T | w) is a
reweighting of the per-world values) and once, batched, for every assumption and technique
event forced to 1 and to 0 (`WorldwisePlan.evaluate` with array overrides: one extra axis, one
entry per forcing). Events of probability 0 or 1, which plans fold away, are kept in a plan of
their own. Monte Carlo: one set of samples for all events (common random numbers), each figure
with its standard error (delta method); `auto` uses exact when it is tractable.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from service.analysis.bdd import (
    DiagramTooLargeError,
    FloatArray,
    build_flat,
    fold_certain_edges,
    variable_probabilities,
)
from service.analysis.circuit import BasicEventType, Circuit, event_id
from service.analysis.cut_set_results import ALL_KINDS, parse_kinds
from service.analysis.diagram_risk import DiagramPlan, root_probabilities
from service.analysis.forced_sampling import ConeSampler, Moments
from service.analysis.per_world import PlanTooLargeError, WorldwisePlan, plan_worldwise, world_grid
from service.analysis.risk import (
    AUTO_STEP_LIMIT,
    AUTO_WORK_LIMIT,
    DEFAULT_SAMPLES,
    EXACT_STEP_LIMIT,
    check_method,
    exact_plan,
)
from service.errors import AnalysisTooLargeError
from service.model import EventKind

FIGURES = ("birnbaum", "fussell_vesely", "raw", "rrw", "p_given", "p_given_not")
MAX_BATCH_FLOATS = 1 << 22  # per-world step values held at once by a batched evaluation
_KIND = {
    BasicEventType.ASSUMPTION: EventKind.ASSUMPTION,
    BasicEventType.TECHNIQUE: EventKind.TECHNIQUE,
    BasicEventType.WORLD: EventKind.WORLD,
}


@dataclass(frozen=True)
class EventImportance:
    kind: EventKind
    id: str
    birnbaum: float | None
    fussell_vesely: float | None
    raw: float | None
    rrw: float | None
    p_given: float | None
    p_given_not: float | None
    std_error: dict[str, float | None] | None = None  # Monte Carlo only, per figure

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind.value, "id": self.id}
        out.update({name: getattr(self, name) for name in FIGURES})
        if self.std_error is not None:
            out["std_error"] = dict(self.std_error)
        return out


@dataclass(frozen=True)
class Importance:
    deployment: str
    method: str  # "exact" or "mc"
    p_uncovered: float
    std_error: float | None  # Monte Carlo only
    samples: int | None  # Monte Carlo only
    events: tuple[EventImportance, ...]  # by birnbaum (desc), then kind, then id

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "deployment": self.deployment,
            "method": self.method,
            "p_uncovered": self.p_uncovered,
        }
        if self.method == "mc":
            out["std_error"] = self.std_error
            out["samples"] = self.samples
        out["events"] = [e.to_json() for e in self.events]
        return out


def figures(p: float, p_given: float | None, p_given_not: float | None) -> dict[str, float | None]:
    """The four measures from P(T), P(T | e) and P(T | not e), null where undefined."""
    return {
        "birnbaum": None if p_given is None or p_given_not is None else p_given - p_given_not,
        "fussell_vesely": None if p_given_not is None or p <= 0 else (p - p_given_not) / p,
        "raw": None if p_given is None or p <= 0 else p_given / p,
        "rrw": None if p_given_not is None or p_given_not <= 0 else p / p_given_not,
        "p_given": p_given,
        "p_given_not": p_given_not,
    }


def importance(
    circuit: Circuit,
    deployment: str,
    *,
    over: Collection[str | EventKind] = ALL_KINDS,
    method: str = "auto",
    samples: int = DEFAULT_SAMPLES,
    seed: int | None = None,
) -> Importance:
    """Birnbaum, Fussell-Vesely, RAW, RRW, P(T | e) and P(T | not e) of every event of the
    kinds `over` that reaches a case covering `deployment`."""
    check_method(method, samples)
    kinds = set(parse_kinds(over))
    d = circuit.deployment_index(deployment)
    dep = circuit.deployments[d]
    n_events = len(circuit.events)
    candidates = [
        s
        for s in circuit.cone([dep.signal])
        if s < n_events
        and circuit.events[s].type in _KIND
        and _KIND[circuit.events[s].type] in kinds
    ]
    own = [e for e in candidates if circuit.events[e].type is not BasicEventType.WORLD]
    worlds = [e for e in candidates if circuit.events[e].type is BasicEventType.WORLD]
    result = None
    if method != "mc":
        result = _exact(circuit, d, own, worlds, method)
    if result is None:
        result = _sampled(circuit, d, own, worlds, samples, seed)
    events = sorted(
        result.events,
        key=lambda e: (
            e.birnbaum is None,
            -(e.birnbaum or 0.0),
            [k.value for k in ALL_KINDS].index(e.kind.value),
            e.id,
        ),
    )
    return Importance(
        dep.id, result.method, result.p_uncovered, result.std_error, result.samples, tuple(events)
    )


# ---------------------------------------------------------------------------------------------
# Exact
# ---------------------------------------------------------------------------------------------


def _exact(
    circuit: Circuit, d: int, own: list[int], worlds: list[int], method: str
) -> Importance | None:
    dep = circuit.deployments[d]
    decided = [e for e in own if circuit.events[e].probability in (0.0, 1.0)]
    plan = exact_plan(circuit, d, method)
    if plan is None:
        return None
    try:
        if decided and isinstance(plan, WorldwisePlan):
            plan = _importance_plan(circuit, d, decided, method)
        elif decided:
            plan = _importance_diagram(circuit, d, method)
    except (PlanTooLargeError, DiagramTooLargeError) as error:
        if method == "exact":
            raise AnalysisTooLargeError(
                f"exact importance of deployment {dep.id!r} is intractable here: its cases "
                "share too many uncertain events; use method mc, or auto"
            ) from error
        return None
    if method == "auto" and isinstance(plan, WorldwisePlan):
        work = world_grid(circuit, plan.questions).size * max(1, len(plan.steps))
        if work * (2 * len(own) + 1) > AUTO_WORK_LIMIT:
            return None
    grid = world_grid(circuit, plan.questions)
    per_world = plan.evaluate(circuit, grid)[0]
    p = float(grid.prior @ per_world)
    forced = _forced_probabilities(circuit, plan, grid, own)
    events = [
        _event(circuit, e, figures(p, float(given), float(given_not)))
        for e, (given, given_not) in zip(own, forced, strict=True)
    ]
    conditional: dict[int, list[float]] = {}
    for e in worlds:
        w = circuit.events[e].owner
        q = circuit.worlds[w].question
        if q not in conditional:
            answers = circuit.questions[q].worlds
            if q in grid.questions:
                j = grid.questions.index(q)
                weight = grid.prior_without(j)
                conditional[q] = [
                    float(per_world[mask] @ weight[mask])
                    for mask in (grid.positions[j] == i for i in range(len(answers)))
                ]
            else:
                conditional[q] = [p] * len(answers)
        given, given_not = _world_conditionals(circuit, w, conditional[q])
        events.append(_event(circuit, e, figures(p, given, given_not)))
    return Importance(dep.id, "exact", p, None, None, tuple(events))


def _importance_plan(circuit: Circuit, d: int, decided: list[int], method: str) -> WorldwisePlan:
    """The plan of "uncovered" that keeps the events of probability 0 or 1 (memoised)."""
    dep = circuit.deployments[d]
    limit = AUTO_STEP_LIMIT if method == "auto" else EXACT_STEP_LIMIT
    too_large = ("importance-plan-too-large", d)
    failed_at = circuit.recall(too_large)
    if circuit.recall(("importance-plan", d)) is None and (failed_at or 0) >= limit:
        raise PlanTooLargeError(f"exact importance needs more than {failed_at} steps")

    def build() -> WorldwisePlan:
        unfolded = [
            s
            for s in circuit.cone([dep.signal])
            if s < len(circuit.events)
            and circuit.events[s].type in (BasicEventType.ASSUMPTION, BasicEventType.TECHNIQUE)
        ]
        try:
            return plan_worldwise(circuit, [(dep.signal,)], step_limit=limit, unfolded=unfolded)
        except PlanTooLargeError:
            circuit.remember(too_large, max(limit, circuit.recall(too_large) or 0))
            raise

    del decided  # every own event of the cone is kept: the plan is shared by all events
    return circuit.cached(("importance-plan", d), build)


def _importance_diagram(circuit: Circuit, d: int, method: str) -> DiagramPlan:
    """The diagram of "uncovered" that keeps every event (only certain edges are folded)."""
    dep = circuit.deployments[d]
    limit = 2_000_000 if method == "auto" else None

    def build() -> DiagramPlan:
        flat = build_flat(circuit, [dep.signal], fold=fold_certain_edges(circuit), node_limit=limit)
        return DiagramPlan(flat, tuple(sorted(flat.questions())))

    return circuit.cached(("importance-plan", d, "diagram"), build)


def _forced_probabilities(
    circuit: Circuit,
    plan: WorldwisePlan | DiagramPlan,
    grid: Any,
    own: Sequence[int],
) -> list[tuple[float, float]]:
    """(P(T | e), P(T | not e)) for every event of `own`, by batched evaluation."""
    out: list[tuple[float, float]] = []
    if not own:
        return out
    if isinstance(plan, DiagramPlan):
        base = variable_probabilities(circuit, plan.flat.variables)
        q = np.repeat(base[:, None], 2 * len(own), axis=1)
        for k, e in enumerate(own):
            rows = plan.flat.variables.event == e
            q[rows, 2 * k] = 1.0
            q[rows, 2 * k + 1] = 0.0
        values = np.clip(root_probabilities(plan.flat, q)[0], 0.0, 1.0)
        return [(float(values[2 * k]), float(values[2 * k + 1])) for k in range(len(own))]
    per_event = max(1, grid.size * max(1, len(plan.steps)))
    chunk = max(1, MAX_BATCH_FLOATS // (2 * per_event))
    ndim = len(grid.questions)
    for start in range(0, len(own), chunk):
        events = own[start : start + chunk]
        batch = 2 * len(events)
        overrides: dict[int, FloatArray] = {}
        for k, e in enumerate(events):
            values = np.full(batch, circuit.events[e].probability)
            values[2 * k], values[2 * k + 1] = 1.0, 0.0
            overrides[e] = values.reshape((batch,) + (1,) * ndim)
        roots = plan.evaluate(circuit, grid, probability=overrides)[0]  # (batch, worlds)
        p = roots @ grid.prior
        out.extend((float(p[2 * k]), float(p[2 * k + 1])) for k in range(len(events)))
    return out


def _world_conditionals(
    circuit: Circuit, w: int, conditional: Sequence[float]
) -> tuple[float | None, float | None]:
    """(P(T | w), P(T | another answer)) from P(T | each answer of w's question)."""
    answers = circuit.questions[circuit.worlds[w].question].worlds
    priors = np.array([circuit.worlds[v].prior for v in answers])
    priors = priors / priors.sum() if priors.sum() > 0 else priors
    i = answers.index(w)
    given = conditional[i] if priors[i] > 0 else None
    rest = 1.0 - priors[i]
    given_not = None
    if rest > 1e-12:
        given_not = sum(
            float(priors[v]) * conditional[v] for v in range(len(answers)) if v != i
        ) / float(rest)
    return given, given_not


def _event(
    circuit: Circuit, e: int, values: dict[str, float | None], std_error: Any = None
) -> EventImportance:
    return EventImportance(
        kind=_KIND[circuit.events[e].type],
        id=event_id(circuit, e),
        birnbaum=values["birnbaum"],
        fussell_vesely=values["fussell_vesely"],
        raw=values["raw"],
        rrw=values["rrw"],
        p_given=values["p_given"],
        p_given_not=values["p_given_not"],
        std_error=std_error,
    )


# ---------------------------------------------------------------------------------------------
# Monte Carlo (common random numbers)
# ---------------------------------------------------------------------------------------------


def _sampled(
    circuit: Circuit, d: int, own: list[int], worlds: list[int], samples: int, seed: int | None
) -> Importance:
    dep = circuit.deployments[d]
    sampler = ConeSampler(circuit, d)
    # Per event, moments of (T given e, T given not e, T) over the samples.
    moments = {e: Moments.of(3) for e in [*own, *worlds]}
    questions = sorted({circuit.worlds[circuit.events[e].owner].question for e in worlds})
    uncovered = 0
    for values in sampler.chunks(samples, seed):
        top = sampler.outcome(values).uncovered.astype(np.float64)
        uncovered += int(top.sum())
        for e in own:
            forced_true = sampler.forced(values, {e: True}, factor=False).uncovered
            forced_false = sampler.forced(values, {e: False}, factor=False).uncovered
            moments[e].add(np.vstack([forced_true, forced_false, top]))
        for q in questions:
            rows = sampler.question_rows(q)
            answers = circuit.questions[q].worlds
            per_answer = np.vstack(
                [
                    sampler.forced(values, {s: p == i for s, p in rows}, factor=False).uncovered
                    for i in range(len(answers))
                ]
            ).astype(np.float64)
            priors = np.array([circuit.worlds[v].prior for v in answers])
            priors = priors / priors.sum()
            for i, v in enumerate(answers):
                e = circuit.worlds[v].event
                if e not in moments:
                    continue
                rest = 1.0 - priors[i]
                others = np.delete(priors, i) / rest if rest > 1e-12 else np.zeros(len(answers) - 1)
                another = others @ np.delete(per_answer, i, axis=0)
                moments[e].add(np.vstack([per_answer[i], another, top]))
    p = uncovered / samples
    events = []
    for e, m in moments.items():
        mean = m.mean
        given: float | None = float(mean[0])
        given_not: float | None = float(mean[1])
        if circuit.events[e].type is BasicEventType.WORLD:
            w = circuit.events[e].owner
            answers = circuit.questions[circuit.worlds[w].question].worlds
            total = sum(circuit.worlds[v].prior for v in answers)
            share = circuit.worlds[w].prior / total if total > 0 else 0.0
            given = given if share > 0 else None
            given_not = given_not if 1.0 - share > 1e-12 else None
        measured = figures(float(mean[2]), given, given_not)
        events.append(_event(circuit, e, measured, _std_errors(m, measured)))
    return Importance(
        dep.id, "mc", p, float(np.sqrt(p * (1.0 - p) / samples)), samples, tuple(events)
    )


def _std_errors(m: Moments, values: dict[str, float | None]) -> dict[str, float | None]:
    """Delta-method standard errors of each figure, from the moments of (T|e, T|not e, T)."""
    g1, g0, p = (float(x) for x in m.mean)
    gradients: dict[str, list[float] | None] = {
        "birnbaum": [1.0, -1.0, 0.0],
        "fussell_vesely": [0.0, -1.0 / p, g0 / p**2] if p > 0 else None,
        "raw": [1.0 / p, 0.0, -g1 / p**2] if p > 0 else None,
        "rrw": [0.0, -p / g0**2, 1.0 / g0] if g0 > 0 else None,
        "p_given": [1.0, 0.0, 0.0],
        "p_given_not": [0.0, 1.0, 0.0],
    }
    out: dict[str, float | None] = {}
    for name, gradient in gradients.items():
        out[name] = (
            None if values[name] is None or gradient is None else m.std_error(np.array(gradient))
        )
    return out
