"""The JSON Schema (2020-12) of the authoring format v1 (DESIGN §5).

The schema is built here, from the model's enums, so the code, the model and
`schema/portfolio.schema.json` cannot drift apart: the file is this module's output, and a unit
test checks that it is up to date. Regenerate it with
`python -c "from service.authoring.schema import schema_json; print(schema_json(), end='')"`.
The order of `properties` is also the key order of exported documents.
"""

from __future__ import annotations

import json
from enum import StrEnum
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator

from service.model.enums import CaseCategory, CaseStatus, DefeaterStatus, NodeType, Stakes
from service.model.validation import ID_PATTERN

SCHEMA_ID = "urn:safety-case-graph:schema:portfolio:1"

# Key order of each entity in an exported document (and of `properties` in the schema).
KEY_ORDER: dict[str, tuple[str, ...]] = {
    "portfolio": (
        "version",
        "title",
        "description",
        "sources",
        "questions",
        "techniques",
        "assumptions",
        "deployments",
        "cases",
        "defeaters",
        "prior_profiles",
        "risk_budget",
    ),
    "source": ("id", "title", "url", "notes"),
    "question": ("id", "text", "answers", "notes"),
    "worldModel": ("id", "statement", "prior", "notes"),
    "failsIn": ("world", "p"),
    "technique": ("id", "name", "p_fail", "fails_in", "sources", "notes"),
    "assumption": (
        "id",
        "statement",
        "kind",
        "p_fail",
        "techniques",
        "relies_on",
        "fails_in",
        "sources",
        "notes",
    ),
    "deployment": (
        "id",
        "name",
        "description",
        "stakes",
        "prior_risk",
        "risk_threshold",
        "sources",
        "notes",
    ),
    "case": (
        "id",
        "title",
        "category",
        "status",
        "covers",
        "effectiveness",
        "p_unsound",
        "sources",
        "notes",
        "argument",
    ),
    "argumentNode": (
        "id",
        "type",
        "statement",
        "support",
        "relies_on",
        "context",
        "justification",
        "sources",
        "notes",
        "children",
    ),
    "argumentRef": ("ref",),
    "defeater": ("id", "statement", "challenges", "status", "notes"),
    "priorProfile": ("id", "name", "description", "priors", "sources", "notes"),
}


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/$defs/{name}"}


def _enum(values: type[StrEnum], default: StrEnum) -> dict[str, Any]:
    return {"type": "string", "enum": [v.value for v in values], "default": default.value}


def _list_of(item: dict[str, Any], description: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "array", "items": item}
    if description:
        out["description"] = description
    return out


def _text(description: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "string"}
    if description:
        out["description"] = description
    return out


def _optional_text(description: str) -> dict[str, Any]:
    # Optional text may be left empty (`url:` is null in YAML); export omits it.
    return {"type": ["string", "null"], "description": description}


def _probability(description: str, default: float | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "number", "minimum": 0, "maximum": 1, "description": description}
    if default is not None:
        out["default"] = default
    return out


def _object(
    name: str, required: list[str], props: dict[str, Any], description: str
) -> dict[str, Any]:
    order = KEY_ORDER[name]
    if set(order) != set(props):  # pragma: no cover - guards edits of this module
        raise AssertionError(f"KEY_ORDER[{name!r}] does not match its properties")
    return {
        "type": "object",
        "description": description,
        "required": required,
        "additionalProperties": False,
        "properties": {key: props[key] for key in order},
    }


