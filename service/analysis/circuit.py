"""Stage 1: compile a portfolio into an integer-indexed failure circuit (DESIGN §4).

The circuit is a coherent fault tree written in terms of *failure*: every signal is true when
the thing it stands for fails. Signals `0 .. len(events) - 1` are basic events, the rest are
gates in topological order (every gate's inputs have smaller indices).

Basic events (DESIGN §4):

- `ASSUMPTION`: assumption a is false for its own reasons (probability pFail);
- `TECHNIQUE`: technique t fails for its own reasons (pFail);
- `WORLD`: world model m is true (the answers of one Question are mutually exclusive);
- `EDGE`: FAILS_IN edge e takes effect, given its world model is true (probability p);
- `UNSOUND`: case c is unsound (pUnsound).

Gates: technique fails = OR(own, edges); assumption fails = OR(own, techniques it uses, edges,
assumptions it relies on); edge fires = AND(world true, edge takes effect); argument node fails
= OR(relied-on assumptions, support failure) where ALL fails when any child fails, ANY when all
fail and AT_LEAST k of n when n - k + 1 fail; a leaf (no children) is undeveloped and holds for
the logic; case fails = OR(root fails, unsound); deployment uncovered = AND(covering cases fail).
FAILS_IN edges with p = 0 never take effect in either reading and are left out.

A `Circuit` is immutable and safe to share between threads and requests: compile it once per
graph revision and pass it to every analysis. It memoises derived artefacts (decision diagrams,
baseline values) in a private cache keyed by what they were built for.
"""

from __future__ import annotations

import dataclasses
import heapq
import threading
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any, NamedTuple, TypeVar, cast

from service.errors import InvalidInputError, NotFoundError
from service.model import ArgumentNode, ArgumentRef, EventKind, Portfolio, Support
from service.util import foreground
from service.util.gc_pause import collector_paused


class BasicEventType(IntEnum):
    ASSUMPTION = 0
    TECHNIQUE = 1
    WORLD = 2
    EDGE = 3
    UNSOUND = 4


class GateType(IntEnum):
    OR = 0
    AND = 1
    AT_LEAST = 2  # fails when at least `threshold` inputs fail


class BasicEvent(NamedTuple):
    type: BasicEventType
    owner: int  # index into the table of its type (assumptions, techniques, worlds, edges, cases)
    probability: float


class Gate(NamedTuple):
    type: GateType
    inputs: tuple[int, ...]
    threshold: int = 0


@dataclass(frozen=True, slots=True)
class QuestionInfo:
    id: str
    worlds: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class WorldInfo:
    id: str
    question: int
    prior: float
    event: int


@dataclass(frozen=True, slots=True)
class EdgeInfo:
    """A FAILS_IN edge with p > 0 from an assumption or technique into a world model."""

    source_kind: EventKind  # ASSUMPTION or TECHNIQUE
    source: int
    world: int
    p: float
    event: int  # "the edge takes effect"
    signal: int  # AND(world true, edge takes effect)


@dataclass(frozen=True, slots=True)
class TechniqueInfo:
    id: str
    p_fail: float
    event: int
    signal: int
    fails_in: tuple[int, ...]  # edges


@dataclass(frozen=True, slots=True)
class AssumptionInfo:
    id: str
    p_fail: float
    event: int
    signal: int
    techniques: tuple[int, ...]
    relies_on: tuple[int, ...]
    fails_in: tuple[int, ...]  # edges


@dataclass(frozen=True, slots=True)
class NodeInfo:
    """An argument node (Goal, Strategy or Evidence); `signal` is true when it fails."""

    id: str
    signal: int
    relies_on: tuple[int, ...]
    children: tuple[int, ...]
    support: Support
    k: int | None


@dataclass(frozen=True, slots=True)
class CaseInfo:
    id: str
    title: str
    covers: tuple[int, ...]
    effectiveness: float
    p_unsound: float
    unsound_event: int
    root: int  # node index of the root goal
    nodes: tuple[int, ...]  # every argument node reachable from the root, pre-order
    signal: int  # the case fails


