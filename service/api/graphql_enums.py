"""The domain's enums as GraphQL enums: the model's own classes (`service.model.enums`), so
their values are never spelled again. GraphQL shows each member by its upper-case name, as
the graph stores it; resolvers and inputs deal in the model's members."""

from __future__ import annotations

from enum import Enum
from typing import TypeVar

import strawberry

from service.model.enums import (
    CaseCategory,
    CaseStatus,
    DefeaterStatus,
    EventKind,
    NodeType,
    Stakes,
    Support,
)

E = TypeVar("E", bound=type[Enum])


def graphql_enum(cls: E, name: str | None = None) -> E:
    """`cls` as a GraphQL enum described by its docstring (strawberry marks the class)."""
    return strawberry.enum(cls, name=name, description=cls.__doc__)


for _enum in (Stakes, CaseCategory, CaseStatus, Support, DefeaterStatus, EventKind):
    graphql_enum(_enum)
graphql_enum(NodeType, "ArgumentNodeType")
ArgumentNodeType = NodeType


def graphql_enum_of(cls: type) -> type:
    """`cls`, checked to be one of the GraphQL enums above (a model enum nobody registered
    would only fail when the schema is built)."""
    if issubclass(cls, Enum) and not hasattr(cls, "__strawberry_definition__"):
        raise TypeError(f"{cls.__name__} is not a GraphQL enum: add it to {__name__}")
    return cls


__all__ = [
    "ArgumentNodeType",
    "CaseCategory",
    "CaseStatus",
    "DefeaterStatus",
    "EventKind",
    "Stakes",
    "Support",
    "graphql_enum_of",
]
