"""Stage 2: binary decision diagrams of circuit signals, and their exact probabilities.

Used where many small per-case functions must be re-evaluated quickly under changing event
probabilities (impact `p_holds`: one flat diagram per case, evaluated for every scenario in
one numpy pass). Deployment-level probabilities use `per_world` instead.

The quantitative reading (DESIGN §4) has independent boolean basic events, except that the
answers of a Question are mutually exclusive. A Question with answers m_0 .. m_{k-1} is
therefore encoded by k - 1 independent *chain variables*: X_i = "the answer is m_i, given it is
none of m_0 .. m_{i-1}", with probability prior_i / (1 - prior_0 - .. - prior_{i-1}); world
model m_i is true exactly when X_0 .. X_{i-1} are false and X_i is true (the last answer when
all are false). Every variable of a diagram is then independent, so the probability of any
node is one bottom-up pass, and conditioning on an answer is setting its chain variables to
0 / 1.

Chain variables come first in the variable order (so a diagram's top layer decides the world
and everything below it is a per-world function); the other variables follow in depth-first
order of first use from the roots, the usual fault-tree heuristic.

Diagrams are built with `dd` (CUDD when the wheel ships it, otherwise its pure-Python
`autoref` backend) and exported to flat numpy arrays (`FlatBdd`), which are what the analyses
keep and evaluate; the manager itself is dropped after export.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from tempfile import TemporaryDirectory
from types import ModuleType
from typing import Any

import numpy as np
import numpy.typing as npt

from service.analysis.circuit import BasicEventType, Circuit, GateType
from service.util import foreground

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
NodeArray = npt.NDArray[np.int32]  # node and variable numbers of a diagram (6 million < 2^31)
BoolArray = npt.NDArray[np.bool_]


def _load_backend() -> ModuleType:
    try:
        import dd.cudd as backend
    except ImportError:  # pragma: no cover - depends on the installed wheel
        import dd.autoref as backend
    return backend


_BACKEND = _load_backend()
BACKEND_NAME = _BACKEND.__name__
# CUDD sifting (from 4,004 nodes on) moves a variable only while the diagram grows by less
# than this factor: the per-case diagrams of impact can reach millions of nodes in the static
# first-use order and a few thousand once sifted.
REORDER_MAX_GROWTH = 1.05
STATIC_GATE_LIMIT = 20_000  # nodes of one gate's diagram before `build_each` sifts
SHARED_MANAGER_CONE = 1 << 14  # sizes the manager `build_each` shares between diagrams
_NODE_LIMIT = 1 << 31  # node and variable numbers are 32-bit


class DiagramTooLargeError(Exception):
    """The diagram outgrew the node limit it was built under (exact analysis intractable)."""


# A fold decides an event before the diagram is built: True / False, or None to keep a variable.
Fold = Callable[[int], bool | None]


def fold_certain_edges(circuit: Circuit) -> Fold:
    """Fold only FAILS_IN edges with p = 1 (nothing that a scenario may force)."""

    def fold(event: int) -> bool | None:
        ev = circuit.events[event]
        if ev.type is BasicEventType.EDGE and ev.probability >= 1.0:
            return True
        return None

    return fold


@dataclass(frozen=True)
class BddVariables:
    """What each diagram variable stands for: a basic event, or a question's chain position."""

    event: IntArray  # basic event index, or -1 for a chain variable
    question: IntArray  # question index of a chain variable, or -1
    position: IntArray  # chain position of a chain variable, or -1

    def __len__(self) -> int:
        return len(self.event)


