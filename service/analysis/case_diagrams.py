"""Stage 2, for impact: the per-case failure diagrams, kept across graph revisions.

Building a case's diagram is the slow part of the first impact on a large portfolio (about
2 ms of Python a case, 10,000 cases). A write touches a few cases, so a diagram is kept by
the *content* of the case's cone, not by the revision: every gate and event the case's
failure depends on, by entity id and structure. Probabilities are left out (the
diagram's shape does not depend on them; `variable_probabilities` reads them from the current
circuit), except whether a FAILS_IN edge is certain, which the build folds.

A diagram built for one circuit is reused for another by naming its variables by entity id
(an assumption's, a technique's or a FAILS_IN edge's own event, a case's unsoundness, a
question's chain position) and mapping those names to the new circuit's indices.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Hashable
from dataclasses import dataclass

import numpy as np

from service.analysis.bdd import (
    BddVariables,
    FlatBdd,
    Fold,
    IntArray,
    build_each,
    concatenate,
    fold_certain_edges,
)
from service.analysis.circuit import BasicEventType, Circuit
from service.model import EventKind
from service.util.gc_pause import collector_paused
from service.util.lru import LruCache

DEFAULT_MAX_NODES = 12_000_000  # about 2 x the diagrams of a 10,000-case portfolio
MAX_INTERNED = 5_000_000  # distinct cone contents remembered before the cache starts afresh


@dataclass(frozen=True, eq=False)
class _Stored:
    flat: FlatBdd  # variables as indices of the circuit it was built for
    labels: IntArray  # per variable, the interned name of its event or question
    position: IntArray  # per variable, its chain position, or -1 for an event


class CaseDiagramCache:
    """Impact's per-case diagrams by cone content (thread-safe, least recently used first out,
    bounded by the total number of diagram nodes).

    A cone's content is *interned*: each distinct (gate type, threshold, inputs' contents) or
    event name gets a number the first time it is seen, so two cones with the same number are
    equal by construction (no digest that could collide), and a key costs a dictionary look-up
    per gate."""

    def __init__(self, max_nodes: int = DEFAULT_MAX_NODES) -> None:
        self.max_nodes = max_nodes
        self._entries: LruCache[int, _Stored] = LruCache(max_nodes, getsizeof=_node_count)
        # Whole joined diagrams by what they were joined from (the newest of each workspace
        # is also held by its circuit, so this costs little beyond it).
        self._joined: LruCache[Hashable, FlatBdd] = LruCache(max_nodes, getsizeof=_flat_size)
        self._content: dict[Hashable, int] = {}
        self._names: dict[Hashable, int] = {}
        self._lock = threading.Lock()  # guards the interned numbers
        self.hits = 0
        self.misses = 0

    @property
    def nodes(self) -> int:
        """Diagram nodes held."""
        return self._entries.currsize

    def __len__(self) -> int:
        return len(self._entries)

    def diagrams(self, circuit: Circuit) -> list[FlatBdd]:
        """One diagram per case of `circuit` (in case order), its variables in `circuit`'s
        indices: built for the cases whose cone content is new, reused for the others."""
        with collector_paused():
            names, keys, fold = self._keys(circuit)
            return self._diagrams(circuit, names, keys, fold)

    def joined(self, circuit: Circuit) -> FlatBdd:
        """`concatenate(self.diagrams(circuit))`; the one joined last for a circuit whose
        cases have the same cone contents and whose variables have the same names is reused
        whole. That is the common write (a probability, a status, a title): its next impact
        on 10,000 cases spent most of its time joining 6 million unchanged nodes again."""
        with collector_paused():
            names, keys, fold = self._keys(circuit)
            signature = (tuple(keys), tuple(names.event_names), tuple(names.question_names))
            found = self._joined.get(signature)
            if found is not None:
                with self._lock:
                    self.hits += len(keys)
                return found
            flat = concatenate(self._diagrams(circuit, names, keys, fold))
            self._joined.put(signature, flat)
            return flat

    def _keys(self, circuit: Circuit) -> tuple[_VariableNames, list[int], Fold]:
        fold = fold_certain_edges(circuit)
        with self._lock:
            if len(self._content) > MAX_INTERNED:
                self._start_afresh()
            names = _VariableNames(circuit, self._names)
            contents = cone_contents(circuit, fold, names.event_names, self._content)
        return names, [contents[case.signal] for case in circuit.cases], fold

    def _diagrams(
        self, circuit: Circuit, names: _VariableNames, keys: list[int], fold: Fold
    ) -> list[FlatBdd]:
        found: dict[int, _Stored] = {}
        for c, key in enumerate(keys):
            stored = self._entries.get(key)
            if stored is not None:
                found[c] = stored
        missing = [c for c in range(len(keys)) if c not in found]
        built = build_each(circuit, [circuit.cases[c].signal for c in missing], fold=fold)
        by_case = dict(zip(missing, built, strict=True))
        out: list[FlatBdd] = []
        fresh: list[tuple[int, _Stored]] = []
        for c, key in enumerate(keys):
            if c in found:
                out.append(names.rebind(found[c]))
            else:
                flat = by_case[c]
                out.append(flat)
                fresh.append((key, names.store(flat)))
        for key, stored in fresh:
            self._entries.put(key, stored)
        with self._lock:
            self.hits += len(found)
            self.misses += len(missing)
        return out

    def clear(self) -> None:
        with self._lock:
            self._start_afresh()

    def _start_afresh(self) -> None:
        # The interned numbers are the keys: forgetting them forgets the diagrams too.
        self._entries.clear()
        self._joined.clear()
        self._content.clear()
        self._names.clear()


def _node_count(stored: _Stored) -> int:
    return stored.flat.size


def _flat_size(flat: FlatBdd) -> int:
    return flat.size


#: The process-wide cache impact uses (diagrams outlive the circuits they were built for).
case_diagrams = CaseDiagramCache()


class _VariableNames:
    """A circuit's diagram variables named by entity id (interned in `names`), and back."""

    def __init__(self, circuit: Circuit, names: dict[Hashable, int]) -> None:
        def intern(name: Hashable) -> int:
            return names.setdefault(name, len(names))

        self.event_names = [intern(label) for label in _event_labels(circuit)]
        self.question_names = [intern(("question", q.id)) for q in circuit.questions]
        size = len(names)
        self._event_of = np.full(size, -1, dtype=np.int64)
        self._event_of[self.event_names] = np.arange(len(self.event_names))
        self._question_of = np.full(size, -1, dtype=np.int64)
        self._question_of[self.question_names] = np.arange(len(self.question_names))
        self._event_name = np.array(self.event_names, dtype=np.int64)
        self._question_name = np.array(self.question_names, dtype=np.int64)

    def store(self, flat: FlatBdd) -> _Stored:
        """`flat` with its variables named (it was built for this circuit)."""
        v = flat.variables
        is_event = v.event >= 0
        labels = np.where(
            is_event,
            self._event_name[np.where(is_event, v.event, 0)],
            self._question_name[np.where(is_event, 0, v.question)]
            if len(self._question_name)
            else -1,
        )
        return _Stored(flat, labels, v.position.copy())

    def rebind(self, stored: _Stored) -> FlatBdd:
        """The stored diagram with its variables mapped to this circuit's indices (every name
        it uses is in this circuit: the cone content, names included, is the same)."""
        flat = stored.flat
        return FlatBdd(
            var=flat.var,
            lo=flat.lo,
            lo_neg=flat.lo_neg,
            hi=flat.hi,
            hi_neg=flat.hi_neg,
            layer_ends=flat.layer_ends,
            roots=flat.roots,
            variables=BddVariables(
                self._event_of[stored.labels], self._question_of[stored.labels], stored.position
            ),
        )


