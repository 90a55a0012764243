"""Read a workspace back into the model: the export, and the input of every analysis."""

from __future__ import annotations

import time
from enum import Enum
from typing import Any

import neo4j
from pydantic_core import PydanticUndefined

from service.model import ArgumentNode, Portfolio
from service.model.kinds import Kind
from service.store.cypher import cypher
from service.store.database import Database
from service.store.workspace import check_workspace_name
from service.util.gc_pause import collector_paused

Row = dict[str, Any]


def read_portfolio(database: Database, workspace: str) -> Portfolio:
    """Everything in the workspace as one portfolio, in the order it was authored."""
    return read_portfolio_with_revision(database, workspace)[1]


def read_portfolio_with_revision(database: Database, workspace: str) -> tuple[int, Portfolio]:
    """The workspace's portfolio and the graph revision it was read at (one transaction)."""
    check_workspace_name(workspace)

    def work(tx: neo4j.ManagedTransaction) -> dict[str, Any]:
        def rows(name: str, kind: Kind | None) -> list[Row]:
            statement = cypher(f"portfolio/{name}")
            params: dict[str, Any] = {
                "workspace": workspace,
                "properties": _GRAPH[kind] if kind is not None else [],
                "answerProperties": _GRAPH[Kind.WORLD_MODEL],
            }
            return [r["n"] for r in tx.run(statement, params)]

        revision = tx.run(cypher("portfolio/lock_workspace_for_read"), workspace=workspace).data()
        documents = tx.run(cypher("portfolio/read_document"), workspace=workspace).data()
        argument = tx.run(
            cypher("portfolio/read_argument_nodes"),
            workspace=workspace,
            properties=_GRAPH[Kind.ARGUMENT_NODE],
        ).single()
        return {
            "revision": revision,
            "documents": documents,
            # Plain indexing: Record.data() would walk and copy 400,000 nested lists.
            "argument_nodes": dict(zip(argument.keys(), argument.values(), strict=True))
            if argument is not None
            else {},
            **{name: rows(f"read_{name}", kind) for name, kind in _LISTS.items()},
        }

    with collector_paused():  # hundreds of thousands of objects, no reference cycles
        # A write transaction that writes nothing: it holds the workspace's lock (see the
        # statement), so the rows are of one revision.
        rows = database.write(work)
        for _ in range(CREATION_WAITS):
            if rows["revision"] or not _has_entities(rows):
                break
            # No workspace node yet, yet entities: the load that creates the workspace is
            # being applied (there was nothing to lock); read again once it has been.
            time.sleep(CREATION_WAIT_S)
            rows = database.write(work)
        revision = rows["revision"][0]["revision"] if rows["revision"] else 0
        return int(revision), portfolio_from_rows(rows)


#: How often, and how long apart, a read that caught a workspace being created reads again.
CREATION_WAITS = 40
CREATION_WAIT_S = 0.05


def _has_entities(rows: dict[str, Any]) -> bool:
    return bool(rows["argument_nodes"].get("nodes")) or any(rows[name] for name in _LISTS)


def _ordered(items: list[Row], key: str = "id") -> list[Any]:
    return [item[key] for item in sorted(items, key=lambda item: item["ord"])]


def _fails_in(items: list[Row]) -> list[dict[str, Any]]:
    return [{"world": i["world"], "p": i["p"]} for i in sorted(items, key=lambda i: i["ord"])]


#: The graph properties each read statement returns, in the order of `_fields`.
_GRAPH: dict[Kind, list[str]] = {k: [p.graph for p in k.spec.properties] for k in Kind}
#: (file field, enum or None) of each property, in the same order.
_FILE: dict[Kind, list[tuple[str, type[Enum] | None]]] = {
    k: [(p.name, p.enum) for p in k.spec.properties] for k in Kind
}
#: The read statement of each list of a portfolio, and its kind.
_LISTS: dict[str, Kind | None] = {
    "sources": Kind.SOURCE,
    "questions": Kind.QUESTION,
    "techniques": Kind.TECHNIQUE,
    "assumptions": Kind.ASSUMPTION,
    "deployments": Kind.DEPLOYMENT,
    "safety_cases": Kind.SAFETY_CASE,
    "defeaters": Kind.DEFEATER,
    "prior_profiles": None,  # read_prior_profiles names its properties itself
}


#: The argument node fields' plain defaults (file spelling), left out of what is validated.
_ARGUMENT_DEFAULTS: dict[str, Any] = {
    name: field.default.value if isinstance(field.default, Enum) else field.default
    for name, field in ArgumentNode.model_fields.items()
    if field.default_factory is None and field.default is not PydanticUndefined
}


def _fields(kind: Kind, values: list[Any]) -> dict[str, Any]:
    """The file fields of a kind's properties as a read statement returns them (`properties:
    [key IN $properties | n[key]]`), enums in the files' lower case."""
    return {
        name: enum[value].value if enum is not None and value is not None else value
        for (name, enum), value in zip(_FILE[kind], values, strict=True)
    }


