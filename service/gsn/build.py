"""A portfolio's cases as GSN diagrams (DESIGN §10), with a scenario's failures marked.

Shared argument nodes (`{ref}`) and shared assumptions are elements of their own, drawn once
however many nodes lead to them. Which elements fail, and along which legs, comes from the
impact analysis (§4.1, structural reading): the same circuit values and explanation chains
`scg impact` reports.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from service.analysis import Circuit, Scenario, compile_circuit
from service.analysis.impact import explain
from service.analysis.scenario import resolve_scenario
from service.errors import InvalidInputError, NotFoundError
from service.gsn.notation import Connection, Diagram, Element, Link, Shape
from service.model import Portfolio
from service.model.enums import NodeType, Support
from service.model.portfolio import ArgumentNode, Assumption, SafetyCase

_NODE_SHAPES = {
    NodeType.GOAL: Shape.GOAL,
    NodeType.STRATEGY: Shape.STRATEGY,
    NodeType.EVIDENCE: Shape.SOLUTION,
}


def case_diagram(
    portfolio: Portfolio,
    case_id: str,
    scenario: Scenario | None = None,
    circuit: Circuit | None = None,
) -> Diagram:
    """The GSN diagram of one case (`circuit`: the portfolio's, if the caller has it)."""
    case = _case(portfolio, case_id)
    return _diagram(portfolio, [case], f"Safety case {case.id}: {case.title}", scenario, circuit)


def deployment_diagram(
    portfolio: Portfolio,
    deployment_id: str,
    scenario: Scenario | None = None,
    circuit: Circuit | None = None,
) -> Diagram:
    """Every case covering the deployment side by side; shared assumptions drawn once."""
    deployment = next((d for d in portfolio.deployments if d.id == deployment_id), None)
    if deployment is None:
        raise NotFoundError(f"no deployment {deployment_id!r} in the portfolio")
    cases = [c for c in portfolio.cases if deployment_id in c.covers]
    if not cases:
        raise InvalidInputError(f"no case covers deployment {deployment_id!r}: nothing to draw")
    title = f"Deployment {deployment.id}: {deployment.name} ({len(cases)} covering cases)"
    return _diagram(portfolio, cases, title, scenario, circuit)


def _case(portfolio: Portfolio, case_id: str) -> SafetyCase:
    for case in portfolio.cases:
        if case.id == case_id:
            return case
    raise NotFoundError(f"no safety case {case_id!r} in the portfolio")


@dataclass
class _Marks:
    """What fails under the scenario: element ids, and (parent, child) links on failed legs."""

    failed: set[str] = field(default_factory=set)
    legs: set[tuple[str, str]] = field(default_factory=set)
    causes: dict[str, list[str]] = field(default_factory=dict)  # assumption -> what broke it
    outcomes: dict[str, str] = field(default_factory=dict)  # case id -> HOLDS/FAILS/DEGRADED


def _scenario_marks(circuit: Circuit, cases: Sequence[SafetyCase], scenario: Scenario) -> _Marks:
    resolved = resolve_scenario(circuit, scenario)
    values = circuit.structural_values(resolved.occurring)
    marks = _Marks()
    marks.failed.update(n.id for n in circuit.nodes if values[n.signal])
    marks.failed.update(a.id for a in circuit.assumptions if values[a.signal])
    techniques = {t.id for t in circuit.techniques}
    worlds = {w.id for w in circuit.worlds}
    for case in cases:
        info = circuit.cases[circuit.case_index(case.id)]
        root_failed = values[info.signal]
        degraded = any(values[circuit.nodes[n].signal] for n in info.nodes)
        marks.outcomes[case.id] = "FAILS" if root_failed else "DEGRADED" if degraded else "HOLDS"
        for chain in explain(circuit, values, info):
            # chain: basic event (world / technique / assumption) ... root goal
            for lower, upper in itertools.pairwise(chain):
                if lower in techniques or lower in worlds:
                    kind = "technique" if lower in techniques else "world"
                    causes = marks.causes.setdefault(upper, [])
                    if f"{kind} {lower}" not in causes:
                        causes.append(f"{kind} {lower}")
                elif lower in marks.failed:
                    # the leg a failure climbs; it stops where a node still holds (`any`)
                    marks.legs.add((upper, lower))
    return marks


def _diagram(
    portfolio: Portfolio,
    cases: Sequence[SafetyCase],
    title: str,
    scenario: Scenario | None,
    circuit: Circuit | None,
) -> Diagram:
    marks = _Marks()
    scenario_line = None
    if scenario is not None and _has_events(scenario):
        marks = _scenario_marks(circuit or compile_circuit(portfolio), cases, scenario)
        scenario_line = describe_scenario(scenario)
    builder = _Builder(portfolio, marks)
    for case in cases:
        builder.case(case, show_outcome=scenario_line is not None)
    builder.defeaters(portfolio)
    return Diagram(
        title=title,
        elements=tuple(builder.elements.values()),
        connections=tuple(builder.connections),
        scenario=scenario_line,
        roots=tuple(case.argument.id for case in cases),
    )


def _has_events(scenario: Scenario) -> bool:
    return bool(scenario.failed_assumptions or scenario.failed_techniques or scenario.worlds)


def describe_scenario(scenario: Scenario) -> str:
    """One line naming what the scenario fails, e.g. `technique interpretability fails`."""
    parts = [f"technique {t} fails" for t in scenario.failed_techniques]
    parts += [f"assumption {a} is false" for a in scenario.failed_assumptions]
    parts += [f"world {w} is true" for w in scenario.worlds]
    return "Scenario: " + "; ".join(parts)


def support_rule(node: ArgumentNode) -> str | None:
    """The support annotation when it is not `all`: `any of 2`, `2 of 3`."""
    n = len(node.children)
    if node.support is Support.ANY:
        return f"support: any of {n}"
    if node.support is Support.AT_LEAST:
        return f"support: {node.k} of {n}"
    return None


class _Builder:
    def __init__(self, portfolio: Portfolio, marks: _Marks) -> None:
        self.nodes = {n.id: n for n in portfolio.argument_nodes()}
        self.assumptions = {a.id: a for a in portfolio.assumptions}
        self.marks = marks
        self.elements: dict[str, Element] = {}
        self.connections: list[Connection] = []
        self._linked: set[tuple[str, str, Link]] = set()

    def link(self, source: str, target: str, link: Link) -> None:
        if (source, target, link) in self._linked:
            return
        self._linked.add((source, target, link))
        failed = (source, target) in self.marks.legs
        self.connections.append(Connection(source, target, link, failed=failed))

    def case(self, case: SafetyCase, show_outcome: bool) -> None:
        heading = f"Case {case.id}: {case.title}"
        if show_outcome and case.id in self.marks.outcomes:
            heading += f" — {self.marks.outcomes[case.id]}"
        self.node(case.argument, heading)

    def node(self, node: ArgumentNode, heading: str | None = None) -> None:
        if node.id in self.elements:
            return
        notes = [rule] if (rule := support_rule(node)) else []
        undeveloped = not node.children and node.type is not NodeType.EVIDENCE
        self.elements[node.id] = Element(
            id=node.id,
            shape=_NODE_SHAPES[node.type],
            text=node.statement,
            undeveloped=undeveloped,
            notes=tuple(notes),
            failed=node.id in self.marks.failed,
            heading=heading,
        )
        for i, text in enumerate(node.context, start=1):
            self.side_element(node.id, f"{node.id}/context-{i}", Shape.CONTEXT, text)
        for i, text in enumerate(node.justification, start=1):
            self.side_element(node.id, f"{node.id}/justification-{i}", Shape.JUSTIFICATION, text)
        for assumption_id in node.relies_on:
            self.assumption(assumption_id)
            self.link(node.id, assumption_id, Link.IN_CONTEXT_OF)
        for child_id in node.child_ids():
            child = self.nodes[child_id]
            self.node(child)
            self.link(node.id, child_id, Link.SUPPORTED_BY)

    def side_element(self, owner: str, element_id: str, shape: Shape, text: str) -> None:
        self.elements[element_id] = Element(id=element_id, shape=shape, text=text)
        self.link(owner, element_id, Link.IN_CONTEXT_OF)

    def assumption(self, assumption_id: str) -> None:
        if assumption_id in self.elements:
            return
        assumption = self.assumptions[assumption_id]
        self.elements[assumption_id] = Element(
            id=assumption_id,
            shape=Shape.ASSUMPTION,
            text=assumption.statement,
            notes=tuple(self.assumption_notes(assumption)),
            failed=assumption_id in self.marks.failed,
        )
        for other in assumption.relies_on:
            self.assumption(other)
            self.link(assumption_id, other, Link.IN_CONTEXT_OF)

    def assumption_notes(self, assumption: Assumption) -> Iterable[str]:
        if assumption.techniques:
            yield "uses: " + ", ".join(assumption.techniques)
        worlds = [w.world if w.p == 1.0 else f"{w.world} (p {w.p:g})" for w in assumption.fails_in]
        yield "fails in: " + (", ".join(worlds) if worlds else "no world stated")
        causes = self.marks.causes.get(assumption.id)
        if causes:
            yield "broken by: " + ", ".join(causes)

    def defeaters(self, portfolio: Portfolio) -> None:
        for defeater in portfolio.defeaters:
            if defeater.challenges not in self.elements:
                continue
            self.elements[defeater.id] = Element(
                id=defeater.id,
                shape=Shape.COUNTER_CLAIM,
                text=defeater.statement,
                notes=(f"defeater, {defeater.status.value}",),
            )
            self.link(defeater.id, defeater.challenges, Link.CHALLENGES)
