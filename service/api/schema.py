"""The GraphQL schema: types, Query, Mutation, and the extensions that guard and measure it."""

from __future__ import annotations

import strawberry
from graphql import GraphQLError
from strawberry.extensions import MaxAliasesLimiter, MaxTokensLimiter, QueryDepthLimiter
from strawberry.types import ExecutionContext

from service.api.errors import ErrorShaping
from service.api.execution import FastPathExecutionContext
from service.api.graphql_types import ENTITY_TYPES
from service.api.metrics import GraphQLMetrics
from service.api.mutations import Mutation
from service.api.queries import Query
from service.api.query_cache import QueryCache, ValidatedDocuments
from service.config import Settings


class Schema(strawberry.Schema):
    """Errors are logged by `ErrorShaping` (unexpected ones only, with the request id), not by
    Strawberry's default logger, which would log every bad input with a traceback."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        return None


def build_schema(settings: Settings | None = None) -> strawberry.Schema:
    """The schema with query depth, alias and token limits from `settings` (defaults if None),
    and a cache of the query texts that passed them."""
    settings = settings or Settings()
    documents = ValidatedDocuments()
    return Schema(
        query=Query,
        mutation=Mutation,
        types=ENTITY_TYPES,
        execution_context_class=FastPathExecutionContext,
        extensions=[
            lambda: QueryDepthLimiter(max_depth=settings.graphql_max_depth),
            lambda: MaxAliasesLimiter(max_alias_count=settings.graphql_max_aliases),
            lambda: MaxTokensLimiter(max_token_count=settings.graphql_max_tokens),
            lambda: QueryCache(documents),  # after the limiters: a cached text passed them
            ErrorShaping,
            GraphQLMetrics,
        ],
    )


def schema_sdl() -> str:
    """The schema in SDL, as checked in at `schema/schema.graphql`."""
    return build_schema().as_str() + "\n"
