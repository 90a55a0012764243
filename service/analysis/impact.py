"""What-if impact analysis (DESIGN §4.1).

Outcomes and explanations use the structural reading: the scenario's events occur, nothing else
does, and FAILS_IN edges into a true world model take effect. `p_holds` uses the quantitative
reading: the scenario's failures are certain, its world models are conditioned on (their
questions fixed to those answers) and every other event keeps its probability.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from service.analysis.bdd import FlatBdd, variable_probabilities
from service.analysis.case_diagrams import CaseDiagramCache, case_diagrams
from service.analysis.circuit import CaseInfo, Circuit
from service.analysis.scenario import Scenario, resolve_scenario
from service.util.lru import LruCache

MAX_CHAINS_PER_CASE = 100
#: Impacts kept per circuit, by scenario: a dashboard asks the same few what-ifs again and
#: again (each of 10,000 cases is a few KiB of explanation, so only a few are kept).
RECENT_SCENARIOS = 4


class Outcome(StrEnum):
    HOLDS = "HOLDS"
    FAILS = "FAILS"
    DEGRADED = "DEGRADED"  # the case holds, but some argument node of it fails


@dataclass(frozen=True)
class CaseImpact:
    id: str
    title: str
    outcome: Outcome
    p_holds: float
    explanation: tuple[tuple[str, ...], ...]  # each chain: failed basic event ... root goal

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "outcome": self.outcome.value,
            "p_holds": self.p_holds,
            "explanation": [list(chain) for chain in self.explanation],
        }


@dataclass(frozen=True)
class DeploymentImpact:
    id: str
    name: str
    covered: bool
    surviving_cases: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "covered": self.covered,
            "surviving_cases": list(self.surviving_cases),
        }


@dataclass(frozen=True)
class Impact:
    scenario: Scenario
    cases: tuple[CaseImpact, ...]
    deployments: tuple[DeploymentImpact, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "scenario": {
                "fail_assumptions": list(self.scenario.failed_assumptions),
                "fail_techniques": list(self.scenario.failed_techniques),
                "worlds": list(self.scenario.worlds),
            },
            "cases": [c.to_json() for c in self.cases],
            "deployments": [d.to_json() for d in self.deployments],
        }


def impact(
    circuit: Circuit, scenario: Scenario, *, cache: CaseDiagramCache | None = None
) -> Impact:
    """Which cases hold, fail or are degraded under `scenario`, why, and what stays covered
    (`cache`: where per-case diagrams are kept across revisions; see `prepare_impact`).

    The circuit keeps the impacts of its most recent scenarios: the answer is a function of
    the circuit (one graph revision) and the scenario only."""
    recent: LruCache[Scenario, Impact] = circuit.cached(
        "impact-results", lambda: LruCache(RECENT_SCENARIOS)
    )
    found = recent.get(scenario)
    if found is None:
        found = _impact(circuit, scenario, cache)
        recent.put(scenario, found)
    return found


def _impact(circuit: Circuit, scenario: Scenario, cache: CaseDiagramCache | None) -> Impact:
    resolved = resolve_scenario(circuit, scenario)
    values = circuit.structural_values(resolved.occurring)

    flat = prepare_impact(circuit, cache)
    q = variable_probabilities(
        circuit,
        flat.variables,
        forced=resolved.forced_events,
        fixed_worlds=resolved.fixed_worlds,
    )
    p_fails = flat.root_probabilities(q)

    cases: list[CaseImpact] = []
    for c, case in enumerate(circuit.cases):
        if values[case.signal]:
            outcome = Outcome.FAILS
        elif any(values[circuit.nodes[n].signal] for n in case.nodes):
            outcome = Outcome.DEGRADED
        else:
            outcome = Outcome.HOLDS
        explanation = () if outcome is Outcome.HOLDS else explain(circuit, values, case)
        cases.append(CaseImpact(case.id, case.title, outcome, float(1.0 - p_fails[c]), explanation))
    deployments = tuple(
        DeploymentImpact(
            d.id,
            d.name,
            covered=not values[d.signal],
            surviving_cases=tuple(
                circuit.cases[c].id for c in d.cases if cases[c].outcome is not Outcome.FAILS
            ),
        )
        for d in circuit.deployments
    )
    return Impact(scenario, tuple(cases), deployments)


def prepare_impact(circuit: Circuit, cache: CaseDiagramCache | None = None) -> FlatBdd:
    """The diagrams of every case's failure that `impact` evaluates for `p_holds`, built on
    first use and kept by the circuit. Building them is the one slow part of impact on a
    large portfolio: a server calls this right after compiling, off the request path. Each
    case's diagram comes from `cache` (default: the process-wide one) when a case of the
    same cone content was built before, in this revision or an earlier one. Every variable a
    scenario may force or fix is kept; only certain edges are folded."""

    def build() -> FlatBdd:
        return (case_diagrams if cache is None else cache).joined(circuit)

    return circuit.cached("impact-diagrams", build)


def explain(circuit: Circuit, values: list[bool], case: CaseInfo) -> tuple[tuple[str, ...], ...]:
    """The failed legs of `case`: every chain of failed nodes from a failed basic event (an
    assumption or technique failed in the scenario, or a world model taken as true) up through
    the assumptions and argument nodes it brings down to the case's root goal.

    Argument nodes above the failed leg may still hold (a DEGRADED case); the chain still ends
    at the root goal so the leg can be located. At most `MAX_CHAINS_PER_CASE` chains.
    """
    chains: list[tuple[str, ...]] = []
    failure_below: dict[int, bool] = {}

    def has_failure(n: int) -> bool:
        if n not in failure_below:
            node = circuit.nodes[n]
            failure_below[n] = values[node.signal] or any(has_failure(c) for c in node.children)
        return failure_below[n]

    def emit(path: list[str]) -> None:
        if len(chains) < MAX_CHAINS_PER_CASE:
            chains.append(tuple(reversed(path)))

    def technique(t: int, path: list[str]) -> None:
        info = circuit.techniques[t]
        path = [*path, info.id]
        if values[info.event]:
            emit(path)
        for e in info.fails_in:
            if values[circuit.edges[e].signal]:
                emit([*path, circuit.worlds[circuit.edges[e].world].id])

    def assumption(a: int, path: list[str]) -> None:
        info = circuit.assumptions[a]
        path = [*path, info.id]
        if values[info.event]:
            emit(path)
        for t in info.techniques:
            if values[circuit.techniques[t].signal]:
                technique(t, path)
        for e in info.fails_in:
            if values[circuit.edges[e].signal]:
                emit([*path, circuit.worlds[circuit.edges[e].world].id])
        for b in info.relies_on:
            if values[circuit.assumptions[b].signal]:
                assumption(b, path)

    def node(n: int, path: list[str]) -> None:
        if len(chains) >= MAX_CHAINS_PER_CASE:
            return
        info = circuit.nodes[n]
        path = [*path, info.id]
        for a in info.relies_on:
            if values[circuit.assumptions[a].signal]:
                assumption(a, path)
        for c in info.children:
            if has_failure(c):
                node(c, path)

    node(case.root, [])
    return tuple(dict.fromkeys(chains))
