"""Stage 3a (exact probability, portfolios): signals in every world, as numpy arrays over worlds.

A *world* is one answer per relevant question. Given the world, every remaining basic event is
independent (DESIGN §4), so the world is not a variable here: it is the axes of the arrays
(one axis per question, of length 1 where a value does not depend on it). What couples the
cases of a deployment is then only *shared randomness*: a random event (0 < p < 1) that
reaches a gate along two paths. The plan exploits that, in the manner of fault-tree tools
(modularisation, then conditioning):

1. Simplify: fold assumption, technique and edge events decided with probability 0 or 1, drop
   constant inputs, forward single-input gates.
2. Classify every node: *deterministic* when its cone holds no random event (a function of the
   world alone); *module* when it is a gate whose cone shares no random node with the rest of
   the circuit (bitset test: every parent of every random node below it is inside its cone);
   *shared* when it is random and read by more than one gate.
3. Plan each module and each requested root by recursive conditioning with decomposition: the
   inputs of an OR / AND that share no random node are independent and combine by formula
   (noisy-OR, product, or the at-least distribution); a group of inputs that do share is
   split on its *hub* (the shared node, with nothing unassigned shared below it, that most of
   them read): P = P(hub) x P(. | hub) + (1 - P(hub)) x P(. | not hub), each branch planned
   again (memoised on the assignments that matter). Sparse sharing (a few hubs, small groups)
   therefore costs little, where one decision diagram over the whole deployment would branch
   on every combination of the shared events.
4. Evaluate the plan with numpy broadcasting: every step is one array expression.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt

from service.analysis.bdd import FloatArray
from service.analysis.circuit import BasicEventType, Circuit, GateType

# A reference to a value: (kind, index).
CONST, EVENT, WORLD, STEP = 0, 1, 2, 3
Ref = tuple[int, int]


@dataclass(frozen=True)
class WorldGrid:
    """Every combination of answers of `questions` (the first varies slowest); world i has
    answer position `positions[j, i]` for question `questions[j]` and prior `prior[i]`.

    The answers' priors are independent across questions, so `prior` is an outer product and
    `positions` is only made when read: an exact plan over millions of worlds reads neither
    whole (its values broadcast over `dims`), and the two took 130 MB of an audit's peak."""

    questions: tuple[int, ...]
    dims: tuple[int, ...]  # answers per question
    marginals: tuple[FloatArray, ...]  # per question, its answers' normalised priors

    @property
    def size(self) -> int:
        return int(np.prod(self.dims, dtype=np.int64))

    @cached_property
    def prior(self) -> FloatArray:
        return self.prior_over(self.dims).reshape(-1)

    def prior_over(self, shape: Sequence[int]) -> FloatArray:
        """The prior summed over the questions whose length in `shape` (one per question) is
        1: what an expectation of a value of that broadcast shape needs."""
        out = np.ones((1,) * len(self.dims))
        for j, marginal in enumerate(self.marginals):
            out = out * (self._along(j) if shape[j] != 1 else marginal.sum())
        return out

    def _along(self, j: int) -> FloatArray:
        """Question j's marginal along its own axis."""
        axes = [1] * len(self.dims)
        axes[j] = self.dims[j]
        return self.marginals[j].reshape(axes)

    @cached_property
    def positions(self) -> npt.NDArray[np.unsignedinteger[Any]]:
        # The smallest type that holds an answer's position: as int64 a grid of millions of
        # worlds over a dozen questions took a gigabyte.
        dtype = np.min_scalar_type(max(self.dims, default=1) - 1)
        if not self.dims:
            return np.zeros((0, 1), dtype=dtype)
        return np.indices(self.dims, dtype=dtype).reshape(len(self.dims), -1)

    def prior_without(self, j: int) -> FloatArray:
        """Each world's prior with the factor of question `questions[j]` left out."""
        prior = np.ones((1,) * len(self.dims))
        for k in range(len(self.dims)):
            if k != j:
                prior = prior * self._along(k)
        return np.broadcast_to(prior, self.dims).reshape(-1)

    def world_ids(self, circuit: Circuit, i: int) -> tuple[str, ...]:
        position = np.unravel_index(i, self.dims) if self.dims else ()
        return tuple(
            circuit.worlds[circuit.questions[q].worlds[int(position[j])]].id
            for j, q in enumerate(self.questions)
        )


def world_count(circuit: Circuit, questions: Sequence[int]) -> int:
    count = 1
    for q in questions:
        count *= len(circuit.questions[q].worlds)
    return count


