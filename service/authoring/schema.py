"""The JSON Schema (2020-12) of the authoring format v1 (DESIGN §5).

The schema is built here, from the model (its fields' types, enums, ranges, defaults and
descriptions, `service.model.portfolio`), so the code, the model and
`schema/portfolio.schema.json` cannot drift apart: the file is this module's output, and a unit
test checks that it is up to date. Regenerate it with
`python -c "from service.authoring.schema import schema_json; print(schema_json(), end='')"`.
The order of `properties` is also the key order of exported documents.
"""

from __future__ import annotations

import json
from enum import Enum
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator
from pydantic import BaseModel

from service.model.kinds import Property
from service.model.portfolio import (
    ArgumentNode,
    ArgumentRef,
    Assumption,
    Defeater,
    Deployment,
    FailsIn,
    Portfolio,
    PriorProfile,
    Question,
    SafetyCase,
    Source,
    Technique,
    WorldModel,
)
from service.model.validation import ID_PATTERN

SCHEMA_ID = "urn:safety-case-graph:schema:portfolio:1"

#: The model of each object of the schema (`$defs` name -> pydantic model).
MODELS: dict[str, type[BaseModel]] = {
    "portfolio": Portfolio,
    "source": Source,
    "question": Question,
    "worldModel": WorldModel,
    "failsIn": FailsIn,
    "technique": Technique,
    "assumption": Assumption,
    "deployment": Deployment,
    "case": SafetyCase,
    "argumentNode": ArgumentNode,
    "argumentRef": ArgumentRef,
    "defeater": Defeater,
    "priorProfile": PriorProfile,
}
#: Fields written inside another one (`support: {at_least: k}`): not keys of their own.
_WRITTEN_IN = {"k": "support"}
#: Fields that hold a sub-tree: an entity's notes come before them.
_SUBTREES = ("argument", "children")


def _key_order(model: type[BaseModel]) -> tuple[str, ...]:
    """The model's fields in declaration order, notes last (before a sub-tree, if any)."""
    keys = [name for name in model.model_fields if name not in _WRITTEN_IN and name != "notes"]
    if "notes" in model.model_fields:
        tree = next((i for i, key in enumerate(keys) if key in _SUBTREES), len(keys))
        keys.insert(tree, "notes")
    return tuple(keys)


#: Key order of each entity in an exported document (and of `properties` in the schema):
#: the order of the model's fields.
KEY_ORDER: dict[str, tuple[str, ...]] = {name: _key_order(m) for name, m in MODELS.items()}


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/$defs/{name}"}


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


def _probability(description: str) -> dict[str, Any]:
    return {"type": "number", "minimum": 0, "maximum": 1, "description": description}


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


def _field_schema(prop: Property) -> dict[str, Any]:
    """The schema of a scalar field, from the model: its type, enum or range, default and
    description (files spell enums in lower case)."""
    out: dict[str, Any]
    enum = prop.enum
    if enum is not None:
        out = {"type": "string", "enum": [v.value for v in enum]}
    elif prop.value_type is str:
        out = {"type": ["string", "null"] if prop.optional else "string"}
    elif prop.value_type is float:
        out = {"type": "number"}
        for bound, keyword in (
            ("ge", "minimum"),
            ("gt", "exclusiveMinimum"),
            ("le", "maximum"),
            ("lt", "exclusiveMaximum"),
        ):
            value = prop.bound(bound)
            if value is not None:
                out[keyword] = _number(value)
    else:  # pragma: no cover - guards new field types
        raise AssertionError(f"no schema for field {prop.name!r} of type {prop.value_type}")
    if prop.description:
        out["description"] = prop.description
    if not prop.required and prop.default is not None:
        default = prop.default
        out["default"] = default.value if isinstance(default, Enum) else _number(default)
    return out


