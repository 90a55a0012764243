"""The risk analysis, on stage 3a or 3b (exact) or Monte Carlo: P(deployment uncovered), exactly
or by sampling (DESIGN §4.3), with the residual risk and robustness of §4.4 alongside.

Exact: every world of the relevant questions is enumerated as a numpy axis and, within each,
the failure function is evaluated exactly by modules and small decision diagrams over the
randomness the cases share (`per_world`). Monte Carlo: vectorised sampling with a standard
error. `auto` uses exact when the work (worlds x plan size) and the diagrams stay within a
budget and falls back to Monte Carlo otherwise; the method used is always reported.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from service.analysis.bdd import DiagramTooLargeError
from service.analysis.circuit import Circuit
from service.analysis.diagram_risk import (
    AUTO_NODE_LIMIT,
    DiagramPlan,
    deployment_diagram_plan,
    has_one_world,
)
from service.analysis.montecarlo import (
    DeploymentSamples,
    each_sampled_deployment,
    sample_deployment,
)
from service.analysis.per_world import (
    PlanTooLargeError,
    TooManyWorldsError,
    TooMuchSharingError,
    WorldwisePlan,
    plan_worldwise,
    world_count,
    world_grid,
)
from service.analysis.residual_risk import (
    ResidualRisk,
    ineffective_probabilities,
    sampled_residual,
    worldwise_residual,
)
from service.errors import AnalysisTooLargeError, InvalidInputError
from service.util.progress import FractionDone, no_progress

METHODS = ("exact", "mc", "auto")
DEFAULT_SAMPLES = 100_000
AUTO_STEP_LIMIT = 5_000  # plan steps before `auto` gives up on exact (a step costs ~0.2-1 ms)
AUTO_WORK_LIMIT = 500_000_000  # worlds x plan steps `auto` still evaluates exactly
# Shared random nodes past which `auto` samples without planning. A plan refused at the step
# limit costs its whole planning budget first (about 2 s): in generated portfolios of 100 and
# 1,000 cases every plan found within 5,000 steps had at most 16 shared nodes, and refusing
# the 49 of 60 deployments with more took 68 s at 1,000 cases (all 13 at 100 cases, 21 s).
AUTO_SHARED_LIMIT = 16
# What `exact` may spend before it refuses: planning of 50,000 steps takes up to a minute, and
# the evaluation holds worlds x steps values (the bound keeps it within a few GiB).
EXACT_STEP_LIMIT = 50_000
EXACT_WORK_LIMIT = 20 * AUTO_WORK_LIMIT


@dataclass(frozen=True)
class PortfolioRisk:
    deployment: str
    method: str  # "exact" or "mc": what was actually used
    p_uncovered: float
    std_error: float | None  # Monte Carlo only
    samples: int | None  # Monte Carlo only
    naive: float  # product of the covering cases' marginal failure probabilities
    correlation_penalty: float | None  # p_uncovered / naive
    n_eff: float | None  # effective number of independent cases
    case_failure: dict[str, float]
    residual: ResidualRisk

    @property
    def expected_risk(self) -> float:
        return self.residual.expected_risk

    @property
    def robustness(self) -> float:
        return self.residual.robustness

    @property
    def threshold_met(self) -> bool:
        return self.residual.threshold_met

    @property
    def required_update(self) -> float | None:
        """priorRisk / riskThreshold: the likelihood ratio the cases must deliver (§4.11)."""
        return _ratio(self.residual.prior_risk, self.residual.risk_threshold)

    @property
    def delivered_update(self) -> float | None:
        """priorRisk / expected risk: the likelihood ratio the cases do deliver (§4.11)."""
        return _ratio(self.residual.prior_risk, self.residual.expected_risk)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "deployment": self.deployment,
            "method": self.method,
            "p_uncovered": self.p_uncovered,
        }
        if self.method == "mc":
            out["std_error"] = self.std_error
            out["samples"] = self.samples
        out.update(
            {
                "naive": self.naive,
                "correlation_penalty": self.correlation_penalty,
                "n_eff": self.n_eff,
                "expected_risk": self.residual.expected_risk,
                "robustness": self.residual.robustness,
                "threshold_met": self.residual.threshold_met,
                "required_update": self.required_update,
                "delivered_update": self.delivered_update,
                "prior_risk": self.residual.prior_risk,
                "risk_threshold": self.residual.risk_threshold,
                "case_failure": dict(self.case_failure),
                "worst_worlds": [w.to_json() for w in self.residual.worst_worlds],
            }
        )
        return out


def _ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator > 0 else None


def check_method(method: str, samples: int) -> None:
    if method not in METHODS:
        raise InvalidInputError(f"unknown method {method!r}: use exact, mc or auto")
    if samples <= 0:
        raise InvalidInputError(f"samples must be > 0, got {samples}")


def portfolio_risk(
    circuit: Circuit,
    deployment: str,
    *,
    method: str = "auto",
    samples: int = DEFAULT_SAMPLES,
    seed: int | None = None,
) -> PortfolioRisk:
    """P(every case covering `deployment` fails), the naive independent estimate, the
    correlation penalty, n_eff, per-case failure probabilities and the residual risk."""
    check_method(method, samples)
    d = circuit.deployment_index(deployment)
    if method != "mc":
        plan = exact_plan(circuit, d, method)
        if plan is not None:
            return _exact(circuit, d, plan)
    return _sampled(circuit, d, sample_deployment(circuit, d, samples, seed))


def portfolio_risks(
    circuit: Circuit,
    deployments: Sequence[str],
    *,
    method: str = "auto",
    samples: int = DEFAULT_SAMPLES,
    seed: int | None = None,
    auto_step_limit: int | None = None,
    auto_shared_limit: int | None = None,
    progress: FractionDone = no_progress,
) -> dict[str, PortfolioRisk]:
    """`portfolio_risk` of several deployments: exact where it is (or as `method` demands),
    the others by Monte Carlo from common samples (`each_sampled_deployment`), one pass for all.
    `auto_step_limit`: the plan steps `auto` tries before sampling a deployment (default
    `AUTO_STEP_LIMIT`; a plan kept on the circuit from an earlier call is used whatever its
    size); `auto_shared_limit`: the shared random nodes past which `auto` samples without
    planning (default `AUTO_SHARED_LIMIT`; see `plan_worldwise`). `progress` hears the first
    half of the work done per deployment planned (or computed exactly), the second half as
    the common samples are drawn."""
    check_method(method, samples)
    out: dict[str, PortfolioRisk] = {}
    sampled: list[int] = []
    for n, d in enumerate((circuit.deployment_index(d) for d in deployments), start=1):
        plan = (
            exact_plan(circuit, d, method, auto_step_limit, auto_shared_limit)
            if method != "mc"
            else None
        )
        if plan is None:
            sampled.append(d)
        else:
            out[circuit.deployments[d].id] = _exact(circuit, d, plan)
        progress(0.5 * n / len(deployments), f"{n} of {len(deployments)} deployments planned")
    if sampled:

        def sampling(fraction: float, detail: str) -> None:
            progress(0.5 + 0.5 * fraction, f"{len(sampled)} deployments, {detail}")

        for d, drawn in each_sampled_deployment(circuit, sampled, samples, seed, sampling):
            out[circuit.deployments[d].id] = _sampled(circuit, d, drawn)
    progress(1.0, f"{len(deployments)} deployments")
    return {d: out[d] for d in deployments}


def _exact(circuit: Circuit, d: int, plan: WorldwisePlan | DiagramPlan) -> PortfolioRisk:
    dep = circuit.deployments[d]
    grid = world_grid(circuit, plan.questions)
    if isinstance(plan, WorldwisePlan):
        # Expectations straight from the roots' values; the second evaluation needs root 0
        # only. Over millions of worlds, roots x worlds arrays were hundreds of MB.
        expected = plan.expectations(circuit, grid)
        plan = replace(plan, roots=plan.roots[:1])
    else:
        expected = (grid.prior @ plan.evaluate(circuit, grid).T).tolist()
    p_uncovered = expected[0]
    case_failure = {circuit.cases[c].id: expected[1 + i] for i, c in enumerate(dep.cases)}
    factor = plan.evaluate(circuit, grid, probability=ineffective_probabilities(circuit, dep))[0]
    naive, penalty, n_eff = dependence(p_uncovered, list(case_failure.values()))
    return PortfolioRisk(
        deployment=dep.id,
        method="exact",
        p_uncovered=p_uncovered,
        std_error=None,
        samples=None,
        naive=naive,
        correlation_penalty=penalty,
        n_eff=n_eff,
        case_failure=case_failure,
        residual=worldwise_residual(circuit, dep, grid, factor),
    )


def _sampled(circuit: Circuit, d: int, drawn: DeploymentSamples) -> PortfolioRisk:
    dep = circuit.deployments[d]
    case_failure = {
        circuit.cases[c].id: float(drawn.case_failures[i] / drawn.samples)
        for i, c in enumerate(dep.cases)
    }
    naive, penalty, n_eff = dependence(drawn.p_uncovered, list(case_failure.values()))
    return PortfolioRisk(
        deployment=dep.id,
        method="mc",
        p_uncovered=drawn.p_uncovered,
        std_error=drawn.std_error,
        samples=drawn.samples,
        naive=naive,
        correlation_penalty=penalty,
        n_eff=n_eff,
        case_failure=case_failure,
        residual=sampled_residual(circuit, dep, drawn),
    )


def exact_plan(
    circuit: Circuit,
    d: int,
    method: str,
    auto_step_limit: int | None = None,
    auto_shared_limit: int | None = None,
) -> WorldwisePlan | DiagramPlan | None:
    """The exact plan of deployment `d` (index) for `method` exact or auto, or None when
    `auto` should fall back to Monte Carlo; `exact` raises `AnalysisTooLargeError` instead.
    Plans, and plans found too large, are memoised on the circuit."""
    dep = circuit.deployments[d]
    auto_limit = AUTO_STEP_LIMIT if auto_step_limit is None else auto_step_limit
    limit = auto_limit if method == "auto" else EXACT_STEP_LIMIT
    shared_limit = AUTO_SHARED_LIMIT if auto_shared_limit is None else auto_shared_limit
    plan: WorldwisePlan | DiagramPlan | None
    try:
        # One world (a plain fault tree, e.g. imported from MEF): the BDD is the exact
        # method; per-world conditioning is exponential in the events the gates share.
        plan = (
            deployment_diagram_plan(
                circuit, d, node_limit=AUTO_NODE_LIMIT if method == "auto" else None
            )
            if has_one_world(circuit, d)
            else deployment_plan(
                circuit,
                d,
                step_limit=limit,
                shared_limit=shared_limit if method == "auto" else None,
                # refused below anyway: a plan's work is at least one step per world (an
                # exact risk at 10,000 cases planned 15 s and 700 MB before refusing)
                world_limit=AUTO_WORK_LIMIT if method == "auto" else EXACT_WORK_LIMIT,
            )
        )
    except TooManyWorldsError as error:
        if method == "exact":
            why = f"at least {error.worlds:,} world x step evaluations (bound {EXACT_WORK_LIMIT:,})"
            raise _too_large(dep.id, why) from error
        return None
    except (PlanTooLargeError, DiagramTooLargeError) as error:
        if method == "exact":
            raise _too_large(dep.id, f"more than {EXACT_STEP_LIMIT:,} plan steps") from error
        return None
    work = world_count(circuit, plan.questions) * max(
        1, len(plan.steps) if isinstance(plan, WorldwisePlan) else plan.size
    )
    if method == "exact" and work > EXACT_WORK_LIMIT:
        raise _too_large(dep.id, f"{work:,} world x step evaluations (bound {EXACT_WORK_LIMIT:,})")
    if method == "auto" and work > AUTO_WORK_LIMIT:
        return None
    return plan


def _too_large(deployment: str, why: str) -> AnalysisTooLargeError:
    return AnalysisTooLargeError(
        f"exact risk of deployment {deployment!r} is intractable here ({why}): the cases "
        "share too many uncertain events; use method mc, or auto (exact when it can be)"
    )


def deployment_plan(
    circuit: Circuit,
    deployment: int,
    step_limit: int | None,
    shared_limit: int | None = None,
    world_limit: int | None = None,
) -> WorldwisePlan:
    """The per-world plan of deployment `deployment` (index): root 0 is "uncovered", root 1 + i
    is "the i-th covering case fails". Memoised on the circuit (a plan refused by a limit is
    remembered too, so a later call under the same limit fails at once)."""
    key = ("deployment-plan", deployment)
    too_large = ("deployment-plan-too-large", deployment)
    failed_at = circuit.recall(too_large)
    known_too_large = failed_at is not None and step_limit is not None and failed_at >= step_limit
    if circuit.recall(key) is None and known_too_large:
        raise PlanTooLargeError(f"exact evaluation needs more than {failed_at} steps")
    sharing = ("deployment-plan-shared-nodes", deployment)
    counting = ("deployment-plan-worlds", deployment)
    if circuit.recall(key) is None:  # a count found over a limit before is over it again
        for memo, limit, refusal in (
            (sharing, shared_limit, TooMuchSharingError),
            (counting, world_limit, TooManyWorldsError),
        ):
            count = circuit.recall(memo)
            if count is not None and limit is not None and count > limit:
                raise refusal(count, limit)
    dep = circuit.deployments[deployment]
    roots = [(dep.signal,), *((circuit.cases[c].signal,) for c in dep.cases)]

    def build() -> WorldwisePlan:
        try:
            return plan_worldwise(
                circuit,
                roots,
                step_limit=step_limit,
                shared_limit=shared_limit,
                world_limit=world_limit,
            )
        except TooMuchSharingError as error:
            circuit.remember(sharing, error.shared)
            raise
        except TooManyWorldsError as error:
            circuit.remember(counting, error.worlds)
            raise
        except PlanTooLargeError:
            assert step_limit is not None
            circuit.remember(too_large, max(step_limit, circuit.recall(too_large) or 0))
            raise

    return circuit.cached(key, build)


def residual_risk(
    circuit: Circuit,
    deployment: str,
    *,
    method: str = "auto",
    samples: int = DEFAULT_SAMPLES,
    seed: int | None = None,
) -> ResidualRisk:
    """Expected residual risk, threshold verdict, robustness and worst worlds (DESIGN §4.4)."""
    return portfolio_risk(circuit, deployment, method=method, samples=samples, seed=seed).residual


def dependence(
    p_uncovered: float, case_failure: list[float]
) -> tuple[float, float | None, float | None]:
    """(naive, correlation penalty, n_eff) from P(uncovered) and the marginal case failures.

    naive = prod_c P(c fails); penalty = P(uncovered) / naive (None when naive = 0);
    n_eff = log P(uncovered) / log(geometric mean of the marginals) (None when a logarithm is
    undefined or the denominator is 0: some probability 0, or every case certain to fail).
    """
    naive = math.prod(case_failure)
    penalty = p_uncovered / naive if naive > 0 else None
    n_eff: float | None = None
    if case_failure and p_uncovered > 0 and all(p > 0 for p in case_failure):
        log_mean = sum(math.log(p) for p in case_failure) / len(case_failure)
        if log_mean < 0:
            n_eff = math.log(p_uncovered) / log_mean
    return naive, penalty, n_eff