def world_grid(circuit: Circuit, questions: Sequence[int]) -> WorldGrid:
    marginals = []
    for q in questions:
        priors = np.array([circuit.worlds[w].prior for w in circuit.questions[q].worlds])
        total = priors.sum()
        marginals.append(priors / total if total > 0 else priors)
    dims = tuple(len(m) for m in marginals)
    return WorldGrid(tuple(questions), dims, tuple(marginals))


@dataclass(frozen=True)
class FormulaStep:
    """Value of OR / AND / AT_LEAST over independent inputs."""

    type: GateType
    inputs: tuple[Ref, ...]
    threshold: int = 0


@dataclass(frozen=True)
class MixStep:
    """P(hub) x (value given the hub occurs) + (1 - P(hub)) x (value given it does not)."""

    hub: Ref
    when_true: Ref
    when_false: Ref


@dataclass(frozen=True)
class WorldwisePlan:
    """How to compute the requested roots in every world. Step i's value is `(STEP, i)`."""

    steps: tuple[FormulaStep | MixStep, ...]
    roots: tuple[Ref, ...]
    questions: tuple[int, ...]  # questions whose answers matter, in portfolio order

    def evaluate(
        self,
        circuit: Circuit,
        grid: WorldGrid,
        *,
        probability: Mapping[int, float | FloatArray] | None = None,
    ) -> FloatArray:
        """Probability of each root (rows) in each world of `grid` (columns); the grid must
        cover the plan's questions. `probability` replaces the probability of some basic
        events (by event index). A replacement may be an array of shape (B, 1, .., 1) with one
        1 per grid question: the plan is then evaluated for B variants at once, and the result
        has shape (roots, B, worlds) (importance: one variant per forced event)."""
        return _Evaluation(circuit, grid, probability or {}).run(self)

    def expectations(self, circuit: Circuit, grid: WorldGrid) -> list[float]:
        """Each root's probability averaged over the worlds of `grid` by their priors:
        `grid.prior @ self.evaluate(circuit, grid)[r]`, without the roots x worlds array (with
        many cases over millions of worlds, hundreds of MB)."""
        out = []
        for value in _Evaluation(circuit, grid, {}).root_values(self):
            v = np.clip(np.asarray(value, dtype=np.float64), 0.0, 1.0)
            shape = v.shape if v.ndim else (1,) * len(grid.dims)
            out.append(float(np.sum(v * grid.prior_over(shape))))
        return out


class _Evaluation:
    """Step values as arrays with one axis per grid question, of length 1 where the value does
    not depend on that question: numpy broadcasting then keeps every value as small as the
    questions it depends on, and only values near the top span every world."""

    def __init__(self, circuit: Circuit, grid: WorldGrid, override: Mapping[int, Any]):
        self.circuit = circuit
        self.override = override
        self.dims = tuple(len(circuit.questions[q].worlds) for q in grid.questions)
        self.batch = max(
            (np.shape(v)[0] for v in override.values() if np.ndim(v) > len(self.dims)),
            default=None,
        )
        self.axis_of = {q: j for j, q in enumerate(grid.questions)}
        self.values: list[Any] = []
        self.worlds: dict[int, FloatArray] = {}

    def get(self, ref: Ref) -> Any:
        kind, i = ref
        if kind == STEP:
            return self.values[i]
        if kind == EVENT:
            return self.override.get(i, self.circuit.events[i].probability)
        if kind == WORLD:
            if i not in self.worlds:
                w = self.circuit.worlds[i]
                axis = self.axis_of[w.question]
                shape = [1] * len(self.dims)
                shape[axis] = self.dims[axis]
                indicator = np.zeros(self.dims[axis])
                indicator[self.circuit.questions[w.question].worlds.index(i)] = 1.0
                self.worlds[i] = indicator.reshape(shape)
            return self.worlds[i]
        return float(i)

    def run(self, plan: WorldwisePlan) -> FloatArray:
        roots = self.root_values(plan)
        size = int(np.prod(self.dims, dtype=np.int64))
        lead = () if self.batch is None else (self.batch,)
        out = np.empty((len(plan.roots), *lead, size))
        for r, value in enumerate(roots):
            out[r].reshape((*lead, *self.dims))[...] = value  # broadcast, no copy between
        return np.clip(out, 0.0, 1.0, out=out)

    def root_values(self, plan: WorldwisePlan) -> list[Any]:
        """The roots' values, each as small as the questions it depends on."""
        self.values = [None] * len(plan.steps)
        freed_after = _freed_after(plan)
        for s, step in enumerate(plan.steps):
            if isinstance(step, FormulaStep):
                self.values[s] = _formula(step, [self.get(r) for r in step.inputs])
            else:
                p = self.get(step.hub)
                self.values[s] = p * self.get(step.when_true) + (1.0 - p) * self.get(
                    step.when_false
                )
            for done in freed_after[s]:  # values near the top span every world: drop them
                self.values[done] = None
        return [self.get(ref) for ref in plan.roots]


