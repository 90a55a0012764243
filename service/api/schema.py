"""The GraphQL schema: types, Query, Mutation, and the extensions that guard and measure it."""

from __future__ import annotations

from functools import cache

import strawberry
from graphql import GraphQLError
from strawberry.extensions import MaxTokensLimiter
from strawberry.schema.config import StrawberryConfig
from strawberry.schema.name_converter import NameConverter
from strawberry.types import ExecutionContext
from strawberry.utils.str_converters import to_camel_case

from service.api.errors import ErrorShaping
from service.api.execution import FastPathExecutionContext
from service.api.graphql_types import ENTITY_TYPES
from service.api.metrics import GraphQLMetrics
from service.api.mutations import Mutation
from service.api.queries import Query
from service.api.query_budget import Limits, QueryBudget
from service.api.query_cache import QueryCache, ValidatedDocuments
from service.api.workload import HeavySlots
from service.config import Settings
from service.usecases.circuits import circuits


class Schema(strawberry.Schema):
    """Errors are logged by `ErrorShaping` (unexpected ones only, with the request id), not by
    Strawberry's default logger, which would log every bad input with a traceback."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        return None


class CachedNameConverter(NameConverter):
    """Strawberry converts each argument's Python name to its GraphQL name on every call of
    its field: a nested read of one case calls its connection fields hundreds of times, and
    the conversion was a fifth of its Python time. Names are few: each is converted once."""

    def apply_naming_config(self, name: str) -> str:
        return _camel_case(name) if self.auto_camel_case else name


@cache
def _camel_case(name: str) -> str:
    return to_camel_case(name)


def known_case_thousands() -> int:
    """Thousands of cases of the largest workspace analysed so far (scales analysis costs)."""
    return circuits.largest_case_count() // 1000


def build_schema(
    settings: Settings | None = None, slots: HeavySlots | None = None
) -> strawberry.Schema:
    """The schema with the token limit and the query budget (depth, aliases, fields, cost)
    from `settings` (defaults if None), and a cache of the query texts that passed
    validation."""
    settings = settings or Settings()
    documents = ValidatedDocuments()
    limits = Limits(
        max_depth=settings.graphql_max_depth,
        max_aliases=settings.graphql_max_aliases,
        max_fields=settings.graphql_max_fields,
        max_cost=settings.graphql_max_cost,
    )
    return Schema(
        query=Query,
        mutation=Mutation,
        types=ENTITY_TYPES,
        execution_context_class=FastPathExecutionContext,
        config=StrawberryConfig(name_converter=CachedNameConverter()),
        extensions=[
            lambda: MaxTokensLimiter(max_token_count=settings.graphql_max_tokens),
            lambda: QueryCache(documents),  # after the token limit: a cached text passed it
            # every request, cached text or not: the cost depends on the variables
            lambda: QueryBudget(limits, known_case_thousands, settings.heavy_query_cost, slots),
            ErrorShaping,
            GraphQLMetrics,
        ],
    )


def schema_sdl() -> str:
    """The schema in SDL, as checked in at `schema/schema.graphql`."""
    return build_schema().as_str() + "\n"
