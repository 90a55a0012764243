"""Export is deterministic and stable: load -> dump -> load -> dump gives the same text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.authoring import (
    dump_portfolio,
    export_document,
    load_portfolio_file,
    load_portfolio_text,
)
from service.authoring.generator import generate_portfolio
from service.authoring.schema import KEY_ORDER
from service.errors import InvalidInputError
from service.model import Portfolio

REPO = Path(__file__).resolve().parents[3]
EXAMPLE = REPO / "schema" / "examples" / "frontier-portfolio.yaml"
MINIMAL = Path(__file__).with_name("minimal-portfolio.yaml")


@pytest.mark.parametrize("source", [EXAMPLE, MINIMAL], ids=["example", "minimal"])
@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_load_dump_load_dump_is_identical(source: Path, fmt: str) -> None:
    portfolio = load_portfolio_file(source)
    text = dump_portfolio(portfolio, fmt)
    again = load_portfolio_text(text, fmt, f"export.{fmt}")
    assert again == portfolio
    assert dump_portfolio(again, fmt) == text


def test_yaml_and_json_exports_hold_the_same_document() -> None:
    portfolio = load_portfolio_file(EXAMPLE)
    assert yaml.safe_load(dump_portfolio(portfolio, "yaml")) == json.loads(
        dump_portfolio(portfolio, "json")
    )


def test_export_is_compact_and_in_schema_order() -> None:
    document = export_document(load_portfolio_file(MINIMAL))
    assert list(document) == [k for k in KEY_ORDER["portfolio"] if k in document]
    assert document["version"] == 1
    case = document["cases"][1]
    assert list(case) == [k for k in KEY_ORDER["case"] if k in case]
    assert "status" not in case  # draft, the default
    assert "effectiveness" not in case  # 1, the default
    assert case["argument"]["type"] == "goal"  # always written, though the default
    assert case["argument"]["support"] == "any"
    assert case["argument"]["children"][0] == {"ref": "e2"}
    assert document["assumptions"][0]["fails_in"] == [{"world": "broken"}]  # p = 1 left out


def test_at_least_is_written_in_file_spelling() -> None:
    text = dump_portfolio(load_portfolio_file(EXAMPLE))
    assert "support: {at_least: 2}" in text


def test_yaml_export_keeps_sources_and_notes() -> None:
    text = dump_portfolio(load_portfolio_file(EXAMPLE))
    assert "url: https://arxiv.org/abs/2403.10462" in text
    assert (
        "notes: Control only binds a model whose weights cannot be taken and run elsewhere." in text
    )


def test_unknown_dump_format_is_refused() -> None:
    with pytest.raises(InvalidInputError):
        dump_portfolio(Portfolio(), "xml")


def test_empty_portfolio_round_trips() -> None:
    for fmt in ("yaml", "json"):
        text = dump_portfolio(Portfolio(), fmt)
        assert load_portfolio_text(text, fmt) == Portfolio()


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases=st.integers(min_value=0, max_value=12), seed=st.integers(min_value=0, max_value=2**32))
def test_generated_portfolios_validate_and_round_trip(cases: int, seed: int) -> None:
    portfolio = generate_portfolio(cases, seed)
    for fmt in ("yaml", "json"):
        text = dump_portfolio(portfolio, fmt)
        loaded = load_portfolio_text(text, fmt)  # runs every check of a file
        assert loaded == portfolio
        assert dump_portfolio(loaded, fmt) == text
