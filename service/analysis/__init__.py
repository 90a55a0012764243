"""The analysis engine: pure computation on the domain model (DESIGN §4). No I/O.

Compile a portfolio once (`compile_circuit`; cache the `Circuit` by graph revision) and pass
the circuit to every analysis. The stages, each its own module:

1. `circuit`: compile a portfolio into an integer-indexed failure circuit;
2. `bdd`: binary decision diagrams of circuit signals;
3. exact probabilities: `per_world` (3a, world by world, for portfolios) or `diagram_risk`
   (3b, one BDD per deployment, for large imported fault trees); `montecarlo` samples instead;
4. `zbdd`: set families and minimal solutions (cut sets beyond MOCUS's reach).

The analyses on top of them:

- `impact(circuit, Scenario)`: what-if outcomes, explanations and coverage (§4.1);
  `prepare_impact(circuit)` builds what it needs ahead of the first call;
- `minimal_cut_sets(circuit, deployment, max_order=, over=)`: aligned holes (§4.2), and
  `CutSetFinder` for several deployments at once;
  `cut_set_count(...)` / `count_minimal_cut_sets(...)` count them on a ZBDD without listing;
- `portfolio_risk(circuit, deployment, method=, samples=, seed=)`: P(uncovered), naive estimate,
  correlation penalty, n_eff, with residual risk and robustness (§4.3, §4.4);
- `residual_risk(...)`: §4.4 alone;
- `case_correlation(circuit, deployment)`: phi and dependency overlap of case pairs (§4.5);
- `swiss_cheese_matrix(circuit, deployment)`: P(case holds | world model) (§4.6);
- `apply_profile(circuit, profiles, id)` / `with_priors(circuit, priors)`: the same circuit
  under a reviewer's priors, and `risk_across_priors(...)` (§4.8);
- `question_sensitivity(circuit, deployment)`: which open question matters (§4.9);
- `importance(circuit, deployment, over=, method=)`: importance measures (§4.10);
- `risk_budget(circuit, budget)`: total expected risk against a lifetime budget (§4.11).
"""

from service.analysis.circuit import (
    Circuit,
    compile_circuit,
    with_cases_covering_nothing,
    with_own_p_fail,
)
from service.analysis.correlation import CaseCorrelation, CasePair, Overlap, case_correlation
from service.analysis.cutsets import (
    CutSet,
    CutSetFinder,
    CutSets,
    Event,
    minimal_cut_sets,
    parse_kinds,
)
from service.analysis.cutsets_zbdd import (
    CutSetCount,
    count_minimal_cut_sets,
    cut_set_count,
    minimal_cut_sets_unlimited,
)
from service.analysis.impact import (
    CaseImpact,
    DeploymentImpact,
    Impact,
    Outcome,
    impact,
    prepare_impact,
)
from service.analysis.importance import EventImportance, Importance, importance
from service.analysis.matrix import CaseRow, SwissCheeseMatrix, swiss_cheese_matrix
from service.analysis.prior_profiles import (
    DEFAULT_PROFILE,
    ProfileVerdict,
    RiskAcrossPriors,
    apply_profile,
    find_profile,
    risk_across_priors,
    with_priors,
)
from service.analysis.question_sensitivity import (
    AnswerRisk,
    DeploymentQuestions,
    QuestionSensitivity,
    question_sensitivity,
)
from service.analysis.residual_risk import ResidualRisk, WorldRisk
from service.analysis.risk import PortfolioRisk, portfolio_risk, residual_risk
from service.analysis.risk_budget import DeploymentShare, RiskBudget, risk_budget
from service.analysis.scenario import Scenario

__all__ = [
    "DEFAULT_PROFILE",
    "AnswerRisk",
    "CaseCorrelation",
    "CaseImpact",
    "CasePair",
    "CaseRow",
    "Circuit",
    "CutSet",
    "CutSetCount",
    "CutSetFinder",
    "CutSets",
    "DeploymentImpact",
    "DeploymentQuestions",
    "DeploymentShare",
    "Event",
    "EventImportance",
    "Impact",
    "Importance",
    "Outcome",
    "Overlap",
    "PortfolioRisk",
    "ProfileVerdict",
    "QuestionSensitivity",
    "ResidualRisk",
    "RiskAcrossPriors",
    "RiskBudget",
    "Scenario",
    "SwissCheeseMatrix",
    "WorldRisk",
    "apply_profile",
    "case_correlation",
    "compile_circuit",
    "count_minimal_cut_sets",
    "cut_set_count",
    "find_profile",
    "impact",
    "importance",
    "minimal_cut_sets",
    "minimal_cut_sets_unlimited",
    "parse_kinds",
    "portfolio_risk",
    "prepare_impact",
    "question_sensitivity",
    "residual_risk",
    "risk_across_priors",
    "risk_budget",
    "swiss_cheese_matrix",
    "with_cases_covering_nothing",
    "with_own_p_fail",
    "with_priors",
]
