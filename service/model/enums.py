"""Enumerations of the domain. Values are the lower-case spelling of the authoring format;
member names are the upper-case spelling of the graph and of GraphQL (DESIGN §5), and the
docstrings are the descriptions GraphQL shows."""

from enum import StrEnum


class Stakes(StrEnum):
    """How much is at stake if the deployment goes wrong."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class CaseCategory(StrEnum):
    """The kind of argument a safety case makes (Clymer et al. 2024)."""

    INABILITY = "inability"
    CONTROL = "control"
    TRUSTWORTHINESS = "trustworthiness"
    DEFERENCE = "deference"


class CaseStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class NodeType(StrEnum):
    """GSN node types that take part in the failure logic."""

    GOAL = "goal"
    STRATEGY = "strategy"
    EVIDENCE = "evidence"


class Support(StrEnum):
    """How many children of an argument node must hold for it to hold."""

    ALL = "all"
    ANY = "any"
    AT_LEAST = "at_least"


class DefeaterStatus(StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"


class EventKind(StrEnum):
    """Kinds of basic event a reviewer can fail or enumerate in cut sets."""

    ASSUMPTION = "assumption"
    TECHNIQUE = "technique"
    WORLD = "world"