@dataclass(frozen=True, eq=False)
class FlatBdd:
    """Reduced ordered BDDs with complement edges, as arrays.

    Node 0 is the constant TRUE; every other node `n` tests variable `var[n]` and goes to
    `hi[n]` when it is true, `lo[n]` when false, each edge complemented where `*_neg` says.
    Nodes are numbered by height (children before parents); `layers` are the index ranges of
    equal height, so a layer's nodes can be evaluated together. `roots[i]` = (node, negated).
    Numbers are 32-bit and layers one array of ends: the diagrams of a 10,000-case portfolio
    are held twice (per case and joined), and as 64-bit numbers and tuples they took 400 MB.
    """

    var: NodeArray
    lo: NodeArray
    lo_neg: BoolArray
    hi: NodeArray
    hi_neg: BoolArray
    layer_ends: IntArray  # layer i is nodes layer_ends[i - 1] (1 for the first) .. layer_ends[i]
    roots: tuple[tuple[int, bool], ...]
    variables: BddVariables

    @property
    def size(self) -> int:
        return len(self.var)

    @property
    def layers(self) -> list[tuple[int, int]]:
        """(start, end) of each layer, bottom up."""
        ends = self.layer_ends.tolist()
        return list(zip([1, *ends], ends, strict=False))

    def node_probabilities(self, q: FloatArray) -> FloatArray:
        """Probability that each node's function is true, with variable i true w.p. q[i].

        `q` has one row per variable and optionally columns (several assignments evaluated
        together); the result has one row per node and the same columns.
        """
        p = np.empty((self.size, *q.shape[1:]), dtype=np.float64)
        p[0] = 1.0
        for start, end, lo_flip, hi_flip in self._layer_plan:
            qv = q[self.var[start:end]]
            ph = p[self.hi[start:end]]
            pl = p[self.lo[start:end]]
            if hi_flip is not None:
                ph[hi_flip] = 1.0 - ph[hi_flip]
            if lo_flip is not None:
                pl[lo_flip] = 1.0 - pl[lo_flip]
            ph -= pl
            ph *= qv
            ph += pl
            p[start:end] = ph
        return p

    @cached_property
    def _layer_plan(self) -> list[tuple[int, int, IntArray | None, IntArray | None]]:
        """Per layer: its range and the rows whose low / high edge is complemented."""
        plan: list[tuple[int, int, IntArray | None, IntArray | None]] = []
        for start, end in self.layers:
            lo_rows = np.flatnonzero(self.lo_neg[start:end])
            hi_rows = np.flatnonzero(self.hi_neg[start:end])
            plan.append(
                (start, end, lo_rows if len(lo_rows) else None, hi_rows if len(hi_rows) else None)
            )
        return plan

    def root_probabilities(self, q: FloatArray) -> FloatArray:
        """Probability of each root (rows) for each column of `q`."""
        p = self.node_probabilities(q)
        out = np.empty((len(self.roots), *q.shape[1:]), dtype=np.float64)
        for i, (node, neg) in enumerate(self.roots):
            out[i] = 1.0 - p[node] if neg else p[node]
        return np.clip(out, 0.0, 1.0)

    def questions(self) -> list[int]:
        """Questions whose chain variables the diagrams test, in variable order."""
        tested = np.unique(self.var[1:]) if self.size > 1 else np.array([], dtype=np.int64)
        found = [int(self.variables.question[v]) for v in tested]
        ordered: list[int] = []
        for q in found:
            if q >= 0 and q not in ordered:
                ordered.append(q)
        return ordered


# ---------------------------------------------------------------------------------------------
# Probabilities of the variables
# ---------------------------------------------------------------------------------------------


def chain_probabilities(priors: Sequence[float]) -> list[float]:
    """Probabilities of the k - 1 chain variables of a question with these answer priors."""
    total = float(sum(priors))
    remaining = 1.0
    out = []
    for prior in priors[:-1]:
        share = prior / total if total > 0 else 0.0
        out.append(min(1.0, max(0.0, share / remaining)) if remaining > 1e-15 else 0.0)
        remaining -= share
    return out


def variable_probabilities(
    circuit: Circuit,
    variables: BddVariables,
    *,
    forced: Collection[int] = (),
    fixed_worlds: Mapping[int, int] | None = None,
) -> FloatArray:
    """The probability of each diagram variable.

    `forced` basic events occur with certainty; `fixed_worlds` maps a question to the world
    (index) taken as its answer (its chain variables become 0 / 1).
    """
    event_p, chain_offset, chain_p = circuit.cached(
        "variable-probability-tables", lambda: _probability_tables(circuit)
    )
    q = np.empty(len(variables), dtype=np.float64)
    is_event = variables.event >= 0
    q[is_event] = event_p[variables.event[is_event]]
    is_chain = ~is_event
    q[is_chain] = chain_p[chain_offset[variables.question[is_chain]] + variables.position[is_chain]]
    if forced:
        q[is_event & np.isin(variables.event, np.fromiter(forced, dtype=np.int64))] = 1.0
    for question, world in (fixed_worlds or {}).items():
        answer = circuit.questions[question].worlds.index(world)
        rows = variables.question == question
        q[rows] = variables.position[rows] == answer
    return q


