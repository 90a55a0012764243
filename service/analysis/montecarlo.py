"""Monte Carlo sampling of a deployment's circuit (quantitative reading), vectorised with numpy.

Each sample draws one answer per relevant question (by prior) and every other basic event by
its probability, then evaluates the deployment's cone gate by gate on a whole chunk of samples
at once. Deterministic for a given seed.
"""

from __future__ import annotations

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
    world_priors: npt.NDArray[np.float64]  # the product of the priors of its answers

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
    by_question = np.ascontiguousarray(world_answers.T)
    return DeploymentSamples(
        samples=samples,
        uncovered=uncovered,
        case_failures=case_failures,
        factor_sum=factor_sum,
        questions=questions,
        world_answers=world_answers,
        world_samples=world_samples,
        world_factor_sums=world_factor_sums,
        world_priors=_product(_answer_priors(circuit, questions, by_question), len(world_answers)),
    )


def _answer_priors(
    circuit: Circuit, questions: Sequence[int], answers: npt.NDArray[np.integer[Any]]
) -> list[npt.NDArray[np.float64]]:
    """Per question, the prior of each answer of `answers` (questions x samples)."""
    return [
        np.array([circuit.worlds[w].prior for w in circuit.questions[q].worlds])[of_q]
        for q, of_q in zip(questions, answers, strict=True)
    ]


def _product(factors: Sequence[npt.NDArray[np.float64]], length: int) -> npt.NDArray[np.float64]:
    """Elementwise product of `factors` (each `length` long), in order, as a world's prior is
    defined."""
    product = np.ones(length)
    for factor in factors:
        product *= factor
    return product


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
        self._multipliers = _question_multipliers(circuit, questions)
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
            self._multipliers,
            _Worlds(
                np.concatenate([p.keys for p in self._parts]),
                np.concatenate([p.rows for p in self._parts]),
                np.concatenate([p.counts for p in self._parts]),
                np.concatenate([p.sums for p in self._parts]),
            ),
        )


@dataclass(frozen=True)
class _Worlds:
    keys: npt.NDArray[np.uint64]  # a hash of each row
    rows: npt.NDArray[Any]
    counts: npt.NDArray[np.int64]
    sums: npt.NDArray[np.float64]
    distinct: bool = False  # no two rows equal
    priors: npt.NDArray[np.float64] | None = None  # of each row, if kept


def _hash_multipliers(n: int) -> npt.NDArray[np.uint64]:
    """Odd 64-bit multipliers, the same on every run: a row's hash is its dot product with
    them, modulo 2**64."""
    draws = np.random.default_rng(0x5CA1E).integers(0, 2**63, size=n, dtype=np.uint64)
    return draws * np.uint64(2) + np.uint64(1)


def _question_multipliers(circuit: Circuit, questions: Sequence[int]) -> npt.NDArray[np.uint64]:
    """The hash multiplier of each of `questions`, by its index in the circuit: a world's hash
    is the same whatever other questions a pass draws."""
    return _hash_multipliers(len(circuit.questions))[np.asarray(questions, dtype=np.intp)]


def _reduce(multipliers: npt.NDArray[np.uint64], worlds: _Worlds) -> _Worlds:
    """Rows made distinct, their counts and sums added (`multipliers`: what hashed them)."""
    rows = worlds.rows
    if rows.shape[1] == 0:  # no question: every sample is in the one world
        first = np.zeros(min(1, len(rows)), dtype=np.intp)
        return _Worlds(
            worlds.keys[:1],
            rows[:1],
            worlds.counts.sum(keepdims=True),
            worlds.sums.sum(keepdims=True),
            distinct=True,
            priors=None if worlds.priors is None else worlds.priors[first],
        )
    keys, first, inverse = _unique_keys(worlds.keys)
    unique = np.take(rows, first, axis=0)  # `take`: several times faster than rows[first]
    if _hash_shared(unique, inverse, rows):  # told apart by the rows themselves
        unique, first, inverse = np.unique(rows, axis=0, return_index=True, return_inverse=True)
        inverse = inverse.reshape(-1)
        keys = unique.astype(np.uint64) @ multipliers
    return _Worlds(
        keys,
        unique,
        np.bincount(inverse, weights=worlds.counts, minlength=len(unique)).astype(np.int64),
        np.bincount(inverse, weights=worlds.sums, minlength=len(unique)).astype(np.float64),
        distinct=True,
        priors=None if worlds.priors is None else np.take(worlds.priors, first),
    )


def _hash_shared(
    unique: npt.NDArray[Any], inverse: npt.NDArray[np.intp], rows: npt.NDArray[Any]
) -> bool:
    """Whether two different rows got one hash: only a row whose hash another row has can
    be one of them, and most sampled worlds are drawn once, so only those rows are compared
    (comparing every row was a tenth of an audit at 10,000 cases)."""
    repeated = np.bincount(inverse, minlength=len(unique))[inverse] > 1
    if not repeated.any():
        return False
    return not np.array_equal(np.take(unique, inverse[repeated], axis=0), rows[repeated])


