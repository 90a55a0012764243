"""Reads for the API: pages of entities, entities by id, and relationship fields in batches.

Every function takes a workspace and never returns a node of another one. The batch functions
(`nodes_by_id`, `related`) take many ids at once: the API's DataLoaders call them once per
batch, so a nested query costs one round trip per relationship field, whatever the page size.
Rows are the node's properties (camelCase, enums upper case, DESIGN §3) plus `labels`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

import neo4j
from neo4j.time import Date, DateTime

from service.errors import InvalidInputError
from service.model.kinds import ENTITY, Kind
from service.store.database import Database
from service.store.query_log import run_statement
from service.store.workspace import check_workspace_name

Row = dict[str, Any]

#: Labels a page of entities can be listed by: every kind's (`service.model.kinds`).
LISTABLE_LABELS = frozenset(
    {ENTITY}
    | {kind.spec.label for kind in Kind}
    | {label for kind in Kind for label in kind.spec.variants}
    | {"PriorProfile"}  # read-only so far: not yet one of the described kinds
)
MAX_PAGE_SIZE = 500
MAX_BATCH = 5_000
_TIMESTAMPS = ("createdAt", "updatedAt")


class SortField(StrEnum):
    ID = "ID"
    TEXT = "TEXT"  # name, title, statement or text: what the entity says
    AUTHORED = "AUTHORED"  # the order of the authoring document
    CREATED_AT = "CREATED_AT"
    UPDATED_AT = "UPDATED_AT"
    STAKES = "STAKES"
    P_FAIL = "P_FAIL"
    PRIOR = "PRIOR"


@dataclass(frozen=True)
class EntityFilter:
    """Optional filters (None = no filter); lists match any of their values."""

    ids: Sequence[str] | None = None
    text: str | None = None
    stakes: Sequence[str] | None = None
    categories: Sequence[str] | None = None
    statuses: Sequence[str] | None = None
    types: Sequence[str] | None = None
    kinds: Sequence[str] | None = None
    technique: str | None = None
    deployment: str | None = None
    question: str | None = None
    challenges: str | None = None

    def parameters(self) -> dict[str, Any]:
        def listed(values: Sequence[str] | None) -> list[str] | None:
            return None if values is None else [str(v) for v in values]

        return {
            "ids": listed(self.ids),
            "text": self.text or None,
            "stakes": listed(self.stakes),
            "categories": listed(self.categories),
            "statuses": listed(self.statuses),
            "types": listed(self.types),
            "kinds": listed(self.kinds),
            "technique": self.technique,
            "deployment": self.deployment,
            "question": self.question,
            "challenges": self.challenges,
        }


@dataclass(frozen=True)
class Sort:
    field: SortField = SortField.AUTHORED
    descending: bool = False


@dataclass(frozen=True)
class Window:
    """Which part of an ordered list to return: positions `start` (inclusive) to `end`
    (exclusive, None = the end), then only the `first` or the `last` of those."""

    start: int = 0
    end: int | None = None
    first: int | None = None
    last: int | None = None

    def bounds(self, total: int) -> tuple[int, int]:
        """(offset, end) of the window in a list of `total` items (mirrors list_entities)."""
        end = total if self.end is None or self.end > total else self.end
        if self.first is not None and self.start + self.first <= end:
            end = self.start + self.first
        start = self.start
        if self.last is not None and end - self.last >= start:
            start = end - self.last
        return start, max(start, end)


@dataclass(frozen=True)
class Page:
    total: int
    offset: int
    rows: list[Row]


class Direction(StrEnum):
    OUT = "out"
    IN = "in"


@dataclass(frozen=True)
class Relation:
    """A relationship field: follow `type` in `direction` to entities labelled `label`."""

    type: str
    direction: Direction
    label: str = "Entity"


#: The relationship fields an argument tree answers (`argument_trees`): a case's root, and
#: the children and assumptions of every argument node below it.
ROOT_OUT = Relation("ROOT", Direction.OUT, "ArgumentNode")
CHILDREN = Relation("SUPPORTED_BY", Direction.OUT, "ArgumentNode")
RELIES_ON_OUT = Relation("RELIES_ON", Direction.OUT, "Assumption")

Pair = tuple[Row, Row]  # (relationship properties, neighbour)


@dataclass(frozen=True)
class ArgumentTree:
    """What `related` would answer for a case's ROOT and, for every argument node below the
    root (the root included), for its SUPPORTED_BY children and RELIES_ON assumptions."""

    answers: dict[tuple[Relation, str], list[Pair]]


def plain(value: Any) -> Any:
    """Neo4j temporal values as Python ones; containers converted recursively."""
    if isinstance(value, DateTime | Date):
        return value.to_native()
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


def _timestamp(text: str) -> datetime:
    """A Neo4j DateTime written by `toString` as a Python datetime (as `to_native` gives it:
    microseconds, the offset of a named zone)."""
    return datetime.fromisoformat(text.partition("[")[0])


def entity_row(node: dict[str, Any]) -> Row:
    """An entity as the API statements return it: properties and `labels`, with the
    timestamps they send as ISO text (`cypher/api/*`: the driver decodes text many times
    faster than temporal values) as datetimes again."""
    row: Row = plain(node)
    for key in _TIMESTAMPS:
        value = row.get(key)
        if isinstance(value, str):
            row[key] = _timestamp(value)
    return row


def list_entities(
    database: Database,
    *,
    label: str,
    workspace: str,
    filter: EntityFilter | None = None,
    sort: Sort | None = None,
    window: Window | None = None,
) -> Page:
    """One page of a workspace's entities with `label`, and how many match in total."""
    check_workspace_name(workspace)
    if label not in LISTABLE_LABELS:
        raise InvalidInputError(f"cannot list entities labelled {label!r}")
    window = window or Window(first=50)
    for size in (window.first, window.last):
        if size is not None and not 0 <= size <= MAX_PAGE_SIZE:
            raise InvalidInputError(f"page size must be between 0 and {MAX_PAGE_SIZE}")
    if window.first is None and window.last is None:
        raise InvalidInputError("say how many entities to return with first or last")
    sort = sort or Sort()
    params = {
        "workspace": workspace,
        "label": label,
        **(filter or EntityFilter()).parameters(),
        "sortField": sort.field.value,
        "descending": sort.descending,
        "start": max(0, window.start),
        "end": window.end,
        "first": window.first,
        "last": window.last,
    }

    def work(tx: neo4j.ManagedTransaction) -> Page:
        record = run_statement(tx, "api/list_entities", **params)[0]
        return Page(
            total=int(record["total"]),
            offset=int(record["offset"]),
            rows=[entity_row(node) for node in record["page"]],
        )

    return database.read(work)


