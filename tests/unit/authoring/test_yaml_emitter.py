"""The YAML writer reads back to exactly the data written, whatever the text."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from service.authoring.reader import parse_yaml
from service.authoring.yaml_emitter import emit_yaml

TRICKY = [
    "",
    " leading",
    "trailing ",
    "yes",
    "No",
    "on",
    "null",
    "~",
    "y",
    "1.0",
    "1e5",
    "0o17",
    "0x1F",
    "1_000",
    "12:30",
    "2024-01-01",
    ".inf",
    "-",
    "- item",
    "a: b",
    "a:b",
    "key:",
    "# comment",
    "a #b",
    "a#b",
    "[x]",
    "{x}",
    "a, b",
    "*alias",
    "&anchor",
    "!tag",
    "|",
    ">",
    "'quoted'",
    '"double"',
    "@at",
    "%percent",
    "`tick",
    "<<",
    "=",
    "tab\there",
    "line\nbreak",
    "line\nbreak\n",
    "trailing breaks\n\n",
    "\nleading break",
    "  indented\nlines",
    "trailing space \nline",
    "unicode é ü 中文 — ’",
    "emoji 😀",
    "nbsp\u00a0here",
    "bom\ufeff",
    "nel\x85",
    "ls\u2028",
    "ctl\x01\x7f\x9f",
    "back\\slash",
    "https://example.org/a?b=c#frag",
]


def _round_trip(data: Any) -> None:
    text = emit_yaml(data)
    assert yaml.safe_load(text) == data, text
    parsed = parse_yaml(text)
    assert parsed.issues == []
    assert parsed.data == data, text


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_text_round_trips_in_every_position(text: str) -> None:
    _round_trip(
        {
            "value": text,
            "ids": [text, "plain"],
            "inline": [{"world": text, "p": 0.5}],
            "nested": {
                "statement": text,
                "children": [{"ref": text}, {"id": text, "statement": text}],
            },
            "items": [text, {"id": text}],
        }
    )


@pytest.mark.parametrize(
    "number",
    [0, 1, -3, 0.0, 1.0, 0.1, 1e-7, 2.5e-12, 1e16, 123456789.125, 1 / 3, True, False, None],
)
def test_numbers_and_constants_round_trip(number: Any) -> None:
    _round_trip({"x": number, "l": [number], "m": [{"world": "w", "p": number}]})


def test_style() -> None:
    text = emit_yaml(
        {
            "version": 1,
            "ids": ["a", "b"],
            "empty": [],
            "support": {"at_least": 2},
            "fails_in": [{"world": "w"}, {"world": "v", "p": 0.5}],
            "items": [{"id": "x", "statement": "Two\nlines\n"}],
        }
    )
    assert text == (
        "version: 1\n"
        "ids: [a, b]\n"
        "empty: []\n"
        "support: {at_least: 2}\n"
        "fails_in: [{world: w}, {world: v, p: 0.5}]\n"
        "items:\n"
        "  - id: x\n"
        "    statement: |\n"
        "      Two\n"
        "      lines\n"
    )


_TEXT = st.text(st.characters(blacklist_categories=["Cs"]), max_size=30)
# Portfolio files refuse integers of over 100 digits and numbers that are not finite.
_VALUE = st.one_of(
    _TEXT,
    st.integers(min_value=-(10**99), max_value=10**99),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.none(),
)
_DOC = st.recursive(
    st.dictionaries(_TEXT.filter(bool), _VALUE, max_size=4),
    lambda inner: st.one_of(
        st.lists(inner | _VALUE, max_size=4),
        st.dictionaries(_TEXT.filter(bool), inner | _VALUE, max_size=4),
    ),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(_DOC)
def test_arbitrary_documents_round_trip(document: Any) -> None:
    _round_trip({"doc": document})
