"""Swiss-cheese matrix (DESIGN §4.6): cases x world models, P(case holds | world model true).

A column conditions the world model's question on that answer and leaves everything else at
its probability; 0 means the hole is certain in that world. The columns are the answers of
every question relevant to the deployment (some covering case's assumption or technique fails
in one of its answers), in portfolio order.

Computed from the per-world probabilities of the cases (`per_world`): P(c fails | m) is the
average of P(c fails | w) over the worlds w holding m, weighted by the priors of the other
questions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from service.analysis.circuit import Circuit, questions_in
from service.analysis.per_world import PlanTooLargeError, world_grid
from service.analysis.risk import EXACT_STEP_LIMIT, deployment_plan
from service.errors import AnalysisTooLargeError


@dataclass(frozen=True)
class CaseRow:
    id: str
    p_holds: dict[str, float]  # world model id -> P(case holds | it is true)

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "p_holds": dict(self.p_holds)}


@dataclass(frozen=True)
class SwissCheeseMatrix:
    deployment: str
    worlds: tuple[str, ...]
    cases: tuple[CaseRow, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "deployment": self.deployment,
            "worlds": list(self.worlds),
            "cases": [c.to_json() for c in self.cases],
        }


def swiss_cheese_matrix(circuit: Circuit, deployment: str) -> SwissCheeseMatrix:
    d = circuit.deployment_index(deployment)
    dep = circuit.deployments[d]
    questions = questions_in(circuit, circuit.cone([dep.signal]))
    worlds = [w for q in questions for w in circuit.questions[q].worlds]
    rows: list[CaseRow] = [CaseRow(circuit.cases[c].id, {}) for c in dep.cases]
    if worlds and dep.cases:
        try:
            plan = deployment_plan(circuit, d, step_limit=EXACT_STEP_LIMIT)
        except PlanTooLargeError as error:
            raise AnalysisTooLargeError(
                f"the Swiss-cheese matrix of deployment {dep.id!r} is intractable here "
                f"(more than {EXACT_STEP_LIMIT:,} plan steps): its cases share too many "
                "uncertain events"
            ) from error
        grid = world_grid(circuit, questions)
        fails = plan.evaluate(circuit, grid)[1:]  # cases x worlds of the grid
        for j, q in enumerate(questions):
            weight = grid.prior_without(j)
            for position, w in enumerate(circuit.questions[q].worlds):
                mask = grid.positions[j] == position
                p_fail = fails[:, mask] @ weight[mask]
                for row, p in zip(rows, p_fail.tolist(), strict=True):
                    row.p_holds[circuit.worlds[w].id] = min(1.0, max(0.0, 1.0 - p))
    return SwissCheeseMatrix(dep.id, tuple(circuit.worlds[w].id for w in worlds), tuple(rows))
