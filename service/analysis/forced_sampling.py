"""Monte Carlo with common random numbers: one set of samples of a deployment's cone,
re-evaluated with some events forced (importance §4.10, question sensitivity §4.9).

Every sample draws one answer per relevant question (by prior) and every other basic event by
its probability. Forcing an event (or a question's answer) re-evaluates only the gates
downstream of it, on the same samples, so the difference between two forcings carries no
sampling noise of its own: the variance of a Birnbaum estimate is that of "the event is
critical", not of two independent estimates.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from service.analysis.circuit import BasicEventType, Circuit, GateType, questions_in

CHUNK = 8192
BoolArray = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.float64]
_NO_FACTOR: FloatArray = np.zeros(0)


@dataclass(frozen=True)
class Outcome:
    """Per sample of a chunk: the deployment is uncovered, and its residual-risk factor
    prod_c (1 - effectiveness_c x 1{c holds})."""

    uncovered: BoolArray
    factor: FloatArray


class ConeSampler:
    """Samples of deployment `deployment` (index), chunk by chunk, with forced re-evaluation."""

    def __init__(self, circuit: Circuit, deployment: int) -> None:
        self.circuit = circuit
        dep = circuit.deployments[deployment]
        self.cone = circuit.cone([dep.signal])
        self.row = {s: i for i, s in enumerate(self.cone)}
        n_events = len(circuit.events)
        self.questions = tuple(questions_in(circuit, self.cone))
        self.event_rows = [
            (self.row[s], circuit.events[s].probability)
            for s in self.cone
            if s < n_events and circuit.events[s].type is not BasicEventType.WORLD
        ]
        self.cumulative: list[FloatArray] = []
        self.world_rows: list[list[tuple[int, int]]] = []  # per question: (row, position)
        for q in self.questions:
            answers = circuit.questions[q].worlds
            priors = np.array([circuit.worlds[w].prior for w in answers], dtype=np.float64)
            self.cumulative.append(np.cumsum(priors / priors.sum()))
            self.world_rows.append(
                [
                    (self.row[circuit.worlds[w].event], i)
                    for i, w in enumerate(answers)
                    if circuit.worlds[w].event in self.row
                ]
            )
        self.gates: dict[int, tuple[GateType, npt.NDArray[np.int64], int]] = {}
        readers: dict[int, list[int]] = {r: [] for r in range(len(self.cone))}
        for s in self.cone:
            if s >= n_events:
                gate = circuit.gates[s - n_events]
                inputs = np.array([self.row[i] for i in gate.inputs], dtype=np.int64)
                self.gates[self.row[s]] = (gate.type, inputs, gate.threshold)
                for i in set(inputs.tolist()):
                    readers[i].append(self.row[s])
        self.readers = readers
        self.gate_order = sorted(self.gates)
        self.top = self.row[dep.signal]
        self.case_rows = np.array([self.row[circuit.cases[c].signal] for c in dep.cases])
        self.effectiveness = np.array([circuit.cases[c].effectiveness for c in dep.cases])
        self._downstream: dict[tuple[int, ...], list[int]] = {}

    def chunks(self, samples: int, seed: int | None) -> Iterator[BoolArray]:
        """The sampled values of every cone signal (rows), chunk by chunk (columns)."""
        rng = np.random.default_rng(seed)
        done = 0
        while done < samples:
            m = min(CHUNK, samples - done)
            done += m
            values = np.zeros((len(self.cone), m), dtype=np.bool_)
            for r, p in self.event_rows:
                values[r] = rng.random(m) < p
            for cum, rows in zip(self.cumulative, self.world_rows, strict=True):
                answer = np.minimum(np.searchsorted(cum, rng.random(m), side="right"), len(cum) - 1)
                for r, position in rows:
                    values[r] = answer == position
            self._evaluate(values, self.gate_order)
            yield values

    def outcome(self, values: BoolArray) -> Outcome:
        fails = values[self.case_rows]
        factor = np.prod(1.0 - self.effectiveness[:, None] * ~fails, axis=0)
        return Outcome(values[self.top].copy(), factor)

    def forced(
        self, values: BoolArray, forced: Mapping[int, bool], *, factor: bool = True
    ) -> Outcome:
        """The outcome with the signals `forced` (circuit signals in the cone) set, on the
        same samples; `values` is left as it was. `factor=False` skips the residual-risk
        factor (importance needs only "uncovered"; the factor is most of the cost)."""
        rows = tuple(sorted(self.row[s] for s in forced))
        downstream = self._downstream_of(rows)
        touched = [*rows, *downstream]
        saved = values[touched].copy()
        for s, value in forced.items():
            values[self.row[s]] = value
        self._evaluate(values, downstream)
        out = self.outcome(values) if factor else Outcome(values[self.top].copy(), _NO_FACTOR)
        values[touched] = saved
        return out

    def question_rows(self, q: int) -> list[tuple[int, int]]:
        """(circuit signal, answer position) of question `q`'s world events in the cone."""
        return [
            (self.cone[r], position) for r, position in self.world_rows[self.questions.index(q)]
        ]

    def _downstream_of(self, rows: tuple[int, ...]) -> list[int]:
        if rows not in self._downstream:
            seen: set[int] = set()
            stack = list(rows)
            while stack:
                for reader in self.readers[stack.pop()]:
                    if reader not in seen:
                        seen.add(reader)
                        stack.append(reader)
            self._downstream[rows] = sorted(seen)
        return self._downstream[rows]

    def _evaluate(self, values: BoolArray, rows: list[int]) -> None:
        for r in rows:
            type_, inputs, threshold = self.gates[r]
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


@dataclass
class Moments:
    """Running first and second moments of a vector of per-sample values."""

    total: FloatArray
    products: FloatArray
    n: int = 0

    @classmethod
    def of(cls, size: int) -> Moments:
        return cls(np.zeros(size), np.zeros((size, size)))

    def add(self, columns: FloatArray) -> None:
        """Add samples: `columns` has one row per component, one column per sample."""
        self.total += columns.sum(axis=1)
        self.products += columns @ columns.T
        self.n += columns.shape[1]

    @property
    def mean(self) -> FloatArray:
        return self.total / self.n

    @property
    def covariance(self) -> FloatArray:
        mean = self.mean
        return self.products / self.n - np.outer(mean, mean)

    def std_error(self, gradient: FloatArray) -> float:
        """Standard error of a smooth function of the means with this gradient (delta method)."""
        variance = float(gradient @ self.covariance @ gradient)
        return float(np.sqrt(max(0.0, variance) / self.n))
