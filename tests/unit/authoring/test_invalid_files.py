"""Every broken file in tests/data/invalid/ is rejected with all its problems, each located."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.authoring import InvalidPortfolioError, load_portfolio_file

INVALID = Path(__file__).resolve().parents[2] / "data" / "invalid"
MINIMAL = Path(__file__).with_name("minimal-portfolio.yaml")

# file -> every expected issue, in the order reported: (path, line, message fragment)
EXPECTED: dict[str, list[tuple[str, int | None, str]]] = {
    # --- meaning (service.model.validation) ---
    "unknown-assumption.yaml": [
        ("cases[0].argument.children[1].relies_on[1]", 43, "unknown assumption 'foo'"),
    ],
    "assumption-relies-on-unknown.yaml": [
        ("assumptions[1].relies_on[0]", 21, "unknown assumption 'a0'"),
    ],
    "duplicate-id-across-kinds.yaml": [
        ("techniques[0].id", 13, "duplicate id 'interp': already used by a source at sources[1]"),
        ("assumptions[0].techniques[0]", 17, "'interp' is a source, not a technique"),
    ],
    "duplicate-node-id.yaml": [
        (
            "cases[1].argument.children[1].id",
            54,
            "duplicate id 'e1': already used by an argument node at cases[0].argument.children[0]",
        ),
    ],
    "cycle-supported-by.yaml": [
        (
            "cases[0].argument.children[0].children[0]",
            41,
            "cycle in the argument (SUPPORTED_BY): g1 -> e1 -> g1",
        ),
    ],
    "cycle-relies-on.yaml": [
        ("assumptions[1].relies_on[0]", 22, "cycle in relies_on: a1 -> a2 -> a1"),
    ],
    "at-least-too-large.yaml": [
        (
            "cases[1].argument.support",
            51,
            "support {at_least: 3} needs at least 3 children, but 'g2' has 2",
        ),
    ],
    "priors-do-not-sum.yaml": [
        ("questions[0].answers", 8, "priors of question 'q' sum to 0.9, not 1"),
    ],
    "fails-in-question.yaml": [
        (
            "assumptions[0].fails_in[0].world",
            17,
            "'q' is a question, not a world model: name one of its answers (works, broken)",
        ),
    ],
    "fails-in-unknown-world.yaml": [
        ("techniques[0].fails_in[0].world", 12, "unknown world model 'brokn'"),
    ],
    "covers-unknown-deployment.yaml": [
        ("cases[1].covers[1]", 47, "unknown deployment 'external'"),
    ],
    "unknown-technique.yaml": [
        ("assumptions[0].techniques[0]", 16, "unknown technique 'interpretability'"),
    ],
    "unknown-source.yaml": [
        ("assumptions[1].sources[0]", 22, "unknown source 'clymer2024'"),
    ],
    "unknown-challenge.yaml": [
        ("defeaters[0].challenges", 58, "unknown node 'e9'"),
    ],
    "unknown-ref.yaml": [
        ("cases[1].argument.children[0].ref", 53, "unknown argument node 'e7'"),
    ],
    "ref-to-assumption.yaml": [
        ("cases[1].argument.children[0].ref", 53, "'a2' is an assumption, not an argument node"),
    ],
    "duplicate-child.yaml": [
        ("cases[1].argument.children[1]", 54, "'e2' is a child of 'g2' twice"),
    ],
    "listed-twice.yaml": [
        ("cases[0].argument.children[0].relies_on[1]", 39, "'a1' is listed twice in relies_on"),
    ],
    "probability-out-of-range-prior.yaml": [
        ("questions[0].answers", 8, "sum to 2, not 1"),
        ("questions[0].answers[0].prior", 9, "prior must be in [0, 1], got 1.6"),
    ],
    # --- structure (the JSON Schema) ---
    "missing-required-field.yaml": [
        ("cases[1]", 44, "missing required field 'title'"),
    ],
    "wrong-enum.yaml": [
        ("deployments[0].stakes", 24, "'hgh' is not one of: low, medium, high, critical"),
    ],
    "wrong-type.yaml": [
        ("questions[0].answers[0].prior", 9, "expected a number, got the text 'high'"),
    ],
    "covers-not-a-list.yaml": [
        ("cases[1].covers", 47, "expected a list, got the text 'dep'"),
    ],
    "unknown-key.yaml": [
        (
            "cases[0].argument.children[1].relys_on",
            43,
            "unknown field 'relys_on' (did you mean 'relies_on'?)",
        ),
    ],
    "bad-support-spelling.yaml": [
        (
            "cases[1].argument.support",
            51,
            "support must be all, any or {at_least: K}, got 'at_least'; write {at_least: K}",
        ),
    ],
    "bad-support-k.yaml": [
        ("cases[1].argument.support.at_least", 51, "at_least must be at least 1, got 0"),
    ],
    "p-fail-above-one.yaml": [
        ("assumptions[1].p_fail", 20, "p_fail must be in [0, 1], got 1.5"),
    ],
    "effectiveness-zero.yaml": [
        ("cases[0].effectiveness", 30, "effectiveness must be in (0, 1], got 0"),
    ],
    "p-unsound-one.yaml": [
        ("cases[0].p_unsound", 31, "p_unsound must be in [0, 1), got 1"),
    ],
    "invalid-id.yaml": [
        ("cases[1].id", 44, "invalid id 'case two'"),
    ],
    "wrong-version.yaml": [
        ("version", 2, "unsupported version 2"),
    ],
    "unquoted-comma.yaml": [
        ("techniques[0].probes)", 12, "unknown field 'probes)'; if it is part of a text value"),
    ],
    "not-a-mapping.yaml": [
        ("", 2, "expected a mapping, got a list"),
    ],
    # --- parsing ---
    "duplicate-key.yaml": [
        ("cases[1].title", 46, "duplicate key 'title'"),
    ],
    "syntax-error.yaml": [
        ("", 17, "invalid YAML: while parsing a flow sequence (from line 16)"),
    ],
    "empty.yaml": [
        ("", None, "the document is empty"),
    ],
    # --- JSON: no line numbers for what parses, but the path is there ---
    "covers-unknown-deployment.json": [
        ("cases[1].covers[1]", None, "unknown deployment 'nowhere'"),
    ],
    "missing-required-field.json": [
        ("assumptions[0]", None, "missing required field 'statement'"),
    ],
    "syntax-error.json": [
        ("", 77, "invalid JSON: Expecting ',' delimiter"),
    ],
    # --- several problems in one file: all of them, in document order ---
    "several-errors.yaml": [
        ("questions[0].answers", 8, "priors of question 'q' sum to 0.9"),
        ("deployments[0].stakes", 24, "'hgh' is not one of"),
        ("cases[0].argument.children[1].relies_on[1]", 43, "unknown assumption 'foo'"),
        ("cases[1]", 44, "missing required field 'title'"),
        ("defeaters[0].challenges", 57, "unknown node 'e9'"),
    ],
}


def test_every_invalid_file_has_expectations() -> None:
    assert sorted(p.name for p in INVALID.iterdir()) == sorted(EXPECTED)
    assert len(EXPECTED) >= 20


def test_the_base_of_the_invalid_files_is_valid() -> None:
    load_portfolio_file(MINIMAL)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_invalid_file_reports_every_problem_located(name: str) -> None:
    path = INVALID / name
    with pytest.raises(InvalidPortfolioError) as caught:
        load_portfolio_file(path)
    issues = caught.value.issues
    got = [(issue.path, issue.line, issue.message) for issue in issues]
    expected = EXPECTED[name]
    assert len(issues) == len(expected), got
    for issue, (path_in_doc, line, fragment) in zip(issues, expected, strict=True):
        assert issue.file == str(path)
        assert issue.path == path_in_doc, got
        assert issue.line == line, got
        assert fragment in issue.message, got


def test_error_text_names_file_line_and_path() -> None:
    path = INVALID / "unknown-assumption.yaml"
    with pytest.raises(InvalidPortfolioError) as caught:
        load_portfolio_file(path)
    assert str(caught.value) == (
        f"{path}:43: cases[0].argument.children[1].relies_on[1]: unknown assumption 'foo'"
    )
    assert caught.value.summary == f"1 problem in {path}"


def test_several_errors_are_one_error_with_one_line_each() -> None:
    path = INVALID / "several-errors.yaml"
    with pytest.raises(InvalidPortfolioError) as caught:
        load_portfolio_file(path)
    lines = str(caught.value).splitlines()
    assert len(lines) == 5
    assert all(line.startswith(f"{path}:") for line in lines)
    assert caught.value.summary == f"5 problems in {path}"
