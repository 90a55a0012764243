"""Parse and validate each distinct query text once, not on every request.

Dashboards send the same few query texts over and over; parsing and validating a nested read
costs as much as executing it. Validation is a function of the schema and the document only
(the depth, alias and token limits are fixed when the schema is built), so a text that passed
once passes again: its parsed document is kept and the next request skips both steps.

Only texts that passed validation are kept (a text with errors is checked again each time, and
its errors are reported as usual); the cache holds at most `max_entries` texts of at most
`max_text_length` characters each, least recently used out first, per schema.
"""

from __future__ import annotations

from collections.abc import Iterator

from graphql import DocumentNode
from strawberry.extensions import SchemaExtension

from service.util.lru import LruCache


class ValidatedDocuments:
    """The documents of query texts that passed validation against one schema (LRU)."""

    def __init__(self, max_entries: int = 256, max_text_length: int = 20_000) -> None:
        self.max_entries = max_entries
        self.max_text_length = max_text_length
        self._documents: LruCache[str, DocumentNode] = LruCache(max_entries)

    def get(self, text: str) -> DocumentNode | None:
        return self._documents.get(text)

    def put(self, text: str, document: DocumentNode) -> None:
        if len(text) > self.max_text_length:
            return
        self._documents.put(text, document)


class QueryCache(SchemaExtension):
    """Serve parsed, validated documents from `documents` (list it after the limiters)."""

    def __init__(self, documents: ValidatedDocuments) -> None:
        super().__init__()
        self.documents = documents
        self._hit = False

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        text = context.query
        if text is not None and context.graphql_document is None:
            document = self.documents.get(text)
            if document is not None:
                context.graphql_document = document  # Strawberry then skips parsing
                self._hit = True
        yield

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        if self._hit:
            context.pre_execution_errors = []  # Strawberry then skips validation
        yield
        if (
            not self._hit
            and not context.pre_execution_errors
            and context.query is not None
            and context.graphql_document is not None
        ):
            self.documents.put(context.query, context.graphql_document)