def _probability_tables(circuit: Circuit) -> tuple[FloatArray, IntArray, FloatArray]:
    """Every event's probability; per question the offset of its chain probabilities."""
    event_p = np.array([e.probability for e in circuit.events], dtype=np.float64)
    offsets: list[int] = []
    chain: list[float] = []
    for question in circuit.questions:
        offsets.append(len(chain))
        chain.extend(chain_probabilities([circuit.worlds[w].prior for w in question.worlds]))
    chain.append(0.0)  # keeps the table non-empty
    return event_p, np.array(offsets, dtype=np.int64), np.array(chain, dtype=np.float64)


def concatenate(flats: Sequence[FlatBdd]) -> FlatBdd:
    """One `FlatBdd` holding every diagram of `flats` (roots in order, variables appended).
    Array operations only: 10,000 case diagrams of 6 million nodes in all take about a
    second."""
    if not flats:
        none = np.zeros(0, dtype=np.int64)
        return _flatten([-1], [0], [False], [0], [False], [0], [], BddVariables(none, none, none))
    sizes = np.array([flat.size - 1 for flat in flats], dtype=np.int64)  # all but terminal 0
    n_vars = np.array([len(flat.variables) for flat in flats], dtype=np.int64)
    total = int(sizes.sum())
    if total + 1 >= _NODE_LIMIT or int(n_vars.sum()) >= _NODE_LIMIT:
        raise DiagramTooLargeError("the joined diagrams exceed 2^31 nodes or variables")
    first_node = np.cumsum(sizes) - sizes
    # Joined in place, one array of the whole at a time: 6 million nodes are 24 MB an
    # array, and the temporaries of a join by expressions took a gigabyte above the result.
    var = _joined([flat.var for flat in flats], total, -1)
    var[1:] += np.repeat((np.cumsum(n_vars) - n_vars).astype(np.int32), sizes)
    node_offset = np.repeat(first_node.astype(np.int32), sizes)
    lo = _joined([flat.lo for flat in flats], total, 0)
    hi = _joined([flat.hi for flat in flats], total, 0)
    for child in (lo[1:], hi[1:]):  # node 0 (TRUE) is shared; the others move
        np.add(child, node_offset, out=child, where=child != 0)
    del node_offset
    # Heights: a diagram's layer k (from 1) holds its nodes of height k.
    lengths = np.concatenate([np.diff(flat.layer_ends, prepend=1) for flat in flats])
    heights = np.concatenate(
        [np.arange(1, len(flat.layer_ends) + 1, dtype=np.int32) for flat in flats]
    )
    height = np.zeros(total + 1, dtype=np.int32)
    height[1:] = np.repeat(heights, lengths)
    del lengths, heights
    roots = [
        (0 if n == 0 else n + int(first_node[i]), neg)
        for i, flat in enumerate(flats)
        for n, neg in flat.roots
    ]
    variables = BddVariables(
        np.concatenate([flat.variables.event for flat in flats]),
        np.concatenate([flat.variables.question for flat in flats]),
        np.concatenate([flat.variables.position for flat in flats]),
    )
    return _flatten(
        var,
        lo,
        _joined([flat.lo_neg for flat in flats], total, False),
        hi,
        _joined([flat.hi_neg for flat in flats], total, False),
        height,
        roots,
        variables,
    )


def _joined(parts: Sequence[npt.NDArray[Any]], total: int, first: int | bool) -> npt.NDArray[Any]:
    """`first`, then every part but its first entry (its terminal node), in one array."""
    out = np.empty(total + 1, dtype=parts[0].dtype)
    out[0] = first
    np.concatenate([part[1:] for part in parts], out=out[1:])
    return out


# ---------------------------------------------------------------------------------------------
# Building
# ---------------------------------------------------------------------------------------------


