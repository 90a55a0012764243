"""Policy files: defaults, validation errors that name file, line and path, disabling,
re-levelling and per-subject overrides."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from service.audit import ALL_RULES, InvalidPolicyError, Policy, Severity, run_audit
from service.audit.policy_schema import policy_schema, schema_json
from service.cli.base import EXIT_INPUT, exit_code
from tests.conftest import REPOSITORY_ROOT
from tests.unit.audit.builders import case, deployment, portfolio

SCHEMA_FILE = REPOSITORY_ROOT / "schema" / "policy.schema.json"


def test_schema_file_is_up_to_date() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_json(), (
        "regenerate it: python -m service.audit.policy_schema > schema/policy.schema.json"
    )
    Draft202012Validator.check_schema(json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))


def test_defaults_are_design_4_7_and_4_11() -> None:
    policy = Policy.defaults()
    assert [r.id for r in ALL_RULES] == [
        "min-cases",
        "single-point-of-failure",
        "fails-in-stated",
        "min-robustness",
        "risk-budget",
        "open-defeaters",
        "undeveloped-goals",
    ]
    assert policy.settings("min-cases")["min_cases"] == 2
    assert policy.settings("min-cases")["stakes"] == ["high", "critical"]
    assert policy.settings("single-point-of-failure").severity is Severity.ERROR
    assert policy.settings("open-defeaters")["statuses"] == ["accepted"]
    assert policy.settings("risk-budget").severity is Severity.ERROR
    assert all(policy.settings(r.id).enabled for r in ALL_RULES)
    assert policy.fail_on is None
    # Every parameter default satisfies the schema.
    assert (
        Policy.from_document(
            {"rules": {r.id: policy.settings(r.id).params for r in ALL_RULES}}
        ).settings("min-robustness")["minimum"]
        == 0.8
    )


@pytest.mark.parametrize("text", ["", "# nothing\n", "{}", "version: 1\n"])
def test_empty_policy_is_the_defaults(text: str) -> None:
    assert Policy.from_yaml_text(text).to_json() == Policy.defaults().to_json()


def _errors(text: str) -> list[str]:
    with pytest.raises(InvalidPolicyError) as caught:
        Policy.from_yaml_text(text, "policy.yaml")
    assert exit_code(caught.value) == EXIT_INPUT
    return [str(issue) for issue in caught.value.issues]


def test_unknown_rule_is_named_with_file_line_and_a_suggestion() -> None:
    (error,) = _errors("version: 1\nrules:\n  min-case: {min_cases: 3}\n")
    assert error.startswith("policy.yaml:3: rules.min-case: unknown rule 'min-case'")
    assert "did you mean 'min-cases'?" in error


def test_bad_values_are_all_reported_with_lines() -> None:
    errors = _errors(
        "rules:\n"
        "  min-cases:\n"
        "    min_cases: 0\n"
        "    severity: fatal\n"
        "  min-robustness: {minimum: 1.5, threshold: 2}\n"
    )
    assert len(errors) == 4
    assert errors[0].startswith("policy.yaml:3: rules.min-cases.min_cases: 0 is less than")
    assert errors[1].startswith("policy.yaml:4: rules.min-cases.severity: 'fatal' is not one of")
    assert any(e.startswith("policy.yaml:5: rules.min-robustness.minimum:") for e in errors)
    assert any("unknown setting 'threshold' of rule 'min-robustness'" in e for e in errors)


def test_override_of_a_rule_in_the_wrong_scope() -> None:
    (error,) = _errors(
        "overrides:\n  deployments:\n    d:\n      open-defeaters: {enabled: false}\n"
    )
    assert error.startswith("policy.yaml:4: overrides.deployments.d.open-defeaters:")
    assert "judges cases, not deployments: override it under `overrides.cases`" in error


def test_syntax_errors_duplicates_and_versions() -> None:
    (syntax,) = _errors("rules: [\n")
    assert syntax.startswith("policy.yaml:")
    assert "invalid YAML" in syntax
    (duplicate,) = _errors("rules: {}\nrules: {}\n")
    assert duplicate == "policy.yaml:2: rules: key 'rules' is given more than once"
    (version,) = _errors("version: 2\n")
    assert "unsupported policy version 2" in version
    (not_a_mapping,) = _errors("- min-cases\n")
    assert "a policy must be a mapping" in not_a_mapping


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InvalidPolicyError, match="cannot read"):
        Policy.from_file(tmp_path / "nope.yaml")


def test_from_file_uses_the_file_name(tmp_path: Path) -> None:
    path = tmp_path / "ci-policy.yaml"
    path.write_text("fail_on: warning\n", encoding="utf-8")
    policy = Policy.from_file(path)
    assert policy.name == "ci-policy.yaml"
    assert policy.fail_on is Severity.WARNING
    named = tmp_path / "named.yaml"
    named.write_text("name: lab CI\n", encoding="utf-8")
    assert Policy.from_file(named).name == "lab CI"


def test_disabling_a_rule() -> None:
    p = portfolio(cases=[case("c1", ["d"], ["a1"])])
    report = run_audit(p, Policy.from_yaml_text("rules: {min-cases: {enabled: false}}"))
    assert report.findings_of("min-cases") == ()
    (check,) = [c for c in report.checks if c.rule == "min-cases"]
    assert check.status.value == "skipped"
    assert check.reason == "disabled by the policy"
    assert not next(r for r in report.rules if r.id == "min-cases").enabled


def test_relevelling_a_rule() -> None:
    p = portfolio(cases=[case("c1", ["d"], ["a1"])])
    report = run_audit(p, Policy.from_yaml_text("rules: {min-cases: {severity: note}}"))
    (f,) = report.findings_of("min-cases")
    assert f.severity is Severity.NOTE


def test_per_deployment_overrides() -> None:
    p = portfolio(
        cases=[case("c1", ["d", "e", "m"], ["a1"]), case("c2", ["d", "e", "m"], ["a2"])],
        deployments=[deployment("d"), deployment("e"), deployment("m", "medium")],
    )
    policy = Policy.from_yaml_text(
        "overrides:\n"
        "  deployments:\n"
        "    d: {min-cases: {min_cases: 3, severity: warning}}\n"
        "    m: {min-cases: {enabled: true, min_cases: 3}}\n"
    )
    by_subject = {f.subject: f for f in run_audit(p, policy).findings_of("min-cases")}
    assert set(by_subject) == {"d", "m"}  # e keeps the global minimum of 2
    assert by_subject["d"].severity is Severity.WARNING
    assert "at least 3" in by_subject["d"].message
    # An override that enables a rule applies it whatever the deployment's stakes.
    assert by_subject["m"].severity is Severity.ERROR


def test_per_deployment_disabling_and_per_case_and_assumption_overrides() -> None:
    p = portfolio(
        cases=[case("c1", ["d"], ["a1", "bare"], status="accepted", children=[])],
        assumptions=[
            {"id": "a1", "statement": "a1", "fails_in": [{"world": "w1"}]},
            {"id": "bare", "statement": "bare"},
        ],
    )
    policy = Policy.from_yaml_text(
        "overrides:\n"
        "  deployments: {d: {single-point-of-failure: {enabled: false}}}\n"
        "  cases: {c1: {undeveloped-goals: {enabled: false}}}\n"
        "  assumptions: {bare: {fails-in-stated: {severity: error}}}\n"
    )
    report = run_audit(p, policy)
    assert report.findings_of("single-point-of-failure") == ()
    assert report.findings_of("undeveloped-goals") == ()
    (bare,) = report.findings_of("fails-in-stated")
    assert bare.severity is Severity.ERROR
    default = run_audit(p)
    assert default.findings_of("single-point-of-failure")
    assert default.findings_of("undeveloped-goals")


def test_overrides_of_unknown_ids_are_warned_about() -> None:
    p = portfolio(cases=[case("c1", ["d"], ["a1"]), case("c2", ["d"], ["a2"])])
    policy = Policy.from_yaml_text("overrides: {deployments: {ghost: {min-cases: {min_cases: 1}}}}")
    (warning,) = run_audit(p, policy).warnings
    assert "deployment 'ghost'" in warning


def test_policy_from_a_json_document() -> None:
    policy = Policy.from_document({"rules": {"min-robustness": {"minimum": 0.5}}})
    assert policy.settings("min-robustness")["minimum"] == 0.5
    with pytest.raises(InvalidPolicyError, match=r"rules\.min-robustness\.minimum"):
        Policy.from_document({"rules": {"min-robustness": {"minimum": "high"}}})


def test_schema_lists_every_rule_and_scope() -> None:
    schema = policy_schema()
    assert set(schema["properties"]["rules"]["properties"]) == {r.id for r in ALL_RULES}
    scopes = schema["properties"]["overrides"]["properties"]
    assert set(scopes["deployments"]["additionalProperties"]["properties"]) == {
        "min-cases",
        "single-point-of-failure",
        "min-robustness",
        "risk-budget",
    }
    assert set(scopes["cases"]["additionalProperties"]["properties"]) == {
        "open-defeaters",
        "undeveloped-goals",
    }
    assert set(scopes["assumptions"]["additionalProperties"]["properties"]) == {"fails-in-stated"}
