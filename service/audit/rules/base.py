"""What every audit rule is: an id, a scope, parameters with defaults, and a check."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any, ClassVar

from service.audit.findings import Finding, Severity
from service.model import CaseStatus, Stakes

if TYPE_CHECKING:
    from service.audit.context import AuditContext


class Scope(StrEnum):
    """What a rule judges one at a time; per-subject policy overrides are keyed by its ids."""

    DEPLOYMENT = "deployment"
    CASE = "case"
    ASSUMPTION = "assumption"

    @property
    def plural(self) -> str:
        return self.value + "s"


@dataclass(frozen=True)
class Parameter:
    """A rule parameter: its JSON Schema (for the policy file), default and meaning."""

    name: str
    schema: Mapping[str, Any]
    default: Any
    description: str


@dataclass(frozen=True)
class RuleSettings:
    """A rule's settings for one subject, after the policy's overrides are applied.

    `forced` is True when a per-subject override says `enabled: true`: the rule then judges
    that subject even if it falls outside the rule's filter (e.g. `stakes`, `statuses`).
    """

    enabled: bool
    severity: Severity
    params: Mapping[str, Any] = field(default_factory=dict)
    forced: bool = False

    def __getitem__(self, name: str) -> Any:
        return self.params[name]


SettingsFor = Callable[[str], RuleSettings]  # subject id -> its settings


class Rule:
    """Subclasses set the class attributes and implement `check`."""

    id: ClassVar[str]
    title: ClassVar[str]  # a short, PascalCase-free summary
    description: ClassVar[str]  # what the rule asks, one or two sentences
    help: ClassVar[str]  # how to satisfy it in general
    scope: ClassVar[Scope]
    default_severity: ClassVar[Severity]
    parameters: ClassVar[tuple[Parameter, ...]] = ()

    def check(self, ctx: AuditContext, settings_for: SettingsFor) -> Iterable[Finding]:
        raise NotImplementedError

    def skip_reason(self, ctx: AuditContext, deployment: str, settings: RuleSettings) -> str | None:
        """Why a deployment-scoped rule does not judge `deployment` (None: it does)."""
        if not settings.enabled:
            return "disabled by the policy"
        return None

    def defaults(self) -> dict[str, Any]:
        return {p.name: p.default for p in self.parameters}


def code(entity_id: str) -> str:
    """An id as written in messages: `asl4-internal-rd`."""
    return f"`{entity_id}`"


def codes(ids: Iterable[str], limit: int = 6) -> str:
    """`a`, `b`, `c` (and 3 more)."""
    items = list(dict.fromkeys(ids))
    shown = ", ".join(code(i) for i in items[:limit])
    if len(items) > limit:
        shown += f" and {len(items) - limit} more"
    return shown


def plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n} {word if n == 1 else (words or word + 's')}"


# --- parameter kinds shared by several rules --------------------------------------------------

STAKES_VALUES = [s.value for s in Stakes]
STATUS_VALUES = [s.value for s in CaseStatus]


def stakes_parameter(default: list[str]) -> Parameter:
    return Parameter(
        "stakes",
        {"type": "array", "items": {"enum": STAKES_VALUES}, "uniqueItems": True},
        default,
        "The deployments judged: those whose stakes are listed.",
    )


def statuses_parameter(default: list[str]) -> Parameter:
    return Parameter(
        "statuses",
        {"type": "array", "items": {"enum": STATUS_VALUES}, "uniqueItems": True},
        default,
        "The cases judged: those whose status is listed.",
    )


def stakes_skip_reason(
    rule: Rule, ctx: AuditContext, deployment: str, settings: RuleSettings
) -> str | None:
    """Skip reason of a rule filtered by deployment stakes."""
    if not settings.enabled:
        return "disabled by the policy"
    stakes = ctx.deployments[deployment].stakes
    if settings.forced or stakes.value in settings["stakes"]:
        return None
    listed = ", ".join(settings["stakes"]) or "none"
    return f"stakes {stakes.value} not judged by this rule (stakes: {listed})"