def _freed_after(plan: WorldwisePlan) -> list[list[int]]:
    """Per step, the steps whose values are read for the last time by it (roots are read at
    the end): an exact plan over millions of worlds held every step's value to the end."""
    last_read: dict[int, int] = {}
    for s, step in enumerate(plan.steps):
        reads = (
            step.inputs
            if isinstance(step, FormulaStep)
            else (step.hub, step.when_true, step.when_false)
        )
        for kind, i in reads:
            if kind == STEP:
                last_read[i] = s
    for kind, i in plan.roots:
        if kind == STEP:
            last_read[i] = len(plan.steps)
    freed: list[list[int]] = [[] for _ in plan.steps]
    for i, s in last_read.items():
        if s < len(plan.steps):
            freed[s].append(i)
    return freed


def _formula(step: FormulaStep, inputs: list[Any]) -> Any:
    if step.type is GateType.OR:
        none = 1.0
        for p in inputs:
            none = none * (1.0 - p)
        return 1.0 - none
    if step.type is GateType.AND:
        every = 1.0
        for p in inputs:
            every = every * p
        return every
    t = step.threshold
    shape = np.broadcast_shapes(*(np.shape(p) for p in inputs))
    # dist[j] = P(exactly j of the inputs so far occur), the last entry "t or more".
    dist = np.zeros((t + 1, *shape))
    dist[0] = 1.0
    for p in inputs:
        top = dist[t] + dist[t - 1] * p
        dist[1:t] = dist[1:t] * (1.0 - p) + dist[0 : t - 1] * p
        dist[0] = dist[0] * (1.0 - p)
        dist[t] = top
    return dist[t]


# ---------------------------------------------------------------------------------------------
# Planning
# ---------------------------------------------------------------------------------------------


def plan_worldwise(
    circuit: Circuit,
    roots: Sequence[Sequence[int]],
    *,
    step_limit: int | None = None,
    unfolded: Collection[int] = (),
    shared_limit: int | None = None,
    world_limit: int | None = None,
) -> WorldwisePlan:
    """Plan the exact per-world probability of each root; a root is a conjunction of signals
    (usually one). Assumption, technique and edge events of probability 0 or 1 are folded,
    except those in `unfolded` (whose probability an evaluation may then replace, as
    importance does); unsoundness never is (its probability can be replaced at evaluation).
    Raises `PlanTooLargeError` when the plan needs more than `step_limit` steps, and, before
    any step (cheap early refusals), `TooMuchSharingError` when more than `shared_limit` random
    nodes are shared (what conditioning multiplies over) and `TooManyWorldsError` when the
    plan would read the questions of more than `world_limit` worlds (an evaluation costs a
    pass per world: the plan's questions are those of the world events left live)."""
    return _Planner(circuit, roots, step_limit, unfolded, shared_limit, world_limit).plan()


#: Planning work allowed per step of the limit (children visited while splitting and grouping).
WORK_PER_STEP = 20


class PlanTooLargeError(Exception):
    """Exact per-world evaluation would take too many steps (too much shared randomness)."""


class TooMuchSharingError(PlanTooLargeError):
    """More random nodes are shared than the caller lets a plan try (`shared`: how many)."""

    def __init__(self, shared: int, limit: int) -> None:
        super().__init__(f"{shared} shared random nodes (more than {limit}); use Monte Carlo")
        self.shared = shared


class TooManyWorldsError(PlanTooLargeError):
    """The plan would read the questions of more worlds than the caller lets it evaluate."""

    def __init__(self, worlds: int, limit: int) -> None:
        super().__init__(f"{worlds:,} worlds (more than {limit:,}); use Monte Carlo")
        self.worlds = worlds


