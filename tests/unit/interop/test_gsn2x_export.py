"""gsn2x files out (DESIGN §10): every file we write passes each V and C rule of gsn2x's
documented checks (tests/unit/interop/gsn2x_rules.py), and round trips are equal up to what
the mapping cannot carry."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from service.authoring import load_portfolio_file
from service.authoring.generator import generate_portfolio
from service.interop.gsn2x_export import export_gsn
from service.interop.gsn2x_files import GsnType, type_from_id
from service.interop.gsn2x_import import import_gsn
from service.model import Portfolio
from tests.conftest import EXAMPLE_PORTFOLIO, REPOSITORY_ROOT
from tests.unit.interop.gsn2x_rules import check_files, errors

GOOD = [
    REPOSITORY_ROOT / "tests" / "data" / "gsn2x" / "good" / "features.gsn.yaml",
    REPOSITORY_ROOT / "schema" / "examples" / "gsn2x" / "index.gsn.yaml",
]
ACCEPTED_WARNINGS = {"C01", "V11"}  # several top-level goals (one per case); dialectic used


def _write(portfolio: Portfolio, out: Path, single: str | None = None) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for file in export_gsn(portfolio, single_module=single):
        (out / file.name).write_text(file.text, encoding="utf-8")
        paths.append(out / file.name)
    return paths


def _entry(paths: list[Path]) -> Path:
    index = [p for p in paths if p.name == "index.gsn.yaml"]
    return index[0] if index else paths[0]


def _normal(portfolio: Portfolio) -> dict[str, Any]:
    """The document with every argument node listed once by id (where a shared node is
    written inline and where by `{ref}` depends on case order) and lists of entities by id."""
    document = portfolio.to_document()
    nodes = {}
    for node in portfolio.argument_nodes():
        data = node.model_dump(mode="json", exclude_none=True, exclude={"children"})
        nodes[node.id] = {**data, "children": node.child_ids()}
    cases = []
    for case in portfolio.cases:
        data = case.model_dump(mode="json", exclude_none=True, exclude={"argument"})
        cases.append({**data, "root": case.argument.id})
    document["cases"] = sorted(cases, key=lambda c: c["id"])
    document["nodes"] = nodes
    for key in ("assumptions", "defeaters", "sources"):
        document[key] = sorted(document.get(key, []), key=lambda e: e["id"])
    return document


@pytest.fixture(scope="module")
def example() -> Portfolio:
    return load_portfolio_file(EXAMPLE_PORTFOLIO)


@pytest.fixture(scope="module")
def generated() -> Portfolio:
    return generate_portfolio(200, seed=7)


@pytest.mark.parametrize("which", ["example", "generated"])
def test_every_exported_file_passes_the_gsn2x_rules(
    which: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    portfolio: Portfolio = request.getfixturevalue(which)
    paths = _write(portfolio, tmp_path)
    assert len(paths) >= 2
    findings = check_files([_entry(paths)])
    assert errors(findings) == []
    assert {f.rule for f in findings} <= ACCEPTED_WARNINGS
    for path in paths:
        for element_id, element in yaml.safe_load(path.read_text(encoding="utf-8")).items():
            if element_id != "module":  # ids say their type, so gsn2x needs no nodeType
                assert type_from_id(element_id) is not None
                assert "nodeType" not in element


@pytest.mark.parametrize("which", ["example", "generated"])
def test_portfolio_to_gsn2x_and_back_is_equal(
    which: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    portfolio: Portfolio = request.getfixturevalue(which)
    back = import_gsn([_entry(_write(portfolio, tmp_path / "dir"))])
    assert _normal(back) == _normal(portfolio)
    single = import_gsn(_write(portfolio, tmp_path / "one", single="portfolio"))
    assert _normal(single) == _normal(portfolio)


def test_the_example_shares_its_assumptions_through_an_index(example: Portfolio) -> None:
    files = {f.name: yaml.safe_load(f.text) for f in export_gsn(example)}
    index = files["index.gsn.yaml"]
    assert index["module"]["name"] == "index"
    assert len(index["module"]["uses"]) == len(example.cases)
    assert "A-interp-detects-deception" in index  # relied on by three cases
    interp = files["asl4-interp.gsn.yaml"]
    root = interp["G-asl4-interp-g1"]
    assert root["supportedBy"] == ["S-asl4-interp-s1"]
    assert root["scg"]["case"]["title"] == "ASL-4 sketch 1: mechanistic interpretability"
    strategy = interp["S-asl4-interp-s1"]  # carries the assumption its evidence relies on
    assert strategy["inContextOf"] == ["A-interp-detects-deception"]
    assert strategy["scg"]["carries"] == ["interp-detects-deception"]
    assert interp["Sn-asl4-interp-e1"]["scg"]["relies_on"] == ["interp-detects-deception"]
    assert interp["CG-organisms-transfer"]["challenges"] == "Sn-asl4-interp-e1"


def _gsn_structure(paths: list[Path]) -> dict[str, Any]:
    """What a gsn2x reader sees of argument and assumption elements: type, text, links
    (contexts and justifications by text: their ids are not ours to keep)."""
    elements: dict[str, dict[str, Any]] = {}
    developed: dict[str, list[str]] = {}  # a module's `extends`, applied as gsn2x does
    for path in paths:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        elements.update({k: dict(v or {}) for k, v in data.items() if k != "module"})
        for ext in (data.get("module") or {}).get("extends", []):
            developed.update(ext["develops"])
    for foreign, local in developed.items():
        elements[foreign]["supportedBy"] = local
    own_of = {k: (v.get("scg") or {}).get("id", k) for k, v in elements.items()}
    out = {}
    for element_id, element in elements.items():
        gsn_type = (
            GsnType(element["nodeType"]) if "nodeType" in element else type_from_id(element_id)
        )
        own = own_of[element_id]
        if gsn_type in (GsnType.CONTEXT, GsnType.JUSTIFICATION):
            continue
        refs = element.get("inContextOf") or []
        refs = [refs] if isinstance(refs, str) else refs
        support = element.get("supportedBy") or []
        support = [support] if isinstance(support, str) else support
        out[own] = {
            "counter": gsn_type in (GsnType.COUNTER_GOAL, GsnType.COUNTER_SOLUTION),
            "challenges": element.get("challenges"),
            "text": element.get("text", ""),
            "contexts": sorted(elements[r].get("text", "") for r in refs if r[0] in "CJ"),
            "assumptions": sorted(own_of[r] for r in refs if r.startswith("A")),
        }
        if not out[own]["counter"]:
            out[own]["supported_by"] = [own_of[c] for c in support]
    return out


@pytest.mark.parametrize("entry", GOOD, ids=lambda p: p.name)
def test_gsn2x_to_portfolio_and_back_keeps_the_argument(entry: Path, tmp_path: Path) -> None:
    portfolio = import_gsn([entry])
    paths = _write(portfolio, tmp_path, single="roundtrip")
    assert errors(check_files(paths)) == []
    again = import_gsn(paths)
    assert _normal(again) == _normal(portfolio)
    original = _gsn_structure(sorted(entry.parent.glob("*.gsn.yaml")))
    exported = _gsn_structure(paths)
    # What the mapping cannot carry: a counter element that only supports a counter-claim
    # joins that claim's statement, and contexts and justifications are renamed.
    folded = {i for i, e in original.items() if e["counter"] and not e["challenges"]}
    assert set(exported) == set(original) - folded
    for element_id, before in original.items():
        if element_id in folded:
            continue
        after = exported[element_id]
        if before["counter"]:
            assert after["text"].startswith(before["text"]), element_id
            continue
        assert after["text"] == before["text"], element_id
        assert after["contexts"] == before["contexts"], element_id
        assert after["counter"] == before["counter"], element_id
        assert after.get("supported_by") == before.get("supported_by"), element_id
