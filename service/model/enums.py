"""Enumerations of the domain. Values are the lower-case spelling of the authoring format."""

from enum import StrEnum


class Stakes(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class CaseCategory(StrEnum):
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
    """GSN argument node types that take part in the failure logic."""

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
