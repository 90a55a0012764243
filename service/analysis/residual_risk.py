"""Residual risk and robustness across worlds (DESIGN §4.4).

In world w, risk(w) = priorRisk x E[prod over covering cases c of (1 - eff_c x 1{c holds}) | w].
The expectation is itself a probability: give each case an independent "effective" coin Z_c
with P(Z_c) = eff_c; then 1 - eff_c x 1{c holds} = P(not (Z_c and c holds) | the rest), and the
product over independent coins is P(no case both holds and is effective). "c holds and is
effective" = "root holds and not unsound and Z_c", so E[...] is P(uncovered) in the same
diagram with the unsoundness probability of c replaced by 1 - eff_c x (1 - pUnsound_c).

Exactly, risk(w) comes for every world at once from the per-world plan (`per_world`); by Monte
Carlo, from the mean over the samples drawn in each world. A world is one answer per question
relevant to the deployment (the others do not change risk).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from service.analysis.bdd import FloatArray
from service.analysis.circuit import Circuit, DeploymentInfo
from service.analysis.montecarlo import DeploymentSamples
from service.analysis.per_world import WorldGrid

TOLERANCE = 1e-9  # risk(w) <= threshold is read as risk(w) <= threshold + TOLERANCE
WORST_WORLDS = 5


@dataclass(frozen=True)
class WorldRisk:
    """A world (one answer per relevant question), its prior and its residual risk."""

    worlds: tuple[str, ...]
    prior: float
    risk: float

    def to_json(self) -> dict[str, Any]:
        return {"worlds": list(self.worlds), "prior": self.prior, "risk": self.risk}


@dataclass(frozen=True)
class ResidualRisk:
    deployment: str
    method: str
    prior_risk: float
    risk_threshold: float
    expected_risk: float
    threshold_met: bool
    robustness: float
    questions: tuple[str, ...]  # questions that change the risk, in variable order
    worst_worlds: tuple[WorldRisk, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "deployment": self.deployment,
            "method": self.method,
            "prior_risk": self.prior_risk,
            "risk_threshold": self.risk_threshold,
            "expected_risk": self.expected_risk,
            "threshold_met": self.threshold_met,
            "robustness": self.robustness,
            "questions": list(self.questions),
            "worst_worlds": [w.to_json() for w in self.worst_worlds],
        }


def ineffective_probabilities(circuit: Circuit, dep: DeploymentInfo) -> dict[int, float]:
    """Per covering case, by its unsoundness event: P(the case removes no risk | its root
    holds) = 1 - effectiveness x (1 - pUnsound)."""
    return {
        circuit.cases[c].unsound_event: 1.0
        - circuit.cases[c].effectiveness * (1.0 - circuit.cases[c].p_unsound)
        for c in dep.cases
    }


def worldwise_residual(
    circuit: Circuit, dep: DeploymentInfo, grid: WorldGrid, factor: FloatArray
) -> ResidualRisk:
    """Residual risk from `factor[w]` = E[prod_c (1 - eff_c 1{c holds}) | w] on every world of
    `grid` (exact). `factor` is overwritten."""
    # Over millions of worlds each temporary is tens of MB: risk is made in `factor`'s place
    # (the caller's to give), and only the few candidate worlds are ever copied.
    risk = np.multiply(factor, dep.prior_risk, out=factor)
    prior = grid.prior
    expected = float(prior @ risk)
    robustness = float(prior.sum(where=risk <= dep.risk_threshold + TOLERANCE))
    # The riskiest worlds of non-zero prior, then likeliest, then first in the grid; sorted
    # among the few that can be, not over the whole grid.
    kept = np.sort(_top_candidates(np.where(prior > 0, risk, -np.inf), prior, WORST_WORLDS))
    kept = kept[prior[kept] > 0]
    order = kept[np.lexsort((-prior[kept], -risk[kept]))][:WORST_WORLDS]
    worst = [
        WorldRisk(grid.world_ids(circuit, i), float(prior[i]), float(risk[i]))
        for i in order.tolist()
    ]
    return ResidualRisk(
        deployment=dep.id,
        method="exact",
        prior_risk=dep.prior_risk,
        risk_threshold=dep.risk_threshold,
        expected_risk=expected,
        threshold_met=expected <= dep.risk_threshold + TOLERANCE,
        robustness=min(1.0, robustness),
        questions=tuple(circuit.questions[q].id for q in grid.questions),
        worst_worlds=tuple(worst),
    )


def sampled_residual(
    circuit: Circuit, dep: DeploymentInfo, samples: DeploymentSamples
) -> ResidualRisk:
    """Residual risk estimated from samples: risk(w) is the mean over the samples drawn in w,
    robustness the prior mass of the worlds sampled at least once whose estimate is within
    the threshold, normalised by the prior mass of all sampled worlds."""
    expected = dep.prior_risk * samples.factor_sum / samples.samples
    prior = samples.world_priors
    risk = dep.prior_risk * samples.world_factor_sums / samples.world_samples
    mass = float(prior.sum())
    within = float(prior[risk <= dep.risk_threshold + TOLERANCE].sum())
    return ResidualRisk(
        deployment=dep.id,
        method="mc",
        prior_risk=dep.prior_risk,
        risk_threshold=dep.risk_threshold,
        expected_risk=expected,
        threshold_met=expected <= dep.risk_threshold + TOLERANCE,
        robustness=within / mass if mass > 0 else 0.0,
        questions=tuple(circuit.questions[q].id for q in samples.questions),
        worst_worlds=_worst_sampled(circuit, samples, prior, risk),
    )


def _worst_sampled(
    circuit: Circuit, samples: DeploymentSamples, prior: FloatArray, risk: FloatArray
) -> tuple[WorldRisk, ...]:
    """The `WORST_WORLDS` riskiest sampled worlds, then likeliest, then by ids. Vectorised:
    thousands of sampled worlds can tie (every case failing gives the prior risk)."""
    candidates = _top_candidates(risk, prior, WORST_WORLDS)
    order = candidates[np.lexsort((-prior[candidates], -risk[candidates]))]
    if len(order) > WORST_WORLDS:
        # Those tied with the last one kept are ordered by their ids, then cut.
        last = order[WORST_WORLDS - 1]
        tied = (risk[order] == risk[last]) & (prior[order] == prior[last])
        run = np.flatnonzero(tied)
        ranks = _id_ranks(circuit, samples, order[run])
        by_ids = order[run][np.lexsort(ranks[::-1])] if len(ranks) else order[run]
        order = np.concatenate((order[: run[0]], by_ids))[:WORST_WORLDS]
    answers = samples.world_answers
    worst = [
        WorldRisk(
            tuple(
                circuit.worlds[circuit.questions[q].worlds[int(answers[i, j])]].id
                for j, q in enumerate(samples.questions)
            ),
            float(prior[i]),
            float(risk[i]),
        )
        for i in order.tolist()
    ]
    worst.sort(key=lambda w: (-w.risk, -w.prior, w.worlds))
    return tuple(worst)


def _top_candidates(risk: FloatArray, prior: FloatArray, k: int) -> npt.NDArray[np.intp]:
    """Indices that include the `k` greatest by (risk, prior) and every world tied with the
    k-th: those riskier than the k-th riskiest, and of those as risky as it, the likeliest."""
    if len(risk) <= k:
        return np.arange(len(risk))
    kth = np.partition(risk, len(risk) - k)[len(risk) - k]
    riskier = np.flatnonzero(risk > kth)
    tied = np.flatnonzero(risk == kth)
    wanted = k - len(riskier)  # >= 1: fewer than k worlds are riskier than the k-th riskiest
    if len(tied) > wanted:
        likeliest = np.partition(prior[tied], len(tied) - wanted)[len(tied) - wanted]
        tied = tied[prior[tied] >= likeliest]
    return np.concatenate((riskier, tied))


def _id_ranks(
    circuit: Circuit, samples: DeploymentSamples, worlds: npt.NDArray[np.intp]
) -> npt.NDArray[np.intp]:
    """Per question (rows), the rank of each of `worlds`' answers by world id: tuples of ids
    compare as these rows do."""
    ranks = []
    for j, q in enumerate(samples.questions):
        ids = [circuit.worlds[w].id for w in circuit.questions[q].worlds]
        rank = np.empty(len(ids), dtype=np.intp)
        rank[sorted(range(len(ids)), key=ids.__getitem__)] = np.arange(len(ids))
        ranks.append(rank[samples.world_answers[worlds, j]])
    return np.array(ranks, dtype=np.intp).reshape(len(ranks), len(worlds))
