"""Monte Carlo sampling of a deployment's circuit (quantitative reading), vectorised with numpy.

Each sample draws one answer per relevant question (by prior) and every other basic event by
its probability, then evaluates the deployment's cone gate by gate on a whole chunk of samples
at once. Deterministic for a given seed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from service.analysis.circuit import BasicEventType, Circuit, GateType, questions_in
from service.util.progress import FractionDone, no_progress

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


# ---------------------------------------------------------------------------------------------
# Common samples: every deployment of a list from the same draws
# ---------------------------------------------------------------------------------------------

COMMON_CHUNK = 4096  # samples per pass; each signal's values are packed 8 to a byte
EVENT_BLOCK = 512  # events whose uniform draws are made together (bounds that buffer)


def sample_deployments(
    circuit: Circuit,
    deployments: Sequence[int],
    samples: int,
    seed: int | None,
    progress: FractionDone = no_progress,
) -> list[DeploymentSamples]:
    """`sample_deployment` for several deployments from *common* samples: each pass draws
    every event of their joint cone once and evaluates each gate once, bit-packed, for all
    of them (an audit of 472 deployments sampled each event and gate 472 times over). Each
    deployment's estimate is as good as alone; estimates of different deployments are
    correlated, which no single figure shows. Deterministic for a given seed and list.
    `progress` hears the share of samples drawn after each chunk."""
    cone = circuit.cone([circuit.deployments[d].signal for d in deployments])
    row = {s: i for i, s in enumerate(cone)}
    n_events = len(circuit.events)
    questions = questions_in(circuit, cone)
    question_row = {q: i for i, q in enumerate(questions)}
    rng = np.random.default_rng(seed)

    event_rows = np.array(
        [
            row[s]
            for s in cone
            if s < n_events and circuit.events[s].type is not BasicEventType.WORLD
        ],
        dtype=np.int64,
    )
    event_p = np.array([circuit.events[cone[r]].probability for r in event_rows.tolist()])
    cumulative: list[npt.NDArray[np.float64]] = []
    world_rows: list[list[tuple[int, int]]] = []
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
    gate_plan = [(row[s], circuit.gates[s - n_events]) for s in cone if s >= n_events]
    gate_inputs = [np.array([row[i] for i in gate.inputs], dtype=np.int64) for _, gate in gate_plan]

    tallies = [_Tally(circuit, d, row, question_row) for d in deployments]
    done = 0
    while done < samples:
        m = min(COMMON_CHUNK, samples - done)
        done += m
        width = (m + 7) // 8
        values = np.zeros((len(cone), width), dtype=np.uint8)
        for start in range(0, len(event_rows), EVENT_BLOCK):
            rows = event_rows[start : start + EVENT_BLOCK]
            drawn = rng.random((len(rows), m)) < event_p[start : start + EVENT_BLOCK, None]
            values[rows] = np.packbits(drawn, axis=1, bitorder="little")
        answers = np.zeros((len(questions), m), dtype=np.int64)
        for qi, cum in enumerate(cumulative):
            ans = np.minimum(np.searchsorted(cum, rng.random(m), side="right"), len(cum) - 1)
            answers[qi] = ans
            for r, position in world_rows[qi]:
                values[r] = np.packbits(ans == position, bitorder="little")
        full = np.full(width, 0xFF, dtype=np.uint8)
        for (r, gate), inputs in zip(gate_plan, gate_inputs, strict=True):
            if len(inputs) == 0:
                values[r] = full if gate.type is GateType.AND else 0
            elif len(inputs) == 1:
                values[r] = values[inputs[0]]
            elif gate.type is GateType.OR:
                values[r] = np.bitwise_or.reduce(values[inputs], axis=0)
            elif gate.type is GateType.AND:
                values[r] = np.bitwise_and.reduce(values[inputs], axis=0)
            else:
                values[r] = _at_least(gate.threshold, values[inputs])
        for tally in tallies:
            tally.add(values, answers, m)
        progress(done / samples, f"{done:,} of {samples:,} samples")
    return [tally.result(samples) for tally in tallies]


def _at_least(threshold: int, inputs: npt.NDArray[np.uint8]) -> npt.NDArray[np.uint8]:
    """Bitwise "at least `threshold` of the rows are set": at_least[j] over the rows so far."""
    at_least = [np.full(inputs.shape[1], 0xFF, dtype=np.uint8)] + [
        np.zeros(inputs.shape[1], dtype=np.uint8) for _ in range(threshold)
    ]
    for x in inputs:
        for j in range(threshold, 0, -1):
            at_least[j] = at_least[j] | (at_least[j - 1] & x)
    return at_least[threshold]


class _Tally:
    """What the samples say about one deployment, summed over passes."""

    def __init__(
        self, circuit: Circuit, d: int, row: dict[int, int], question_row: dict[int, int]
    ) -> None:
        dep = circuit.deployments[d]
        self.circuit = circuit
        self.signal_row = row[dep.signal]
        self.case_rows = np.array([row[circuit.cases[c].signal] for c in dep.cases], dtype=np.int64)
        self.effectiveness = np.array([circuit.cases[c].effectiveness for c in dep.cases])
        self.questions = tuple(questions_in(circuit, circuit.cone([dep.signal])))
        self.answer_rows = np.array([question_row[q] for q in self.questions], dtype=np.int64)
        sizes = [len(circuit.questions[q].worlds) for q in self.questions]
        # Mixed-radix code of a sample's answers (one integer per sample for np.unique).
        self.radix = np.cumprod([1, *sizes[:-1]]).astype(np.int64) if sizes else None
        self.sizes = sizes
        self.uncovered = 0
        self.case_failures = np.zeros(len(dep.cases), dtype=np.int64)
        self.factor_sum = 0.0
        self.per_world: dict[int, list[float]] = {}

    def add(self, values: npt.NDArray[np.uint8], answers: npt.NDArray[np.int64], m: int) -> None:
        uncovered = np.unpackbits(values[self.signal_row], count=m, bitorder="little")
        self.uncovered += int(uncovered.sum())
        fails = np.unpackbits(values[self.case_rows], axis=1, count=m, bitorder="little").astype(
            np.bool_
        )
        self.case_failures += fails.sum(axis=1)
        factor = np.prod(1.0 - self.effectiveness[:, None] * ~fails, axis=0)
        self.factor_sum += float(factor.sum())
        if self.radix is not None:
            codes = self.radix @ answers[self.answer_rows]
            keys, inverse = np.unique(codes, return_inverse=True)
        else:
            keys, inverse = np.zeros(1, dtype=np.int64), np.zeros(m, dtype=np.int64)
        counts = np.bincount(inverse, minlength=len(keys))
        sums = np.bincount(inverse, weights=factor, minlength=len(keys))
        for k, n, f in zip(keys.tolist(), counts.tolist(), sums.tolist(), strict=True):
            entry = self.per_world.setdefault(k, [0.0, 0.0])
            entry[0] += n
            entry[1] += f

    def result(self, samples: int) -> DeploymentSamples:
        worlds = []
        for code in self.per_world:
            world = []
            for q, size in zip(self.questions, self.sizes, strict=True):
                world.append(self.circuit.questions[q].worlds[code % size])
                code //= size
            worlds.append(tuple(world))
        return DeploymentSamples(
            samples=samples,
            uncovered=self.uncovered,
            case_failures=self.case_failures,
            factor_sum=self.factor_sum,
            questions=self.questions,
            worlds=tuple(worlds),
            world_samples=tuple(int(v[0]) for v in self.per_world.values()),
            world_factor_sums=tuple(v[1] for v in self.per_world.values()),
        )