@dataclass(frozen=True, slots=True)
class DeploymentInfo:
    id: str
    name: str
    prior_risk: float
    risk_threshold: float
    cases: tuple[int, ...]
    signal: int  # the deployment is uncovered


_T = TypeVar("_T")


@dataclass(frozen=True, eq=False)
class Circuit:
    """A compiled portfolio: basic events, gates and the domain entities they stand for."""

    events: tuple[BasicEvent, ...]
    gates: tuple[Gate, ...]
    questions: tuple[QuestionInfo, ...]
    worlds: tuple[WorldInfo, ...]
    edges: tuple[EdgeInfo, ...]
    techniques: tuple[TechniqueInfo, ...]
    assumptions: tuple[AssumptionInfo, ...]
    nodes: tuple[NodeInfo, ...]
    cases: tuple[CaseInfo, ...]
    deployments: tuple[DeploymentInfo, ...]
    _index: dict[tuple[str, str], int] = field(repr=False)
    _readers: list[list[int]] = field(repr=False)
    _cache: dict[Any, Any] = field(default_factory=dict, repr=False)
    _lock: threading.RLock = field(default_factory=threading.RLock, repr=False)
    _building: dict[Any, threading.RLock] = field(default_factory=dict, repr=False)

    # -- sizes and lookups -------------------------------------------------------------------

    @property
    def n_signals(self) -> int:
        return len(self.events) + len(self.gates)

    def gate(self, signal: int) -> Gate:
        return self.gates[signal - len(self.events)]

    def is_event(self, signal: int) -> bool:
        return signal < len(self.events)

    def deployment_index(self, deployment_id: str) -> int:
        return self._lookup("deployment", deployment_id)

    def case_index(self, case_id: str) -> int:
        return self._lookup("case", case_id)

    def assumption_index(self, assumption_id: str) -> int:
        return self._lookup("assumption", assumption_id)

    def technique_index(self, technique_id: str) -> int:
        return self._lookup("technique", technique_id)

    def world_index(self, world_id: str) -> int:
        return self._lookup("world", world_id)

    def _lookup(self, kind: str, entity_id: str) -> int:
        try:
            return self._index[(kind, entity_id)]
        except KeyError:
            raise NotFoundError(f"{kind} {entity_id!r} not found") from None

    # -- memoised artefacts ------------------------------------------------------------------

    def cached(self, key: Any, build: Callable[[], _T]) -> _T:
        """The artefact stored under `key`, built (once, under a lock of its own) on first use.

        One lock per key: on a server, an audit being built must not hold up the overview's
        risk figures or an impact on the same circuit, which need other artefacts."""
        try:
            return cast(_T, self._cache[key])
        except KeyError:
            pass
        with self._lock:
            building = self._building.setdefault(key, threading.RLock())
        if not building.acquire(blocking=False):
            with foreground.waiting():  # another thread builds it: this request only waits
                building.acquire()
        try:
            if key not in self._cache:
                value = build()
                with self._lock:
                    self._cache[key] = value
                    self._building.pop(key, None)
            return cast(_T, self._cache[key])
        finally:
            building.release()

    def recall(self, key: Any) -> Any:
        """The artefact stored under `key`, or None."""
        return self._cache.get(key)

    def remember(self, key: Any, value: Any) -> None:
        with self._lock:
            self._cache[key] = value

    # -- structure ---------------------------------------------------------------------------

    def cone(self, roots: Iterable[int]) -> list[int]:
        """Every signal the roots depend on (roots included), in increasing (topological) order."""
        n_events = len(self.events)
        seen: set[int] = set()
        stack = list(roots)
        while stack:
            s = stack.pop()
            if s in seen:
                continue
            seen.add(s)
            if s >= n_events:
                stack.extend(self.gates[s - n_events].inputs)
        return sorted(seen)

    def fanout(self) -> list[list[int]]:
        """For each signal, the gates (as signals) that read it (do not modify)."""
        return self._readers

    # -- structural reading --------------------------------------------------------------------

    def structural_values(self, occurring: Collection[int]) -> list[bool]:
        """Every signal's value when exactly the basic events `occurring` occur.

        FAILS_IN edges into a true world model take effect (they all have p > 0), no case is
        unsound, and every other event does not occur (DESIGN §4, structural reading).
        Only the gates downstream of `occurring` are re-evaluated.
        """
        values = list(self.cached("baseline", self._baseline_values))
        changed = [e for e in occurring if not values[e]]
        for e in changed:
            values[e] = True
        return self._propagate(values, changed)

    def structural_values_within(
        self, occurring: Collection[int], roots: Iterable[int]
    ) -> list[bool]:
        """`structural_values`, exact on the cone of `roots` only (elsewhere the baseline):
        a question about a few cases need not propagate a world model through every case
        of the portfolio that reaches it (an audit's 10,000-case run spent minutes there)."""
        values = list(self.cached("baseline", self._baseline_values))
        for e in occurring:
            values[e] = True
        n_events = len(self.events)
        for s in self.cone(roots):
            if s >= n_events:
                values[s] = _gate_value(self.gates[s - n_events], values)
        return values

    def _propagate(self, values: list[bool], changed: Iterable[int]) -> list[bool]:
        """Re-evaluate, in topological order, every gate downstream of the `changed` signals."""
        fanout = self.fanout()
        n_events = len(self.events)
        pending: list[int] = []
        queued: set[int] = set()
        for s in changed:
            for reader in fanout[s]:
                if reader not in queued:
                    queued.add(reader)
                    heapq.heappush(pending, reader)
        while pending:
            s = heapq.heappop(pending)
            new = _gate_value(self.gates[s - n_events], values)
            if new != values[s]:
                values[s] = new
                for reader in fanout[s]:
                    if reader not in queued:
                        queued.add(reader)
                        heapq.heappush(pending, reader)
        return values

    def _baseline_values(self) -> list[bool]:
        # With no event occurring only edge events (certain structurally) and empty ANDs are
        # true; everything else is false until those propagate.
        values = [False] * self.n_signals
        seeds = [e for e, ev in enumerate(self.events) if ev.type is BasicEventType.EDGE]
        n_events = len(self.events)
        seeds += [
            n_events + g
            for g, gate in enumerate(self.gates)
            if gate.type is GateType.AND and not gate.inputs
        ]
        for s in seeds:
            values[s] = True
        return self._propagate(values, seeds)


