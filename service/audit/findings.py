"""What an audit produces: findings, one check per rule and deployment, and the report."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    """How serious a finding is; also the SARIF `level` of the result."""

    NOTE = "note"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _RANK[self]

    def reaches(self, threshold: Severity) -> bool:
        """Whether a finding of this severity is at least as serious as `threshold`."""
        return self.rank >= threshold.rank


_RANK = {Severity.NOTE: 0, Severity.WARNING: 1, Severity.ERROR: 2}


@dataclass(frozen=True)
class Finding:
    """One policy violation.

    `nodes` are portfolio ids, the node to look at first (where reporters locate the finding)
    first. `deployments` are the deployments the finding concerns (empty for a finding about
    something no case of any deployment reaches). `subject` is the id the rule judged (a
    deployment, case or assumption): the id its per-subject policy overrides are keyed by.
    """

    rule: str
    severity: Severity
    message: str
    nodes: tuple[str, ...]
    remedy: str
    subject: str
    deployments: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
            "nodes": list(self.nodes),
            "remedy": self.remedy,
            "subject": self.subject,
            "deployments": list(self.deployments),
        }


class CheckStatus(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class Check:
    """The verdict of one rule for one deployment (`deployment` None: findings that concern
    no deployment). A JUnit test case."""

    rule: str
    deployment: str | None
    status: CheckStatus
    findings: tuple[Finding, ...] = ()
    reason: str | None = None  # why it was skipped

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "rule": self.rule,
            "deployment": self.deployment,
            "status": self.status.value,
            "findings": len(self.findings),
        }
        if self.reason:
            out["reason"] = self.reason
        return out


@dataclass(frozen=True)
class RuleInfo:
    """A rule as reporters describe it (SARIF `tool.driver.rules`, JUnit suites)."""

    id: str
    title: str
    description: str
    help: str
    severity: Severity  # as configured by the policy (its default level)
    enabled: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "description": self.description,
            "severity": self.severity.value,
            "enabled": self.enabled,
        }


@dataclass(frozen=True)
class AuditReport:
    """Every finding of a policy run over a portfolio, with the checks behind them."""

    findings: tuple[Finding, ...]
    checks: tuple[Check, ...]
    rules: tuple[RuleInfo, ...]
    deployments: tuple[str, ...]
    policy_name: str
    warnings: tuple[str, ...] = ()  # problems of the policy that do not stop the audit
    settings: dict[str, Any] = field(default_factory=dict)  # the effective policy, as JSON
    kinds: dict[str, str] = field(default_factory=dict)  # node id -> deployment, case, world...

    def counts(self) -> dict[str, int]:
        counter = Counter(f.severity for f in self.findings)
        return {s.value: counter.get(s, 0) for s in reversed(Severity)}

    def worst(self) -> Severity | None:
        return max((f.severity for f in self.findings), key=lambda s: s.rank, default=None)

    def fails(self, fail_on: Severity) -> bool:
        """Whether some finding reaches `fail_on` (the CI verdict)."""
        return any(f.severity.reaches(fail_on) for f in self.findings)

    def findings_of(self, rule: str) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.rule == rule)

    def to_json(self) -> dict[str, Any]:
        """DESIGN §8: `{"findings": [{"rule", "severity", "message", "nodes", "remedy"}]}`,
        plus the counts, the checks, the effective policy and its warnings."""
        return {
            "findings": [f.to_json() for f in self.findings],
            "summary": {**self.counts(), "checks": len(self.checks)},
            "checks": [c.to_json() for c in self.checks],
            "rules": [r.to_json() for r in self.rules],
            "policy": {"name": self.policy_name, **self.settings},
            "warnings": list(self.warnings),
        }
