"""How GraphQL results are completed: graphql-core's execution, with fast paths for plain data.

graphql-core executes every field alike: it builds a resolve info object, looks for
arguments, calls the resolver, checks for an awaitable, then completes the value through a
chain of type dispatches, item by item for lists. An impact on 10,000 cases has ~60,000
fields and hundreds of thousands of ids in its explanations, so that general path costs more
than the analysis itself. Two fast paths give the same results for plain data:

- a field without arguments or directives, whose resolver is Strawberry's attribute read,
  and whose type is a scalar or enum, or lists of them: its value is read and serialised
  directly (no resolve info);
- a list of non-null `ID` or `String` items whose values already are `str` completes to the
  same list (both scalars serialise a `str` as itself), so it is copied as it is.

Anything else, and any value a fast path is unsure of (a null, an error, a value the scalar
refuses), takes graphql-core's path unchanged, which reports errors as usual. With field
middleware (a schema extension's `resolve` hook) every field takes graphql-core's path.
"""

from __future__ import annotations

from collections.abc import AsyncIterable, Iterable
from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLResolveInfo,
    Undefined,
)
from graphql.pyutils import AwaitableOrValue, Path
from graphql.type import GraphQLScalarType
from graphql.type.scalars import serialize_id, serialize_string
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

#: Output coercions that give a `str` back unchanged: `ID` and `String` (Strawberry copies the
#: built-in scalars into its own GraphQLScalarType objects, so they are told by coercion).
_IDENTITY_ON_STR = (serialize_id, serialize_string)


def _str_items(item_type: GraphQLOutputType) -> bool:
    """Whether items of this type complete to themselves when they are `str`."""
    if not isinstance(item_type, GraphQLNonNull):
        return False
    scalar = item_type.of_type
    return isinstance(scalar, GraphQLScalarType) and scalar.coerce_output_value in _IDENTITY_ON_STR


_MISS = object()  # a fast path is unsure: graphql-core's path decides


def _plain(type_: GraphQLOutputType, value: Any) -> Any:
    """The completed value of scalar/enum data (lists of it included), or _MISS."""
    if isinstance(type_, GraphQLNonNull):
        if value is None:
            return _MISS
        type_ = type_.of_type
    elif value is None:
        return None
    if isinstance(type_, GraphQLList):
        if not isinstance(value, list | tuple):
            return _MISS
        item_type = type_.of_type
        if _str_items(item_type) and all(type(item) is str for item in value):
            return list(value)
        items = [_plain(item_type, item) for item in value]
        return _MISS if any(item is _MISS for item in items) else items
    if isinstance(type_, GraphQLScalarType | GraphQLEnumType):
        if type(value) is str and type_.coerce_output_value in _IDENTITY_ON_STR:
            return value
        coerced = type_.coerce_output_value(value)
        return _MISS if coerced is None or coerced is Undefined else coerced
    return _MISS


class FastPathExecutionContext(StrawberryGraphQLCoreExecutionContext):
    def execute_field(
        self,
        parent_type: GraphQLObjectType,
        source: Any,
        field_details_list: Any,
        path: Path,
        *rest: Any,  # graphql-core 3.3 adds a position context
    ) -> Any:
        node = field_details_list[0].node
        middleware = self.middleware_manager
        if not (node.arguments or node.directives or (middleware and middleware.middlewares)):
            field_def = self.schema.get_field(parent_type, node.name.value)
            resolve = field_def.resolve if field_def is not None else None
            if getattr(resolve, "_is_default", False):  # Strawberry's attribute read
                try:
                    completed = _plain(field_def.type, resolve(source, None))  # type: ignore[misc,union-attr]
                except Exception:  # let graphql-core's path raise it, located
                    completed = _MISS
                if completed is not _MISS:
                    return completed
        return super().execute_field(parent_type, source, field_details_list, path, *rest)

    def complete_list_value(
        self,
        return_type: GraphQLList[GraphQLOutputType],
        field_details_list: Any,
        info: GraphQLResolveInfo,
        path: Path,
        result: AsyncIterable[Any] | Iterable[Any],
        *rest: Any,  # graphql-core 3.3 adds a position context
    ) -> AwaitableOrValue[list[Any]]:
        item_type = return_type.of_type
        if (
            isinstance(result, list | tuple)
            and _str_items(item_type)
            and all(type(item) is str for item in result)
            and not self._streamed(field_details_list, path)
        ):
            return list(result)
        return super().complete_list_value(
            return_type, field_details_list, info, path, result, *rest
        )

    def _streamed(self, field_details_list: Any, path: Path) -> bool:
        stream_usage = getattr(self, "get_stream_usage", None)  # graphql-core >= 3.3
        return stream_usage is not None and stream_usage(field_details_list, path) is not None