class _Planner:
    def __init__(
        self,
        circuit: Circuit,
        roots: Sequence[Sequence[int]],
        step_limit: int | None,
        unfolded: Collection[int] = (),
        shared_limit: int | None = None,
        world_limit: int | None = None,
    ) -> None:
        self.c = circuit
        self.shared_limit = shared_limit
        self.world_limit = world_limit
        self.unfolded = frozenset(unfolded)
        self.n_events = len(circuit.events)
        self.n_signals = circuit.n_signals
        self.step_limit = step_limit
        self.work = 0
        self.root_specs = [tuple(r) for r in roots]
        # Live structure, keyed by node id (signals; virtual root gates after them).
        self.const: dict[int, bool] = {}
        self.alias: dict[int, int] = {}
        self.type: dict[int, GateType] = {}
        self.inputs: dict[int, list[int]] = {}
        self.threshold: dict[int, int] = {}
        self.random_event: set[int] = set()
        self.world_event: dict[int, int] = {}  # event -> world index
        self.steps: list[FormulaStep | MixStep] = []
        self.memo: dict[int, Ref] = {}
        self.conditioned: dict[tuple[int, tuple[tuple[int, bool], ...]], Ref] = {}
        self.combined: dict[Any, Ref] = {}
        self.questions: set[int] = set()  # questions of the world events the plan reads

    # -- 1. simplification -------------------------------------------------------------------

    def _resolve(self, node: int) -> int:
        while node in self.alias:
            node = self.alias[node]
        return node

    def _simplify(self) -> list[int]:
        c = self.c
        signals = set(c.cone([s for spec in self.root_specs for s in spec]))
        for s in sorted(signals):
            if s < self.n_events:
                ev = c.events[s]
                if ev.type is BasicEventType.WORLD:
                    self.world_event[s] = ev.owner
                elif ev.type is BasicEventType.UNSOUND or s in self.unfolded:
                    self.random_event.add(s)
                elif ev.probability <= 0.0:
                    self.const[s] = False
                elif ev.probability >= 1.0:
                    self.const[s] = True
                else:
                    self.random_event.add(s)
                continue
            gate = c.gates[s - self.n_events]
            self._add_gate(s, gate.type, list(gate.inputs), gate.threshold)
        virtual = []
        for i, spec in enumerate(self.root_specs):
            node = self.n_signals + i
            self._add_gate(node, GateType.AND, list(spec), 0)
            virtual.append(node)
        return virtual

    def _add_gate(self, node: int, type_: GateType, inputs: list[int], threshold: int) -> None:
        live: list[int] = []
        trues = falses = 0
        for i in inputs:
            i = self._resolve(i)
            if i not in self.const:
                live.append(i)
            elif self.const[i]:
                trues += 1
            else:
                falses += 1
        if type_ is GateType.OR:
            if trues:
                self.const[node] = True
                return
            threshold = 1
        elif type_ is GateType.AND:
            if falses:
                self.const[node] = False
                return
            threshold = len(live)
        else:
            threshold -= trues
        if threshold <= 0:
            self.const[node] = True
            return
        if threshold > len(live):
            self.const[node] = False
            return
        if len(live) == 1:
            self.alias[node] = live[0]
            return
        self.type[node] = (
            GateType.OR
            if threshold == 1
            else GateType.AND
            if threshold == len(live)
            else GateType.AT_LEAST
        )
        self.inputs[node] = live
        self.threshold[node] = threshold

    # -- 2. classification -------------------------------------------------------------------

    def _classify(self, tops: list[int]) -> None:
        """Deterministic nodes, modules and parent counts, over the live cone of `tops`."""
        order: list[int] = []
        seen: set[int] = set()
        stack = list(tops)
        while stack:
            n = stack.pop()
            if n in seen:
                continue
            seen.add(n)
            order.append(n)
            stack.extend(self.inputs.get(n, ()))
        order.sort()
        self.live = order
        self.deterministic: set[int] = set()
        for n in order:
            if n in self.world_event or (
                n in self.inputs and all(i in self.deterministic for i in self.inputs[n])
            ):
                self.deterministic.add(n)
        # Only random nodes can make two parts of the circuit dependent.
        self.parent_count: dict[int, int] = {}
        bit: dict[int, int] = {}
        parents_mask: dict[int, int] = {}
        for n in order:
            if n not in self.deterministic and (n in self.inputs or n in self.random_event):
                bit[n] = 1 << len(bit)
        for n in order:
            for i in self.inputs.get(n, ()):
                self.parent_count[i] = self.parent_count.get(i, 0) + 1
                if i in bit:
                    parents_mask[i] = parents_mask.get(i, 0) | bit[n]
        self.module: set[int] = set()
        below: dict[int, int] = {}
        reach: dict[int, int] = {}
        for n in order:
            if n not in bit or n not in self.inputs:
                continue
            d = 0
            x = 0
            for i in self.inputs[n]:
                if i in bit:
                    d |= bit[i] | below.get(i, 0)
                    x |= parents_mask.get(i, 0) | reach.get(i, 0)
            below[n] = d
            reach[n] = x
            if not x & ~(d | bit[n]):
                self.module.add(n)
        # Shared random nodes, and per gate the shared random nodes of its skeleton below it.
        self.shared = {n for n in order if n in bit and self.parent_count.get(n, 0) > 1}
        self.below: dict[int, frozenset[int]] = {}
        self.support: dict[int, frozenset[int]] = {}
        empty: frozenset[int] = frozenset()
        for n in order:
            if n not in self.inputs:
                continue
            under = empty.union(*(self._support(i) for i in self.inputs[n]))
            self.below[n] = under
            self.support[n] = under | {n} if n in self.shared else under

    # -- 3. steps ----------------------------------------------------------------------------

    def plan(self) -> WorldwisePlan:
        virtual = self._simplify()
        tops = [self._resolve(v) for v in virtual]
        self._classify([t for t in tops if t not in self.const])
        if self.shared_limit is not None and len(self.shared) > self.shared_limit:
            raise TooMuchSharingError(len(self.shared), self.shared_limit)
        if self.world_limit is not None:
            worlds = world_count(self.c, sorted(self.live_questions()))
            if worlds > self.world_limit:
                raise TooManyWorldsError(worlds, self.world_limit)
        roots = tuple(self._value(t, as_root=True) for t in tops)
        return WorldwisePlan(tuple(self.steps), roots, tuple(sorted(self.questions)))

    def live_questions(self) -> set[int]:
        """The questions of the world events in the live cone (after `_classify`): every live
        node is read while planning, so these are the plan's questions."""
        worlds = self.c.worlds
        return {worlds[self.world_event[n]].question for n in self.live if n in self.world_event}

    def _step(self, step: FormulaStep | MixStep) -> Ref:
        self._charge(1)
        if self.step_limit is not None and len(self.steps) >= self.step_limit:
            raise PlanTooLargeError(
                f"exact evaluation needs more than {self.step_limit} steps; use Monte Carlo"
            )
        self.steps.append(step)
        return (STEP, len(self.steps) - 1)

    def _is_leaf(self, n: int) -> bool:
        return n not in self.inputs or n in self.module or n in self.deterministic

    def _value(self, n: int, as_root: bool = False) -> Ref:
        """A reference to the per-world probability of live node `n`."""
        if n in self.const:
            return (CONST, int(self.const[n]))
        if n in self.world_event:
            self.questions.add(self.c.worlds[self.world_event[n]].question)
            return (WORLD, self.world_event[n])
        if n in self.random_event:
            return (EVENT, n)
        if n in self.memo:
            return self.memo[n]
        assert as_root or self._is_leaf(n)
        ref = self._plan_gate(n)
        self.memo[n] = ref
        return ref

    def _plan_gate(self, g: int) -> Ref:
        return self._expand(g, {})

    # -- recursive conditioning ----------------------------------------------------------------

    def _node(self, n: int, assigned: Mapping[int, bool]) -> Ref:
        """The value of `n` given the conditioned nodes `assigned`."""
        if n in assigned:
            return (CONST, int(assigned[n]))
        if self._is_leaf(n):
            return self._value(n)
        # The assignments in n's support (a set intersection: `assigned` grows with depth).
        relevant = tuple(sorted((x, assigned[x]) for x in self.support[n] & assigned.keys()))
        key = (n, relevant)
        if key not in self.conditioned:
            self.conditioned[key] = self._expand(n, dict(relevant))
        return self.conditioned[key]

    def _expand(self, n: int, assigned: Mapping[int, bool]) -> Ref:
        return self._combine(self.type[n], self.threshold[n], tuple(self.inputs[n]), assigned)

    def _combine(
        self,
        type_: GateType,
        threshold: int,
        children: tuple[int, ...],
        assigned: Mapping[int, bool],
    ) -> Ref:
        """OR / AND / AT_LEAST of `children` given `assigned`: children that share no random
        node are independent and combine by formula; a group that does share is split on the
        hub it shares most (a node with nothing shared below it), recursively."""
        self._charge(len(children))
        supports = [self._support(c) - assigned.keys() for c in children]
        if type_ is GateType.AT_LEAST:
            groups = [list(range(len(children)))] if _overlap(supports) else []
            singles = [] if groups else list(range(len(children)))
        else:
            groups, singles = _components(supports)
        refs = [self._node(children[i], assigned) for i in singles]
        for group in groups:
            members = tuple(children[i] for i in group)
            hub = self._hub([supports[i] for i in group], assigned)
            scope = frozenset().union(*(supports[i] for i in group)) | frozenset(assigned)
            relevant = tuple(sorted((x, b) for x, b in assigned.items() if x in scope))
            key = (type_, threshold, members, relevant)
            if key not in self.combined:
                base = dict(relevant)
                when_true = self._combine(type_, threshold, members, {**base, hub: True})
                when_false = self._combine(type_, threshold, members, {**base, hub: False})
                self.combined[key] = self._mix(self._node(hub, base), when_true, when_false)
            refs.append(self.combined[key])
        if type_ is GateType.AT_LEAST and groups:
            return refs[0]
        return self._formula(type_, threshold if type_ is GateType.AT_LEAST else 0, refs)

    def _charge(self, work: int) -> None:
        """Count planning work (splitting and grouping cost more than the steps they emit), so
        that a limited plan gives up after bounded effort, deterministically."""
        self.work += work
        if self.step_limit is not None and self.work > self.step_limit * WORK_PER_STEP:
            raise PlanTooLargeError(
                f"exact evaluation needs more than {self.step_limit} steps; use Monte Carlo"
            )

    def _support(self, n: int) -> frozenset[int]:
        if self._is_leaf(n):
            return frozenset((n,)) if n in self.shared else frozenset()
        return self.support[n]

    def _hub(self, supports: list[frozenset[int]], assigned: Mapping[int, bool]) -> int:
        """The shared node, with nothing unassigned shared below it, most children depend on."""
        counts: dict[int, int] = {}
        for support in supports:
            for x in support:
                counts[x] = counts.get(x, 0) + 1
        candidates = [
            x
            for x in counts
            if counts[x] > 1 and (self._is_leaf(x) or not (self.below[x] - assigned.keys()))
        ]
        if not candidates:  # a node shared deeper down (always a candidate below a shared one)
            candidates = [
                x for x in counts if self._is_leaf(x) or not (self.below[x] - assigned.keys())
            ]
        return min(candidates, key=lambda x: (-counts[x], x))

    def _formula(self, type_: GateType, threshold: int, refs: list[Ref]) -> Ref:
        trues = sum(1 for r in refs if r == (CONST, 1))
        live = [r for r in refs if r[0] != CONST]
        if type_ is GateType.OR:
            if trues:
                return (CONST, 1)
            threshold = 1
        elif type_ is GateType.AND:
            if len(live) + trues < len(refs):
                return (CONST, 0)
            threshold = len(live)
        else:
            threshold -= trues
        if threshold <= 0:
            return (CONST, 1)
        if threshold > len(live):
            return (CONST, 0)
        if len(live) == 1:
            return live[0]
        kind = (
            GateType.OR
            if threshold == 1
            else GateType.AND
            if threshold == len(live)
            else GateType.AT_LEAST
        )
        return self._step(FormulaStep(kind, tuple(live), threshold))

    def _mix(self, hub: Ref, when_true: Ref, when_false: Ref) -> Ref:
        if when_true == when_false:
            return when_true
        return self._step(MixStep(hub, when_true, when_false))


def _overlap(supports: list[frozenset[int]]) -> bool:
    seen: set[int] = set()
    for support in supports:
        if seen.intersection(support):
            return True
        seen.update(support)
    return False


def _components(supports: list[frozenset[int]]) -> tuple[list[list[int]], list[int]]:
    """Indices grouped by shared support (union-find): groups of >= 2, and singletons."""
    parent = list(range(len(supports)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[int, int] = {}
    for i, support in enumerate(supports):
        for x in support:
            if x in owner:
                parent[find(i)] = find(owner[x])
            else:
                owner[x] = i
    groups: dict[int, list[int]] = {}
    for i in range(len(supports)):
        groups.setdefault(find(i), []).append(i)
    multi = [g for g in groups.values() if len(g) > 1]
    singles = [g[0] for g in groups.values() if len(g) == 1]
    return multi, singles
