"""`scg audit` as CI runs it: real exit codes (0 clean, 1 findings, 2 unusable input), reports
on stdout or in a file, and no server needed with --file."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from service.cli.main import app
from tests.conftest import EXAMPLE_PORTFOLIO
from tests.unit.audit.builders import case, portfolio
from tests.unit.audit.sarif_validation import assert_valid_sarif

pytestmark = pytest.mark.e2e

SCG = [sys.executable, "-m", "service.cli"]
runner = CliRunner()


def _scg(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*SCG, *args], capture_output=True, text=True, timeout=120, check=False, cwd=cwd
    )


def _write(path: Path, cases: list[dict[str, object]]) -> Path:
    path.write_text(yaml.safe_dump(portfolio(cases=cases).to_document()), encoding="utf-8")
    return path


@pytest.fixture
def clean(tmp_path: Path) -> Path:
    """Two diverse cases: no error; robustness 0.75 (a warning under the default 0.8)."""
    return _write(tmp_path / "clean.yaml", [case("c1", ["d"], ["a1"]), case("c2", ["d"], ["a2"])])


def test_example_portfolio_fails_with_the_headline_finding() -> None:
    result = _scg("audit", "--file", str(EXAMPLE_PORTFOLIO))
    assert result.returncode == 1, result.stderr
    first = result.stdout.splitlines()[0]
    assert first.startswith(f"{EXAMPLE_PORTFOLIO}:")
    assert "error [single-point-of-failure] World model `opaque`" in first
    assert "`asl4-internal-rd`" in first
    assert result.stderr == ""


def test_clean_portfolio_exits_0(clean: Path) -> None:
    result = _scg("audit", "--file", str(clean))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "warning [min-robustness]" in result.stdout
    assert result.stdout.splitlines()[-1].startswith("audit passed (fail on error")


def test_fail_on_warning(clean: Path, tmp_path: Path) -> None:
    assert (
        runner.invoke(app, ["audit", "--file", str(clean), "--fail-on", "warning"]).exit_code == 1
    )
    policy = tmp_path / "policy.yaml"
    policy.write_text("fail_on: warning\n", encoding="utf-8")
    args = ["audit", "--file", str(clean), "--policy", str(policy)]
    assert runner.invoke(app, args).exit_code == 1
    assert runner.invoke(app, [*args, "--fail-on", "error"]).exit_code == 0  # the flag wins
    policy.write_text("rules: {min-robustness: {minimum: 0.75}}\n", encoding="utf-8")
    assert runner.invoke(app, [*args, "--fail-on", "note"]).exit_code == 0


def test_policy_can_silence_the_example(tmp_path: Path) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text(
        "rules:\n"
        "  single-point-of-failure: {severity: warning}\n"
        "  risk-budget: {severity: warning}\n",
        encoding="utf-8",
    )
    result = runner.invoke(
        app, ["audit", "--file", str(EXAMPLE_PORTFOLIO), "--policy", str(policy)]
    )
    assert result.exit_code == 0, result.output
    assert "warning [single-point-of-failure] World model `opaque`" in result.stdout


def test_invalid_policy_exits_2_naming_file_and_line(clean: Path, tmp_path: Path) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text("rules:\n  min-cases: {min_cases: zero}\n", encoding="utf-8")
    result = _scg("audit", "--file", str(clean), "--policy", str(policy))
    assert result.returncode == 2
    assert result.stdout == ""
    assert (
        f"{policy}:2: rules.min-cases.min_cases: 'zero' is not of type 'integer'" in result.stderr
    )


def test_invalid_portfolio_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\ncases:\n  - id: c1\n", encoding="utf-8")
    result = runner.invoke(app, ["audit", "--file", str(bad)])
    assert result.exit_code == 2
    assert "error: invalid portfolio" in result.stderr
    assert f"{bad}:3" in result.stderr
    missing = runner.invoke(app, ["audit", "--file", str(tmp_path / "missing.yaml")])
    assert missing.exit_code == 2
    assert "cannot read" in missing.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["--bogus"],
        ["--format", "html"],
        ["--fail-on", "fatal"],
        ["--file", "x.yaml", "--workspace", "w"],
        ["--json", "--format", "sarif"],
    ],
)
def test_usage_errors_exit_2(args: list[str], clean: Path) -> None:
    result = runner.invoke(app, ["audit", *args])
    assert result.exit_code == 2, result.output


def test_sarif_to_a_file(tmp_path: Path) -> None:
    out = tmp_path / "audit.sarif"
    result = _scg("audit", "--file", str(EXAMPLE_PORTFOLIO), "--format", "sarif", "-o", str(out))
    assert result.returncode == 1
    assert result.stdout == ""
    assert "error [single-point-of-failure]" in result.stderr  # the text report, for CI logs
    log = json.loads(out.read_text(encoding="utf-8"))
    assert_valid_sarif(log)
    results = log["runs"][0]["results"]
    assert results[0]["ruleId"] == "single-point-of-failure"
    assert results[0]["locations"][0]["logicalLocations"][0]["name"] == "opaque"


def test_sarif_uri_is_relative_to_the_working_directory() -> None:
    repo = EXAMPLE_PORTFOLIO.parents[2]
    result = _scg(
        "audit", "--file", "schema/examples/frontier-portfolio.yaml", "--format", "sarif", cwd=repo
    )
    log = json.loads(result.stdout)
    location = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "schema/examples/frontier-portfolio.yaml"
    assert location["artifactLocation"]["uriBaseId"] == "%SRCROOT%"


def test_json_and_junit_on_stdout(clean: Path) -> None:
    result = runner.invoke(app, ["audit", "--file", str(clean), "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [f["rule"] for f in data["findings"]] == ["min-robustness"]
    assert data["findings"][0]["nodes"][0] == "d"
    assert data["passed"] is True

    assert json.loads(runner.invoke(app, ["audit", "--file", str(clean), "--json"]).stdout) == data

    result = runner.invoke(app, ["audit", "--file", str(clean), "--format", "junit"])
    assert result.exit_code == 0
    root = ET.fromstring(result.stdout)
    assert root.get("tests") == "7"  # seven rules x one deployment
    assert root.get("failures") == "1"
