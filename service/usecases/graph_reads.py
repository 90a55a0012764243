"""The entity reads behind GraphQL's lists, single nodes and relationship fields: pages of one
kind with filter and sort, nodes by id, related nodes and whole argument trees, each one
batched Neo4j query (`service.store.graph_queries`). The API reads the graph through here."""

from __future__ import annotations

from service.store.graph_queries import (
    MAX_BATCH,
    MAX_PAGE_SIZE,
    ROOT_OUT,
    ArgumentTree,
    Direction,
    EntityFilter,
    Page,
    Pair,
    Relation,
    Row,
    Sort,
    SortField,
    Window,
    argument_trees,
    list_entities,
    nodes_by_id,
    related,
)

__all__ = [
    "MAX_BATCH",
    "MAX_PAGE_SIZE",
    "ROOT_OUT",
    "ArgumentTree",
    "Direction",
    "EntityFilter",
    "Page",
    "Pair",
    "Relation",
    "Row",
    "Sort",
    "SortField",
    "Window",
    "argument_trees",
    "list_entities",
    "nodes_by_id",
    "related",
]
