"""Monte Carlo sampling of a deployment's circuit (quantitative reading), vectorised with numpy.

Each sample draws one answer per relevant question (by prior) and every other basic event by
its probability, then evaluates the deployment's cone gate by gate on a whole chunk of samples
at once. Deterministic for a given seed.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

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
    # One row per distinct sampled world: its answer to each question, as a position in
    # `circuit.questions[q].worlds`; and the samples drawn in it and the sum of their factors.
    world_answers: npt.NDArray[np.integer[Any]]
    world_samples: npt.NDArray[np.int64]
    world_factor_sums: npt.NDArray[np.float64]

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
    worlds = WorldTally(circuit, questions)
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
        worlds.add(answers, factor)

    world_answers, world_samples, world_factor_sums = worlds.result()
    return DeploymentSamples(
        samples=samples,
        uncovered=uncovered,
        case_failures=case_failures,
        factor_sum=factor_sum,
        questions=questions,
        world_answers=world_answers,
        world_samples=world_samples,
        world_factor_sums=world_factor_sums,
    )


class WorldTally:
    """Per distinct sampled world (one answer per question): how many samples were drawn in
    it and the sum of their factors. Kept as arrays and merged every few chunks: a deployment
    whose cone reaches many questions sees about one world per sample, and an audit of
    hundreds of deployments held them as gigabytes of dict entries.

    Worlds are told apart by a 64-bit hash of their row, checked against the rows themselves:
    `np.unique(rows, axis=0)` sorts rows as opaque bytes, and was three quarters of an audit's
    time at 1,000 cases."""

    MERGE_EVERY = 8

    def __init__(self, circuit: Circuit, questions: Sequence[int]) -> None:
        most = max((len(circuit.questions[q].worlds) for q in questions), default=1)
        self.dtype = np.min_scalar_type(most - 1)
        self.n_questions = len(questions)
        self._multipliers = _hash_multipliers(len(questions))
        self._parts: list[_Worlds] = []

    def add(self, answers: npt.NDArray[np.int64], factor: npt.NDArray[np.float64]) -> None:
        """`answers`: questions x samples answer positions; `factor`: one per sample."""
        rows = np.ascontiguousarray(answers.T, dtype=self.dtype)
        keys = rows.astype(np.uint64) @ self._multipliers
        self._parts.append(_Worlds(keys, rows, np.ones(len(factor), dtype=np.int64), factor))
        if len(self._parts) >= self.MERGE_EVERY:
            self._parts = [self._merged()]

    def result(
        self,
    ) -> tuple[npt.NDArray[Any], npt.NDArray[np.int64], npt.NDArray[np.float64]]:
        merged = self._merged()
        return merged.rows, merged.counts, merged.sums

    def _merged(self) -> _Worlds:
        if not self._parts:
            empty = np.zeros((0, self.n_questions), dtype=self.dtype)
            return _Worlds(np.zeros(0, dtype=np.uint64), empty, np.zeros(0, np.int64), np.zeros(0))
        if len(self._parts) == 1 and self._parts[0].distinct:
            return self._parts[0]
        return _reduce(
            _Worlds(
                np.concatenate([p.keys for p in self._parts]),
                np.concatenate([p.rows for p in self._parts]),
                np.concatenate([p.counts for p in self._parts]),
                np.concatenate([p.sums for p in self._parts]),
            )
        )


@dataclass(frozen=True)
class _Worlds:
    keys: npt.NDArray[np.uint64]  # a hash of each row
    rows: npt.NDArray[Any]
    counts: npt.NDArray[np.int64]
    sums: npt.NDArray[np.float64]
    distinct: bool = False  # no two rows equal


def _hash_multipliers(n: int) -> npt.NDArray[np.uint64]:
    """Odd 64-bit multipliers, the same on every run: a row's hash is its dot product with
    them, modulo 2**64."""
    draws = np.random.default_rng(0x5CA1E).integers(0, 2**63, size=n, dtype=np.uint64)
    return draws * np.uint64(2) + np.uint64(1)


def _reduce(worlds: _Worlds) -> _Worlds:
    """Rows made distinct, their counts and sums added."""
    rows = worlds.rows
    if rows.shape[1] == 0:  # no question: every sample is in the one world
        return _Worlds(
            worlds.keys[:1],
            rows[:1],
            worlds.counts.sum(keepdims=True),
            worlds.sums.sum(keepdims=True),
            distinct=True,
        )
    keys, first, inverse = np.unique(worlds.keys, return_index=True, return_inverse=True)
    inverse = inverse.reshape(-1)
    unique = rows[first]
    if not np.array_equal(unique[inverse], rows):  # two worlds of one hash: compare rows
        unique, inverse = np.unique(rows, axis=0, return_inverse=True)
        inverse = inverse.reshape(-1)
        keys = unique.astype(np.uint64) @ _hash_multipliers(rows.shape[1])
    return _Worlds(
        keys,
        unique,
        np.bincount(inverse, weights=worlds.counts, minlength=len(unique)).astype(np.int64),
        np.bincount(inverse, weights=worlds.sums, minlength=len(unique)).astype(np.float64),
        distinct=True,
    )


# ---------------------------------------------------------------------------------------------
# Common samples: every deployment of a list from the same draws
# ---------------------------------------------------------------------------------------------

# Samples per pass: as many as keep the packed values (8 to a byte) of the cone within
# CHUNK_VALUES_BYTES, between the two bounds. The gates are evaluated one numpy call each, so
# a pass costs about its gate count in calls whatever its width: at 10,000 cases, 4,096-sample
# passes spent 40 s of an audit in those calls.
MIN_COMMON_CHUNK = 4096
MAX_COMMON_CHUNK = 32768
CHUNK_VALUES_BYTES = 32 * 2**20
EVENT_BLOCK = 512  # events whose uniform draws are made together (bounds that buffer)
# What the sampled worlds of one batch of deployments may take, at worst (a row per world).
WORLD_TALLY_BYTES = 128 * 2**20


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

    Deployments go in batches whose sampled worlds fit `WORLD_TALLY_BYTES` at worst (each
    batch its own pass, from the same seed), so memory does not grow with their number.
    `progress` hears the share of samples drawn after each chunk."""
    return [
        drawn for _, drawn in each_sampled_deployment(circuit, deployments, samples, seed, progress)
    ]