def nodes_by_id(database: Database, workspace: str, ids: Sequence[str]) -> dict[str, Row]:
    """The workspace's entities among `ids` (ids of missing entities are simply absent)."""
    check_workspace_name(workspace)
    wanted = list(dict.fromkeys(ids))[:MAX_BATCH]

    def work(tx: neo4j.ManagedTransaction) -> dict[str, Row]:
        rows = run_statement(tx, "api/nodes_by_id", workspace=workspace, ids=wanted)
        return {row["node"]["id"]: entity_row(row["node"]) for row in rows}

    return database.read(work)


def related(
    database: Database, workspace: str, relation: Relation, ids: Sequence[str]
) -> dict[str, list[tuple[Row, Row]]]:
    """For each id, its (relationship properties, neighbour) pairs along `relation`, in order."""
    check_workspace_name(workspace)
    wanted = list(dict.fromkeys(ids))[:MAX_BATCH]
    statement = "api/related_out" if relation.direction is Direction.OUT else "api/related_in"

    def work(tx: neo4j.ManagedTransaction) -> dict[str, list[tuple[Row, Row]]]:
        out: dict[str, list[tuple[Row, Row]]] = {id_: [] for id_ in wanted}
        rows = run_statement(
            tx,
            statement,
            workspace=workspace,
            ids=wanted,
            type=relation.type,
            label=relation.label,
        )
        for row in rows:
            out[row["parent"]].append((plain(row["edge"]), entity_row(row["node"])))
        return out

    return database.read(work)


def argument_trees(
    database: Database, workspace: str, case_ids: Sequence[str]
) -> dict[str, ArgumentTree]:
    """The argument trees of the workspace's cases among `case_ids`, in one query (missing
    cases are absent). Lists are in the order and with the filters of `related`."""
    check_workspace_name(workspace)
    wanted = list(dict.fromkeys(case_ids))[:MAX_BATCH]

    def pairs(items: list[dict[str, Any]]) -> list[Pair]:
        return [(plain(item["edge"]), entity_row(item["node"])) for item in items]

    def work(tx: neo4j.ManagedTransaction) -> dict[str, ArgumentTree]:
        trees: dict[str, ArgumentTree] = {}
        for row in run_statement(tx, "api/argument_trees", workspace=workspace, ids=wanted):
            answers = {(ROOT_OUT, row["case"]): pairs(row["roots"])}
            for node in row["nodes"]:
                answers[(CHILDREN, node["id"])] = pairs(node["children"])
                answers[(RELIES_ON_OUT, node["id"])] = pairs(node["reliesOn"])
            trees[row["case"]] = ArgumentTree(answers)
        return trees

    return database.read(work)
