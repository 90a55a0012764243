"""Domain model: plain, validated objects with no I/O (DESIGN §3, §5)."""

from service.model.enums import (
    CaseCategory,
    CaseStatus,
    DefeaterStatus,
    EventKind,
    NodeType,
    Stakes,
    Support,
)
from service.model.portfolio import (
    ArgumentNode,
    ArgumentRef,
    Assumption,
    Defeater,
    Deployment,
    FailsIn,
    Portfolio,
    PriorProfile,
    Question,
    SafetyCase,
    Source,
    Technique,
    WorldModel,
)
from service.model.validation import PortfolioIssue, check_portfolio

__all__ = [
    "ArgumentNode",
    "ArgumentRef",
    "Assumption",
    "CaseCategory",
    "CaseStatus",
    "Defeater",
    "DefeaterStatus",
    "Deployment",
    "EventKind",
    "FailsIn",
    "NodeType",
    "Portfolio",
    "PortfolioIssue",
    "PriorProfile",
    "Question",
    "SafetyCase",
    "Source",
    "Stakes",
    "Support",
    "Technique",
    "WorldModel",
    "check_portfolio",
]