class VariablePool:
    """A manager and its variables x0, x1, ... (level i is x_i until it reorders), declared
    as builders need them and kept at hand: `bdd.var(name)` costs about 25 us a call."""

    def __init__(self, bdd: Any) -> None:
        self.bdd = bdd
        self._vars: list[Any] = []

    def first(self, n: int) -> list[Any]:
        """Variables x0 .. x(n-1), declaring the missing ones."""
        if n > len(self._vars):
            names = [f"x{v}" for v in range(len(self._vars), n)]
            self.bdd.declare(*names)
            self._vars.extend(self.bdd.var(name) for name in names)
        return self._vars[:n]


class DiagramBuilder:
    """Builds the diagrams of circuit signals in one manager, then exports them flat."""

    def __init__(
        self,
        circuit: Circuit,
        roots: Sequence[int],
        *,
        fold: Fold | None = None,
        node_limit: int | None = None,
        gate_limit: int | None = None,
        reorder: bool = False,
        pool: VariablePool | None = None,
    ) -> None:
        """`pool`: a manager shared by several builders one after another (it never
        reorders); the builder uses its variables x0, x1, ... in its own order."""
        self.circuit = circuit
        self.fold = fold or (lambda _event: None)
        self.node_limit = node_limit  # nodes of the whole manager
        self.gate_limit = gate_limit  # nodes of any one gate's diagram
        if pool is not None and reorder:
            raise ValueError("a shared manager never reorders")
        shared = pool is not None
        self.pool = pool or VariablePool(_new_manager(len(circuit.cone(roots))))
        self.bdd: Any = self.pool.bdd
        self.reorder = reorder and BACKEND_NAME == "dd.cudd"
        if not shared and hasattr(self.bdd, "configure"):
            if self.reorder:
                self.bdd.configure(reordering=True, max_growth=REORDER_MAX_GROWTH)
            else:
                self.bdd.configure(reordering=False)
        self.values: dict[int, Any] = {}
        self.true = self.bdd.true
        self.false = self.bdd.false
        self._event_var: dict[int, Any] = {}
        self._chain_var: dict[tuple[int, int], Any] = {}
        ev_col: list[int] = []
        q_col: list[int] = []
        pos_col: list[int] = []
        for kind, index in self._order(roots):
            if kind == "question":
                for position in range(len(circuit.questions[index].worlds) - 1):
                    ev_col.append(-1)
                    q_col.append(index)
                    pos_col.append(position)
            else:
                ev_col.append(index)
                q_col.append(-1)
                pos_col.append(-1)
        self.variables = BddVariables(
            np.array(ev_col, dtype=np.int64),
            np.array(q_col, dtype=np.int64),
            np.array(pos_col, dtype=np.int64),
        )
        for v, x in enumerate(self.pool.first(len(ev_col))):
            if ev_col[v] >= 0:
                self._event_var[ev_col[v]] = x
            else:
                self._chain_var[(q_col[v], pos_col[v])] = x

    # -- order -------------------------------------------------------------------------------

    def _order(self, roots: Sequence[int]) -> list[tuple[str, int]]:
        """Variables in depth-first order of first use: ("event", e) for an event that is not
        a world and not folded, ("question", q) for a question's chain, where it is first
        used. A question placed above everything (as fault-tree tools place shared events)
        makes the diagram below it tell apart every combination of answers: with 50 questions
        a case's diagram reached millions of nodes."""
        c = self.circuit
        n_events = len(c.events)
        seen: set[int] = set()
        seen_questions: set[int] = set()
        order: list[tuple[str, int]] = []
        for root in roots:
            stack = [root]
            while stack:
                s = stack.pop()
                if s in seen:
                    continue
                seen.add(s)
                if s >= n_events:
                    stack.extend(reversed(c.gates[s - n_events].inputs))
                    continue
                ev = c.events[s]
                if ev.type is BasicEventType.WORLD:
                    question = c.worlds[ev.owner].question
                    if question not in seen_questions:
                        seen_questions.add(question)
                        order.append(("question", question))
                elif self.fold(s) is None:
                    order.append(("event", s))
        return order

    # -- functions of signals -------------------------------------------------------------------

    def signal(self, s: int) -> Any:
        """The diagram of signal `s` (built, with everything it depends on, on first use)."""
        if s not in self.values:
            self.build([s])
        return self.values[s]

    def build(self, signals: Sequence[int]) -> list[Any]:
        """The diagrams of `signals`, building everything they depend on in one pass."""
        for count, t in enumerate(self.circuit.cone(signals), 1):
            if t not in self.values:
                u = self.values[t] = self._build(t)
                # The new diagram's own size is cheap to read, the manager's count is not.
                if self.gate_limit is not None and u.dag_size > self.gate_limit:
                    raise DiagramTooLargeError(
                        f"the diagram of one gate exceeded {self.gate_limit} nodes"
                    )
                if self.node_limit is not None and count % 64 == 0:
                    check_size(self.bdd, self.node_limit)
        return [self.values[s] for s in signals]

    def _build(self, s: int) -> Any:
        c = self.circuit
        if s < len(c.events):
            ev = c.events[s]
            if ev.type is BasicEventType.WORLD:
                return self._world(ev.owner)
            decided = self.fold(s)
            if decided is not None:
                return self.true if decided else self.false
            return self._event_var[s]
        gate = c.gates[s - len(c.events)]
        inputs = [self.values[i] for i in gate.inputs]
        if gate.type is GateType.OR:
            return self.disjunction(inputs)
        if gate.type is GateType.AND:
            return self.conjunction(inputs)
        return self._at_least(gate.threshold, inputs)

    def _world(self, w: int) -> Any:
        c = self.circuit
        question = c.worlds[w].question
        answers = c.questions[question].worlds
        position = answers.index(w)
        u = self.true
        for i in range(min(position + 1, len(answers) - 1)):
            x = self._chain_var[(question, i)]
            u = u & (x if i == position else ~x)
        return u

    def _deepest_first(self, functions: Sequence[Any]) -> list[Any]:
        # Combining operands from the bottom of the order up keeps each step cheap.
        if len(functions) < 2:
            return list(functions)
        return sorted(functions, key=lambda u: -u.level)

    def disjunction(self, functions: Sequence[Any]) -> Any:
        live = [u for u in functions if u != self.false]
        if any(u == self.true for u in live):
            return self.true
        acc = self.false
        for u in self._deepest_first(live):
            acc = acc | u
        return acc

    def conjunction(self, functions: Sequence[Any]) -> Any:
        live = [u for u in functions if u != self.true]
        if any(u == self.false for u in live):
            return self.false
        acc = self.true
        for u in self._deepest_first(live):
            acc = acc & u
        return acc

    def _at_least(self, threshold: int, functions: Sequence[Any]) -> Any:
        # at_least[j] = "at least j of the operands seen so far are true".
        at_least = [self.true] + [self.false] * threshold
        for u in self._deepest_first(functions):
            for j in range(threshold, 0, -1):
                at_least[j] = self.bdd.ite(u, at_least[j - 1], at_least[j])
        return at_least[threshold]

    # -- export ----------------------------------------------------------------------------------

    def export(self, functions: Sequence[Any], scratch: Path | None = None) -> FlatBdd:
        """Flatten `functions` (diagrams of this builder) into one `FlatBdd` with them as roots.

        With a `scratch` file, a single function of a CUDD manager that did not reorder is
        exported through CUDD's own DDDMP writer: the Python walk costs about 3 us a node,
        most of the first impact on a large portfolio."""
        if not self.reorder:
            if scratch is not None and BACKEND_NAME == "dd.cudd" and len(functions) == 1:
                return export_dddmp(self.bdd, functions[0], self.variables, scratch)
            return export_functions(self.bdd, functions, self.variables)
        # One last sifting shrinks what is exported; then level l holds `var_at_level(l)`
        # ("x<declared index>"), and `variables` is permuted to match.
        self.bdd.reorder()
        self.bdd.configure(reordering=False)
        by_level = np.array(
            [int(self.bdd.var_at_level(level)[1:]) for level in range(len(self.variables))],
            dtype=np.int64,
        )
        v = self.variables
        moved = BddVariables(v.event[by_level], v.question[by_level], v.position[by_level])
        return export_functions(self.bdd, functions, moved)


