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

- a list of objects whose selected fields take no arguments and no directives, with no
  abstract type below them (the impact's cases and deployments): each item is completed by
  one plan per selection (its fields, their resolvers and types, looked up once), calling
  each field's resolver with one resolve info shared by the list, instead of graphql-core's
  resolve info, argument check, awaitable check and type dispatch per field and item. An
  awaitable, an exception or a null where none may be sends the whole list down
  graphql-core's path, which resolves it again and reports errors as usual.

Each planned field is specialised once per selection: an attribute read without a resolver
is one `attrgetter`, and its value is completed by a `completer` made for its type (a `str`
for `ID`, an enum member seen before, lists of them) without the general type dispatch.

Anything else, and any value a fast path is unsure of (a null, an error, a value the scalar
refuses), takes graphql-core's path unchanged, which reports errors as usual. With field
middleware (a schema extension's `resolve` hook) every field takes graphql-core's path.
"""

from __future__ import annotations

import inspect
import operator
from collections.abc import AsyncIterable, Callable, Iterable
from contextlib import nullcontext
from dataclasses import dataclass
from enum import Enum
from math import isfinite
from operator import attrgetter
from typing import Any, cast

from graphql import (
    GRAPHQL_MAX_INT,
    GRAPHQL_MIN_INT,
    GraphQLEnumType,
    GraphQLField,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLResolveInfo,
    Undefined,
)
from graphql.execution.executor import to_nodes
from graphql.pyutils import AwaitableOrValue, Path
from graphql.type import GraphQLScalarType
from graphql.type.scalars import (
    serialize_boolean,
    serialize_float,
    serialize_id,
    serialize_int,
    serialize_string,
)
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from service.util.gc_pause import collector_paused

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
_BULK_ITEMS = 500  # a list this long is completed with the collector paused


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


Complete = Callable[[Any], Any]

#: Values each scalar's output coercion gives back unchanged, told by their type alone.
_UNCHANGED: dict[Callable[[Any], Any], Callable[[Any], bool]] = {
    serialize_id: lambda value: type(value) is str,
    serialize_string: lambda value: type(value) is str,
    serialize_float: lambda value: type(value) is float and isfinite(value),
    serialize_int: lambda value: type(value) is int and GRAPHQL_MIN_INT <= value <= GRAPHQL_MAX_INT,
    serialize_boolean: lambda value: type(value) is bool,
}


def completer(type_: GraphQLOutputType) -> Complete:
    """`_plain(type_, ·)`, specialised once per selected field: the values a scalar gives back
    unchanged, enum members seen before and lists of them are completed without `_plain`'s
    dispatch on the type; anything else goes through `_plain`. A tuple whose items complete
    to themselves is kept as it is, where `_plain` gives a list of the same items: the JSON
    is the same, and an impact's explanations (tuples kept with the analysis) are then not
    copied into a hundred thousand lists per request."""
    inner = type_.of_type if isinstance(type_, GraphQLNonNull) else type_
    if isinstance(inner, GraphQLList):
        item_type = inner.of_type
        if _str_items(item_type):

            def complete_strs(value: Any) -> Any:
                if type(value) is list or type(value) is tuple:
                    for item in value:  # a loop: twice as fast as all() on short lists
                        if type(item) is not str:
                            return _plain(type_, value)
                    return value if type(value) is tuple else list(value)
                return _plain(type_, value)

            return complete_strs
        complete_item = completer(item_type)

        def complete_list(value: Any) -> Any:
            if type(value) is not list and type(value) is not tuple:
                return _plain(type_, value)
            items = [complete_item(item) for item in value]
            if any(item is _MISS for item in items):
                return _MISS
            if type(value) is tuple and all(map(operator.is_, items, value)):
                return value
            return items

        return complete_list
    if isinstance(inner, GraphQLEnumType):
        seen: dict[Enum, Any] = {}

        def complete_enum(value: Any) -> Any:
            known = seen.get(value) if isinstance(value, Enum) else None
            if known is not None:
                return known
            completed = _plain(type_, value)
            if isinstance(value, Enum) and completed is not _MISS and completed is not None:
                seen[value] = completed
            return completed

        return complete_enum
    unchanged = (
        _UNCHANGED.get(inner.coerce_output_value) if isinstance(inner, GraphQLScalarType) else None
    )
    if unchanged is not None:
        is_unchanged = unchanged

        def complete_scalar(value: Any) -> Any:
            return value if is_unchanged(value) else _plain(type_, value)

        return complete_scalar
    return lambda value: _plain(type_, value)


@dataclass(frozen=True, slots=True)
class _FieldPlan:
    """How to complete one selected field of an object in a list."""

    key: str  # the response key (alias or name)
    read: Callable[[Any], Any] | None  # Strawberry's attribute read, as a plain getattr
    resolve: Any  # any other resolver (with `info`)
    info: GraphQLResolveInfo | None  # None: Strawberry's attribute read, which ignores it
    type: GraphQLOutputType
    complete: Complete  # how a value completes, if of a leaf type (object_type is None)
    object_type: GraphQLObjectType | None  # the object (or list item) type below, if any
    object_plan: tuple[_FieldPlan, ...] | None  # its fields
    is_list: bool  # a list of `object_type`


def _object_type_of(type_: GraphQLOutputType) -> tuple[GraphQLObjectType | None, bool, bool]:
    """(the object type, whether a list of it, whether supported) below the wrappers: leaves
    and lists of them at any depth, an object and a list of objects are supported."""
    lists = 0
    inner: Any = type_
    while isinstance(inner, GraphQLNonNull | GraphQLList):
        lists += isinstance(inner, GraphQLList)
        inner = inner.of_type
    if isinstance(inner, GraphQLObjectType):
        return inner, lists == 1, lists <= 1
    return None, lists > 0, isinstance(inner, GraphQLScalarType | GraphQLEnumType)


def _attribute_read(field_def: GraphQLField) -> Callable[[Any], Any] | None:
    """Strawberry's attribute read of a field without a resolver, as one getattr (None: it
    reads otherwise, e.g. by a configured default resolver: call it as it is)."""
    definition = field_def.extensions.get("strawberry-definition")
    if (
        definition is None
        or getattr(definition, "base_resolver", True)
        or getattr(definition, "default_resolver", None) is not getattr
    ):
        return None
    return attrgetter(definition.python_name)


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
        if isinstance(result, list | tuple) and not self._streamed(field_details_list, path):
            if _str_items(item_type) and all(type(item) is str for item in result):
                return list(result)
            object_type, _, _ = _object_type_of(item_type)
            if object_type is not None and not (
                self.middleware_manager and self.middleware_manager.middlewares
            ):
                plan = self._object_plan(object_type, field_details_list, path)
                if plan is not None:
                    # Completing hundreds of objects (and their lists) allocates only acyclic
                    # dicts and lists: the collector's young passes over them cost ~10%.
                    with collector_paused() if len(result) > _BULK_ITEMS else nullcontext():
                        completed = self._complete_objects(
                            object_type, plan, isinstance(item_type, GraphQLNonNull), result
                        )
                    if completed is not _MISS:
                        return completed
        return super().complete_list_value(
            return_type, field_details_list, info, path, result, *rest
        )

    def _object_plan(
        self, object_type: GraphQLObjectType, field_details_list: Any, path: Path
    ) -> tuple[_FieldPlan, ...] | None:
        """The plan of the fields selected on `object_type` (None: not a plain selection),
        made once per selection and request."""
        plans: dict[tuple[GraphQLObjectType, int], Any] = self.__dict__.setdefault(
            "_object_plans", {}
        )
        key = (object_type, id(field_details_list))
        if key not in plans:  # the list is kept alive with its plan (ids are not reused)
            plans[key] = (
                field_details_list,
                self._make_plan(object_type, field_details_list, path),
            )
        plan: tuple[_FieldPlan, ...] | None = plans[key][1]
        return plan

    def _make_plan(
        self, object_type: GraphQLObjectType, field_details_list: Any, path: Path
    ) -> tuple[_FieldPlan, ...] | None:
        collected = self.collect_subfields(object_type, field_details_list)
        if collected.new_defer_usages:
            return None
        fields: list[_FieldPlan] = []
        for response_key, details in collected.grouped_field_set.items():
            node = details[0].node
            field_def = self.schema.get_field(object_type, node.name.value)
            if field_def is None or node.arguments or node.directives or field_def.args:
                return None
            resolve = field_def.resolve or self.field_resolver
            below, is_list, supported = _object_type_of(field_def.type)
            if not supported:
                return None
            default = getattr(resolve, "_is_default", False)
            info = (
                None
                if default
                else self.build_resolve_info(field_def, to_nodes(details), object_type, path)
            )
            object_plan = None
            if below is not None:
                object_plan = self._object_plan(below, details, path)
                if object_plan is None:
                    return None
            fields.append(
                _FieldPlan(
                    response_key,
                    _attribute_read(field_def) if default else None,
                    resolve,
                    info,
                    field_def.type,
                    completer(field_def.type),
                    below,
                    object_plan,
                    is_list,
                )
            )
        return tuple(fields)

    def _complete_objects(
        self,
        object_type: GraphQLObjectType,
        plan: tuple[_FieldPlan, ...],
        non_null: bool,
        items: Iterable[Any],
    ) -> Any:
        out: list[Any] = []
        for item in items:
            if item is None:
                if non_null:
                    return _MISS
                out.append(None)
                continue
            completed = self._complete_object(object_type, plan, item)
            if completed is _MISS:
                return _MISS
            out.append(completed)
        return out

    def _complete_object(
        self, object_type: GraphQLObjectType, plan: tuple[_FieldPlan, ...], source: Any
    ) -> Any:
        is_type_of = object_type.is_type_of
        # Strawberry's is_type_of reads the object only (an isinstance check).
        if (
            is_type_of is not None
            and is_type_of(source, cast(GraphQLResolveInfo, None)) is not True
        ):
            return _MISS
        data: dict[str, Any] = {}
        try:
            for field in plan:
                if field.read is not None:
                    value = field.read(source)
                else:
                    value = field.resolve(source, field.info)
                    if inspect.isawaitable(value):
                        if inspect.iscoroutine(value):
                            value.close()
                        return _MISS
                if field.object_type is None:
                    completed = field.complete(value)
                elif value is None:
                    completed = _MISS if isinstance(field.type, GraphQLNonNull) else None
                elif field.is_list:
                    item = (
                        field.type.of_type if isinstance(field.type, GraphQLNonNull) else field.type
                    )
                    assert isinstance(item, GraphQLList)
                    if not isinstance(value, list | tuple):
                        return _MISS
                    completed = self._complete_objects(
                        field.object_type,
                        field.object_plan or (),
                        isinstance(item.of_type, GraphQLNonNull),
                        value,
                    )
                else:
                    completed = self._complete_object(
                        field.object_type, field.object_plan or (), value
                    )
                if completed is _MISS:
                    return _MISS
                data[field.key] = completed
        except Exception:  # graphql-core's path raises it again, located
            return _MISS
        return data

    def _streamed(self, field_details_list: Any, path: Path) -> bool:
        stream_usage = getattr(self, "get_stream_usage", None)  # graphql-core >= 3.3
        return stream_usage is not None and stream_usage(field_details_list, path) is not None
