"""Monte Carlo sampling of a deployment's circuit (quantitative reading), vectorised with numpy.

Each sample draws one answer per relevant question (by prior) and every other basic event by
its probability, then evaluates the deployment's cone gate by gate on a whole chunk of samples
at once. Deterministic for a given seed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from service.analysis.circuit import BasicEventType, Circuit, GateType, questions_in

CHUNK = 8192


@dataclass(frozen=True)
class DeploymentSamples:
    """What the samples of one deployment say."""

    samples: int
    uncovered: int  # samples in which every covering case failed
    case_failures: npt.NDArray[np.int64]  # per covering case, samples in which it failed
    factor_sum: float  # sum over samples of prod_c (1 - effectiveness_c x 1{c holds})
    questions: tuple[int, ...]  # relevant questions, in portfolio order
    worlds: tuple[tuple[int, ...], ...]  # sampled worlds, as world indices per question
    world_samples: tuple[int, ...]
    world_factor_sums: tuple[float, ...]

    @property
    def p_uncovered(self) -> float:
        return self.uncovered / self.samples

    @property
    def std_error(self) -> float:
        p = self.p_uncovered
        return float(np.sqrt(p * (1.0 - p) / self.samples))


def sample_deployment(
    circuit: Circuit, deployment: int, samples: int, seed: int | None
) -> DeploymentSamples:
    dep = circuit.deployments[deployment]
    cone = circuit.cone([dep.signal])
    row = {s: i for i, s in enumerate(cone)}
    n_events = len(circuit.events)
    questions = tuple(questions_in(circuit, cone))
    rng = np.random.default_rng(seed)

    event_rows: list[tuple[int, float]] = []
    for s in cone:
        if s < n_events and circuit.events[s].type is not BasicEventType.WORLD:
            event_rows.append((row[s], circuit.events[s].probability))
    world_rows: list[list[tuple[int, int]]] = []  # per question: (row, answer position)
    cumulative: list[npt.NDArray[np.float64]] = []
    for q in questions:
        answers_of_q = circuit.questions[q].worlds
        priors = np.array([circuit.worlds[w].prior for w in answers_of_q], dtype=np.float64)
        cumulative.append(np.cumsum(priors / priors.sum()))
        world_rows.append(
            [
                (row[circuit.worlds[w].event], i)
                for i, w in enumerate(answers_of_q)
                if circuit.worlds[w].event in row
            ]
        )
    gate_plan: list[tuple[int, GateType, npt.NDArray[np.int64], int]] = []
    for s in cone:
        if s >= n_events:
            gate = circuit.gates[s - n_events]
            inputs = np.array([row[i] for i in gate.inputs], dtype=np.int64)
            gate_plan.append((row[s], gate.type, inputs, gate.threshold))
    case_rows = np.array([row[circuit.cases[c].signal] for c in dep.cases], dtype=np.int64)
    effectiveness = np.array([circuit.cases[c].effectiveness for c in dep.cases])

    uncovered = 0
    case_failures = np.zeros(len(dep.cases), dtype=np.int64)
    factor_sum = 0.0
    per_world: dict[tuple[int, ...], list[float]] = {}  # answer positions -> [n, factor sum]
    done = 0
    while done < samples:
        m = min(CHUNK, samples - done)
        done += m
        values = np.zeros((len(cone), m), dtype=np.bool_)
        for r, p in event_rows:
            values[r] = rng.random(m) < p
        answers = np.zeros((len(questions), m), dtype=np.int64)
        for qi, cum in enumerate(cumulative):
            ans = np.minimum(np.searchsorted(cum, rng.random(m), side="right"), len(cum) - 1)
            answers[qi] = ans
            for r, position in world_rows[qi]:
                values[r] = ans == position
        for r, type_, inputs, threshold in gate_plan:
            if len(inputs) == 0:
                values[r] = type_ is GateType.AND
            elif len(inputs) == 1:
                values[r] = values[inputs[0]]
            elif type_ is GateType.OR:
                values[r] = values[inputs].any(axis=0)
            elif type_ is GateType.AND:
                values[r] = values[inputs].all(axis=0)
            else:
                values[r] = values[inputs].sum(axis=0) >= threshold
        uncovered += int(values[row[dep.signal]].sum())
        fails = values[case_rows]
        case_failures += fails.sum(axis=1)
        factor = np.prod(1.0 - effectiveness[:, None] * ~fails, axis=0)
        factor_sum += float(factor.sum())
        if questions:
            unique, inverse = np.unique(answers, axis=1, return_inverse=True)
            keys = [tuple(col) for col in unique.T.tolist()]
            inverse = inverse.reshape(-1)
        else:
            keys, inverse = [()], np.zeros(m, dtype=np.int64)
        counts = np.bincount(inverse, minlength=len(keys))
        sums = np.bincount(inverse, weights=factor, minlength=len(keys))
        for k, n, f in zip(keys, counts.tolist(), sums.tolist(), strict=True):
            entry = per_world.setdefault(k, [0.0, 0.0])
            entry[0] += n
            entry[1] += f

    sampled_worlds = tuple(
        tuple(circuit.questions[q].worlds[p] for q, p in zip(questions, key, strict=True))
        for key in per_world
    )
    return DeploymentSamples(
        samples=samples,
        uncovered=uncovered,
        case_failures=case_failures,
        factor_sum=factor_sum,
        questions=questions,
        worlds=sampled_worlds,
        world_samples=tuple(int(v[0]) for v in per_world.values()),
        world_factor_sums=tuple(v[1] for v in per_world.values()),
    )