#: What a circuit memoises that depends on its structure only, never on a probability: the
#: structural reading's baseline, and impact's diagrams (their variables' probabilities are
#: read from the circuit at each evaluation; only edges with p = 1 are folded).
STRUCTURAL_ARTEFACTS = ("baseline", "impact-diagrams")


def with_own_p_fail(circuit: Circuit, kind: EventKind, entity_id: str, p_fail: float) -> Circuit:
    """`circuit` with one assumption's or technique's own pFail changed: the circuit a fresh
    compile of the edited portfolio gives, without compiling. The structure is the same, so
    the structural artefacts are kept; everything that read a probability is built afresh.
    That is the common edit of a reviewer, and on 10,000 cases a compile and every case's
    diagram cost seconds. `NotFoundError` names an unknown id."""
    events = list(circuit.events)
    assumptions, techniques = circuit.assumptions, circuit.techniques
    if kind is EventKind.ASSUMPTION:
        a = circuit.assumption_index(entity_id)
        event = assumptions[a].event
        assumptions = (
            *assumptions[:a],
            dataclasses.replace(assumptions[a], p_fail=p_fail),
            *assumptions[a + 1 :],
        )
    elif kind is EventKind.TECHNIQUE:
        t = circuit.technique_index(entity_id)
        event = techniques[t].event
        techniques = (
            *techniques[:t],
            dataclasses.replace(techniques[t], p_fail=p_fail),
            *techniques[t + 1 :],
        )
    else:
        raise InvalidInputError(f"only an assumption's or a technique's pFail, not a {kind}'s")
    events[event] = events[event]._replace(probability=p_fail)
    kept = {key: circuit.recall(key) for key in STRUCTURAL_ARTEFACTS}
    return dataclasses.replace(
        circuit,
        events=tuple(events),
        assumptions=assumptions,
        techniques=techniques,
        _cache={key: value for key, value in kept.items() if value is not None},
        _lock=threading.RLock(),
        _building={},
    )