def _object(name: str, fields: dict[str, Any], description: str) -> dict[str, Any]:
    """The schema of one model (`MODELS[name]`): `fields` give the schemas of the fields that
    are not scalar (references, lists, sub-objects); every other one comes from the model."""
    model = MODELS[name]
    props: dict[str, Any] = {}
    for key in KEY_ORDER[name]:
        if key in fields:
            props[key] = fields[key]
        elif key == "id":
            props[key] = _ref("id")
        else:
            props[key] = _field_schema(Property(key, model.model_fields[key]))
    unused = set(fields) - set(props)
    if unused:  # pragma: no cover - guards edits of this module
        raise AssertionError(f"{name}: {sorted(unused)} are not fields of {model.__name__}")
    required = [key for key, info in model.model_fields.items() if info.is_required()]
    return {
        "type": "object",
        "description": description,
        "required": required,
        "additionalProperties": False,
        "properties": props,
    }


def build_schema() -> dict[str, Any]:
    """The JSON Schema of a portfolio document, as a plain dict."""
    ids = _list_of(_ref("id"))
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
        "source": _object("source", {}, "A document cited as provenance (CITES)."),
        "question": _object(
            "question",
            {
                "answers": _list_of(
                    _ref("worldModel"),
                    "Mutually exclusive world models; their priors sum to 1.",
                ),
            },
            "A question about how the world is; its answers are world models.",
        ),
        "worldModel": _object("worldModel", {}, "One answer of a question (a world model)."),
        "failsIn": _object(
            "failsIn",
            {"world": {"$ref": "#/$defs/id", "description": "A world model (an answer)."}},
            "FAILS_IN edge: if `world` is true, this fails with probability p.",
        ),
        "technique": _object(
            "technique",
            {"fails_in": fails_in, "sources": ids},
            "A safety technique (interpretability, black-box evals, control, security, ...).",
        ),
        "assumption": _object(
            "assumption",
            {
                "techniques": _list_of(_ref("id"), "Techniques whose working it is about (USES)."),
                "relies_on": _list_of(_ref("id"), "Assumptions it needs (RELIES_ON); acyclic."),
                "fails_in": fails_in,
                "sources": ids,
            },
            "A premise that safety cases rely on.",
        ),
        "deployment": _object(
            "deployment",
            {"sources": ids},
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
            {"ref": _ref("id")},
            "Reuses an argument node defined elsewhere in the portfolio.",
        ),
        "argumentNode": _object(
            "argumentNode",
            {
                "support": _ref("support"),
                "relies_on": _list_of(_ref("id"), "Assumptions this node needs (RELIES_ON)."),
                "context": _list_of(_text(), "GSN context (display only)."),
                "justification": _list_of(_text(), "GSN justification (display only)."),
                "sources": ids,
                "children": _list_of(_ref("child"), "SUPPORTED_BY; the graph stays acyclic."),
            },
            "A GSN goal, strategy or evidence node.",
        ),
        "case": _object(
            "case",
            {
                "covers": _list_of(_ref("id"), "Deployments this case argues are safe."),
                "sources": ids,
                "argument": _ref("argumentNode"),
            },
            "A safety case; `argument` is its root goal.",
        ),
        "defeater": _object(
            "defeater",
            {"challenges": {"$ref": "#/$defs/id", "description": "The node it doubts."}},
            "A reviewer's doubt raised against a node.",
        ),
        "priorProfile": _object(
            "priorProfile",
            {
                "priors": {
                    "type": "object",
                    "description": "World model id -> prior. Replaces the priors of every "
                    "question any of whose answers it names (naming all of them, summing to "
                    "1); other questions keep the portfolio's priors.",
                    "propertyNames": {"$ref": "#/$defs/id"},
                    "additionalProperties": _probability("Prior of that world model."),
                },
                "sources": ids,
            },
            "A reviewer's prior profile (the id `default` is reserved: the portfolio's priors).",
        ),
    }
    portfolio = _object(
        "portfolio",
        {
            "version": {"const": 1, "default": 1, "description": "Authoring format version."},
            **{
                key: _list_of(_ref(item))
                for key, item in (
                    ("sources", "source"),
                    ("questions", "question"),
                    ("techniques", "technique"),
                    ("assumptions", "assumption"),
                    ("deployments", "deployment"),
                    ("cases", "case"),
                    ("defeaters", "defeater"),
                    ("prior_profiles", "priorProfile"),
                )
            },
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