def build_schema() -> dict[str, Any]:
    """The JSON Schema of a portfolio document, as a plain dict."""
    notes = _optional_text("Free text, kept and exported.")
    id_ = {"$ref": "#/$defs/id"}
    ids = _list_of(id_)
    fails_in = _list_of(
        _ref("failsIn"),
        "World models in which this fails (noisy-OR of independent causes).",
    )
    defs: dict[str, Any] = {
        "id": {
            "type": "string",
            "pattern": ID_PATTERN,
            "description": "A slug: letters, digits and . _ : - , starting with a letter or digit. "
            "Unique across the whole portfolio.",
        },
        "source": _object(
            "source",
            ["id", "title"],
            {
                "id": id_,
                "title": _text(),
                "url": _optional_text("Where to read it."),
                "notes": notes,
            },
            "A document cited as provenance (CITES).",
        ),
        "question": _object(
            "question",
            ["id", "text", "answers"],
            {
                "id": id_,
                "text": _text("One uncertainty about world structure."),
                "answers": _list_of(
                    _ref("worldModel"),
                    "Mutually exclusive world models; their priors sum to 1.",
                ),
                "notes": notes,
            },
            "A question about how the world is; its answers are world models.",
        ),
        "worldModel": _object(
            "worldModel",
            ["id", "statement", "prior"],
            {
                "id": id_,
                "statement": _text(),
                "prior": _probability("Prior probability that this answer is the true one."),
                "notes": notes,
            },
            "One answer of a question (a world model).",
        ),
        "failsIn": _object(
            "failsIn",
            ["world"],
            {
                "world": {"$ref": "#/$defs/id", "description": "A world model (an answer)."},
                "p": _probability("Chance of failing if that world model is true.", 1),
            },
            "FAILS_IN edge: if `world` is true, this fails with probability p.",
        ),
        "technique": _object(
            "technique",
            ["id", "name"],
            {
                "id": id_,
                "name": _text(),
                "p_fail": _probability("Baseline chance it fails for reasons of its own.", 0),
                "fails_in": fails_in,
                "sources": ids,
                "notes": notes,
            },
            "A safety technique (interpretability, black-box evals, control, security, ...).",
        ),
        "assumption": _object(
            "assumption",
            ["id", "statement"],
            {
                "id": id_,
                "statement": _text(),
                "kind": _optional_text("Free classification (method, empirical, security, ...)."),
                "p_fail": _probability("Baseline chance it is false for reasons of its own.", 0),
                "techniques": _list_of(id_, "Techniques whose working it is about (USES)."),
                "relies_on": _list_of(id_, "Assumptions it needs (RELIES_ON); acyclic."),
                "fails_in": fails_in,
                "sources": ids,
                "notes": notes,
            },
            "A premise that safety cases rely on.",
        ),
        "deployment": _object(
            "deployment",
            ["id", "name"],
            {
                "id": id_,
                "name": _text(),
                "description": _optional_text("What is deployed, where."),
                "stakes": _enum(Stakes, Stakes.MEDIUM),
                "prior_risk": _probability(
                    "Probability of an unacceptable outcome with no safety case holding.", 1
                ),
                "risk_threshold": _probability("Acceptable residual risk.", 0),
                "sources": ids,
                "notes": notes,
            },
            "A deployment that safety cases argue is acceptably safe.",
        ),
        "support": {
            "description": "How many children must hold: all, any, or {at_least: k}.",
            "default": "all",
            "if": {"type": "string"},
            "then": {"enum": ["all", "any"]},
            "else": {
                "type": "object",
                "required": ["at_least"],
                "additionalProperties": False,
                "properties": {"at_least": {"type": "integer", "minimum": 1}},
            },
        },
        "child": {
            "description": "An argument node, or {ref: ID} reusing a node defined elsewhere.",
            "if": {"type": "object", "required": ["ref"]},
            "then": _ref("argumentRef"),
            "else": _ref("argumentNode"),
        },
        "argumentRef": _object(
            "argumentRef",
            ["ref"],
            {"ref": id_},
            "Reuses an argument node defined elsewhere in the portfolio.",
        ),
        "argumentNode": _object(
            "argumentNode",
            ["id", "statement"],
            {
                "id": id_,
                "type": _enum(NodeType, NodeType.GOAL),
                "statement": _text(),
                "support": _ref("support"),
                "relies_on": _list_of(id_, "Assumptions this node needs (RELIES_ON)."),
                "context": _list_of(_text(), "GSN context (display only)."),
                "justification": _list_of(_text(), "GSN justification (display only)."),
                "sources": ids,
                "notes": notes,
                "children": _list_of(_ref("child"), "SUPPORTED_BY; the graph stays acyclic."),
            },
            "A GSN goal, strategy or evidence node.",
        ),
        "case": _object(
            "case",
            ["id", "title", "category", "argument"],
            {
                "id": id_,
                "title": _text(),
                "category": {"type": "string", "enum": [v.value for v in CaseCategory]},
                "status": _enum(CaseStatus, CaseStatus.DRAFT),
                "covers": _list_of(id_, "Deployments this case argues are safe."),
                "effectiveness": {
                    "type": "number",
                    "exclusiveMinimum": 0,
                    "maximum": 1,
                    "default": 1,
                    "description": "Share of residual risk removed when the case holds.",
                },
                "p_unsound": {
                    "type": "number",
                    "minimum": 0,
                    "exclusiveMaximum": 1,
                    "default": 0,
                    "description": "Chance the argument is wrong even when every premise holds.",
                },
                "sources": ids,
                "notes": notes,
                "argument": _ref("argumentNode"),
            },
            "A safety case; `argument` is its root goal.",
        ),
        "defeater": _object(
            "defeater",
            ["id", "statement", "challenges"],
            {
                "id": id_,
                "statement": _text(),
                "challenges": {"$ref": "#/$defs/id", "description": "The node it doubts."},
                "status": _enum(DefeaterStatus, DefeaterStatus.OPEN),
                "notes": notes,
            },
            "A reviewer's doubt raised against a node.",
        ),
        "priorProfile": _object(
            "priorProfile",
            ["id", "name"],
            {
                "id": id_,
                "name": _text(),
                "description": _optional_text("Whose priors these are, and why."),
                "priors": {
                    "type": "object",
                    "description": "World model id -> prior. Replaces the priors of every "
                    "question any of whose answers it names (naming all of them, summing to "
                    "1); other questions keep the portfolio's priors.",
                    "propertyNames": {"$ref": "#/$defs/id"},
                    "additionalProperties": _probability("Prior of that world model."),
                },
                "sources": ids,
                "notes": notes,
            },
            "A reviewer's prior profile (the id `default` is reserved: the portfolio's priors).",
        ),
    }
    portfolio = _object(
        "portfolio",
        [],
        {
            "version": {"const": 1, "default": 1, "description": "Authoring format version."},
            "title": _optional_text("Title of the portfolio."),
            "description": _optional_text("What the portfolio is about."),
            "sources": _list_of(_ref("source")),
            "questions": _list_of(_ref("question")),
            "techniques": _list_of(_ref("technique")),
            "assumptions": _list_of(_ref("assumption")),
            "deployments": _list_of(_ref("deployment")),
            "cases": _list_of(_ref("case")),
            "defeaters": _list_of(_ref("defeater")),
            "prior_profiles": _list_of(_ref("priorProfile")),
            "risk_budget": _probability(
                "Lifetime risk budget: the most total expected risk the deployments may carry."
            ),
        },
        "A safety-case portfolio (authoring format v1).",
    )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Safety Case Graph portfolio",
        **portfolio,
        "$defs": defs,
    }


@cache
def portfolio_schema() -> dict[str, Any]:
    """The schema (built once). Do not mutate the result."""
    return build_schema()


@cache
def schema_validator() -> Draft202012Validator:
    """A validator of portfolio documents (checked once against the 2020-12 meta-schema)."""
    schema = portfolio_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def is_valid_document(document: Any) -> bool:
    """Whether `document` satisfies the schema: a fast check (Rust, when `jsonschema-rs` is
    installed) before `schema_validator().iter_errors`, which explains what is wrong but takes
    seconds on portfolios of thousands of cases."""
    fast = _fast_validator()
    if fast is not None:
        return bool(fast.is_valid(document))
    return bool(schema_validator().is_valid(document))


@cache
def _fast_validator() -> Any:
    try:
        import jsonschema_rs
    except ImportError:  # pragma: no cover - optional speed-up
        return None
    return jsonschema_rs.Draft202012Validator(portfolio_schema())


def schema_json() -> str:
    """The text of `schema/portfolio.schema.json`."""
    return json.dumps(portfolio_schema(), indent=2, ensure_ascii=False) + "\n"
