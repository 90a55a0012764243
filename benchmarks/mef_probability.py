"""Top-event probability straight from an Open-PSA MEF file: an independent check of the engine.

Nothing here goes through the engine: no MEF importer, no portfolio, no circuit, no `FlatBdd`.
The gates are read from the XML as written (and, or, atleast, not, xor, nand, nor, iff, imply,
house events, constants: a BDD has no need for coherence), and one BDD of the top gate is built
with `dd` (CUDD), from depth-first order of first use refined by CUDD's sifting (so its shape
differs from the engine's static-order diagram on every tree big enough for sifting to start).
Its probability is computed in exact rational arithmetic (`Fraction`, from the decimal
probabilities as written) when the diagram has at most `EXACT_LIMIT` nodes, otherwise by a
float pass that carries P(true) and P(false) of every node (a complemented edge swaps the two,
nothing is subtracted from 1).

`scram_comparison` requires the engine's exact probability to agree with this one to 1e-9
relative on every tree both finish; with exact arithmetic the difference measured is the
engine's whole floating-point error.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any, TypeVar
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as SafeElementTree

try:
    import dd.cudd as dd_backend
except ImportError:  # pragma: no cover - depends on the installed wheel
    import dd.autoref as dd_backend


Number = TypeVar("Number", float, Fraction)  # the arithmetic of a probability pass

EXACT_LIMIT = 500_000  # BDD nodes up to which the probability is computed in exact arithmetic
SIFTING_MAX_GROWTH = 1.05  # CUDD sifting moves a variable while the diagram grows less than this


class MefReadError(Exception):
    """The file is not a fault tree this reader understands; the message says what is wrong."""


@dataclass(frozen=True)
class FaultTree:
    """The gates of a MEF file as XML formulas, with basic-event and house-event values."""

    name: str
    top: str
    gates: dict[str, Element]  # gate name -> its formula element
    probabilities: dict[str, Fraction]  # exactly as written (decimal)
    house_events: dict[str, bool]

    @property
    def basic_events(self) -> int:
        return len(self.probabilities)


@dataclass(frozen=True)
class TopProbability:
    probability: float  # the exact value rounded to a float, or the float pass
    exact: Fraction | None  # None when the diagram was too large for exact arithmetic
    bdd_nodes: int  # nodes of the top event's BDD
    variables: int

    @property
    def arithmetic(self) -> str:
        return "exact" if self.exact is not None else "float"


def read_fault_tree(path: Path) -> FaultTree:
    """The fault tree of a MEF file (its one top gate: the gate no other gate uses)."""
    root = SafeElementTree.parse(path).getroot()
    if root is None:
        raise MefReadError(f"{path}: empty document")
    name = path.stem
    gates: dict[str, Element] = {}
    order: list[str] = []
    probabilities: dict[str, Fraction] = {}
    house: dict[str, bool] = {}
    for element in root.iter():
        if element.tag == "define-fault-tree":
            name = element.get("name", name)
        elif element.tag == "define-gate":
            formulas = [c for c in element if c.tag not in ("label", "attributes")]
            gates[element.get("name", "")] = formulas[0]
            order.append(element.get("name", ""))
        elif element.tag == "define-basic-event":
            values = [c for c in element if c.tag == "float"]
            if not values:
                raise MefReadError(f"basic event {element.get('name')} has no <float>")
            try:
                probabilities[element.get("name", "")] = Fraction(values[0].get("value", ""))
            except ValueError:
                raise MefReadError(f"basic event {element.get('name')}: bad <float>") from None
        elif element.tag == "define-house-event":
            constants = [c for c in element if c.tag == "constant"]
            house[element.get("name", "")] = bool(constants and constants[0].get("value") == "true")
    used = {
        ref.get("name")
        for formula in gates.values()
        for ref in formula.iter()
        if ref.tag == "gate" or (ref.tag == "event" and ref.get("type") == "gate")
    }
    tops = [g for g in order if g not in used]
    if len(tops) != 1:
        raise MefReadError(f"expected one top gate, found {len(tops)}")
    return FaultTree(name, tops[0], gates, probabilities, house)


def top_probability(tree: FaultTree, *, exact_limit: int = EXACT_LIMIT) -> TopProbability:
    """The probability of the top gate (basic events independent)."""
    order = _first_use(tree)
    manager: Any = dd_backend.BDD(memory_estimate=1 << 30, initial_cache_size=1 << 16)
    manager.configure(reordering=True, max_growth=SIFTING_MAX_GROWTH)
    names = [f"e{i}" for i in range(len(order))]
    if names:
        manager.declare(*names)
    variable = {event: manager.var(n) for event, n in zip(order, names, strict=True)}
    built: dict[str, Any] = {}
    for gate in _gates_bottom_up(tree):
        built[gate] = _formula(manager, tree, tree.gates[gate], built, variable)
    top = built[tree.top]
    manager.configure(reordering=False)
    # After sifting, level l holds the variable `var_at_level(l)` ("e<index into order>").
    level_p = [
        tree.probabilities[order[int(manager.var_at_level(level)[1:])]]
        for level in range(len(order))
    ]
    nodes = int(top.dag_size)
    if nodes <= exact_limit:
        exact = _probability(manager, top, level_p, Fraction(1))
        return TopProbability(float(exact), exact, nodes, len(order))
    probability = _probability(manager, top, [float(p) for p in level_p], 1.0)
    return TopProbability(probability, None, nodes, len(order))


def _first_use(tree: FaultTree) -> list[str]:
    """Basic events in depth-first order of first use from the top gate."""
    seen: set[str] = set()
    order: list[str] = []
    stack: list[Element] = [tree.gates[tree.top]]
    visited_gates = {tree.top}
    while stack:
        element = stack.pop()
        kind = _reference_kind(element)
        name = element.get("name", "")
        if kind == "gate":
            if name not in visited_gates:
                visited_gates.add(name)
                stack.append(tree.gates[name])
        elif kind == "basic-event":
            if name not in seen:
                seen.add(name)
                order.append(name)
        else:
            stack.extend(reversed(list(element)))
    return order


def _gates_bottom_up(tree: FaultTree) -> list[str]:
    """Gates reachable from the top, each after every gate it uses."""
    out: list[str] = []
    state: dict[str, int] = {}
    stack: list[tuple[str, bool]] = [(tree.top, False)]
    while stack:
        gate, expanded = stack.pop()
        if expanded:
            state[gate] = 2
            out.append(gate)
            continue
        if state.get(gate):
            continue
        state[gate] = 1
        stack.append((gate, True))
        for ref in tree.gates[gate].iter():
            if _reference_kind(ref) == "gate" and not state.get(ref.get("name", "")):
                stack.append((ref.get("name", ""), False))
    return out


def _reference_kind(element: Element) -> str | None:
    if element.tag in ("gate", "basic-event", "house-event"):
        return element.tag
    if element.tag == "event":
        return element.get("type")
    return None


def _formula(
    manager: Any,
    tree: FaultTree,
    element: Element,
    built: dict[str, Any],
    variable: dict[str, Any],
) -> Any:
    kind = _reference_kind(element)
    name = element.get("name", "")
    if kind == "gate":
        return built[name]
    if kind == "basic-event":
        return variable[name]
    if kind == "house-event":
        return manager.true if tree.house_events.get(name, False) else manager.false
    tag = element.tag
    if tag == "constant":
        return manager.true if element.get("value") == "true" else manager.false
    args = [_formula(manager, tree, child, built, variable) for child in element]
    if tag == "and":
        return _fold(manager.true, args, lambda a, b: a & b)
    if tag == "or":
        return _fold(manager.false, args, lambda a, b: a | b)
    if tag == "not":
        return ~args[0]
    if tag == "nand":
        return ~_fold(manager.true, args, lambda a, b: a & b)
    if tag == "nor":
        return ~_fold(manager.false, args, lambda a, b: a | b)
    if tag == "xor":
        return _fold(manager.false, args, lambda a, b: manager.ite(a, ~b, b))  # parity
    if tag == "iff":
        return manager.ite(args[0], args[1], ~args[1])
    if tag == "imply":
        return ~args[0] | args[1]
    if tag == "atleast":
        k = int(element.get("min", "0"))
        at_least = [manager.true] + [manager.false] * k  # "at least j of those so far"
        for u in args:
            for j in range(k, 0, -1):
                at_least[j] = manager.ite(u, at_least[j - 1], at_least[j])
        return at_least[k]
    raise MefReadError(f"unsupported formula <{tag}>")


def _fold(unit: Any, args: list[Any], op: Any) -> Any:
    acc = unit
    for u in sorted(args, key=lambda u: -u.level):  # deepest first keeps each step cheap
        acc = op(acc, u)
    return acc


def _key(u: Any) -> int:
    """One key for a node and its complement: with CUDD the complement sets the low bit of
    `int(u)`; with `autoref` it is the negative."""
    k = int(u)
    return k & -2 if dd_backend.__name__ == "dd.cudd" else abs(k)


def _probability(manager: Any, root: Any, level_p: Sequence[Number], one: Number) -> Number:
    """P(root), one pass over the nodes with (P(true), P(false)) per regular node: in the
    arithmetic of `level_p` (floats, or `Fraction`s for exact rational values)."""
    key_of = _key
    zero = one - one
    # Pairs of regular (uncomplemented) nodes; a complemented reference swaps its pair. The
    # regular terminal is TRUE (FALSE is its complement).
    pairs: dict[int, tuple[Number, Number]] = {key_of(manager.true): (one, zero)}

    def pair(u: Any) -> tuple[Number, Number]:
        t, f = pairs[key_of(u)]
        return (f, t) if u.negated else (t, f)

    stack = [root]
    while stack:
        u = stack[-1]
        if key_of(u) in pairs:
            stack.pop()
            continue
        low, high = u.low, u.high
        missing = [c for c in (low, high) if key_of(c) not in pairs]
        if missing:
            stack.extend(missing)
            continue
        stack.pop()
        q = level_p[u.level]
        # `low` / `high` are the children of the regular node, as the node stores them.
        lt, lf = pair(low)
        ht, hf = pair(high)
        pairs[key_of(u)] = (q * ht + (1 - q) * lt, q * hf + (1 - q) * lf)
    return pair(root)[0]
