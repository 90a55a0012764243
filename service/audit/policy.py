"""Audit policies: which rules run, with which thresholds and severities, for which subjects.

A policy is a YAML (or JSON) document validated against `schema/policy.schema.json`. Whatever
it leaves out keeps the built-in defaults (DESIGN §4.7), so an empty file, or no file, is the
default policy. Settings are resolved per subject: the rule's defaults, then `rules.<id>`, then
`overrides.<deployments|cases|assumptions>.<subject id>.<rule id>`.

```yaml
version: 1
name: frontier-lab CI
fail_on: error                 # the least severity that fails the audit (--fail-on wins)
exclude_case_statuses: [rejected]
rules:
  min-cases: {min_cases: 2, stakes: [high, critical]}
  min-robustness: {minimum: 0.5, severity: error}
  fails-in-stated: {enabled: false}
overrides:
  deployments:
    asl4-internal-rd:
      min-robustness: {minimum: 0.9}
      single-point-of-failure: {severity: warning}
  cases:
    legacy-case: {undeveloped-goals: {enabled: false}}
  assumptions:
    low-stakes: {fails-in-stated: {enabled: false}}
```
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from jsonschema import ValidationError as SchemaError

from service.audit.findings import Severity
from service.audit.policy_schema import policy_validator
from service.audit.rules import ALL_RULES, RULES_BY_ID, RuleSettings, Scope
from service.audit.yaml_lines import LineIndex, PathKey, index_lines
from service.authoring.reader import EMPTY_DOCUMENT, parse_yaml
from service.errors import InvalidInputError
from service.model import CaseStatus

DEFAULT_EXCLUDED_STATUSES = (CaseStatus.REJECTED,)


@dataclass(frozen=True)
class PolicyIssue:
    """One problem of a policy document, located by file, line and path."""

    message: str
    path: str = ""
    file: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = ":".join(str(part) for part in (self.file, self.line) if part is not None)
        prefix = f"{where}: " if where else ""
        return f"{prefix}{self.path + ': ' if self.path else ''}{self.message}"


class InvalidPolicyError(InvalidInputError):
    """A policy document has problems; `issues` lists every one of them."""

    def __init__(self, issues: Sequence[PolicyIssue]) -> None:
        self.issues = list(issues)
        lines = "\n".join(str(i) for i in self.issues)
        super().__init__(f"invalid audit policy:\n{lines}")


@dataclass(frozen=True)
class Policy:
    """A validated policy document; `settings(rule, subject)` resolves what applies."""

    document: Mapping[str, Any] = field(default_factory=dict)
    name: str = "built-in defaults"

    # -- construction ----------------------------------------------------------------------

    @classmethod
    def defaults(cls) -> Policy:
        """The built-in policy (DESIGN §4.7)."""
        return cls()

    @classmethod
    def from_document(cls, data: Any, filename: str | None = None) -> Policy:
        """A policy from parsed data (e.g. a GraphQL JSON argument); raise
        `InvalidPolicyError` naming every problem."""
        return _validated(data, filename, LineIndex())

    @classmethod
    def from_yaml_text(cls, text: str, filename: str | None = None) -> Policy:
        """A policy from YAML or JSON text; errors name `filename`, the line and the path.

        The text first passes the portfolio reader's guards (aliases bounded and acyclic,
        nesting and numbers bounded), so a hostile policy costs no more than its size."""
        guarded = parse_yaml(text)
        if guarded.issues and guarded.data is None and guarded.issues[0].message != EMPTY_DOCUMENT:
            issue = guarded.issues[0]
            raise InvalidPolicyError([PolicyIssue(issue.message, file=filename, line=issue.line)])
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
            line = mark.line + 1 if mark is not None else None
            problem = getattr(exc, "problem", None) or str(exc)
            raise InvalidPolicyError(
                [PolicyIssue(f"invalid YAML: {problem}", file=filename, line=line)]
            ) from exc
        lines = index_lines(text)
        issues = [
            PolicyIssue(
                f"key {path[-1]!r} is given more than once", _format_path(path), filename, line
            )
            for path, line in lines.duplicate_keys
        ]
        if issues:
            raise InvalidPolicyError(issues)
        return _validated(data, filename, lines)

    @classmethod
    def from_file(cls, path: Path | str) -> Policy:
        path = Path(path)
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise InvalidPolicyError(
                [PolicyIssue(f"cannot read: {reason}", file=str(path))]
            ) from exc
        return cls.from_yaml_text(text, str(path))

    # -- what it says ----------------------------------------------------------------------

    @property
    def fail_on(self) -> Severity | None:
        value = self.document.get("fail_on")
        return Severity(value) if value else None

    @property
    def exclude_case_statuses(self) -> tuple[CaseStatus, ...]:
        if "exclude_case_statuses" not in self.document:
            return DEFAULT_EXCLUDED_STATUSES
        return tuple(CaseStatus(s) for s in self.document["exclude_case_statuses"])

    def settings(self, rule_id: str, subject: str | None = None) -> RuleSettings:
        """The settings of `rule_id` for `subject` (an id of the rule's scope), or for every
        subject without an override when `subject` is None."""
        rule = RULES_BY_ID[rule_id]
        merged: dict[str, Any] = {
            "enabled": True,
            "severity": rule.default_severity.value,
            **rule.defaults(),
        }
        merged.update(self.document.get("rules", {}).get(rule_id, {}))
        override: Mapping[str, Any] = {}
        if subject is not None:
            by_subject = self.document.get("overrides", {}).get(rule.scope.plural, {})
            override = by_subject.get(subject, {}).get(rule_id, {})
            merged.update(override)
        enabled = bool(merged.pop("enabled"))
        severity = Severity(merged.pop("severity"))
        return RuleSettings(
            enabled=enabled,
            severity=severity,
            params=merged,
            forced=override.get("enabled") is True,
        )

    def enabled_anywhere(self, rule_id: str) -> bool:
        """Whether the rule runs for some subject (globally, or by an override)."""
        if self.settings(rule_id).enabled:
            return True
        scope = RULES_BY_ID[rule_id].scope
        by_subject = self.document.get("overrides", {}).get(scope.plural, {})
        return any(rules.get(rule_id, {}).get("enabled") is True for rules in by_subject.values())

    def overridden(self, scope: Scope) -> list[str]:
        """The subject ids the policy overrides settings for, in `scope`."""
        return list(self.document.get("overrides", {}).get(scope.plural, {}))

    def to_json(self) -> dict[str, Any]:
        """The effective policy: every rule's global settings, and the overrides."""
        return {
            "fail_on": self.fail_on.value if self.fail_on else None,
            "exclude_case_statuses": [s.value for s in self.exclude_case_statuses],
            "rules": {
                rule.id: {
                    "enabled": (s := self.settings(rule.id)).enabled,
                    "severity": s.severity.value,
                    **s.params,
                }
                for rule in ALL_RULES
            },
            "overrides": dict(self.document.get("overrides", {})),
        }


# --- validation ---------------------------------------------------------------------------------


def _validated(data: Any, filename: str | None, lines: LineIndex) -> Policy:
    if data is None:
        data = {}
    issues = [
        PolicyIssue(message, _format_path(path), filename, lines.line_of_path(path))
        for path, message in _schema_problems(data)
    ]
    if issues:
        issues.sort(key=lambda i: (i.line or 0, i.path))
        raise InvalidPolicyError(issues)
    name = data.get("name") or (Path(filename).name if filename else "policy")
    return Policy(document=data, name=name)


def _schema_problems(data: Any) -> Iterable[tuple[PathKey, str]]:
    for error in policy_validator().iter_errors(data):
        yield from _explain(error)


def _explain(error: SchemaError) -> Iterable[tuple[PathKey, str]]:
    path: PathKey = tuple(error.absolute_path)
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        schema = error.schema if isinstance(error.schema, dict) else {}
        allowed = list(schema.get("properties", {}))
        for key in error.instance:
            if key not in allowed:
                yield (*path, str(key)), _unknown_key(path, str(key), allowed)
        return
    if error.validator == "const" and path == ("version",):
        yield path, f"unsupported policy version {error.instance!r}: use 1"
        return
    if error.validator == "type" and path == ():
        yield path, "a policy must be a mapping of settings (e.g. `rules: {...}`)"
        return
    yield path, error.message


def _unknown_key(path: PathKey, key: str, allowed: list[str]) -> str:
    hint = difflib.get_close_matches(key, allowed, n=1)
    suggestion = f" (did you mean {hint[0]!r}?)" if hint else ""
    known = ", ".join(allowed) or "none"
    if path == ("rules",):
        return f"unknown rule {key!r}{suggestion}; rules: {known}"
    if len(path) == 3 and path[0] == "overrides":
        scope = str(path[1]).removesuffix("s")
        if key in RULES_BY_ID:
            judged = RULES_BY_ID[key].scope
            return (
                f"rule {key!r} judges {judged.plural}, not {scope}s: override it under "
                f"`overrides.{judged.plural}`"
            )
        return f"unknown rule {key!r}{suggestion}; rules judging {scope}s: {known}"
    if (len(path) == 2 and path[0] == "rules") or (len(path) == 4 and path[0] == "overrides"):
        return f"unknown setting {key!r} of rule {path[-1]!r}{suggestion}; settings: {known}"
    return f"unknown key {key!r}{suggestion}; keys: {known}"


def _format_path(path: PathKey) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