def with_cases_covering_nothing(circuit: Circuit, excluded: Collection[int]) -> Circuit:
    """`circuit` with the cases `excluded` (indices) covering no deployment: what a compile of
    the portfolio with those cases' `covers` emptied gives (an audit leaves out rejected
    cases so), numbered the same, without compiling. Every event, argument gate and case
    gate is shared; only the deployment gates (compiled last, one AND over the deployment's
    cases) lose those inputs. On 10,000 cases a second compile was 100 MB and two seconds."""
    gone = set(excluded)
    if not gone:
        return circuit
    n_events = len(circuit.events)
    gates = list(circuit.gates)
    readers = list(circuit.fanout())
    deployments = []
    for info in circuit.deployments:
        kept = tuple(c for c in info.cases if c not in gone)
        if len(kept) < len(info.cases):
            gates[info.signal - n_events] = Gate(
                GateType.AND, tuple(circuit.cases[c].signal for c in kept), 0
            )
            info = dataclasses.replace(info, cases=kept)
        deployments.append(info)
    deployment_gates = {info.signal for info in circuit.deployments}
    for c in gone:
        signal = circuit.cases[c].signal
        readers[signal] = [r for r in readers[signal] if r not in deployment_gates]
    cases = [
        dataclasses.replace(info, covers=()) if c in gone else info
        for c, info in enumerate(circuit.cases)
    ]
    return dataclasses.replace(
        circuit,
        gates=tuple(gates),
        cases=tuple(cases),
        deployments=tuple(deployments),
        _readers=readers,
        _cache={},
        _lock=threading.RLock(),
        _building={},
    )


def _gate_value(gate: Gate, values: Sequence[bool]) -> bool:
    if gate.type is GateType.OR:
        return any(values[i] for i in gate.inputs)
    if gate.type is GateType.AND:
        return all(values[i] for i in gate.inputs)
    return sum(1 for i in gate.inputs if values[i]) >= gate.threshold


# ---------------------------------------------------------------------------------------------
# Compilation
# ---------------------------------------------------------------------------------------------


def compile_circuit(portfolio: Portfolio, deployments: Collection[str] | None = None) -> Circuit:
    """Compile `portfolio` into a circuit.

    With `deployments`, only those deployments and the cases covering them (and what those
    cases reach) are compiled; every question, technique and assumption is kept so scenarios
    naming them stay valid. Raises `NotFoundError` for an unknown deployment and
    `InvalidInputError` for a portfolio whose references do not resolve or whose argument or
    reliance graph has a cycle.
    """
    # Compiling allocates many small objects that all survive: pause the cyclic collector.
    with collector_paused():
        return _Compiler(portfolio, deployments).compile()


@dataclass(frozen=True)
class _Events:
    """The basic events of techniques, assumptions, edges and case unsoundness, by position."""

    techniques: list[int]
    assumptions: list[int]
    edge_specs: list[tuple[EventKind, int, int, float]]  # (kind, owner, world, p)
    edges: list[int]
    unsound: list[int]