def export_dddmp(bdd: Any, function: Any, variables: BddVariables, scratch: Path) -> FlatBdd:
    """`export_functions` for one function of a CUDD manager that does not reorder, read back
    from the DDDMP text CUDD writes to `scratch`.

    DDDMP numbers nodes children first from 1 (the TRUE terminal); a node line is
    `id name support-position then else`, the else edge negative when complemented (CUDD
    never complements a then edge), and the root id negative when the function is
    complemented. Names are "x<declared index>", and with no reordering that is the level."""
    bdd._dump_dddmp(function, str(scratch))
    text = scratch.read_bytes()
    header, _, rest = text.partition(b"\n.nodes\n")
    block = rest.partition(b".end")[0]
    # Names are "x<declared index>" and "T" (the terminal): made numeric, then parsed in C.
    table = np.fromstring(
        block.replace(b"x", b"").replace(b"T", b"0"), dtype=np.int64, sep=" "
    ).reshape(-1, 5)
    root_id = int(header.rpartition(b".rootids ")[2].split()[0])
    n = len(table)
    var = table[:, 1].copy()  # the name's number (column 3 indexes the support only)
    var[0] = -1
    hi = table[:, 3] - 1
    lo = np.abs(table[:, 4]) - 1
    lo_neg = table[:, 4] < 0
    hi[0] = lo[0] = 0
    lo_neg[0] = False
    # Children always sit at deeper levels: grouping by level, bottom up, is a valid layering.
    height = np.where(var < 0, 0, len(variables) - var)
    root = (abs(root_id) - 1, root_id < 0)
    return _flatten(var, lo, lo_neg, hi, np.zeros(n, dtype=np.bool_), height, [root], variables)