def _by_ord(item: tuple[Any, ...]) -> Any:
    return item[-1]


def _argument_nodes(lists: dict[str, list[list[Any]]]) -> dict[str, Row]:
    """The argument nodes by id, each with its links sorted in authored order, from the five
    lists of `read_argument_nodes` (each link is [node id, ..., ord]: its order comes last)."""
    nodes: dict[str, Row] = {
        id_: {
            "id": id_,
            "fields": _fields(Kind.ARGUMENT_NODE, values),
            "children": [],
            "reliesOn": [],
            "context": [],
            "sources": [],
        }
        for id_, *values in lists.get("nodes", [])
    }
    for link in ("children", "reliesOn", "context", "sources"):
        for node_id, *rest in lists.get(link, []):
            nodes[node_id][link].append(tuple(rest))
    for node in nodes.values():
        for link in ("children", "reliesOn", "context", "sources"):
            if len(node[link]) > 1:
                node[link].sort(key=_by_ord)
    return nodes


def portfolio_from_rows(rows: dict[str, Any]) -> Portfolio:
    """The portfolio of the rows read by `read_portfolio_with_revision`: built as an authoring
    document and validated once (pydantic-core validates nested data much faster than one
    constructor call per entity, which matters for 150,000 argument nodes)."""
    document = rows["documents"][0] if rows["documents"] else {}
    nodes = _argument_nodes(rows["argument_nodes"])

    def argument(node_id: str) -> dict[str, Any]:
        row = nodes[node_id]
        context = row["context"]  # (statement, kind, ord)
        # Only what differs from the defaults: pydantic keeps the names of the fields given,
        # and a set of eleven names per node was 110 MB of a 150,000-node portfolio.
        node = {"id": row["id"]}
        node.update(
            (name, value)
            for name, value in row["fields"].items()
            if value is not None and value != _ARGUMENT_DEFAULTS.get(name)
        )
        lists = {
            "relies_on": [id_ for id_, _ in row["reliesOn"]],
            "context": [statement for statement, kind, _ in context if kind == "CONTEXT"],
            "justification": [
                statement for statement, kind, _ in context if kind == "JUSTIFICATION"
            ],
            "sources": [id_ for id_, _ in row["sources"]],
            "children": [
                {"ref": child} if ref else argument(child) for child, ref, _ in row["children"]
            ],
        }
        node.update((name, items) for name, items in lists.items() if items)
        return node

    portfolio = {
        "title": document.get("title"),
        "description": document.get("description"),
        "sources": [
            {"id": r["id"], **_fields(Kind.SOURCE, r["properties"])} for r in rows["sources"]
        ],
        "questions": [
            {
                "id": r["id"],
                **_fields(Kind.QUESTION, r["properties"]),
                "answers": [
                    {"id": a["id"], **_fields(Kind.WORLD_MODEL, a["properties"])}
                    for a in sorted(r["answers"], key=lambda a: a["ord"])
                ],
            }
            for r in rows["questions"]
        ],
        "techniques": [
            {
                "id": r["id"],
                **_fields(Kind.TECHNIQUE, r["properties"]),
                "fails_in": _fails_in(r["failsIn"]),
                "sources": _ordered(r["sources"]),
            }
            for r in rows["techniques"]
        ],
        "assumptions": [
            {
                "id": r["id"],
                **_fields(Kind.ASSUMPTION, r["properties"]),
                "techniques": _ordered(r["techniques"]),
                "relies_on": _ordered(r["reliesOn"]),
                "fails_in": _fails_in(r["failsIn"]),
                "sources": _ordered(r["sources"]),
            }
            for r in rows["assumptions"]
        ],
        "deployments": [
            {
                "id": r["id"],
                **_fields(Kind.DEPLOYMENT, r["properties"]),
                "sources": _ordered(r["sources"]),
            }
            for r in rows["deployments"]
        ],
        "cases": [
            {
                "id": r["id"],
                **_fields(Kind.SAFETY_CASE, r["properties"]),
                "covers": _ordered(r["covers"]),
                "sources": _ordered(r["sources"]),
                "argument": argument(r["root"][0]),
            }
            for r in rows["safety_cases"]
            if r["root"]
        ],
        "defeaters": [
            {
                "id": r["id"],
                **_fields(Kind.DEFEATER, r["properties"]),
                "challenges": r["challenges"][0],
            }
            for r in rows["defeaters"]
            if r["challenges"]
        ],
        "prior_profiles": [
            {
                "id": r["id"],
                "name": r["name"],
                "description": r["description"],
                "priors": {
                    p["world"]: p["prior"] for p in sorted(r["priors"], key=lambda p: p["ord"])
                },
                "sources": _ordered(r["sources"]),
                "notes": r["notes"],
            }
            for r in rows["prior_profiles"]
        ],
        "risk_budget": next(
            (d["risk_budget"] for d in rows["documents"] if d.get("risk_budget") is not None),
            None,
        ),
    }
    return Portfolio.model_validate(portfolio)
