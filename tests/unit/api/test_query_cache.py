"""Query texts that passed validation are parsed and validated once (no database)."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.extensions import QueryDepthLimiter

from service.api.query_cache import QueryCache, ValidatedDocuments


@strawberry.type
class Query:
    @strawberry.field
    def hello(self, name: str = "world") -> str:
        return f"hello {name}"


def _schema(documents: ValidatedDocuments) -> strawberry.Schema:
    return strawberry.Schema(
        query=Query,
        extensions=[lambda: QueryDepthLimiter(max_depth=2), lambda: QueryCache(documents)],
    )


def _errors(result: Any) -> list[str]:
    return [error.message for error in result.errors or []]


def test_a_valid_text_is_cached_and_answers_with_fresh_variables() -> None:
    documents = ValidatedDocuments()
    schema = _schema(documents)
    query = "query($n: String!) { hello(name: $n) }"
    assert schema.execute_sync(query, variable_values={"n": "a"}).data == {"hello": "hello a"}
    assert documents.get(query) is not None
    assert schema.execute_sync(query, variable_values={"n": "b"}).data == {"hello": "hello b"}


def test_invalid_texts_are_not_cached_and_fail_every_time() -> None:
    documents = ValidatedDocuments()
    schema = _schema(documents)
    for query in ("{ nope }", "{ hello(", "{ hello(name: 1) }"):
        first = _errors(schema.execute_sync(query))
        assert first
        assert _errors(schema.execute_sync(query)) == first
        assert documents.get(query) is None


def test_the_cache_is_bounded() -> None:
    documents = ValidatedDocuments(max_entries=2, max_text_length=40)
    schema = _schema(documents)
    texts = [f'{{ hello(name: "{i}") }}' for i in range(3)]
    for text in texts:
        assert not _errors(schema.execute_sync(text))
    assert documents.get(texts[0]) is None
    assert documents.get(texts[2]) is not None
    long_text = '{ hello(name: "' + "x" * 50 + '") }'
    assert not _errors(schema.execute_sync(long_text))
    assert documents.get(long_text) is None