def export_functions(bdd: Any, functions: Sequence[Any], variables: BddVariables) -> FlatBdd:
    """Flatten diagrams of manager `bdd` into one `FlatBdd` whose roots are `functions`.

    The manager must not reorder: variable i of `variables` is the one at level i.
    """
    # `int(u)` identifies a node and its complement: with CUDD it is the pointer + 2, a
    # complemented pointer having its low bit set; with `autoref` the complement is negative.
    cudd = BACKEND_NAME == "dd.cudd"

    def key_of(u: Any) -> int:
        k = int(u)
        return k & -2 if cudd else abs(k)

    index: dict[int, int] = {key_of(bdd.true): 0}
    var: list[int] = [-1]
    lo: list[int] = [0]
    lo_neg: list[bool] = [False]
    hi: list[int] = [0]
    hi_neg: list[bool] = [False]
    height: list[int] = [0]
    roots: list[tuple[int, bool]] = []
    get = index.get
    for f in functions:
        stack = [f]
        while stack:
            u = stack.pop()
            key = key_of(u)
            if key in index:
                continue
            low, high = u.low, u.high
            i_low = get(key_of(low))
            i_high = get(key_of(high))
            if i_low is None or i_high is None:
                stack.append(u)
                if i_high is None:
                    stack.append(high)
                if i_low is None:
                    stack.append(low)
                continue
            index[key] = len(var)
            var.append(u.level)
            lo.append(i_low)
            lo_neg.append(low.negated)
            hi.append(i_high)
            hi_neg.append(high.negated)
            h_low, h_high = height[i_low], height[i_high]
            height.append(1 + (h_low if h_low > h_high else h_high))
        roots.append((index[key_of(f)], bool(f.negated)))
    return _flatten(var, lo, lo_neg, hi, hi_neg, height, roots, variables)


_Ints = Sequence[int] | npt.NDArray[np.integer[Any]]


def _flatten(
    var: _Ints,
    lo: _Ints,
    lo_neg: Sequence[bool] | BoolArray,
    hi: _Ints,
    hi_neg: Sequence[bool] | BoolArray,
    height: _Ints,
    roots: list[tuple[int, bool]],
    variables: BddVariables,
) -> FlatBdd:
    """Renumber nodes by height and pack them into arrays."""
    # `asarray`: arrays are read as they are, not copied (a joined diagram's are 24 MB each).
    h = np.asarray(height)
    order = np.argsort(h, kind="stable").astype(np.int32)  # node 0 (height 0) stays first
    new_of_old = np.empty_like(order)
    new_of_old[order] = np.arange(len(order), dtype=np.int32)
    var_a = np.asarray(var)[order].astype(np.int32, copy=False)
    lo_a = new_of_old[np.asarray(lo)[order]]
    hi_a = new_of_old[np.asarray(hi)[order]]
    lo_neg_a = np.asarray(lo_neg, dtype=np.bool_)[order]
    hi_neg_a = np.asarray(hi_neg, dtype=np.bool_)[order]
    sorted_h = h[order]
    del order
    # Node 0 is alone at height 0; every other height is one layer, bottom up.
    starts = np.flatnonzero(np.diff(sorted_h)) + 1
    layer_ends = np.append(starts[1:], len(sorted_h)).astype(np.int64) if len(starts) else starts
    return FlatBdd(
        var=var_a,
        lo=lo_a,
        lo_neg=lo_neg_a,
        hi=hi_a,
        hi_neg=hi_neg_a,
        layer_ends=layer_ends,
        roots=tuple((int(new_of_old[n]), neg) for n, neg in roots),
        variables=variables,
    )


