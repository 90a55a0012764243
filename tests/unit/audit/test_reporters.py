"""Reporters: JSON (DESIGN §8), SARIF 2.1.0 validated against the official schema, JUnit XML
validated by parsing, and text."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path

import pytest

from service.audit import AuditReport, Policy, run_audit
from service.audit.locations import PortfolioFile
from service.audit.reporters import render_json, render_junit, render_sarif, render_text
from service.audit.yaml_lines import index_lines
from service.authoring import load_portfolio_file
from tests.conftest import REPOSITORY_ROOT
from tests.unit.audit.builders import case, portfolio
from tests.unit.audit.sarif_validation import assert_valid_sarif

EXAMPLE = REPOSITORY_ROOT / "schema" / "examples" / "frontier-portfolio.yaml"


@cache
def example_report() -> tuple[AuditReport, PortfolioFile]:
    return run_audit(load_portfolio_file(EXAMPLE)), PortfolioFile.read(EXAMPLE)


def test_json_report_has_the_design_fields() -> None:
    report, source = example_report()
    data = json.loads(render_json(report, source))
    assert data["findings"]
    for finding in data["findings"]:
        assert {"rule", "severity", "message", "nodes", "remedy"} <= set(finding)
        assert finding["severity"] in ("error", "warning", "note")
        assert all(isinstance(n, str) for n in finding["nodes"])
        assert isinstance(finding["line"], int)
    assert data["summary"]["error"] == sum(f["severity"] == "error" for f in data["findings"])
    assert data["passed"] is False
    assert data["fail_on"] == "error"
    assert data["portfolio"] == str(EXAMPLE)
    assert len(data["checks"]) == len(report.checks)
    assert data["policy"]["rules"]["min-cases"]["min_cases"] == 2


def test_sarif_of_the_example_is_valid_and_located() -> None:
    report, source = example_report()
    log = json.loads(render_sarif(report, source))
    assert_valid_sarif(log)
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [r.id for r in report.rules]
    assert len(run["results"]) == len(report.findings)
    lines = index_lines(EXAMPLE.read_text(encoding="utf-8"))
    for result, finding in zip(run["results"], report.findings, strict=True):
        assert result["ruleId"] == finding.rule
        assert rules[result["ruleIndex"]]["id"] == finding.rule
        assert result["level"] == finding.severity.value
        assert finding.remedy in result["message"]["text"]
        (location,) = result["locations"]
        physical = location["physicalLocation"]
        assert physical["artifactLocation"]["uri"].endswith(
            "schema/examples/frontier-portfolio.yaml"
        )
        assert physical["region"]["startLine"] == lines.line_of_id(finding.nodes[0])
        assert [loc["name"] for loc in location["logicalLocations"]] == list(finding.nodes)
        assert result["partialFingerprints"]
    opaque = next(
        r for r in run["results"] if r["locations"][0]["logicalLocations"][0]["name"] == "opaque"
    )
    assert opaque["locations"][0]["logicalLocations"][0]["kind"] == "world"
    # `opaque` is defined on the line `- {id: opaque, ...}` of the example.
    text_lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    assert (
        "id: opaque"
        in text_lines[opaque["locations"][0]["physicalLocation"]["region"]["startLine"] - 1]
    )


def test_sarif_without_a_file_has_only_logical_locations() -> None:
    p = portfolio(cases=[case("c1", ["d"], ["a1"]), case("c2", ["d"], ["a3"])])
    log = json.loads(render_sarif(run_audit(p)))
    assert_valid_sarif(log)
    for result in log["runs"][0]["results"]:
        assert "physicalLocation" not in result["locations"][0]
        assert result["locations"][0]["logicalLocations"]


def test_sarif_of_a_clean_audit_is_valid() -> None:
    p = portfolio(cases=[case("c1", ["d"], ["a1"]), case("c2", ["d"], ["a2"])])
    policy = Policy.from_yaml_text("rules: {min-robustness: {minimum: 0.5}}")
    log = json.loads(render_sarif(run_audit(p, policy)))
    assert_valid_sarif(log)
    assert log["runs"][0]["results"] == []


def test_sarif_fingerprints_survive_moving_lines(tmp_path: Path) -> None:
    moved = tmp_path / "moved.yaml"
    moved.write_text("# a new first line\n" + EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    report, source = example_report()
    before = json.loads(render_sarif(report, source))["runs"][0]["results"]
    after = json.loads(render_sarif(report, PortfolioFile.read(moved)))["runs"][0]["results"]
    for a, b in zip(before, after, strict=True):
        assert a["partialFingerprints"] == b["partialFingerprints"]
        line_a = a["locations"][0]["physicalLocation"]["region"]["startLine"]
        assert b["locations"][0]["physicalLocation"]["region"]["startLine"] == line_a + 1


def test_junit_has_one_case_per_rule_and_deployment() -> None:
    report, source = example_report()
    root = ET.fromstring(render_junit(report, source))
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [r.id for r in report.rules]
    deployments = list(report.deployments)
    total = failures = skipped = 0
    for suite in suites:
        cases = suite.findall("testcase")
        names = [c.get("name") for c in cases]
        assert names[: len(deployments)] == deployments
        assert set(names[len(deployments) :]) <= {"(portfolio)"}
        suite_failures = sum(c.find("failure") is not None for c in cases)
        suite_skipped = sum(c.find("skipped") is not None for c in cases)
        assert suite.get("tests") == str(len(cases))
        assert suite.get("failures") == str(suite_failures)
        assert suite.get("skipped") == str(suite_skipped)
        total += len(cases)
        failures += suite_failures
        skipped += suite_skipped
    assert root.get("tests") == str(total) == str(len(report.checks))
    assert root.get("failures") == str(failures)
    assert root.get("skipped") == str(skipped)
    spof = next(s for s in suites if s.get("name") == "single-point-of-failure")
    internal = next(c for c in spof.findall("testcase") if c.get("name") == "asl4-internal-rd")
    failure = internal.find("failure")
    assert failure is not None
    assert failure.get("type") == "error"
    assert "`opaque`" in (failure.text or "")
    medium = next(c for c in spof.findall("testcase") if c.get("name") == "executive-advice")
    assert medium.find("skipped") is not None


def test_junit_of_findings_that_concern_no_deployment() -> None:
    p = portfolio(
        cases=[case("c1", ["d"], ["a1"]), case("c2", ["d"], ["a2"])],
        assumptions=[
            {"id": "a1", "statement": "a1", "fails_in": [{"world": "w1"}]},
            {"id": "a2", "statement": "a2", "fails_in": [{"world": "x1"}]},
            {"id": "unused", "statement": "unused"},
        ],
    )
    root = ET.fromstring(render_junit(run_audit(p)))
    suite = next(s for s in root.findall("testsuite") if s.get("name") == "fails-in-stated")
    cases = {c.get("name"): c for c in suite.findall("testcase")}
    assert set(cases) == {"d", "(portfolio)"}
    assert cases["d"].find("failure") is None
    assert cases["(portfolio)"].find("failure") is not None


@pytest.mark.parametrize("with_source", [True, False])
def test_text_report(with_source: bool) -> None:
    report, source = example_report()
    text = render_text(report, source if with_source else None)
    first = text.splitlines()[0]
    if with_source:
        assert first.startswith(f"{EXAMPLE}:")
    assert "error [single-point-of-failure] World model `opaque`" in first
    assert text.splitlines()[1].startswith("    remedy: Add a case for `asl4-internal-rd`")
    assert text.splitlines()[-1].startswith(
        "audit FAILED (fail on error; policy: built-in defaults)"
    )
