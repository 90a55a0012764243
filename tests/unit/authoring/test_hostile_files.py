"""Hostile portfolio files are refused fast with one located issue: alias bombs, cyclic
aliases, deep nesting, huge integers and numbers that are not finite."""

from __future__ import annotations

import pytest

from service.authoring import InvalidPortfolioError, load_portfolio_text
from service.authoring.reader import parse_json, parse_yaml

BILLION_LAUGHS = "\n".join(
    ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    + [f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 10)}]" for i in range(8)]
)
SELF_ALIAS = (
    "version: 1\ncases:\n  - id: c\n    title: t\n    argument: &g\n"
    "      id: g\n      type: goal\n      statement: s\n      children: [*g]\n"
)


@pytest.mark.parametrize(
    ("fmt", "text", "line", "message"),
    [
        ("yaml", BILLION_LAUGHS, 5, "aliases repeat more than 100,000 parts"),
        ("yaml", SELF_ALIAS, 9, "alias *g is inside the value of its own anchor &g"),
        ("yaml", "notes: " + "[" * 10_000 + "]" * 10_000, 1, "nesting depth"),
        ("yaml", "a:\n" + "".join("  " * i + "- \n" for i in range(300)), None, "deeper than"),
        ("yaml", "a: " + "1" * 5000, 1, "an integer of 5000 characters is too long"),
        ("yaml", "a: .nan", 1, ".nan is not a finite number"),
        ("yaml", "a: -.inf", 1, "-.inf is not a finite number"),
        ("json", '{"a": ' + "[" * 100_000 + "]" * 100_000 + "}", None, "nested deeper than"),
        ("json", '{"a": ' + "1" * 5000 + "}", None, "an integer of 5000 characters"),
        ("json", '{"a": NaN}', None, "NaN is not a finite number"),
        ("json", '{"a": 1e999}', None, "1e999 is not a finite number"),
    ],
)
def test_hostile_text_is_one_located_issue_at_once(
    fmt: str, text: str, line: int | None, message: str
) -> None:
    document = parse_yaml(text) if fmt == "yaml" else parse_json(text)
    assert document.data is None
    assert len(document.issues) == 1
    issue = document.issues[0]
    assert message in issue.message
    if line is not None:
        assert issue.line == line


def test_a_self_referencing_anchor_is_an_invalid_portfolio_with_file_and_line() -> None:
    with pytest.raises(InvalidPortfolioError) as error:
        load_portfolio_text(SELF_ALIAS, "yaml", "self.yaml")
    assert str(error.value).startswith("self.yaml:9: ")
    assert "\n" not in str(error.value).strip()


def test_merge_keys_and_modest_aliases_still_work() -> None:
    document = parse_yaml("d: &d {x: 1}\ne: {<<: *d, y: 2}\nf: [*d, *d]\n")
    assert not document.issues
    assert document.data == {"d": {"x": 1}, "e": {"y": 2, "x": 1}, "f": [{"x": 1}, {"x": 1}]}
