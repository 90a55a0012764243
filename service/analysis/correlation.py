"""Correlation between the cases of a deployment (DESIGN §4.5).

For each pair of covering cases: the phi coefficient of their failures (quantitative reading,
exact), and how much they lean on the same things: the Jaccard overlap of the world models,
techniques and assumptions each reaches.

P(both fail) is computed per world: two cases that share no random event are independent
given the world (their per-world failure probabilities multiply); for the pairs that do, the
conjunction is planned exactly (`per_world`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from service.analysis.circuit import BasicEventType, CaseInfo, Circuit
from service.analysis.per_world import WorldwisePlan, plan_worldwise, world_grid

VARIANCE_FLOOR = 1e-12  # below this a case is taken as certain and phi is undefined


@dataclass(frozen=True)
class Overlap:
    """Jaccard overlap |A & B| / |A | B| of what two cases reach (None when both reach none)."""

    worlds: float | None
    techniques: float | None
    assumptions: float | None

    def to_json(self) -> dict[str, float | None]:
        return {
            "worlds": self.worlds,
            "techniques": self.techniques,
            "assumptions": self.assumptions,
        }


@dataclass(frozen=True)
class CasePair:
    cases: tuple[str, str]
    p_both_fail: float
    phi: float | None  # None when either case's failure has (near) zero variance
    overlap: Overlap

    def to_json(self) -> dict[str, Any]:
        return {
            "cases": list(self.cases),
            "p_both_fail": self.p_both_fail,
            "phi": self.phi,
            "overlap": self.overlap.to_json(),
        }


@dataclass(frozen=True)
class CaseCorrelation:
    deployment: str
    case_failure: dict[str, float]
    pairs: tuple[CasePair, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "deployment": self.deployment,
            "case_failure": dict(self.case_failure),
            "pairs": [p.to_json() for p in self.pairs],
        }


def case_correlation(circuit: Circuit, deployment: str) -> CaseCorrelation:
    d = circuit.deployment_index(deployment)
    dep = circuit.deployments[d]
    cases = [circuit.cases[c] for c in dep.cases]
    n = len(cases)
    plan, joint = circuit.cached(("pairs-plan", d), lambda: _pairs_plan(circuit, cases))
    grid = world_grid(circuit, plan.questions)
    per_world = plan.evaluate(circuit, grid)
    prior = grid.prior
    marginal = (per_world[:n] @ prior).tolist()
    reached = [_reached(circuit, case) for case in cases]
    pairs: list[CasePair] = []
    for i in range(n):
        for j in range(i + 1, n):
            row = joint.get((i, j))
            both_per_world = per_world[row] if row is not None else per_world[i] * per_world[j]
            both = float(both_per_world @ prior)
            variance = marginal[i] * (1 - marginal[i]) * marginal[j] * (1 - marginal[j])
            phi = None
            if variance > VARIANCE_FLOOR:
                phi = max(-1.0, min(1.0, (both - marginal[i] * marginal[j]) / math.sqrt(variance)))
            pairs.append(
                CasePair(
                    (cases[i].id, cases[j].id),
                    both,
                    phi,
                    Overlap(*(_jaccard(a, b) for a, b in zip(reached[i], reached[j], strict=True))),
                )
            )
    return CaseCorrelation(
        dep.id, {case.id: marginal[i] for i, case in enumerate(cases)}, tuple(pairs)
    )


def _pairs_plan(
    circuit: Circuit, cases: list[CaseInfo]
) -> tuple[WorldwisePlan, dict[tuple[int, int], int]]:
    """Plan of every case's failure (roots 0 .. n-1) and of "both fail" for each pair of
    cases that share a random event (the root index of pair (i, j) is in the dict)."""
    random_events = []
    for case in cases:
        cone = circuit.cone([case.signal])
        random_events.append(
            {
                s
                for s in cone
                if s < len(circuit.events)
                and circuit.events[s].type is not BasicEventType.WORLD
                and 0.0 < circuit.events[s].probability < 1.0
            }
        )
    roots: list[tuple[int, ...]] = [(case.signal,) for case in cases]
    joint: dict[tuple[int, int], int] = {}
    for i in range(len(cases)):
        for j in range(i + 1, len(cases)):
            if random_events[i] & random_events[j]:
                joint[(i, j)] = len(roots)
                roots.append((cases[i].signal, cases[j].signal))
    return plan_worldwise(circuit, roots), joint


def _reached(circuit: Circuit, case: CaseInfo) -> tuple[set[int], set[int], set[int]]:
    """(world models, techniques, assumptions) the case reaches through its argument."""
    assumptions: set[int] = set()
    stack = [a for n in case.nodes for a in circuit.nodes[n].relies_on]
    while stack:
        a = stack.pop()
        if a not in assumptions:
            assumptions.add(a)
            stack.extend(circuit.assumptions[a].relies_on)
    techniques = {t for a in assumptions for t in circuit.assumptions[a].techniques}
    edges = [e for a in assumptions for e in circuit.assumptions[a].fails_in]
    edges += [e for t in techniques for e in circuit.techniques[t].fails_in]
    worlds = {circuit.edges[e].world for e in edges}
    return worlds, techniques, assumptions


def _jaccard(a: set[int], b: set[int]) -> float | None:
    union = a | b
    return len(a & b) / len(union) if union else None