def _unique_keys(
    keys: npt.NDArray[np.uint64],
) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """What `np.unique(keys, return_index=True, return_inverse=True)` gives (the sorted
    distinct keys, the first index of each, each key's position among them), from one
    unstable sort: `np.unique` sorts stably to find first indices, several times slower."""
    order = np.argsort(keys)
    ordered = keys[order]
    new = np.ones(len(keys), dtype=np.bool_)
    np.not_equal(ordered[1:], ordered[:-1], out=new[1:])
    starts = np.flatnonzero(new)
    first = np.minimum.reduceat(order, starts) if len(starts) else order
    inverse = np.empty(len(keys), dtype=np.intp)
    inverse[order] = np.cumsum(new) - 1
    return ordered[starts], first, inverse


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
# What the per-sample factors of one batch of deployments may take (8 bytes a sample each):
# every batch draws the events of its joint cone again, so fewer batches draw less.
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

    Deployments go in batches whose per-sample factors fit `WORLD_TALLY_BYTES` (each batch
    its own pass, from the same seed), so memory does not grow with their number; each
    deployment's worlds are told apart once, after its pass (`_Tally.result`).
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
    """Deployments in order, as many to a batch as their per-sample factors fit
    `WORLD_TALLY_BYTES` (at least one)."""
    per_batch = max(1, WORLD_TALLY_BYTES // (8 * max(1, samples)))
    return [list(deployments[i : i + per_batch]) for i in range(0, len(deployments), per_batch)]


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
) -> Iterator[DeploymentSamples]:
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

    tallies = [_Tally(circuit, d, row, question_row, samples) for d in deployments]
    most = max((len(circuit.questions[q].worlds) for q in questions), default=1)
    every_answer = np.zeros((len(questions), samples), dtype=np.min_scalar_type(most - 1))
    chunk = common_chunk(len(cone))
    gate_groups = _gate_groups(circuit, cone, row, (chunk + 7) // 8)
    done = 0
    while done < samples:
        m = min(chunk, samples - done)
        every_answer_now = every_answer[:, done : done + m]
        done += m
        width = (m + 7) // 8
        values = np.zeros((len(cone) + 2, width), dtype=np.uint8)  # + the constant rows
        values[len(cone) + ONE] = 0xFF
        for start in range(0, len(event_rows), EVENT_BLOCK):
            rows = event_rows[start : start + EVENT_BLOCK]
            drawn = rng.random((len(rows), m)) < event_p[start : start + EVENT_BLOCK, None]
            values[rows] = np.packbits(drawn, axis=1, bitorder="little")
        for qi, cum in enumerate(cumulative):
            ans = np.minimum(np.searchsorted(cum, rng.random(m), side="right"), len(cum) - 1)
            every_answer_now[qi] = ans
            for r, position in world_rows[qi]:
                values[r] = np.packbits(ans == position, bitorder="little")
        for group in gate_groups:
            group.evaluate(values)
        for tally in tallies:
            tally.add(values, m)
        progress(done / samples, f"{done:,} of {samples:,} samples")
    # Per question of the pass, each sample's hash term and answer prior: a deployment's
    # world hash and prior are then a sum and a product of its questions' rows.
    hash_terms = [
        answers.astype(np.uint64) * multiplier
        for answers, multiplier in zip(
            every_answer, _question_multipliers(circuit, questions), strict=True
        )
    ]
    answer_priors = _answer_priors(circuit, questions, every_answer)
    # One deployment's worlds at a time, each freed by its caller before the next is told
    # apart: a batch's results together held a gigabyte at 10,000 cases.
    for tally in tallies:
        yield tally.result(every_answer, hash_terms, answer_priors)


# The two constant rows after a pass's cone rows (offsets from its length): padding of the
# inputs of a batched gate (zeros for OR and AT_LEAST, ones for AND), and gates of no input.
ZERO, ONE = 0, 1
GROUP_BYTES = 16 * 2**20  # what the gathered inputs of one batched evaluation may take


@dataclass(frozen=True)
class _GateGroup:
    """Gates of one depth, type and (padded) number of inputs, evaluated by one numpy
    expression over all of them: a cone of 80,000 gates is about 150 groups, where a loop
    over its gates made 80,000 numpy calls per pass."""

    type: GateType | None  # None: a copy of the one input (gates of one input or none)
    threshold: int
    targets: npt.NDArray[np.intp]
    inputs: npt.NDArray[np.intp]  # targets x inputs, padded with a constant row

    def evaluate(self, values: npt.NDArray[np.uint8]) -> None:
        if self.type is None:
            values[self.targets] = values[self.inputs[:, 0]]
            return
        gathered = values[self.inputs]  # targets x inputs x packed samples
        if self.type is GateType.OR:
            values[self.targets] = np.bitwise_or.reduce(gathered, axis=1)
        elif self.type is GateType.AND:
            values[self.targets] = np.bitwise_and.reduce(gathered, axis=1)
        else:
            values[self.targets] = _at_least(self.threshold, gathered.transpose(1, 0, 2))


def _gate_groups(
    circuit: Circuit, cone: Sequence[int], row: dict[int, int], width: int
) -> list[_GateGroup]:
    """The gates of `cone` (in topological order) as `_GateGroup`s, shallowest first; no group
    gathers more than `GROUP_BYTES` for a pass `width` bytes wide."""
    n_events = len(circuit.events)
    zero, one = len(cone) + ZERO, len(cone) + ONE
    depth: dict[int, int] = {}
    grouped: dict[tuple[int, int, int, int], tuple[list[int], list[list[int]]]] = {}
    for s in cone:
        if s < n_events:
            depth[s] = 0
            continue
        gate = circuit.gates[s - n_events]
        depth[s] = 1 + max((depth[i] for i in gate.inputs), default=0)
        inputs = [row[i] for i in gate.inputs]
        if len(inputs) <= 1:  # as the gate-by-gate loop read them
            type_, threshold = -1, 0
            inputs = inputs or [one if gate.type is GateType.AND else zero]
        else:
            type_, threshold = int(gate.type), gate.threshold
            padded = 1 << (len(inputs) - 1).bit_length()
            inputs += [one if gate.type is GateType.AND else zero] * (padded - len(inputs))
        key = (depth[s], type_, len(inputs), threshold)
        targets, rows = grouped.setdefault(key, ([], []))
        targets.append(row[s])
        rows.append(inputs)
    groups = []
    for (_, type_, arity, threshold), (targets, rows) in sorted(grouped.items()):
        per_piece = max(1, GROUP_BYTES // max(1, arity * width))
        for start in range(0, len(targets), per_piece):
            groups.append(
                _GateGroup(
                    None if type_ < 0 else GateType(type_),
                    threshold,
                    np.array(targets[start : start + per_piece], dtype=np.intp),
                    np.array(rows[start : start + per_piece], dtype=np.intp),
                )
            )
    return groups


def _at_least(threshold: int, inputs: npt.NDArray[np.uint8]) -> npt.NDArray[np.uint8]:
    """Bitwise "at least `threshold` of the rows are set": at_least[j] over the rows so far
    (rows of any shape)."""
    at_least = [np.full(inputs.shape[1:], 0xFF, dtype=np.uint8)] + [
        np.zeros(inputs.shape[1:], dtype=np.uint8) for _ in range(threshold)
    ]
    for x in inputs:
        for j in range(threshold, 0, -1):
            at_least[j] = at_least[j] | (at_least[j - 1] & x)
    return at_least[threshold]


class _Tally:
    """What the samples say about one deployment, summed over passes; each sample's factor
    is kept (8 bytes), and its worlds are told apart once, from the answers of every sample,
    at the end."""

    def __init__(
        self,
        circuit: Circuit,
        d: int,
        row: dict[int, int],
        question_row: dict[int, int],
        samples: int,
    ) -> None:
        dep = circuit.deployments[d]
        self.signal_row = row[dep.signal]
        self.case_rows = np.array([row[circuit.cases[c].signal] for c in dep.cases], dtype=np.int64)
        self.effectiveness = np.array([circuit.cases[c].effectiveness for c in dep.cases])
        self.questions = tuple(questions_in(circuit, circuit.cone([dep.signal])))
        self.answer_rows = np.array([question_row[q] for q in self.questions], dtype=np.int64)
        self.multipliers = _question_multipliers(circuit, self.questions)
        self.uncovered = 0
        self.case_failures = np.zeros(len(dep.cases), dtype=np.int64)
        self.factors = np.empty(samples)
        self.filled = 0

    def add(self, values: npt.NDArray[np.uint8], m: int) -> None:
        uncovered = np.unpackbits(values[self.signal_row], count=m, bitorder="little")
        self.uncovered += int(uncovered.sum())
        fails = np.unpackbits(values[self.case_rows], axis=1, count=m, bitorder="little").astype(
            np.bool_
        )
        self.case_failures += fails.sum(axis=1)
        factor = np.prod(1.0 - self.effectiveness[:, None] * ~fails, axis=0)
        self.factors[self.filled : self.filled + m] = factor
        self.filled += m

    def result(
        self,
        every_answer: npt.NDArray[np.integer[Any]],
        hash_terms: Sequence[npt.NDArray[np.uint64]],
        answer_priors: Sequence[npt.NDArray[np.float64]],
    ) -> DeploymentSamples:
        """The pass's answers of every sample to every question, and per question each
        sample's hash term and answer prior (`_sample_common`)."""
        rows_of = self.answer_rows.tolist()
        keys = np.zeros(self.filled, dtype=np.uint64)
        for r in rows_of:
            keys += hash_terms[r]
        worlds = _reduce(
            self.multipliers,
            _Worlds(
                keys,
                np.ascontiguousarray(every_answer[self.answer_rows].T),
                np.ones(self.filled, dtype=np.int64),
                self.factors,
                priors=_product([answer_priors[r] for r in rows_of], self.filled),
            ),
        )
        assert worlds.priors is not None
        return DeploymentSamples(
            samples=self.filled,
            uncovered=self.uncovered,
            case_failures=self.case_failures,
            factor_sum=float(self.factors.sum()),
            questions=self.questions,
            world_answers=worlds.rows,
            world_samples=worlds.counts,
            world_factor_sums=worlds.sums,
            world_priors=worlds.priors,
        )
