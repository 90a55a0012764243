"""Loading portfolio text and files: formats, YAML features, and how problems are reported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from service.authoring import (
    InvalidPortfolioError,
    load_portfolio_file,
    load_portfolio_text,
    portfolio_issues,
    validate_portfolio,
)
from service.errors import InvalidInputError, ScgError
from service.model import ArgumentRef, Stakes, Support

REPO = Path(__file__).resolve().parents[3]
EXAMPLE = REPO / "schema" / "examples" / "frontier-portfolio.yaml"
MINIMAL = Path(__file__).with_name("minimal-portfolio.yaml")


def test_example_portfolio_loads() -> None:
    portfolio = load_portfolio_file(EXAMPLE)
    assert len(portfolio.cases) == 11
    assert {d.id for d in portfolio.deployments} >= {"asl4-internal-rd", "external-api"}
    cyber = next(c for c in portfolio.cases if c.id == "aisi-cyber-inability")
    assert cyber.argument.support is Support.AT_LEAST
    assert cyber.argument.k == 2


def test_minimal_portfolio_maps_onto_the_model() -> None:
    portfolio = load_portfolio_file(MINIMAL)
    assert portfolio.deployments[0].stakes is Stakes.HIGH
    g2 = portfolio.cases[1].argument
    assert g2.support is Support.ANY
    assert g2.children[0] == ArgumentRef(ref="e2")


def test_error_is_an_scg_error() -> None:
    with pytest.raises(ScgError):
        load_portfolio_text("version: 1\ncases: [{}]\n", "yaml", "p.yaml")


def test_json_file_loads_like_yaml(tmp_path: Path) -> None:
    from service.authoring import export_document

    portfolio = load_portfolio_file(MINIMAL)
    target = tmp_path / "p.json"
    target.write_text(json.dumps(export_document(portfolio)), encoding="utf-8")
    assert load_portfolio_file(target) == portfolio


def test_format_is_guessed_from_content_without_extension(tmp_path: Path) -> None:
    target = tmp_path / "portfolio.txt"
    target.write_text('{"version": 1, "title": "t"}', encoding="utf-8")
    assert load_portfolio_file(target).title == "t"
    target.write_text("version: 1\ntitle: t\n", encoding="utf-8")
    assert load_portfolio_file(target).title == "t"


def test_text_variant_names_the_given_file_in_messages() -> None:
    issues = portfolio_issues(
        "version: 1\ndeployments:\n  - {id: d, name: D, stakes: x}\n", "yaml", "import.yaml"
    )
    assert [str(i) for i in issues] == [
        "import.yaml:3: deployments[0].stakes: 'x' is not one of: low, medium, high, critical"
    ]


def test_text_variant_without_file_name() -> None:
    issues = portfolio_issues('{"cases": [{"id": "c"}]}', "json")
    assert str(issues[0]) == "cases[0]: missing required field 'title'"


def test_unknown_format_is_refused() -> None:
    with pytest.raises(InvalidInputError, match="use yaml or json"):
        load_portfolio_text("version: 1", "toml")


def test_unreadable_file_is_reported(tmp_path: Path) -> None:
    missing = tmp_path / "missing.yaml"
    with pytest.raises(InvalidPortfolioError) as caught:
        load_portfolio_file(missing)
    assert str(caught.value).startswith(f"{missing}: cannot read:")


def test_not_utf8_is_reported(tmp_path: Path) -> None:
    target = tmp_path / "latin1.yaml"
    target.write_bytes("title: caf\xe9\n".encode("latin-1"))
    with pytest.raises(InvalidPortfolioError, match="cannot read"):
        load_portfolio_file(target)


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    target = tmp_path / "bom.yaml"
    target.write_bytes(b"\xef\xbb\xbfversion: 1\ntitle: t\n")
    assert load_portfolio_file(target).title == "t"


def test_yaml_anchors_and_merge_keys() -> None:
    text = """
version: 1
questions:
  - id: q
    text: Q?
    answers:
      - {id: a, statement: A, prior: 0.5}
      - {id: b, statement: B, prior: 0.5}
techniques:
  - &t {id: t1, name: T, fails_in: [{world: a}]}
  - <<: *t
    id: t2
"""
    portfolio = load_portfolio_text(text, "yaml")
    assert [t.id for t in portfolio.techniques] == ["t1", "t2"]
    assert portfolio.techniques[1].fails_in[0].world == "a"


def test_yaml_words_that_are_booleans_elsewhere_stay_text() -> None:
    text = "version: 1\ntitle: yes\nsources:\n  - {id: 2024-01-01, title: on}\n"
    issues = portfolio_issues(text, "yaml")
    # `yes` and `on` are booleans in YAML 1.1: the schema says a string is expected.
    assert [(i.path, i.line) for i in issues] == [("title", 2), ("sources[0].title", 4)]
    assert "expected text, got true" in issues[0].message


def test_dates_are_read_as_text() -> None:
    portfolio = load_portfolio_text("version: 1\nsources:\n  - {id: s, title: 2024-05-01}\n")
    assert portfolio.sources[0].title == "2024-05-01"


def test_several_documents_are_refused() -> None:
    issues = portfolio_issues("version: 1\n---\nversion: 1\n", "yaml", "p.yaml")
    assert [(i.line, i.message) for i in issues] == [
        (2, "invalid YAML: expected one document, found several")
    ]


def test_unsupported_tag_is_refused() -> None:
    issues = portfolio_issues("version: 1\ntitle: !!python/name:os.system\n", "yaml")
    assert issues[0].line == 2
    assert "unsupported YAML tag" in issues[0].message


def test_duplicate_json_key_is_reported() -> None:
    issues = portfolio_issues(
        '{"version": 1, "sources": [{"id": "s", "title": "a", "title": "b"}]}'
    )
    assert [(i.path, i.message) for i in issues] == [
        ("sources[0].title", "duplicate key 'title' (only one value per key is kept)")
    ]


def test_empty_optional_text_is_allowed() -> None:
    portfolio = load_portfolio_text("version: 1\nsources:\n  - id: s\n    title: S\n    url:\n")
    assert portfolio.sources[0].url is None


def test_validate_portfolio_checks_objects_built_in_code() -> None:
    portfolio = load_portfolio_file(MINIMAL)
    assert validate_portfolio(portfolio) is portfolio
    portfolio.cases[0].covers = ["dep", "elsewhere"]
    with pytest.raises(InvalidPortfolioError) as caught:
        validate_portfolio(portfolio, "graphql")
    assert str(caught.value) == "graphql: cases[0].covers[1]: unknown deployment 'elsewhere'"


def test_exponent_without_dot_gets_a_hint() -> None:
    text = MINIMAL.read_text().replace("prior: 0.6}", "prior: 6e-1}", 1)
    (issue,) = portfolio_issues(text, "yaml")
    assert issue.message == (
        "expected a number, got the text '6e-1' (YAML reads 1e-3 as text: write 0.001 or 1.0e-3)"
    )


def test_at_least_written_as_a_float_is_still_checked() -> None:
    text = MINIMAL.read_text().replace("support: any", "support: {at_least: 3.0}", 1)
    (issue,) = portfolio_issues(text, "yaml")
    assert (issue.path, issue.line) == ("cases[1].argument.support", 51)
    assert "needs at least 3 children" in issue.message