class _Compiler:
    def __init__(self, portfolio: Portfolio, deployments: Collection[str] | None) -> None:
        self.portfolio = portfolio
        self.selected = None if deployments is None else list(deployments)
        self.events: list[BasicEvent] = []
        self.gates: list[Gate] = []
        self.index: dict[tuple[str, str], int] = {}
        self.questions: list[QuestionInfo] = []
        self.worlds: list[WorldInfo] = []
        self.edges: list[EdgeInfo] = []
        self.techniques: list[TechniqueInfo] = []
        self.assumptions: list[AssumptionInfo | None] = []
        self.nodes: list[NodeInfo | None] = []
        self.cases: list[CaseInfo] = []
        self.deployments: list[DeploymentInfo] = []
        self.readers: list[list[int]] = []  # per signal, the gates that read it

    # -- helpers ---------------------------------------------------------------------------

    def _event(self, type_: BasicEventType, owner: int, probability: float) -> int:
        self.events.append(BasicEvent(type_, owner, probability))
        self.readers.append([])
        return len(self.events) - 1

    def _gate(self, type_: GateType, inputs: Sequence[int], threshold: int = 0) -> int:
        # Every event exists before the first gate, so a gate's signal is final at creation.
        self.gates.append(Gate(type_, tuple(inputs), threshold))
        signal = len(self.events) + len(self.gates) - 1
        self.readers.append([])
        for i in set(inputs):
            self.readers[i].append(signal)
        return signal

    def _register(self, kind: str, entity_id: str, index: int) -> None:
        if (kind, entity_id) in self.index:
            raise InvalidInputError(f"{kind} id {entity_id!r} is defined more than once")
        self.index[(kind, entity_id)] = index

    def _resolve(self, kind: str, entity_id: str, where: str) -> int:
        try:
            return self.index[(kind, entity_id)]
        except KeyError:
            raise InvalidInputError(
                f"{where} refers to unknown {kind} {entity_id!r}: define it or remove the reference"
            ) from None

    # -- stages ----------------------------------------------------------------------------

    def compile(self) -> Circuit:
        """Every event is created before any gate so that signal numbers are final; then the
        gates, each kind after the ones it reads."""
        self._register_ids()
        case_models = self._selected_cases()
        node_models = self._collect_nodes(case_models)
        events = self._create_events(case_models)
        edges_of = self._compile_edges(events)
        self._compile_techniques(events, edges_of)
        self._compile_assumptions(events, edges_of)
        node_index = self._compile_nodes(node_models)
        deployment_cases = self._compile_cases(case_models, node_index, events)
        index_of_deployment = self._compile_deployments(deployment_cases)
        return self._circuit(index_of_deployment)

    def _register_ids(self) -> None:
        """Questions and their world models (with their events), and the ids of techniques,
        assumptions and deployments, so that references resolve in any order."""
        p = self.portfolio
        for question in p.questions:
            self._register("question", question.id, len(self.questions))
            world_ids: list[int] = []
            for answer in question.answers:
                w = len(self.worlds)
                self._register("world", answer.id, w)
                event = self._event(BasicEventType.WORLD, w, answer.prior)
                self.worlds.append(WorldInfo(answer.id, len(self.questions), answer.prior, event))
                world_ids.append(w)
            self.questions.append(QuestionInfo(question.id, tuple(world_ids)))
        for t, technique in enumerate(p.techniques):
            self._register("technique", technique.id, t)
        for a, assumption in enumerate(p.assumptions):
            self._register("assumption", assumption.id, a)
        for d, deployment in enumerate(p.deployments):
            self._register("deployment", deployment.id, d)

    def _create_events(self, case_models: list[Any]) -> _Events:
        """The remaining basic events: techniques, assumptions, FAILS_IN edges, unsoundness."""
        p = self.portfolio
        tech_events = [
            self._event(BasicEventType.TECHNIQUE, t, tech.p_fail)
            for t, tech in enumerate(p.techniques)
        ]
        assm_events = [
            self._event(BasicEventType.ASSUMPTION, a, assm.p_fail)
            for a, assm in enumerate(p.assumptions)
        ]
        edge_specs: list[tuple[EventKind, int, int, float]] = []
        for t, tech in enumerate(p.techniques):
            for j, f in enumerate(tech.fails_in):
                w = self._resolve("world", f.world, f"techniques[{t}].fails_in[{j}]")
                if f.p > 0:
                    edge_specs.append((EventKind.TECHNIQUE, t, w, f.p))
        for a, assm in enumerate(p.assumptions):
            for j, f in enumerate(assm.fails_in):
                w = self._resolve("world", f.world, f"assumptions[{a}].fails_in[{j}]")
                if f.p > 0:
                    edge_specs.append((EventKind.ASSUMPTION, a, w, f.p))
        edge_events = [
            self._event(BasicEventType.EDGE, e, spec[3]) for e, spec in enumerate(edge_specs)
        ]
        unsound_events = [
            self._event(BasicEventType.UNSOUND, c, case.p_unsound)
            for c, case in enumerate(case_models)
        ]
        return _Events(tech_events, assm_events, edge_specs, edge_events, unsound_events)

    def _compile_edges(self, events: _Events) -> dict[tuple[EventKind, int], list[int]]:
        """An edge takes effect when its world model is true and its own event fires; returns
        the edges of each (kind, owner)."""
        edges_of: dict[tuple[EventKind, int], list[int]] = {}
        for e, (kind, owner, w, prob) in enumerate(events.edge_specs):
            edge_event = events.edges[e]
            gate = self._gate(GateType.AND, [self.worlds[w].event, edge_event])
            self.edges.append(EdgeInfo(kind, owner, w, prob, edge_event, gate))
            edges_of.setdefault((kind, owner), []).append(e)
        return edges_of

    def _compile_techniques(
        self, events: _Events, edges_of: dict[tuple[EventKind, int], list[int]]
    ) -> None:
        for t, tech in enumerate(self.portfolio.techniques):
            own_edges = tuple(edges_of.get((EventKind.TECHNIQUE, t), ()))
            inputs = [events.techniques[t], *(self.edges[e].signal for e in own_edges)]
            gate = self._gate(GateType.OR, inputs)
            self.techniques.append(
                TechniqueInfo(tech.id, tech.p_fail, events.techniques[t], gate, own_edges)
            )

    def _compile_assumptions(
        self, events: _Events, edges_of: dict[tuple[EventKind, int], list[int]]
    ) -> None:
        """Assumptions, in dependency order of RELIES_ON (a cycle is refused by name)."""
        p = self.portfolio
        self.assumptions = [None] * len(p.assumptions)
        state = [0] * len(p.assumptions)  # 0 new, 1 on the stack, 2 done

        def visit_assumption(a: int) -> None:
            if state[a] == 2:
                return
            if state[a] == 1:
                raise InvalidInputError(
                    f"assumption {p.assumptions[a].id!r} relies on itself through a cycle of "
                    "relies_on: break the cycle"
                )
            state[a] = 1
            assm = p.assumptions[a]
            relies = [
                self._resolve("assumption", b, f"assumptions[{a}].relies_on[{j}]")
                for j, b in enumerate(assm.relies_on)
            ]
            for b in relies:
                visit_assumption(b)
            techs = [
                self._resolve("technique", t, f"assumptions[{a}].techniques[{j}]")
                for j, t in enumerate(assm.techniques)
            ]
            own_edges = tuple(edges_of.get((EventKind.ASSUMPTION, a), ()))
            inputs = [events.assumptions[a]]
            inputs += [self.techniques[t].signal for t in techs]
            inputs += [self.edges[e].signal for e in own_edges]
            inputs += [_known(self.assumptions[b]).signal for b in relies]
            gate = self._gate(GateType.OR, inputs)
            self.assumptions[a] = AssumptionInfo(
                assm.id,
                assm.p_fail,
                events.assumptions[a],
                gate,
                tuple(techs),
                tuple(relies),
                own_edges,
            )
            state[a] = 2

        for a in range(len(p.assumptions)):
            visit_assumption(a)

    def _compile_nodes(self, node_models: list[ArgumentNode]) -> dict[str, int]:
        """Argument nodes, children before parents (a cycle is refused by name); returns the
        index of each node id."""
        node_index = {node.id: n for n, node in enumerate(node_models)}
        self.nodes = [None] * len(node_models)
        node_state = [0] * len(node_models)

        def visit_node(n: int) -> None:
            if node_state[n] == 2:
                return
            if node_state[n] == 1:
                raise InvalidInputError(
                    f"argument node {node_models[n].id!r} supports itself through a cycle of "
                    "children: break the cycle"
                )
            node_state[n] = 1
            node = node_models[n]
            children: list[int] = []
            for j, child_id in enumerate(node.child_ids()):
                if child_id not in node_index:
                    raise InvalidInputError(
                        f"argument node {node.id!r} children[{j}] refers to unknown argument "
                        f"node {child_id!r}: define it or remove the reference"
                    )
                children.append(node_index[child_id])
            for c in children:
                visit_node(c)
            relies = [
                self._resolve("assumption", b, f"argument node {node.id!r} relies_on[{j}]")
                for j, b in enumerate(node.relies_on)
            ]
            inputs = [_known(self.assumptions[b]).signal for b in relies]
            child_signals = [_known(self.nodes[c]).signal for c in children]
            if child_signals:
                inputs.extend(self._support_failure(node, child_signals))
            gate = self._gate(GateType.OR, inputs)
            self.nodes[n] = NodeInfo(
                node.id, gate, tuple(relies), tuple(children), node.support, node.k
            )
            node_state[n] = 2

        for n in range(len(node_models)):
            visit_node(n)
        for n, info in enumerate(self.nodes):
            self._register("node", _known(info).id, n)
        return node_index

    def _compile_cases(
        self, case_models: list[Any], node_index: dict[str, int], events: _Events
    ) -> list[list[int]]:
        """A case fails when its root fails or it is unsound; returns the cases of each
        deployment of the portfolio."""
        deployment_cases: list[list[int]] = [[] for _ in self.portfolio.deployments]
        for c, case in enumerate(case_models):
            self._register("case", case.id, c)
            root = node_index[case.argument.id]
            covers = [
                self._resolve("deployment", d, f"case {case.id!r} covers[{j}]")
                for j, d in enumerate(case.covers)
            ]
            for d in covers:
                deployment_cases[d].append(c)
            unsound = events.unsound[c]
            gate = self._gate(GateType.OR, [_known(self.nodes[root]).signal, unsound])
            self.cases.append(
                CaseInfo(
                    case.id,
                    case.title,
                    tuple(covers),
                    case.effectiveness,
                    case.p_unsound,
                    unsound,
                    root,
                    tuple(self._reachable_nodes(root)),
                    gate,
                )
            )
        return deployment_cases

    def _compile_deployments(self, deployment_cases: list[list[int]]) -> dict[tuple[str, str], int]:
        """A deployment is uncovered when every case covering it fails; only the selected
        deployments are compiled. Returns their index entries."""
        wanted = None if self.selected is None else set(self.selected)
        index_of_deployment: dict[tuple[str, str], int] = {}
        for d, deployment in enumerate(self.portfolio.deployments):
            if wanted is not None and deployment.id not in wanted:
                continue
            gate = self._gate(GateType.AND, [self.cases[c].signal for c in deployment_cases[d]])
            index_of_deployment[("deployment", deployment.id)] = len(self.deployments)
            self.deployments.append(
                DeploymentInfo(
                    deployment.id,
                    deployment.name,
                    deployment.prior_risk,
                    deployment.risk_threshold,
                    tuple(deployment_cases[d]),
                    gate,
                )
            )
        return index_of_deployment

    def _circuit(self, index_of_deployment: dict[tuple[str, str], int]) -> Circuit:
        index = {k: v for k, v in self.index.items() if k[0] != "deployment"}
        index.update(index_of_deployment)
        return Circuit(
            events=tuple(self.events),
            gates=tuple(self.gates),
            questions=tuple(self.questions),
            worlds=tuple(self.worlds),
            edges=tuple(self.edges),
            techniques=tuple(self.techniques),
            assumptions=tuple(_known(a) for a in self.assumptions),
            nodes=tuple(_known(n) for n in self.nodes),
            cases=tuple(self.cases),
            deployments=tuple(self.deployments),
            _index=index,
            _readers=self.readers,
        )

    def _support_failure(self, node: ArgumentNode, children: list[int]) -> list[int]:
        """Signals whose OR is "the support condition of `node` fails"."""
        n = len(children)
        if node.support is Support.ALL:
            return children
        if node.support is Support.ANY:
            return [self._gate(GateType.AND, children)]
        k = node.k if node.k is not None else n
        threshold = n - k + 1  # the node fails once this many children fail
        if threshold <= 0:  # k > n: the support condition can never hold
            return [self._gate(GateType.AND, [])]
        if threshold == 1:
            return children
        if threshold == n:
            return [self._gate(GateType.AND, children)]
        return [self._gate(GateType.AT_LEAST, children, threshold)]

    def _selected_cases(self) -> list[Any]:
        p = self.portfolio
        if self.selected is None:
            return list(p.cases)
        for d in self.selected:
            if ("deployment", d) not in self.index:
                raise NotFoundError(f"deployment {d!r} not found")
        wanted = set(self.selected)
        return [case for case in p.cases if wanted.intersection(case.covers)]

    def _collect_nodes(self, case_models: list[Any]) -> list[ArgumentNode]:
        """Every argument node defined in the portfolio that the selected cases can reach."""
        defined: dict[str, ArgumentNode] = {}
        for node in self.portfolio.argument_nodes():
            if node.id in defined:
                raise InvalidInputError(f"argument node id {node.id!r} is defined more than once")
            defined[node.id] = node
        reached: dict[str, ArgumentNode] = {}
        stack = [case.argument for case in case_models]
        while stack:
            node = stack.pop()
            if node.id in reached:
                continue
            reached[node.id] = node
            for child in node.children:
                target = defined.get(child.ref) if isinstance(child, ArgumentRef) else child
                if target is None:
                    assert isinstance(child, ArgumentRef)
                    raise InvalidInputError(
                        f"argument node {node.id!r} refers to unknown argument node "
                        f"{child.ref!r}: define it or remove the reference"
                    )
                stack.append(target)
        return [node for node_id, node in defined.items() if node_id in reached]

    def _reachable_nodes(self, root: int) -> list[int]:
        order: list[int] = []
        seen: set[int] = set()
        stack = [root]
        while stack:
            n = stack.pop()
            if n in seen:
                continue
            seen.add(n)
            order.append(n)
            stack.extend(reversed(_known(self.nodes[n]).children))
        return order


