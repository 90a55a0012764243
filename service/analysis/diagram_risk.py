"""Stage 3b (exact probability, fault trees): a deployment from one BDD (DESIGN §4.3, §4.4).

`per_world` plans a deployment world by world and expands the randomness the cases share by
conditioning; that is exponential in the shared events, which is what imported fault trees are
made of (a tree with a few hundred shared basic events is out of reach). A BDD is the standard
exact method there: the diagram of "uncovered" and of every covering case is built once (in
`bdd`'s variable order: chain variables of the questions first, then depth-first first use)
and evaluated bottom-up. `DiagramPlan` has the `evaluate` of `per_world.WorldwisePlan`, so the
risk analysis reads both the same way: every world of the grid is one column, its questions'
chain variables set to 0 / 1.

The evaluation carries, for every node, both the probability that its function is true and the
probability that it is false, each a sum of non-negative terms: a complemented edge swaps the
two instead of computing 1 - p, so small top-event probabilities (1e-7 and below) keep full
relative precision.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from service.analysis.bdd import (
    DiagramTooLargeError,
    FlatBdd,
    FloatArray,
    Fold,
    build_flat,
    variable_probabilities,
)
from service.analysis.circuit import BasicEventType, Circuit
from service.analysis.per_world import WorldGrid

MAX_FLOATS = 1 << 24  # node probabilities (x 2) held at once when evaluating on many worlds
AUTO_NODE_LIMIT = 2_000_000  # diagram nodes `auto` still builds before Monte Carlo


@dataclass(frozen=True, eq=False)
class DiagramPlan:
    """The BDD of a deployment's roots (root 0: uncovered, 1 + i: the i-th covering case
    fails), evaluated exactly on any grid of worlds of `questions`."""

    flat: FlatBdd
    questions: tuple[int, ...]  # questions whose answers matter, in portfolio order

    @property
    def size(self) -> int:
        return self.flat.size

    def evaluate(
        self,
        circuit: Circuit,
        grid: WorldGrid,
        *,
        probability: Mapping[int, float] | None = None,
    ) -> FloatArray:
        """Probability of each root (rows) in each world of `grid` (columns); `probability`
        replaces the probability of some basic events (by event index)."""
        variables = self.flat.variables
        base = variable_probabilities(circuit, variables)
        for event, p in (probability or {}).items():
            base[variables.event == event] = p
        out = np.empty((len(self.flat.roots), grid.size), dtype=np.float64)
        chunk = max(1, MAX_FLOATS // max(1, self.flat.size))
        for start in range(0, grid.size, chunk):
            end = min(grid.size, start + chunk)
            q = np.repeat(base[:, None], end - start, axis=1)
            for j, question in enumerate(grid.questions):
                rows = np.flatnonzero(variables.question == question)
                if len(rows):
                    answer = grid.positions[j, start:end]
                    q[rows] = variables.position[rows][:, None] == answer[None, :]
            out[:, start:end] = root_probabilities(self.flat, q)
        return np.clip(out, 0.0, 1.0)


def root_probabilities(flat: FlatBdd, q: FloatArray) -> FloatArray:
    """P(root true) for every root (rows) and column of `q` (variable probabilities)."""
    true = np.empty((flat.size, q.shape[1]), dtype=np.float64)
    false = np.empty_like(true)
    true[0], false[0] = 1.0, 0.0  # node 0 is the constant TRUE
    for start, end in flat.layers:
        qv = q[flat.var[start:end]]
        rv = 1.0 - qv
        hi, lo = flat.hi[start:end], flat.lo[start:end]
        hi_neg = flat.hi_neg[start:end, None]
        lo_neg = flat.lo_neg[start:end, None]
        hi_true = np.where(hi_neg, false[hi], true[hi])
        hi_false = np.where(hi_neg, true[hi], false[hi])
        lo_true = np.where(lo_neg, false[lo], true[lo])
        lo_false = np.where(lo_neg, true[lo], false[lo])
        true[start:end] = qv * hi_true + rv * lo_true
        false[start:end] = qv * hi_false + rv * lo_false
    out = np.empty((len(flat.roots), q.shape[1]), dtype=np.float64)
    for i, (node, negated) in enumerate(flat.roots):
        out[i] = false[node] if negated else true[node]
    return out


def fold_decided_events(circuit: Circuit) -> Fold:
    """Fold assumption, technique and edge events of probability exactly 0 or 1 (world events
    carry the world, and unsoundness may be replaced when computing residual risk)."""
    foldable = (BasicEventType.ASSUMPTION, BasicEventType.TECHNIQUE, BasicEventType.EDGE)

    def fold(event: int) -> bool | None:
        ev = circuit.events[event]
        if ev.type in foldable:
            if ev.probability <= 0.0:
                return False
            if ev.probability >= 1.0:
                return True
        return None

    return fold


def deployment_diagram_plan(
    circuit: Circuit, deployment: int, *, node_limit: int | None = None
) -> DiagramPlan:
    """The diagram plan of deployment `deployment` (index), memoised on the circuit. Raises
    `DiagramTooLargeError` past `node_limit` nodes (remembered, so a later call under the same
    limit fails at once)."""
    key = ("deployment-diagram", deployment)
    too_large = ("deployment-diagram-too-large", deployment)
    failed_at = circuit.recall(too_large)
    if (
        circuit.recall(key) is None
        and failed_at is not None
        and node_limit is not None
        and failed_at >= node_limit
    ):
        raise DiagramTooLargeError(f"the decision diagram needs more than {failed_at} nodes")
    dep = circuit.deployments[deployment]
    roots = [dep.signal, *(circuit.cases[c].signal for c in dep.cases)]

    def build() -> DiagramPlan:
        try:
            flat = build_flat(
                circuit, roots, fold=fold_decided_events(circuit), node_limit=node_limit
            )
        except DiagramTooLargeError:
            assert node_limit is not None
            circuit.remember(too_large, max(node_limit, circuit.recall(too_large) or 0))
            raise
        return DiagramPlan(flat, tuple(sorted(flat.questions())))

    return circuit.cached(key, build)


def has_one_world(circuit: Circuit, deployment: int) -> bool:
    """True when no world model bears on the deployment (a plain fault tree: one world)."""
    n_events = len(circuit.events)
    for s in circuit.cone([circuit.deployments[deployment].signal]):
        if s < n_events and circuit.events[s].type is BasicEventType.WORLD:
            return False
    return True