def _new_manager(cone_size: int) -> Any:
    if BACKEND_NAME != "dd.cudd":
        return _BACKEND.BDD()
    # CUDD's defaults allocate for huge diagrams (~15 ms a manager); size it to the circuit.
    memory = min(1 << 31, max(1 << 24, cone_size << 12))
    return _BACKEND.BDD(memory_estimate=memory, initial_cache_size=1 << 12)


def check_size(bdd: Any, node_limit: int) -> None:
    """Raise `DiagramTooLargeError` when manager `bdd` holds more than `node_limit` nodes."""
    if _node_count(bdd) > node_limit:
        raise DiagramTooLargeError(
            f"the decision diagram exceeded {node_limit} nodes; use Monte Carlo"
        )


def _node_count(bdd: Any) -> int:
    if hasattr(bdd, "statistics") and BACKEND_NAME == "dd.cudd":
        return int(bdd.statistics(exact_node_count=False)["n_nodes"])
    return len(bdd)


def build_flat_each(
    circuit: Circuit,
    roots: Sequence[int],
    *,
    fold: Fold | None = None,
    gate_limit: int = STATIC_GATE_LIMIT,
) -> FlatBdd:
    """Like `build_flat`, one diagram per root (the cases of a portfolio: many small
    diagrams), concatenated."""
    return concatenate(build_each(circuit, roots, fold=fold, gate_limit=gate_limit))


def build_each(
    circuit: Circuit,
    roots: Sequence[int],
    *,
    fold: Fold | None = None,
    gate_limit: int = STATIC_GATE_LIMIT,
) -> list[FlatBdd]:
    """One `FlatBdd` per root. Each is built in the static order first, in one manager shared
    by all of them; one that grows past `gate_limit` nodes is rebuilt with sifting in a
    manager of its own (about 1 case in 1,000 of a 10,000-case portfolio, where a static
    build went to 6.5 million nodes and the sifted diagram has 2,180)."""
    flats = []
    shared: VariablePool | None = None
    if BACKEND_NAME == "dd.cudd":
        shared = VariablePool(_new_manager(SHARED_MANAGER_CONE))
        shared.bdd.configure(reordering=False)
    with TemporaryDirectory(prefix="scg-bdd-", dir=_scratch_parent()) as folder:
        scratch = Path(folder) / "diagram.dddmp"
        for root in roots:
            foreground.give_way()
            try:
                builder = DiagramBuilder(
                    circuit, [root], fold=fold, gate_limit=gate_limit, pool=shared
                )
                flat = builder.export(builder.build([root]), scratch)
            except DiagramTooLargeError:
                flat = build_flat(circuit, [root], fold=fold, reorder=True)
            flats.append(flat)
    return flats


def _scratch_parent() -> str | None:
    """Where the DDDMP scratch file goes: a memory-backed folder when the system has one.
    On a disk mounted with online discard, truncating the file for every one of 10,000
    diagrams cost about 2 ms each, more than building them."""
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK | os.X_OK):
        return str(shm)
    return None


def build_flat(
    circuit: Circuit,
    roots: Sequence[int],
    *,
    fold: Fold | None = None,
    node_limit: int | None = None,
    gate_limit: int | None = None,
    reorder: bool = False,
    scratch: Path | None = None,
) -> FlatBdd:
    """One `FlatBdd` whose roots are the diagrams of the circuit signals `roots` (`scratch`: a
    file `DiagramBuilder.export` may write)."""
    builder = DiagramBuilder(
        circuit, roots, fold=fold, node_limit=node_limit, gate_limit=gate_limit, reorder=reorder
    )
    return builder.export(builder.build(roots), scratch)
