"""`scg risk --across-priors`, `scg questions`, `scg importance`, `scg budget` and `--priors`
on a portfolio file: the §8 fields, and clear errors for unknown profiles."""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

from service.cli.main import app
from tests.unit.analysis.builders import EXAMPLE

runner = CliRunner()
DEPLOYMENT = "asl4-internal-rd"


def run_json(*args: str) -> dict[str, Any]:
    result = runner.invoke(app, [*args, "--file", str(EXAMPLE), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert isinstance(data, dict)
    return data


def test_risk_across_priors_lists_default_first_then_profiles_by_id() -> None:
    data = run_json("risk", "--deployment", DEPLOYMENT, "--across-priors")
    assert set(data) >= {"deployment", "profiles", "verdicts_agree"}
    assert [p["id"] for p in data["profiles"]] == ["default", "authors", "optimist", "pessimist"]
    for row in data["profiles"]:
        assert {"id", "p_uncovered", "expected_risk", "robustness", "threshold_met"} <= set(row)
    by_id = {p["id"]: p for p in data["profiles"]}
    assert by_id["authors"]["p_uncovered"] == pytest.approx(by_id["default"]["p_uncovered"])
    assert by_id["optimist"]["expected_risk"] < by_id["default"]["expected_risk"]
    assert by_id["pessimist"]["expected_risk"] > by_id["default"]["expected_risk"]


def test_risk_reports_the_required_and_delivered_update() -> None:
    data = run_json("risk", "--deployment", DEPLOYMENT)
    assert data["required_update"] == pytest.approx(0.03 / 0.0025)
    assert data["delivered_update"] == pytest.approx(0.03 / data["expected_risk"])


@pytest.mark.parametrize(
    "command",
    [
        ["risk", "--deployment", DEPLOYMENT],
        ["matrix", "--deployment", DEPLOYMENT],
        ["cutsets", "--deployment", DEPLOYMENT],
        ["impact", "--fail-technique", "interpretability"],
        ["questions", "--deployment", DEPLOYMENT],
        ["importance", "--deployment", DEPLOYMENT],
        ["budget"],
    ],
)
def test_every_quantitative_command_takes_a_profile_and_refuses_an_unknown_one(
    command: list[str],
) -> None:
    assert run_json(*command, "--priors", "pessimist") != run_json(*command)
    result = runner.invoke(app, [*command, "--priors", "nobody", "--file", str(EXAMPLE)])
    assert result.exit_code == 2
    assert "prior profile 'nobody' not found" in result.output
    assert "Traceback" not in result.output


def test_questions_json_has_the_section_8_fields_in_order() -> None:
    data = run_json("questions", "--deployment", DEPLOYMENT)
    assert data["deployment"] == DEPLOYMENT
    keys = [(-q["flip_probability"], -q["swing"], q["id"]) for q in data["questions"]]
    assert keys == sorted(keys)
    assert data["questions"][0]["id"] == "parsimony"
    answer = data["questions"][0]["answers"][0]
    assert set(answer) >= {"id", "prior", "expected_risk", "p_uncovered", "threshold_met"}


def test_importance_json_puts_the_single_point_of_failure_first() -> None:
    data = run_json("importance", "--deployment", DEPLOYMENT)
    assert data["method"] == "exact"
    first = data["events"][0]
    assert (first["kind"], first["id"]) == ("world", "opaque")
    fields = {"kind", "id", "birnbaum", "fussell_vesely", "raw", "rrw", "p_given", "p_given_not"}
    assert all(fields <= set(e) for e in data["events"])
    sampled = run_json("importance", "--deployment", DEPLOYMENT, "--method", "mc", "--seed", "1")
    assert sampled["method"] == "mc"
    assert "birnbaum" in sampled["events"][0]["std_error"]


def test_budget_json_sums_the_deployments_against_the_budget() -> None:
    data = run_json("budget")
    assert data["risk_budget"] == 0.0025
    assert data["within_budget"] is False
    total = sum(d["expected_risk"] for d in data["deployments"])
    assert data["total_expected_risk"] == pytest.approx(total)
    assert sum(d["share"] for d in data["deployments"]) == pytest.approx(1.0)