def _event_labels(circuit: Circuit) -> list[Hashable]:
    """What each basic event is, by entity ids (stable across revisions). An assumption or
    technique may fail in one world through several FAILS_IN edges (independent causes), so an
    edge is also named by its place among the edges of that source into that world."""
    labels: list[Hashable] = []
    seen: Counter[Hashable] = Counter()
    for ev in circuit.events:
        if ev.type is BasicEventType.ASSUMPTION:
            labels.append(("assumption", circuit.assumptions[ev.owner].id))
        elif ev.type is BasicEventType.TECHNIQUE:
            labels.append(("technique", circuit.techniques[ev.owner].id))
        elif ev.type is BasicEventType.WORLD:
            labels.append(("world", circuit.worlds[ev.owner].id))
        elif ev.type is BasicEventType.EDGE:
            edge = circuit.edges[ev.owner]
            source = (
                circuit.assumptions[edge.source].id
                if edge.source_kind is EventKind.ASSUMPTION
                else circuit.techniques[edge.source].id
            )
            pair = (edge.source_kind.value, source, circuit.worlds[edge.world].id)
            labels.append(("edge", *pair, seen[pair]))
            seen[pair] += 1
        else:
            labels.append(("unsound", circuit.cases[ev.owner].id))
    return labels


def cone_contents(
    circuit: Circuit, fold: Fold, event_names: list[int], interned: dict[Hashable, int]
) -> list[int]:
    """Per signal, the interned number of everything its diagram depends on: for a gate its
    type, threshold and its inputs' contents in order (the variable order follows the
    inputs); for an event its name, whether `fold` decides it, and for a world model its
    question's answers (which chain variables encode it)."""
    out: list[int] = []
    for e, ev in enumerate(circuit.events):
        content: tuple[Hashable, ...] = ("event", event_names[e], fold(e))
        if ev.type is BasicEventType.WORLD:
            question = circuit.questions[circuit.worlds[ev.owner].question]
            content += (question.id, tuple(circuit.worlds[w].id for w in question.worlds))
        out.append(interned.setdefault(content, len(interned)))
    get = out.__getitem__
    for gate in circuit.gates:
        key = (gate.type, gate.threshold, *map(get, gate.inputs))
        out.append(interned.setdefault(key, len(interned)))
    return out
