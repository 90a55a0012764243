"""`SafetyCase.diagram` over HTTP: the same SVG `scg diagram` draws, the scenario's failures
marked, and bad arguments refused by name."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from service.analysis import Scenario
from service.authoring import load_portfolio_file
from service.usecases.gsn import DiagramRequest, draw
from tests.conftest import EXAMPLE_PORTFOLIO
from tests.e2e.api.conftest import Api
from tests.unit.gsn.svg_geometry import drawn_elements, overlapping_pairs

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.integration,
    pytest.mark.skipif(shutil.which("dot") is None, reason="needs Graphviz dot"),
]

QUERY = """query($id: ID!, $s: ScenarioInput, $f: DiagramFormat!) {
  safetyCase(id: $id) { id diagram(scenario: $s, format: $f) } }"""


def test_the_case_view_gets_the_marked_svg(api: Api, tmp_path: Path) -> None:
    scenario = {"failTechniques": ["interpretability"]}
    data = api.query(QUERY, {"id": "asl4-interp", "s": scenario, "f": "SVG"})
    svg = data["safetyCase"]["diagram"]
    drawn = drawn_elements(svg)
    assert overlapping_pairs(drawn) == []
    failed = {i for i, e in drawn.items() if "gsn-failed" in e.classes}
    assert failed == {
        "asl4-interp-g1",
        "asl4-interp-s1",
        "asl4-interp-e1",
        "interp-detects-deception",
    }
    # the same picture as the CLI draws from the file: one door for both
    portfolio = load_portfolio_file(EXAMPLE_PORTFOLIO)
    request = DiagramRequest(case="asl4-interp", scenario=Scenario.of((), ["interpretability"]))
    assert svg == draw(portfolio, request)
    viewer = api.query(QUERY, {"id": "asl4-interp", "s": scenario, "f": "SVG"}, key=api.keys.viewer)
    assert viewer["safetyCase"]["diagram"] == svg


def test_no_scenario_and_dot(api: Api) -> None:
    data = api.query(QUERY, {"id": "asl4-control", "s": None, "f": "DOT"})
    assert data["safetyCase"]["diagram"].startswith("digraph gsn {")
    plain = api.query('{ safetyCase(id: "asl4-control") { diagram } }')["safetyCase"]["diagram"]
    assert "gsn-failed" not in plain
    assert 'data-id="asl4-control-g1"' in plain


def test_an_unknown_id_in_the_scenario_is_named(api: Api) -> None:
    errors = api.errors(QUERY, {"id": "asl4-interp", "s": {"failTechniques": ["nope"]}, "f": "SVG"})
    assert "nope" in errors[0]["message"]
