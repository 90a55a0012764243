"""`scg impact / cutsets / risk / matrix / correlation` on a portfolio file (no database)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

from service import analysis
from service.authoring import load_portfolio_file
from service.cli.main import app
from tests.unit.analysis.builders import EXAMPLE

runner = CliRunner()


def run_json(*args: str) -> dict[str, Any]:
    result = runner.invoke(app, [*args, "--file", str(EXAMPLE), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert isinstance(data, dict)
    return data


def test_impact_json_reports_cases_and_deployments() -> None:
    data = run_json("impact", "--fail-technique", "interpretability")
    cases = {c["id"]: c for c in data["cases"]}
    assert cases["asl4-interp"]["outcome"] == "FAILS"
    assert cases["asl4-interp"]["explanation"][0][0] == "interpretability"
    assert all({"id", "covered", "surviving_cases"} <= d.keys() for d in data["deployments"])


def test_cutsets_json_lists_events_by_kind() -> None:
    data = run_json("cutsets", "--deployment", "asl4-internal-rd", "--over", "worlds")
    assert data["deployment"] == "asl4-internal-rd"
    first = data["cut_sets"][0]
    assert first == {"events": [{"kind": "world", "id": "opaque"}], "probability": 0.7}


def test_risk_json_reports_the_method_used() -> None:
    exact = run_json("risk", "--deployment", "asl4-internal-rd", "--method", "exact")
    assert exact["method"] == "exact"
    assert "std_error" not in exact
    mc = run_json(
        "risk", "-d", "asl4-internal-rd", "--method", "mc", "--samples", "2000", "--seed", "1"
    )
    assert mc["method"] == "mc"
    assert isinstance(mc["std_error"], float)


def test_matrix_json_has_a_probability_per_case_and_world() -> None:
    data = run_json("matrix", "--deployment", "asl4-internal-rd")
    worlds = data["worlds"]
    for row in data["cases"]:
        assert set(row["p_holds"]) == set(worlds)


def test_correlation_json_is_what_the_analysis_computes() -> None:
    data = run_json("correlation", "--deployment", "asl4-internal-rd")
    circuit = analysis.compile_circuit(load_portfolio_file(EXAMPLE))
    assert data == json.loads(
        json.dumps(analysis.case_correlation(circuit, "asl4-internal-rd").to_json())
    )
    assert data["pairs"], "the example deployment has several covering cases"


def test_correlation_table_names_each_pair() -> None:
    result = runner.invoke(app, ["correlation", "-d", "asl4-internal-rd", "--file", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    assert "Case correlation for asl4-internal-rd" in result.stdout
    assert "phi" in result.stdout


def test_tables_are_printed_without_json() -> None:
    result = runner.invoke(app, ["risk", "-d", "asl4-internal-rd", "--file", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    assert "P(uncovered)" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["risk", "-d", "nowhere"], "deployment 'nowhere' not found"),
        (["cutsets", "-d", "asl4-internal-rd", "--max-order", "-1"], "max order"),
        (["cutsets", "-d", "asl4-internal-rd", "--over", "cases"], "unknown event kind"),
        (["risk", "-d", "asl4-internal-rd", "--method", "fast"], "unknown method"),
        (["impact", "--world", "opaque", "--world", "parsimonious"], "mutually exclusive"),
        (["correlation", "-d", "nowhere"], "deployment 'nowhere' not found"),
    ],
)
def test_bad_input_prints_one_error_line_and_exits_2(args: list[str], message: str) -> None:
    result = runner.invoke(app, [*args, "--file", str(EXAMPLE), "--json"])
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("error: ")
    assert message in lines[0]
