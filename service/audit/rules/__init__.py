"""The audit rules (DESIGN §4.7), one module each, and their registry."""

from service.audit.rules.base import Parameter, Rule, RuleSettings, Scope, SettingsFor
from service.audit.rules.fails_in_stated import FailsInStated
from service.audit.rules.min_cases import MinCases
from service.audit.rules.min_robustness import MinRobustness
from service.audit.rules.open_defeaters import OpenDefeaters
from service.audit.rules.risk_budget import RiskBudget
from service.audit.rules.single_point_of_failure import SinglePointOfFailure
from service.audit.rules.undeveloped_goals import UndevelopedGoals

ALL_RULES: tuple[Rule, ...] = (
    MinCases(),
    SinglePointOfFailure(),
    FailsInStated(),
    MinRobustness(),
    RiskBudget(),
    OpenDefeaters(),
    UndevelopedGoals(),
)
RULES_BY_ID: dict[str, Rule] = {rule.id: rule for rule in ALL_RULES}

__all__ = [
    "ALL_RULES",
    "RULES_BY_ID",
    "Parameter",
    "Rule",
    "RuleSettings",
    "Scope",
    "SettingsFor",
]
