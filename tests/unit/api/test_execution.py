"""The fast path for lists of strings completes exactly as graphql-core does (no database)."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import Enum
from typing import Any

import strawberry

from service.api.execution import FastPathExecutionContext


@strawberry.enum
class Colour(Enum):
    RED = "red"


@strawberry.type
class Plain:
    name: str
    score: float
    colour: Colour
    note: str | None
    when: datetime
    required: str


@strawberry.type
class Lists:
    ids: list[list[strawberry.ID]]
    names: list[str]
    maybe: list[str | None]
    numbers: list[int]
    bad: list[strawberry.ID]


def _run(value: Any, query: str) -> dict[str, Any]:
    @strawberry.type
    class Query:
        @strawberry.field
        def lists(self) -> Lists:
            return value  # type: ignore[no-any-return]

        @strawberry.field
        def plain(self) -> list[Plain]:
            return value  # type: ignore[no-any-return]

    results = []
    for context_class in (None, FastPathExecutionContext):
        schema = strawberry.Schema(query=Query, execution_context_class=context_class)
        result = schema.execute_sync(query)
        results.append({"data": result.data, "errors": [str(e) for e in result.errors or []]})
    assert results[0] == results[1]
    return results[1]


def test_lists_of_strings_and_everything_else_complete_as_graphql_core_does() -> None:
    value = Lists(
        ids=[[strawberry.ID("a"), strawberry.ID("b")], [], [strawberry.ID("c")]],
        names=["x", "y"],
        maybe=["x", None],
        numbers=[1, 2],
        bad=[strawberry.ID("a"), None],  # type: ignore[list-item]  # a null where none may be
    )
    result = _run(value, "{ lists { ids names maybe numbers } }")
    assert result["data"] == {
        "lists": {
            "ids": [["a", "b"], [], ["c"]],
            "names": ["x", "y"],
            "maybe": ["x", None],
            "numbers": [1, 2],
        }
    }
    failed = _run(value, "{ lists { bad } }")
    assert failed["data"] is None
    assert "Cannot return null" in failed["errors"][0]


def test_ids_given_as_numbers_are_still_serialised() -> None:
    value = Lists(ids=[[7, "a"]], names=[], maybe=[], numbers=[], bad=[])  # type: ignore[list-item]
    assert _run(value, "{ lists { ids } }")["data"] == {"lists": {"ids": [["7", "a"]]}}


def test_plain_fields_complete_as_graphql_core_does() -> None:
    when = datetime(2026, 1, 2, tzinfo=UTC)
    good = [Plain(name="a", score=0.5, colour=Colour.RED, note=None, when=when, required="r")]
    result = _run(good, "{ plain { name score colour note when required } }")
    assert result["data"] == {
        "plain": [
            {
                "name": "a",
                "score": 0.5,
                "colour": "RED",
                "note": None,
                "when": "2026-01-02T00:00:00+00:00",
                "required": "r",
            }
        ]
    }
    for bad in (
        Plain(name="a", score=float("nan"), colour=Colour.RED, note=None, when=when, required="r"),
        Plain(name="a", score=1.0, colour="green", note=None, when=when, required="r"),  # type: ignore[arg-type]
        Plain(name="a", score=1.0, colour=Colour.RED, note=None, when=when, required=None),  # type: ignore[arg-type]
    ):
        errors = _run([bad], "{ plain { name score colour required } }")["errors"]
        assert errors