def each_sampled_deployment(
    circuit: Circuit,
    deployments: Sequence[int],
    samples: int,
    seed: int | None,
    progress: FractionDone = no_progress,
) -> Iterator[tuple[int, DeploymentSamples]]:
    """`sample_deployments`, one (deployment, samples) at a time as each batch is drawn: a
    caller that keeps only a summary of each holds one batch's sampled worlds, not every
    batch's (an audit at 10,000 cases held 2 GiB of them)."""
    batches = _batches(circuit, deployments, samples)
    for i, batch in enumerate(batches):

        def batch_progress(fraction: float, message: str, i: int = i) -> None:
            label = f"deployments batch {i + 1} of {len(batches)}: " if len(batches) > 1 else ""
            progress((i + fraction) / len(batches), label + message)

        yield from zip(
            batch, _sample_common(circuit, batch, samples, seed, batch_progress), strict=True
        )


def _batches(circuit: Circuit, deployments: Sequence[int], samples: int) -> list[list[int]]:
    batches: list[list[int]] = [[]]
    used = 0
    for d in deployments:
        questions = questions_in(circuit, circuit.cone([circuit.deployments[d].signal]))
        # Rows held between merges: the distinct worlds plus the chunks not merged yet.
        worlds = math.prod(len(circuit.questions[q].worlds) for q in questions)
        rows = min(samples, worlds + WorldTally.MERGE_EVERY * MAX_COMMON_CHUNK)
        cost = rows * (len(questions) + 24)
        if batches[-1] and used + cost > WORLD_TALLY_BYTES:
            batches.append([])
            used = 0
        batches[-1].append(d)
        used += cost
    return [b for b in batches if b]


def common_chunk(cone_size: int) -> int:
    """Samples per pass of common sampling over a cone of `cone_size` signals."""
    fits = CHUNK_VALUES_BYTES * 8 // max(1, cone_size)
    return int(min(MAX_COMMON_CHUNK, max(MIN_COMMON_CHUNK, fits // 8 * 8)))


def _sample_common(
    circuit: Circuit,
    deployments: Sequence[int],
    samples: int,
    seed: int | None,
    progress: FractionDone = no_progress,
) -> list[DeploymentSamples]:
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
    chunk = common_chunk(len(cone))
    done = 0
    while done < samples:
        m = min(chunk, samples - done)
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
        self.signal_row = row[dep.signal]
        self.case_rows = np.array([row[circuit.cases[c].signal] for c in dep.cases], dtype=np.int64)
        self.effectiveness = np.array([circuit.cases[c].effectiveness for c in dep.cases])
        self.questions = tuple(questions_in(circuit, circuit.cone([dep.signal])))
        self.answer_rows = np.array([question_row[q] for q in self.questions], dtype=np.int64)
        self.worlds = WorldTally(circuit, self.questions)
        self.uncovered = 0
        self.case_failures = np.zeros(len(dep.cases), dtype=np.int64)
        self.factor_sum = 0.0

    def add(self, values: npt.NDArray[np.uint8], answers: npt.NDArray[np.int64], m: int) -> None:
        uncovered = np.unpackbits(values[self.signal_row], count=m, bitorder="little")
        self.uncovered += int(uncovered.sum())
        fails = np.unpackbits(values[self.case_rows], axis=1, count=m, bitorder="little").astype(
            np.bool_
        )
        self.case_failures += fails.sum(axis=1)
        factor = np.prod(1.0 - self.effectiveness[:, None] * ~fails, axis=0)
        self.factor_sum += float(factor.sum())
        self.worlds.add(answers[self.answer_rows], factor)

    def result(self, samples: int) -> DeploymentSamples:
        world_answers, world_samples, world_factor_sums = self.worlds.result()
        return DeploymentSamples(
            samples=samples,
            uncovered=self.uncovered,
            case_failures=self.case_failures,
            factor_sum=self.factor_sum,
            questions=self.questions,
            world_answers=world_answers,
            world_samples=world_samples,
            world_factor_sums=world_factor_sums,
        )
