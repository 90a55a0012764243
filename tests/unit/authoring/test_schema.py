"""schema/portfolio.schema.json: up to date, valid 2020-12, and in step with the model."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from service.authoring.dumper import export_document
from service.authoring.generator import generate_document
from service.authoring.loader import load_portfolio_file
from service.authoring.schema import KEY_ORDER, is_valid_document, portfolio_schema, schema_json
from service.model import (
    ArgumentNode,
    ArgumentRef,
    Assumption,
    CaseCategory,
    Defeater,
    Deployment,
    FailsIn,
    Portfolio,
    PriorProfile,
    Question,
    SafetyCase,
    Source,
    Stakes,
    Technique,
    WorldModel,
)

REPO = Path(__file__).resolve().parents[3]
SCHEMA_FILE = REPO / "schema" / "portfolio.schema.json"
EXAMPLE = REPO / "schema" / "examples" / "frontier-portfolio.yaml"

MODELS: dict[str, type[Any]] = {
    "portfolio": Portfolio,
    "source": Source,
    "question": Question,
    "worldModel": WorldModel,
    "failsIn": FailsIn,
    "technique": Technique,
    "assumption": Assumption,
    "deployment": Deployment,
    "argumentRef": ArgumentRef,
    "argumentNode": ArgumentNode,
    "case": SafetyCase,
    "defeater": Defeater,
    "priorProfile": PriorProfile,
}


def test_schema_file_is_up_to_date() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_json(), (
        "regenerate schema/portfolio.schema.json (see service/authoring/schema.py)"
    )


def test_schema_is_valid_2020_12() -> None:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


@pytest.mark.parametrize("name", sorted(MODELS))
def test_schema_properties_match_model_fields(name: str) -> None:
    fields = set(MODELS[name].model_fields)
    if name == "argumentNode":
        fields.discard("k")  # written inside `support: {at_least: k}`
    definition = portfolio_schema() if name == "portfolio" else portfolio_schema()["$defs"][name]
    assert set(definition["properties"]) == fields
    assert list(definition["properties"]) == list(KEY_ORDER[name])
    required = {n for n, f in MODELS[name].model_fields.items() if f.is_required()}
    assert set(definition["required"]) == required
    assert definition["additionalProperties"] is False


def test_enums_are_lower_case_model_values() -> None:
    defs = portfolio_schema()["$defs"]
    assert defs["deployment"]["properties"]["stakes"]["enum"] == [s.value for s in Stakes]
    assert defs["case"]["properties"]["category"]["enum"] == [c.value for c in CaseCategory]
    assert all(v == v.lower() for v in defs["case"]["properties"]["category"]["enum"])


@pytest.mark.parametrize(
    ("support", "valid"),
    [
        ("all", True),
        ("any", True),
        ({"at_least": 1}, True),
        ("at_least", False),
        ("ALL", False),
        ({"at_least": 0}, False),
        ({"at_least": 1.5}, False),
        ({"at_least": 2, "of": 3}, False),
        (2, False),
    ],
)
def test_support_spellings(support: Any, valid: bool) -> None:
    node = {"id": "g", "statement": "s", "support": support}
    document = {"cases": [{"id": "c", "title": "t", "category": "control", "argument": node}]}
    assert is_valid_document(document) is valid
    assert Draft202012Validator(portfolio_schema()).is_valid(document) is valid


@pytest.mark.parametrize(
    ("ident", "valid"),
    [
        ("a", True),
        ("case-01", True),
        ("ns:a.b_c-d", True),
        ("9lives", True),
        ("-a", False),
        ("a b", False),
        ("", False),
    ],
)
def test_id_pattern(ident: str, valid: bool) -> None:
    assert is_valid_document({"sources": [{"id": ident, "title": "t"}]}) is valid


def test_example_and_generated_documents_match_the_schema() -> None:
    validator = Draft202012Validator(portfolio_schema())
    assert validator.is_valid(export_document(load_portfolio_file(EXAMPLE)))
    assert validator.is_valid(generate_document(40, 11))
