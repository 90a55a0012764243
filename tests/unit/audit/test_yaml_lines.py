"""Lines of document paths and entity ids in YAML and JSON text."""

from __future__ import annotations

import json

from service.audit.yaml_lines import index_lines

YAML = """\
version: 1
deployments:
  - id: d1
    name: One
  - {id: d2, name: Two}
cases:
  - id: c1
    argument:
      id: g1
      children:
        - {ref: g1}
"""


def test_lines_of_ids_and_paths() -> None:
    index = index_lines(YAML)
    assert index.line_of_id("d1") == 3
    assert index.line_of_id("d2") == 5
    assert index.line_of_id("c1") == 7
    assert index.line_of_id("g1") == 9
    assert index.line_of_id("nope") is None
    assert index.line_of_path(("deployments", 1, "name")) == 5
    assert index.line_of_path(("cases", 0, "argument", "missing")) == 8
    assert index.line_of_path(()) == 1


def test_json_text_and_unreadable_text() -> None:
    text = json.dumps({"deployments": [{"id": "d1"}, {"id": "d2"}]}, indent=2)
    index = index_lines(text)
    assert index.line_of_id("d1") == 3  # the line of its opening brace
    assert index.line_of_id("d2") == 6
    assert index_lines("a: [\n").ids == {}


def test_duplicate_keys_are_recorded() -> None:
    index = index_lines("a: 1\nb: 2\na: 3\n")
    assert index.duplicate_keys == [(("a",), 3)]
