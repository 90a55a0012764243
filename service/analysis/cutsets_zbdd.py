"""Aligned holes without an order limit: minimal cut sets through a BDD and a ZBDD (DESIGN §4.2).

Stages, as fault-tree tools run them:

1. *Structural BDD.* The deployment's "uncovered" signal under the structural reading: events of
   the chosen kinds are variables (every world model its own variable: sets holding two answers
   of a question are removed at the end), FAILS_IN edges take effect (true), unsoundness and
   events of kinds not chosen do not occur (false). Built with `dd` (CUDD) from the initial
   variable order of fault-tree tools, depth-first order of first use from the top (the events
   of one subtree on adjacent levels), which CUDD's sifting refines while the diagram grows.
2. *Minimal solutions.* Rauzy's algorithm turns the BDD into the ZBDD of its minimal solutions,
   the minimal cut sets (`zbdd.minimal_solutions`), then the infeasible sets are dropped.
3. *Reading.* Count them exactly (also by order) without listing, or list them (at most
   `MAX_LISTED`) as `CutSets`, ranked like the MOCUS path of `cutsets`.

The family is memoised on the circuit per (deployment, kinds).
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from service.analysis.bdd import DiagramTooLargeError
from service.analysis.circuit import BasicEventType, Circuit, GateType, deployment_of
from service.analysis.cut_set_results import ALL_KINDS, CutSets, describe_cut_set, parse_kinds
from service.analysis.zbdd import MonotoneBdd, Zbdd, minimal_solutions
from service.errors import InvalidInputError
from service.model import EventKind

try:
    import dd.cudd as dd_backend
except ImportError:  # pragma: no cover - depends on the installed wheel
    import dd.autoref as dd_backend

MAX_LISTED = 1_000_000  # more minimal cut sets than this are counted, not listed
# Sifting (CUDD's dynamic reordering, from 4004 nodes on) moves a variable only while the
# diagram grows by less than this factor: cheap passes that still shrink the large fault-tree
# BDDs of the Aralia set 10-50x (edf9204: 760k -> 31k nodes).
REORDER_MAX_GROWTH = 1.05
STATIC_BUDGET = 1_000_000  # manager nodes a static-order build may reach before sifting
STATIC_ENOUGH = 100_000  # a static-order BDD this small is kept without trying sifting

LARGE_TREE = 400  # signals from which `minimal_cut_sets` takes this path for a fault tree

Progress = Callable[[str, int], None]  # (stage, measure): what a long computation reports


@dataclass(frozen=True)
class StructuralDiagram:
    """The BDD of one signal under the structural reading; level i is circuit event `events[i]`."""

    bdd: MonotoneBdd
    events: tuple[int, ...]

    @property
    def size(self) -> int:
        """BDD nodes reachable from the root (the TRUE terminal included)."""
        return len(self.bdd.var)


def structural_diagram(
    circuit: Circuit,
    signal: int,
    kinds: Collection[EventKind] = ALL_KINDS,
    *,
    node_limit: int | None = None,
    reorder: bool = True,
    on_progress: Progress | None = None,
) -> StructuralDiagram:
    """The BDD of `signal` with the events of `kinds` as variables (see the module docstring).

    The initial order is depth-first first use; with `reorder`, CUDD sifts it as the diagram
    grows. Raises `DiagramTooLargeError` when the manager holds more than `node_limit` nodes.
    """
    allowed = _allowed_events(circuit, kinds)
    order = _first_use_order(circuit, signal, allowed)
    cone = circuit.cone([signal])
    manager = _manager(len(cone))
    if reorder:
        manager.configure(reordering=True, max_growth=REORDER_MAX_GROWTH)
    names = [f"x{i}" for i in range(len(order))]
    if names:
        manager.declare(*names)
    variable = {e: manager.var(name) for e, name in zip(order, names, strict=True)}
    values: dict[int, Any] = {}
    n_events = len(circuit.events)
    for count, s in enumerate(cone, 1):
        if s < n_events:
            if s in variable:
                values[s] = variable[s]
            elif circuit.events[s].type is BasicEventType.EDGE:
                values[s] = manager.true  # takes effect whenever its world model is true
            else:
                values[s] = manager.false
            continue
        gate = circuit.gates[s - n_events]
        values[s] = _gate(manager, gate.type, gate.threshold, [values[i] for i in gate.inputs])
        if count % 64 == 0:
            if node_limit is not None:
                _check_size(manager, node_limit)
            if on_progress is not None:
                on_progress("bdd", node_count(manager))
    if node_limit is not None:
        _check_size(manager, node_limit)
    manager.configure(reordering=False)
    by_level = [order[int(manager.var_at_level(level)[1:])] for level in range(len(order))]
    return StructuralDiagram(_export(manager, values[signal], len(order)), tuple(by_level))


def _manager(cone_size: int) -> Any:
    if dd_backend.__name__ == "dd.cudd":
        # CUDD's default sizing allocates for huge diagrams; size it to the circuit.
        memory = min(1 << 31, max(1 << 24, cone_size << 12))
        manager = dd_backend.BDD(memory_estimate=memory, initial_cache_size=1 << 12)
    else:  # pragma: no cover - depends on the installed wheel
        manager = dd_backend.BDD()
    manager.configure(reordering=False)  # the levels are the variable order we chose
    return manager


def node_count(manager: Any) -> int:
    """Nodes a `dd` manager holds (live or awaiting collection)."""
    if dd_backend.__name__ == "dd.cudd":
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # a note on the unit of another statistic
            return int(manager.statistics(exact_node_count=False)["n_nodes"])
    return len(manager)  # pragma: no cover


def _check_size(manager: Any, node_limit: int) -> None:
    nodes = node_count(manager)
    if nodes > node_limit:
        raise DiagramTooLargeError(f"the BDD exceeded {node_limit} nodes ({nodes})")


def _export(manager: Any, root: Any, n_vars: int) -> MonotoneBdd:
    """The diagram of `root` as lists, children numbered before parents (the root last)."""
    # `int(u)` identifies a node and its complement: with CUDD the complement sets the low
    # bit of the pointer; with `autoref` it is the negative.
    cudd = dd_backend.__name__ == "dd.cudd"

    def key_of(u: Any) -> int:
        k = int(u)
        return k & -2 if cudd else abs(k)

    index: dict[int, int] = {key_of(manager.true): 0}
    var: list[int] = [n_vars]
    lo: list[int] = [0]
    lo_neg: list[bool] = [False]
    hi: list[int] = [0]
    hi_neg: list[bool] = [False]
    stack = [root]
    while stack:
        u = stack[-1]
        key = key_of(u)
        if key in index:
            stack.pop()
            continue
        low, high = u.low, u.high
        i_low, i_high = index.get(key_of(low)), index.get(key_of(high))
        if i_low is None or i_high is None:
            if i_high is None:
                stack.append(high)
            if i_low is None:
                stack.append(low)
            continue
        stack.pop()
        index[key] = len(var)
        var.append(u.level)
        lo.append(i_low)
        lo_neg.append(bool(low.negated))
        hi.append(i_high)
        hi_neg.append(bool(high.negated))
    return MonotoneBdd(var, lo, lo_neg, hi, hi_neg, index[key_of(root)], bool(root.negated), n_vars)


def _allowed_events(circuit: Circuit, kinds: Collection[EventKind]) -> set[int]:
    allowed: set[int] = set()
    if EventKind.ASSUMPTION in kinds:
        allowed |= {a.event for a in circuit.assumptions}
    if EventKind.TECHNIQUE in kinds:
        allowed |= {t.event for t in circuit.techniques}
    if EventKind.WORLD in kinds:
        allowed |= {w.event for w in circuit.worlds}
    return allowed


def _first_use_order(circuit: Circuit, signal: int, allowed: set[int]) -> list[int]:
    """The allowed events under `signal`, in depth-first (pre-)order of first use."""
    n_events = len(circuit.events)
    seen: set[int] = set()
    order: list[int] = []
    stack = [signal]
    while stack:
        s = stack.pop()
        if s in seen:
            continue
        seen.add(s)
        if s >= n_events:
            stack.extend(reversed(circuit.gates[s - n_events].inputs))
        elif s in allowed:
            order.append(s)
    return order


def _gate(manager: Any, type_: GateType, threshold: int, inputs: Sequence[Any]) -> Any:
    # Combining operands from the bottom of the order up keeps each step cheap.
    operands = sorted(inputs, key=lambda u: -u.level) if len(inputs) > 1 else list(inputs)
    if type_ is GateType.OR:
        acc = manager.false
        for u in operands:
            acc = acc | u
        return acc
    if type_ is GateType.AND:
        acc = manager.true
        for u in operands:
            acc = acc & u
        return acc
    at_least = [manager.true] + [manager.false] * threshold  # "at least j so far"
    for u in operands:
        for j in range(threshold, 0, -1):
            at_least[j] = manager.ite(u, at_least[j - 1], at_least[j])
    return at_least[threshold]


@dataclass(frozen=True, eq=False)
class CutSetFamily:
    """The minimal cut sets of a deployment, held as a ZBDD: count them or list them."""

    deployment: str
    over: tuple[EventKind, ...]
    zbdd: Zbdd = field(repr=False)
    root: int
    events: tuple[int, ...]  # ZBDD variable (BDD level) -> circuit basic event
    bdd_size: int  # nodes of the structural BDD

    @property
    def zbdd_size(self) -> int:
        return self.zbdd.size(self.root)

    def restricted(self, max_order: int = 0) -> int:
        """The ZBDD node of the cut sets with at most `max_order` events (0 = all)."""
        if max_order <= 0:
            return self.root
        return self.zbdd.restrict_order(self.root, max_order)

    def count(self, max_order: int = 0) -> int:
        return self.zbdd.count(self.restricted(max_order))

    def count_by_order(self, max_order: int = 0) -> dict[int, int]:
        return self.zbdd.count_by_order(self.restricted(max_order))

    def event_sets(self, max_order: int = 0) -> Iterator[tuple[int, ...]]:
        """Every minimal cut set as circuit event indices."""
        events = self.events
        for levels in self.zbdd.sets(self.restricted(max_order)):
            yield tuple(events[v] for v in levels)


def cut_set_family(
    circuit: Circuit,
    deployment: str,
    *,
    over: Collection[str | EventKind] = ALL_KINDS,
    node_limit: int | None = None,
    on_progress: Progress | None = None,
) -> CutSetFamily:
    """The ZBDD of the minimal cut sets of `deployment` over the chosen kinds (memoised).

    `node_limit` bounds the structural BDD (`DiagramTooLargeError` beyond it); `on_progress`
    hears ("bdd", nodes in the manager) while the BDD grows, then ("zbdd", BDD nodes done).
    """
    kinds = parse_kinds(over)
    dep = deployment_of(circuit, deployment)

    def build() -> CutSetFamily:
        diagram = _smaller_diagram(circuit, dep.signal, kinds, node_limit, on_progress)
        zbdd, root = minimal_solutions(
            diagram.bdd,
            on_progress=None if on_progress is None else lambda done: on_progress("zbdd", done),
        )
        level = {e: i for i, e in enumerate(diagram.events)}
        for question in circuit.questions:  # two answers of one question cannot both hold
            events = [circuit.worlds[w].event for w in question.worlds]
            root = zbdd.at_most_one_of(root, [level[e] for e in events if e in level])
        return CutSetFamily(dep.id, kinds, zbdd, root, diagram.events, diagram.size)

    return circuit.cached(("minimal-cut-sets-zbdd", dep.id, kinds), build)


def _smaller_diagram(
    circuit: Circuit,
    signal: int,
    kinds: Collection[EventKind],
    node_limit: int | None,
    on_progress: Progress | None,
) -> StructuralDiagram:
    """The static order first (fast to build, and small for most trees); a diagram past
    `STATIC_ENOUGH` nodes, or one that outgrows `STATIC_BUDGET` while being built, is built
    again with sifting, and the smaller of the two is kept (the cost of the minimal solutions
    grows with the BDD: sifting turns 245k nodes into 5k on edfpa14r)."""
    budget = STATIC_BUDGET if node_limit is None else min(node_limit, STATIC_BUDGET)
    static: StructuralDiagram | None = None
    with contextlib.suppress(DiagramTooLargeError):  # then sifting is the way
        static = structural_diagram(
            circuit, signal, kinds, node_limit=budget, reorder=False, on_progress=on_progress
        )
    if static is not None and static.size <= STATIC_ENOUGH:
        return static
    sifted = structural_diagram(
        circuit, signal, kinds, node_limit=node_limit, reorder=True, on_progress=on_progress
    )
    return sifted if static is None or sifted.size < static.size else static


@dataclass(frozen=True)
class CutSetCount:
    """How many minimal cut sets a deployment has (none listed), in total and by order."""

    deployment: str
    max_order: int  # 0 = unlimited
    over: tuple[EventKind, ...]
    count: int
    by_order: dict[int, int]

    def to_json(self) -> dict[str, Any]:
        return {
            "deployment": self.deployment,
            "max_order": self.max_order,
            "over": [k.value for k in self.over],
            "count": self.count,
            "by_order": {str(k): v for k, v in sorted(self.by_order.items())},
        }


def cut_set_count(
    circuit: Circuit,
    deployment: str,
    *,
    max_order: int = 0,
    over: Collection[str | EventKind] = ALL_KINDS,
) -> CutSetCount:
    """The number of minimal cut sets of `deployment` with at most `max_order` events
    (0 = unlimited), counted exactly on the ZBDD without listing them."""
    _check_order(max_order)
    family = cut_set_family(circuit, deployment, over=over)
    by_order = family.count_by_order(max_order)
    return CutSetCount(family.deployment, max_order, family.over, sum(by_order.values()), by_order)


def count_minimal_cut_sets(
    circuit: Circuit,
    deployment: str,
    *,
    max_order: int = 0,
    over: Collection[str | EventKind] = ALL_KINDS,
) -> int:
    """The number of minimal cut sets of `deployment` (0 = no order limit)."""
    _check_order(max_order)
    return cut_set_family(circuit, deployment, over=over).count(max_order)


def minimal_cut_sets_unlimited(
    circuit: Circuit,
    deployment: str,
    *,
    max_order: int = 0,
    over: Collection[str | EventKind] = ALL_KINDS,
    max_listed: int = MAX_LISTED,
) -> CutSets:
    """Every minimal cut set of `deployment` (with at most `max_order` events, 0 = no limit),
    through the BDD and ZBDD; refuses to list more than `max_listed` of them."""
    _check_order(max_order)
    family = cut_set_family(circuit, deployment, over=over)
    count = family.count(max_order)
    if count > max_listed:
        raise InvalidInputError(
            f"deployment {family.deployment!r} has {count} minimal cut sets"
            f"{'' if max_order == 0 else f' of order <= {max_order}'}, more than the "
            f"{max_listed} that can be listed: count them (--count-only) or lower --max-order"
        )
    cut_sets = [
        describe_cut_set(circuit, frozenset(events)) for events in family.event_sets(max_order)
    ]
    cut_sets.sort(key=lambda cs: (-cs.probability, cs.order, cs.events))
    return CutSets(family.deployment, max_order, family.over, tuple(cut_sets))


def prefers_zbdd(circuit: Circuit, signal: int) -> bool:
    """True for a large plain fault tree (no world model below `signal`, at least
    `LARGE_TREE` signals): there MOCUS's intermediate families explode even under an order
    limit (edf9201, 513 signals: none at order 3 within 30 s; the ZBDD: all 579,720 in 0.2 s),
    while the ZBDD restricted to the order is exact and cheap."""
    cone = circuit.cone([signal])
    if len(cone) < LARGE_TREE:
        return False
    n_events = len(circuit.events)
    return not any(s < n_events and circuit.events[s].type is BasicEventType.WORLD for s in cone)


def _check_order(max_order: int) -> None:
    if max_order < 0:
        raise InvalidInputError(f"max order must be >= 0 (0 = unlimited), got {max_order}")


__all__ = [
    "MAX_LISTED",
    "CutSetCount",
    "CutSetFamily",
    "DiagramTooLargeError",
    "StructuralDiagram",
    "count_minimal_cut_sets",
    "cut_set_count",
    "cut_set_family",
    "minimal_cut_sets_unlimited",
    "prefers_zbdd",
    "structural_diagram",
]
