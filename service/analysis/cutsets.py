"""Aligned holes: minimal cut sets of a deployment's "uncovered" event (DESIGN §4.2).

Structural reading over the kinds the caller chooses: an event of a chosen kind may occur,
events of other kinds do not, a world model that occurs makes every FAILS_IN edge into it take
effect, and unsoundness is never part of a cut set. A cut set is a set of events whose
occurrence leaves every covering case failed; the minimal ones are what fault-tree tools call
minimal cut sets. Sets holding two answers of one Question are impossible and excluded.

Algorithm: bottom-up over the circuit (the fault tree is coherent), each signal gets the family
of its minimal cut sets of size <= max order (MOCUS-style expansion with minimisation and
truncation, which is exact for coherent trees: a cut set of size <= k of an AND only combines
cut sets of size <= k of its inputs). Wide AND gates, the deployment's conjunction of cases
above all, are combined by a depth-first search that commits one cut set of the most
constrained uncut input at a time within the remaining order budget, instead of forming the
full product of the families. Infeasible sets (two answers of a question) are dropped as soon
as they appear: every subset of a feasible set is feasible, so no minimal feasible set is lost.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

from service.analysis.circuit import BasicEventType, Circuit, GateType, deployment_of
from service.analysis.cut_set_results import (
    ALL_KINDS,
    CutSet,
    CutSets,
    Event,
    describe_cut_set,
    parse_kinds,
)
from service.analysis.cutsets_zbdd import minimal_cut_sets_unlimited, prefers_zbdd
from service.errors import InvalidInputError
from service.model import EventKind

__all__ = [
    "ALL_KINDS",
    "CutSet",
    "CutSetFinder",
    "CutSets",
    "Event",
    "minimal_cut_sets",
    "parse_kinds",
]

Family = list[frozenset[int]]  # minimal cut sets, as sets of basic event indices
_TRUE: Family = [frozenset()]


def minimal_cut_sets(
    circuit: Circuit,
    deployment: str,
    *,
    max_order: int = 3,
    over: Collection[str | EventKind] = ALL_KINDS,
) -> CutSets:
    """Minimal cut sets of `deployment` over the chosen kinds, with at most `max_order` events
    each (0 = no limit). A deployment no case covers has the empty set as its only cut set."""
    return CutSetFinder(circuit, max_order=max_order, over=over).of(deployment)


class CutSetFinder:
    """`minimal_cut_sets` of several deployments of one circuit, sharing the families of the
    signals their cones share (an audit's single points of failure at 10,000 cases computed
    the shared assumptions' families once per deployment). Not thread-safe."""

    def __init__(
        self,
        circuit: Circuit,
        *,
        max_order: int = 3,
        over: Collection[str | EventKind] = ALL_KINDS,
    ) -> None:
        if max_order < 0:
            raise InvalidInputError(f"max order must be >= 0 (0 = unlimited), got {max_order}")
        self.circuit = circuit
        self.max_order = max_order
        self.kinds = parse_kinds(over)
        self._families = _Families(circuit, set(self.kinds), max_order)

    def of(self, deployment: str) -> CutSets:
        circuit, max_order, kinds = self.circuit, self.max_order, self.kinds
        dep = deployment_of(circuit, deployment)
        # No order limit, or a large plain fault tree: the minimal solutions of the BDD, as a
        # ZBDD (`cutsets_zbdd`); MOCUS has no truncation to lean on, or blows up first.
        if max_order == 0 or prefers_zbdd(circuit, dep.signal):
            return minimal_cut_sets_unlimited(circuit, dep.id, max_order=max_order, over=kinds)
        family = self._families.of(dep.signal)
        cut_sets = [describe_cut_set(circuit, s) for s in family]
        cut_sets.sort(key=lambda cs: (-cs.probability, cs.order, cs.events))
        return CutSets(dep.id, max_order, kinds, tuple(cut_sets))


class _Families:
    """Minimal cut set families of circuit signals, memoised, truncated at `limit` events."""

    def __init__(self, circuit: Circuit, kinds: set[EventKind], limit: int | None) -> None:
        self.circuit = circuit
        self.limit = limit
        self.memo: dict[int, Family] = {}
        self.question_of: dict[int, int] = {
            w.event: w.question for w in circuit.worlds
        }  # world event -> question
        self.allowed = set()
        if EventKind.ASSUMPTION in kinds:
            self.allowed |= {a.event for a in circuit.assumptions}
        if EventKind.TECHNIQUE in kinds:
            self.allowed |= {t.event for t in circuit.techniques}
        if EventKind.WORLD in kinds:
            self.allowed |= {w.event for w in circuit.worlds}

    def of(self, root: int) -> Family:
        if root not in self.memo:  # else so is its whole cone
            for s in self.circuit.cone([root]):
                if s not in self.memo:
                    self.memo[s] = self._compute(s)
        return self.memo[root]

    def _compute(self, s: int) -> Family:
        c = self.circuit
        if s < len(c.events):
            ev = c.events[s]
            if ev.type is BasicEventType.EDGE:  # takes effect whenever its world model is true
                return _TRUE
            if s in self.allowed:
                return [frozenset((s,))]
            return []  # unsoundness, and events of kinds not chosen, do not occur
        gate = c.gates[s - len(c.events)]
        inputs = [self.memo[i] for i in gate.inputs]
        if gate.type is GateType.OR:
            return self._or(inputs)
        if gate.type is GateType.AND:
            return self._and(inputs)
        return self._at_least(gate.threshold, inputs)

    # -- family algebra ------------------------------------------------------------------------

    def _feasible(self, s: frozenset[int]) -> bool:
        seen: set[int] = set()
        for e in s:
            q = self.question_of.get(e)
            if q is not None:
                if q in seen:
                    return False
                seen.add(q)
        return True

    def _or(self, families: Sequence[Family]) -> Family:
        if any(f == _TRUE for f in families):
            return _TRUE
        nonempty = [f for f in families if f]
        if len(nonempty) <= 1:
            return list(nonempty[0]) if nonempty else []
        return _minimise(s for f in nonempty for s in f)

    def _and(self, families: Sequence[Family]) -> Family:
        live = [f for f in families if f != _TRUE]
        if any(not f for f in live):
            return []
        if not live:
            return _TRUE
        if len(live) == 1:
            return live[0]
        if self.limit is not None and len(live) > 2:
            return self._and_search(live)
        live.sort(key=len)
        acc = live[0]
        for f in live[1:]:
            acc = self._and2(acc, f)
            if not acc:
                return []
        return acc

    def _and2(self, f: Family, g: Family) -> Family:
        limit = self.limit
        out = []
        for s in f:
            for t in g:
                u = s | t
                if limit is not None and len(u) > limit:
                    continue
                if len(u) > 1 and not self._feasible(u):
                    continue
                out.append(u)
        return _minimise(out)

    def _and_search(self, families: list[Family]) -> Family:
        assert self.limit is not None
        found: list[frozenset[int]] = []

        def search(chosen: frozenset[int], budget: int, uncut: list[Family]) -> None:
            remaining: list[Family] = []
            best: list[frozenset[int]] | None = None
            for f in uncut:
                if any(s <= chosen for s in f):
                    continue
                options = [s - chosen for s in f if len(s - chosen) <= budget]
                if not options:
                    return  # this input cannot be cut within the order budget
                remaining.append(f)
                if best is None or len(options) < len(best):
                    best = options
            if best is None:
                found.append(chosen)
                return
            for extra in dict.fromkeys(best):
                grown = chosen | extra
                if self._feasible(grown):
                    search(grown, budget - len(extra), remaining)

        search(frozenset(), self.limit, families)
        return _minimise(found)

    def _at_least(self, threshold: int, families: Sequence[Family]) -> Family:
        # at_least[j] = family of "at least j of the inputs seen so far fail".
        at_least: list[Family] = [_TRUE] + [[] for _ in range(threshold)]
        for f in families:
            for j in range(threshold, 0, -1):
                at_least[j] = self._or([self._and([f, at_least[j - 1]]), at_least[j]])
        return at_least[threshold]


def _minimise(sets: Iterable[frozenset[int]]) -> Family:
    """The minimal sets among `sets` (no kept set contains another)."""
    unique = sorted(set(sets), key=len)
    kept: Family = []
    by_least: dict[int, list[frozenset[int]]] = {}
    for s in unique:
        if not s:
            return _TRUE
        if any(t <= s for e in s for t in by_least.get(e, ())):
            continue
        kept.append(s)
        by_least.setdefault(min(s), []).append(s)
    return kept
