"""The JSON Schema (2020-12) of audit policy files, built from the rule registry.

Built here so the rules, their defaults and `schema/policy.schema.json` cannot drift apart: the
file is this module's output (`python -m service.audit.policy_schema > schema/policy.schema.json`)
and a unit test checks that it is up to date.
"""

from __future__ import annotations

import json
import sys
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator

from service.audit.findings import Severity
from service.audit.rules import ALL_RULES, Rule, Scope
from service.model import CaseStatus

SCHEMA_ID = "https://safety-case-graph.dev/schema/policy.schema.json"
SEVERITIES = [s.value for s in Severity]


def _rule_settings(rule: Rule) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "enabled": {"type": "boolean", "default": True, "description": "Run the rule."},
        "severity": {
            "enum": SEVERITIES,
            "default": rule.default_severity.value,
            "description": "The severity of its findings.",
        },
    }
    for p in rule.parameters:
        properties[p.name] = {**p.schema, "default": p.default, "description": p.description}
    return {
        "type": "object",
        "description": f"{rule.title}. {rule.description}",
        "properties": properties,
        "additionalProperties": False,
    }


def _overrides(scope: Scope) -> dict[str, Any]:
    rules = [r for r in ALL_RULES if r.scope is scope]
    return {
        "type": "object",
        "description": f"Per-{scope.value} settings: {scope.value} id -> rule id -> settings "
        f"(rules judging {scope.plural}: {', '.join(r.id for r in rules)}).",
        "additionalProperties": {
            "type": "object",
            "properties": {r.id: {"$ref": f"#/$defs/{r.id}"} for r in rules},
            "additionalProperties": False,
        },
    }


def build_schema() -> dict[str, Any]:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Safety Case Graph audit policy",
        "description": "Rules of a diversity audit (`scg audit --policy`), their thresholds and "
        "severities, with per-deployment, per-case and per-assumption overrides. Rules and "
        "settings left out keep their built-in defaults.",
        "type": "object",
        "properties": {
            "version": {"const": 1, "default": 1},
            "name": {"type": "string", "description": "Shown in reports."},
            "description": {"type": "string"},
            "fail_on": {
                "enum": SEVERITIES,
                "description": "The least severity that fails the audit (exit 1); "
                "`scg audit --fail-on` takes precedence. Default: error.",
            },
            "exclude_case_statuses": {
                "type": "array",
                "items": {"enum": [s.value for s in CaseStatus]},
                "uniqueItems": True,
                "default": ["rejected"],
                "description": "Cases with these statuses argue nothing: they count for no "
                "deployment in any rule.",
            },
            "rules": {
                "type": "object",
                "description": "Rule id -> settings for every subject.",
                "properties": {r.id: {"$ref": f"#/$defs/{r.id}"} for r in ALL_RULES},
                "additionalProperties": False,
            },
            "overrides": {
                "type": "object",
                "properties": {scope.plural: _overrides(scope) for scope in Scope},
                "additionalProperties": False,
            },
        },
        "additionalProperties": False,
        "$defs": {r.id: _rule_settings(r) for r in ALL_RULES},
    }


@cache
def policy_schema() -> dict[str, Any]:
    """The schema (built once). Do not mutate the result."""
    return build_schema()


@cache
def policy_validator() -> Draft202012Validator:
    schema = policy_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def schema_json() -> str:
    """The text of `schema/policy.schema.json`."""
    return json.dumps(policy_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":  # pragma: no cover
    sys.stdout.write(schema_json())
