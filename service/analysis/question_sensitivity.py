"""Which question matters (DESIGN §4.9): a deployment's risk with one open question answered.

For question Q with answers a_1..a_k (priors pi), `expected_risk | a_i` and `p_uncovered | a_i`
are §4.3-4.4 with Q conditioned on a_i and every other question at its prior;
`swing(Q)` = max_i - min_i of `expected_risk | a_i`; `flip_probability(Q)` = the prior mass of
the answers under which the threshold verdict differs from the unconditioned one: the chance
that resolving Q changes the deployment's verdict. Listed: every question some answer of which
reaches a covering case, by flip probability, then swing (both descending), then id.

Exact: the per-world values of the deployment's plan are computed once; conditioning on an
answer is a reweighting of them (so expected_risk = sum_i pi_i x expected_risk | a_i holds by
construction). Monte Carlo: one set of samples, re-evaluated with each answer forced (common
random numbers).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from service.analysis.circuit import Circuit, questions_in
from service.analysis.forced_sampling import ConeSampler
from service.analysis.per_world import WorldwisePlan, world_grid
from service.analysis.residual_risk import TOLERANCE, ineffective_probabilities
from service.analysis.risk import DEFAULT_SAMPLES, check_method, exact_plan


@dataclass(frozen=True)
class AnswerRisk:
    id: str
    prior: float
    expected_risk: float
    p_uncovered: float
    threshold_met: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "prior": self.prior,
            "expected_risk": self.expected_risk,
            "p_uncovered": self.p_uncovered,
            "threshold_met": self.threshold_met,
        }


@dataclass(frozen=True)
class QuestionSensitivity:
    id: str
    swing: float
    flip_probability: float
    answers: tuple[AnswerRisk, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "swing": self.swing,
            "flip_probability": self.flip_probability,
            "answers": [a.to_json() for a in self.answers],
        }


@dataclass(frozen=True)
class DeploymentQuestions:
    deployment: str
    method: str  # "exact" or "mc"
    expected_risk: float
    p_uncovered: float
    risk_threshold: float
    threshold_met: bool
    questions: tuple[QuestionSensitivity, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "deployment": self.deployment,
            "method": self.method,
            "expected_risk": self.expected_risk,
            "p_uncovered": self.p_uncovered,
            "risk_threshold": self.risk_threshold,
            "threshold_met": self.threshold_met,
            "questions": [q.to_json() for q in self.questions],
        }


def question_sensitivity(
    circuit: Circuit,
    deployment: str,
    *,
    method: str = "auto",
    samples: int = DEFAULT_SAMPLES,
    seed: int | None = None,
) -> DeploymentQuestions:
    """Per open question bearing on `deployment`: its risk under each answer, the swing and
    the chance that answering it flips the verdict."""
    check_method(method, samples)
    d = circuit.deployment_index(deployment)
    dep = circuit.deployments[d]
    listed = questions_in(circuit, circuit.cone([dep.signal]))
    # Per question: per answer (P(uncovered | a), E[factor | a]); and the unconditioned pair.
    conditional: dict[int, list[tuple[float, float]]]
    plan = exact_plan(circuit, d, method) if method != "mc" else None
    if plan is not None:
        used = "exact"
        grid = world_grid(circuit, plan.questions)
        uncovered = plan.evaluate(circuit, grid)[0]
        factor = plan.evaluate(circuit, grid, probability=ineffective_probabilities(circuit, dep))[
            0
        ]
        overall = (float(grid.prior @ uncovered), float(grid.prior @ factor))
        conditional = {}
        for q in listed:
            k = len(circuit.questions[q].worlds)
            if isinstance(plan, WorldwisePlan) and q in grid.questions:
                j = grid.questions.index(q)
                weight = grid.prior_without(j)
                masks = [grid.positions[j] == i for i in range(k)]
                conditional[q] = [
                    (float(uncovered[m] @ weight[m]), float(factor[m] @ weight[m])) for m in masks
                ]
            else:  # the plan does not read the question: no answer changes anything
                conditional[q] = [overall] * k
    else:
        used = "mc"
        overall, conditional = _sampled(circuit, d, listed, samples, seed)
    expected = dep.prior_risk * overall[1]
    met = expected <= dep.risk_threshold + TOLERANCE
    rows = []
    for q in listed:
        question = circuit.questions[q]
        answers = []
        for w, (p_unc, f) in zip(question.worlds, conditional[q], strict=True):
            risk = dep.prior_risk * f
            answers.append(
                AnswerRisk(
                    circuit.worlds[w].id,
                    circuit.worlds[w].prior,
                    risk,
                    p_unc,
                    risk <= dep.risk_threshold + TOLERANCE,
                )
            )
        risks = [a.expected_risk for a in answers]
        flip = sum(a.prior for a in answers if a.threshold_met != met)
        rows.append(QuestionSensitivity(question.id, max(risks) - min(risks), flip, tuple(answers)))
    rows.sort(key=lambda r: (-r.flip_probability, -r.swing, r.id))
    return DeploymentQuestions(
        dep.id, used, expected, overall[0], dep.risk_threshold, met, tuple(rows)
    )


def _sampled(
    circuit: Circuit, d: int, listed: list[int], samples: int, seed: int | None
) -> tuple[tuple[float, float], dict[int, list[tuple[float, float]]]]:
    sampler = ConeSampler(circuit, d)
    total = np.zeros(2)
    sums = {q: np.zeros((len(circuit.questions[q].worlds), 2)) for q in listed}
    for values in sampler.chunks(samples, seed):
        base = sampler.outcome(values)
        total += (base.uncovered.sum(), base.factor.sum())
        for q in listed:
            rows = sampler.question_rows(q)
            for i in range(len(circuit.questions[q].worlds)):
                out = sampler.forced(values, {s: p == i for s, p in rows})
                sums[q][i] += (out.uncovered.sum(), out.factor.sum())
    overall = (float(total[0] / samples), float(total[1] / samples))
    return overall, {
        q: [(float(u / samples), float(f / samples)) for u, f in sums[q]] for q in listed
    }
