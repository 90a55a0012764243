"""GSN diagrams (DESIGN §10): notation, failure marks, geometry and determinism, read back
from the SVG itself."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from service.analysis import Scenario
from service.authoring import load_portfolio_file
from service.errors import InvalidInputError, NotFoundError
from service.gsn import case_diagram, deployment_diagram, dot_source, render_svg
from service.gsn.text import text_width
from service.model import Portfolio
from service.usecases.gsn import DiagramRequest, draw
from tests.conftest import EXAMPLE_PORTFOLIO
from tests.unit.gsn.svg_geometry import SVG, drawn_elements, links, overlapping_pairs

pytestmark = pytest.mark.skipif(shutil.which("dot") is None, reason="needs Graphviz dot")

INTERP = Scenario.of((), ["interpretability"], ())


@pytest.fixture(scope="module")
def example() -> Portfolio:
    return load_portfolio_file(EXAMPLE_PORTFOLIO)


@pytest.fixture(scope="module")
def interp_svg(example: Portfolio) -> str:
    return render_svg(case_diagram(example, "asl4-interp", INTERP))


SHAPE_TAGS = {
    "gsn-goal": "rect",
    "gsn-strategy": "polygon",
    "gsn-solution": "circle",
    "gsn-context": "rect",
    "gsn-assumption": "ellipse",
    "gsn-justification": "ellipse",
    "gsn-counter-claim": "rect",
}


def _kind(classes: frozenset[str]) -> str:
    return next(c for c in classes if c in SHAPE_TAGS)


def test_one_shape_per_element_in_gsn_notation(interp_svg: str) -> None:
    drawn = drawn_elements(interp_svg)
    assert set(drawn) == {
        "asl4-interp-g1",
        "asl4-interp-s1",
        "asl4-interp-e1",
        "asl4-interp-e2",
        "interp-detects-deception",
        "organisms-transfer",
    }
    kinds = {i: _kind(e.classes) for i, e in drawn.items()}
    assert kinds["asl4-interp-g1"] == "gsn-goal"
    assert kinds["asl4-interp-s1"] == "gsn-strategy"
    assert kinds["asl4-interp-e1"] == kinds["asl4-interp-e2"] == "gsn-solution"
    assert kinds["interp-detects-deception"] == "gsn-assumption"
    assert kinds["organisms-transfer"] == "gsn-counter-claim"
    for e in drawn.values():
        assert e.shape.tag == SVG + SHAPE_TAGS[_kind(e.classes)]
    assert len((drawn["asl4-interp-s1"].shape.get("points") or "").split()) == 4
    assert "A" in drawn["interp-detects-deception"].texts  # the ellipse is marked A
    assert drawn["asl4-interp-e1"].title.startswith("Solution asl4-interp-e1: Deception")


def test_the_failed_chain_is_drawn_and_labelled(interp_svg: str) -> None:
    drawn = drawn_elements(interp_svg)
    failed = {"asl4-interp-g1", "asl4-interp-s1", "asl4-interp-e1", "interp-detects-deception"}
    for element_id, e in drawn.items():
        is_failed = element_id in failed
        assert ("gsn-failed" in e.classes) is is_failed, element_id
        assert ("✗ FAILED" in e.texts) is is_failed, element_id  # written, not only coloured
        assert (e.shape.get("stroke-dasharray") is not None) is is_failed, element_id
        assert ("FAILED under the scenario" in e.title) is is_failed
    drawn_links = links(interp_svg)
    legs = {
        ("asl4-interp-g1", "asl4-interp-s1"),
        ("asl4-interp-s1", "asl4-interp-e1"),
        ("asl4-interp-e1", "interp-detects-deception"),
    }
    for pair, classes in drawn_links.items():
        assert ("gsn-failed" in classes) is (pair in legs), pair
    assert "gsn-supported-by" in drawn_links[("asl4-interp-s1", "asl4-interp-e2")]
    assert "gsn-in-context-of" in drawn_links[("asl4-interp-e1", "interp-detects-deception")]
    assert "gsn-challenges" in drawn_links[("organisms-transfer", "asl4-interp-e1")]
    assert "broken by: technique interpretability" in drawn["interp-detects-deception"].title


def test_no_two_elements_overlap_and_text_stays_inside(interp_svg: str) -> None:
    drawn = drawn_elements(interp_svg)
    assert overlapping_pairs(drawn) == []
    for e in drawn.values():
        for text in e.group.iter(SVG + "text"):
            if text.get("text-anchor") != "middle":
                continue  # the A / J mark sits outside the ellipse by design
            x, y = float(text.get("x", 0)), float(text.get("y", 0))
            size = float(text.get("font-size", 12))
            bold = 1.12 if text.get("font-weight") else 1.0
            half = text_width(text.text or "", size) * bold / 2
            assert e.box.x - 0.5 <= x - half, text.text
            assert x + half <= e.box.x + e.box.w + 0.5, text.text
            assert e.box.y <= y - size * 0.7, text.text
            assert y <= e.box.y + e.box.h, text.text


def test_a_forty_element_case_lays_out_without_overlaps(tmp_path: Path) -> None:
    out = tmp_path / "gen.yaml"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "service.cli",
            "generate",
            "--cases",
            "60",
            "--seed",
            "7",
            "-o",
            str(out),
        ],
        check=True,
        capture_output=True,
    )
    portfolio = load_portfolio_file(out)
    sizes = {c.id: len(case_diagram(portfolio, c.id).elements) for c in portfolio.cases}
    big = max(sizes, key=lambda c: (sizes[c], c))
    assert sizes[big] >= 40
    technique = portfolio.techniques[0].id
    drawn = drawn_elements(
        render_svg(case_diagram(portfolio, big, Scenario.of((), [technique], ())))
    )
    assert len(drawn) == sizes[big]
    assert overlapping_pairs(drawn) == []


def test_same_input_same_bytes(example: Portfolio, interp_svg: str) -> None:
    again = load_portfolio_file(EXAMPLE_PORTFOLIO)
    assert render_svg(case_diagram(again, "asl4-interp", INTERP)) == interp_svg
    request = DiagramRequest(deployment="asl4-internal-rd", scenario=INTERP)
    assert draw(example, request) == draw(again, request)


def test_extensions_support_rules_worlds_undeveloped_and_outcomes(example: Portfolio) -> None:
    svg = render_svg(deployment_diagram(example, "asl4-internal-rd", INTERP))
    drawn = drawn_elements(svg)
    # every covering case side by side; the shared assumption drawn once
    assert {"asl4-interp-g1", "asl4-control-g1", "asl4-inc-g1"} <= set(drawn)
    assert list(drawn).count("interp-detects-deception") == 1
    assert len(links(svg)) == len(deployment_diagram(example, "asl4-internal-rd").connections)
    assert "support: any of 2" in drawn["asl4-inc-g2"].texts
    assert any(t.startswith("fails in: opaque") for t in drawn["interp-detects-deception"].texts)
    drawn_links = links(svg)  # a failure climbs to where a node still holds, and stops
    assert "gsn-failed" in drawn_links[("asl4-inc-g2", "asl4-inc-e1")]
    assert "gsn-failed" not in drawn_links[("asl4-inc-g1", "asl4-inc-g2")]
    assert "gsn-failed" not in drawn["asl4-inc-g2"].classes
    assert "gsn-undeveloped" in drawn["asl4-control-g2"].classes
    assert drawn["asl4-control-g2"].group.find(SVG + "polygon") is not None  # the diamond
    assert "gsn-undeveloped" not in drawn["asl4-control-g3"].classes
    heading = " ".join(drawn["asl4-inc-g1"].texts)
    assert "DEGRADED" in heading
    assert "gsn-failed" not in drawn["asl4-inc-g1"].classes
    assert overlapping_pairs(drawn) == []


def test_dot_format_is_graphviz_source(example: Portfolio) -> None:
    text = draw(example, DiagramRequest(case="asl4-interp", format="dot"))
    assert text.startswith("digraph gsn {")
    assert text.rstrip().endswith("}")
    assert text == dot_source(case_diagram(example, "asl4-interp"))


def test_bad_requests_name_what_is_wrong(example: Portfolio) -> None:
    with pytest.raises(NotFoundError, match="no safety case 'nope'"):
        draw(example, DiagramRequest(case="nope"))
    with pytest.raises(InvalidInputError, match="exactly one of --case or --deployment"):
        draw(example, DiagramRequest())
    with pytest.raises(InvalidInputError, match="unknown diagram format 'png'"):
        draw(example, DiagramRequest(case="asl4-interp", format="png"))
    with pytest.raises(NotFoundError, match="nope"):
        draw(example, DiagramRequest(case="asl4-interp", scenario=Scenario.of(["nope"])))