def _known(value: _T | None) -> _T:
    assert value is not None
    return value


# ---------------------------------------------------------------------------------------------
# Questions of the domain the analyses share
# ---------------------------------------------------------------------------------------------


def deployment_of(circuit: Circuit, deployment_id: str) -> DeploymentInfo:
    """The compiled deployment, or `NotFoundError` naming the id."""
    return circuit.deployments[circuit.deployment_index(deployment_id)]


def questions_in(circuit: Circuit, signals: Iterable[int]) -> list[int]:
    """Questions (in portfolio order) with an answer among the world events of `signals`."""
    found = set()
    for s in signals:
        if s < len(circuit.events):
            event = circuit.events[s]
            if event.type is BasicEventType.WORLD:
                found.add(circuit.worlds[event.owner].question)
    return sorted(found)


def event_kind(circuit: Circuit, event: int) -> EventKind | None:
    """The user-facing kind of a basic event (None for edges and unsoundness)."""
    type_ = circuit.events[event].type
    if type_ is BasicEventType.ASSUMPTION:
        return EventKind.ASSUMPTION
    if type_ is BasicEventType.TECHNIQUE:
        return EventKind.TECHNIQUE
    if type_ is BasicEventType.WORLD:
        return EventKind.WORLD
    return None


def event_id(circuit: Circuit, event: int) -> str:
    """The id of the assumption, technique, world model, or case the event belongs to."""
    ev = circuit.events[event]
    if ev.type is BasicEventType.ASSUMPTION:
        return circuit.assumptions[ev.owner].id
    if ev.type is BasicEventType.TECHNIQUE:
        return circuit.techniques[ev.owner].id
    if ev.type is BasicEventType.WORLD:
        return circuit.worlds[ev.owner].id
    if ev.type is BasicEventType.UNSOUND:
        return circuit.cases[ev.owner].id
    edge = circuit.edges[ev.owner]
    source = (
        circuit.assumptions[edge.source].id
        if edge.source_kind is EventKind.ASSUMPTION
        else circuit.techniques[edge.source].id
    )
    return f"{source}->{circuit.worlds[edge.world].id}"
