"""Write a portfolio back to the authoring format (YAML or JSON), deterministically.

The exported document is compact: values equal to their documented default (DESIGN §5) and empty
lists are left out, except `version` and the `type` of argument nodes, which are always written.
Keys come in the order of the schema (`service.authoring.schema.KEY_ORDER`); lists keep their
order. So load -> dump -> load -> dump gives the same text.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from service.authoring.schema import KEY_ORDER
from service.authoring.yaml_emitter import emit_yaml_sections
from service.errors import InvalidInputError
from service.model import NodeType, Portfolio
from service.util.gc_pause import collector_paused

__all__ = ["dump_document", "dump_portfolio", "export_document", "stream_document"]


# Which entity kind sits under which key of which kind.
_NESTED: dict[str, dict[str, str]] = {
    "portfolio": {
        "sources": "source",
        "questions": "question",
        "techniques": "technique",
        "assumptions": "assumption",
        "deployments": "deployment",
        "cases": "case",
        "defeaters": "defeater",
        "prior_profiles": "priorProfile",
    },
    "question": {"answers": "worldModel"},
    "technique": {"fails_in": "failsIn"},
    "assumption": {"fails_in": "failsIn"},
    "case": {"argument": "argumentNode"},
    "argumentNode": {"children": "child"},
}
_RANKS = {kind: {key: i for i, key in enumerate(keys)} for kind, keys in KEY_ORDER.items()}


def export_document(portfolio: Portfolio) -> dict[str, Any]:
    """The portfolio as a compact authoring-format document with keys in schema order."""
    with collector_paused():
        doc = portfolio.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
        doc["version"] = portfolio.version
        return _order(doc, "portfolio")


def dump_portfolio(portfolio: Portfolio, format: str = "yaml") -> str:
    """The portfolio as "yaml" or "json" text (deterministic; see `export_document`)."""
    return dump_document(export_document(portfolio), format)


def dump_document(document: dict[str, Any], format: str = "yaml") -> str:
    """Authoring-format text of a document already in export order."""
    with collector_paused():
        return "".join(stream_document(document.items(), format))


def stream_document(sections: Iterable[tuple[str, Any]], format: str = "yaml") -> Iterator[str]:
    """The text of a document given as top-level (key, value) pairs, in chunks; a value may be
    an iterator of list items, written one by one (`scg generate` streams its cases so)."""
    if format == "yaml":
        return emit_yaml_sections(sections)
    if format == "json":
        return _json_sections(sections)
    raise InvalidInputError(f"unknown portfolio format {format!r}: use yaml or json")


def _json(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False, allow_nan=False)


def _json_sections(sections: Iterable[tuple[str, Any]]) -> Iterator[str]:
    """Exactly `json.dumps(document, indent=2)` + newline, in chunks."""
    separator = "{\n"
    for key, value in sections:
        yield f"{separator}  {_json(key)}: "
        separator = ",\n"
        if isinstance(value, Iterator):
            item_separator = "[\n"
            for item in value:
                yield item_separator + "    " + _json(item).replace("\n", "\n    ")
                item_separator = ",\n"
            yield "[]" if item_separator == "[\n" else "\n  ]"
        else:
            yield _json(value).replace("\n", "\n  ")
    yield "{}\n" if separator == "{\n" else "\n}\n"


def _order(obj: dict[str, Any], kind: str) -> dict[str, Any]:
    if kind == "child":
        kind = "argumentRef" if "ref" in obj else "argumentNode"
    if kind == "argumentNode" and "type" not in obj:
        obj["type"] = NodeType.GOAL.value
    ranks = _RANKS[kind]
    nested = _NESTED.get(kind, {})
    out: dict[str, Any] = {}
    for key in sorted(obj, key=lambda k: ranks.get(k, len(ranks))):
        value = obj[key]
        sub = nested.get(key)
        if sub is not None and isinstance(value, list):
            value = [_order(item, sub) for item in value]
        elif sub is not None and isinstance(value, dict):
            value = _order(value, sub)
        out[key] = value
    return out
