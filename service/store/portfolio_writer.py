"""Write a validated portfolio into a workspace: one transaction, UNWIND batches, by document.

A *document* (by default the file's name) owns what it loaded. Re-loading it creates what is
new, updates what changed, and removes what it no longer has, never touching another
document's entities. The comparison with the graph is done here, from one read of the
workspace's ids and content hashes, so that an unchanged reload writes almost nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

import neo4j

from service.errors import InvalidInputError
from service.model import Portfolio
from service.store.cypher import cypher
from service.store.database import Database
from service.store.portfolio_rows import Row, portfolio_rows
from service.store.workspace import check_workspace_name

#: Rows per UNWIND statement. Every batch is sent padded with nulls to this length (the
#: statements skip them): Neo4j plans a statement once per size of its list parameter (by
#: powers of ten), so lists of one length keep one plan, and a load of 100 cases no longer
#: plans every statement again after a load of 10,000.
BATCH_SIZE = 10_000

#: Called with (rows written so far, rows to write in total) as the load progresses.
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class LoadReport:
    workspace: str
    document: str
    nodes: int
    edges: int
    created: int
    updated: int
    removed: int
    revision: int


class OwnershipConflictError(InvalidInputError):
    """The document defines ids another document of the workspace already owns."""


def write_portfolio(
    database: Database,
    portfolio: Portfolio,
    *,
    workspace: str,
    document: str,
    progress: Progress | None = None,
) -> LoadReport:
    check_workspace_name(workspace)
    rows = portfolio_rows(portfolio)
    params = {"workspace": workspace, "document": document}

    def work(tx: neo4j.ManagedTransaction) -> LoadReport:
        owners: dict[str, tuple[str | None, str]] = {}
        keys: dict[str, str] = {}  # id -> element id, to create relationships by element id
        for r in tx.run(cypher("portfolio/read_ownership"), params):
            owners[r["id"]] = (r["document"], r["hash"])
            keys[r["id"]] = r["key"]
        _refuse_foreign_ids(rows.nodes, owners, workspace, document)
        wanted = {row["id"] for row in rows.nodes}
        removed = [
            id_ for id_, (owner, _) in owners.items() if owner == document and id_ not in wanted
        ]
        created = [row for row in rows.nodes if row["id"] not in owners]
        updated = [
            row for row in rows.nodes if row["id"] in owners and owners[row["id"]][1] != row["hash"]
        ]
        stale_edges, new_edges = _edge_changes(tx, rows.edges, params)
        for id_ in removed:
            del keys[id_]

        writer = _BatchWriter(tx, params, progress)
        writer.total = (
            len(removed) + len(created) + len(updated) + len(stale_edges) + len(new_edges)
        )
        writer.run("portfolio/delete_relationships", "keys", stale_edges)
        writer.run("portfolio/delete_entities", "ids", removed)
        _create_entities(writer, created, workspace, document, keys)
        writer.run("portfolio/update_entities", "rows", updated)
        writer.run("portfolio/create_relationships", "rows", _by_element_id(new_edges, keys))
        tx.run(
            cypher("portfolio/upsert_document"),
            {
                **params,
                "title": portfolio.title,
                "description": portfolio.description,
                "version": portfolio.version,
                "risk_budget": portfolio.risk_budget,
            },
        ).consume()
        revision = tx.run(cypher("portfolio/bump_revision"), workspace=workspace).single()
        return LoadReport(
            workspace=workspace,
            document=document,
            nodes=len(rows.nodes),
            edges=len(rows.edges),
            created=len(created),
            updated=len(updated),
            removed=len(removed),
            revision=int(revision["revision"]) if revision else 0,
        )

    return database.write(work)


def _refuse_foreign_ids(
    nodes: list[Row], owners: dict[str, tuple[str | None, str]], workspace: str, document: str
) -> None:
    foreign = [
        (row["id"], owners[row["id"]][0])
        for row in nodes
        if row["id"] in owners and owners[row["id"]][0] != document
    ]
    if foreign:
        shown = ", ".join(
            f"'{id_}' (owned by {owner or 'a direct edit'})" for id_, owner in foreign[:20]
        )
        more = f" and {len(foreign) - 20} more" if len(foreign) > 20 else ""
        raise OwnershipConflictError(
            f"document '{document}' defines ids already defined elsewhere in workspace "
            f"'{workspace}': {shown}{more}; rename them or load into another workspace"
        )


def _create_entities(
    writer: _BatchWriter, created: list[Row], workspace: str, document: str, keys: dict[str, str]
) -> None:
    """Create the new entities, one statement per kind (fixed labels), recording the element
    id of each in `keys`."""
    by_kind: dict[str, list[Row]] = {}
    for row in created:
        by_kind.setdefault(row["kind"], []).append(row)
    for kind, kind_rows in by_kind.items():
        items = [
            {
                "props": {
                    **row["props"],
                    "workspace": workspace,
                    "id": row["id"],
                    "document": document,
                    "contentHash": row["hash"],
                }
            }
            for row in kind_rows
        ]
        element_ids = writer.run(f"portfolio/create/{kind}", "rows", items, column="key")
        keys.update(zip((row["id"] for row in kind_rows), element_ids, strict=True))


def _by_element_id(edges: list[Row], keys: dict[str, str]) -> list[Row]:
    """Edge rows with their ends as element ids and their properties flattened."""
    missing = sorted(
        {end for edge in edges for end in (edge["source"], edge["target"]) if end not in keys}
    )
    if missing:  # a validated portfolio resolves every reference; one built in code may not
        more = f" and {len(missing) - 20} more" if len(missing) > 20 else ""
        raise InvalidInputError(
            f"the portfolio refers to ids defined neither in it nor in the workspace: "
            f"{', '.join(repr(id_) for id_ in missing[:20])}{more}"
        )
    return [
        {
            "source": keys[edge["source"]],
            "type": edge["type"],
            "target": keys[edge["target"]],
            **edge["props"],
        }
        for edge in edges
    ]


def _edge_key(source: str, type_: str, target: str, props: dict[str, Any]) -> Hashable:
    return (
        source,
        type_,
        target,
        tuple(sorted((k, v) for k, v in props.items() if k != "document")),
    )


def _edge_changes(
    tx: neo4j.ManagedTransaction, edges: list[Row], params: dict[str, str]
) -> tuple[list[str], list[Row]]:
    """Relationships to delete (by element id) and to create, to go from the graph to `edges`."""
    existing: dict[Hashable, list[str]] = {}
    for r in tx.run(cypher("portfolio/read_document_relationships"), params):
        existing.setdefault(_edge_key(r["source"], r["type"], r["target"], r["props"]), []).append(
            r["key"]
        )
    new_edges: list[Row] = []
    for edge in edges:
        keys = existing.get(_edge_key(edge["source"], edge["type"], edge["target"], edge["props"]))
        if keys:
            keys.pop()  # already there, unchanged
        else:
            new_edges.append(edge)
    stale = [key for keys in existing.values() for key in keys]
    return stale, new_edges


class _BatchWriter:
    """Runs a statement over a list in UNWIND batches of BATCH_SIZE (padded), reporting
    progress."""

    def __init__(
        self, tx: neo4j.ManagedTransaction, params: dict[str, str], progress: Progress | None
    ) -> None:
        self.tx = tx
        self.params = params
        self.progress = progress
        self.total = 0
        self.done = 0

    def run(
        self, statement: str, parameter: str, items: list[Any], *, column: str | None = None
    ) -> list[Any]:
        """Run `statement` over `items`; with `column`, return that column of every record."""
        query = cypher(statement)
        values: list[Any] = []
        for start in range(0, len(items), BATCH_SIZE):
            batch = items[start : start + BATCH_SIZE]
            padded = batch + [None] * (BATCH_SIZE - len(batch))
            result = self.tx.run(query, {**self.params, parameter: padded})
            if column is None:
                result.consume()
            else:
                values += result.value(column)
            self.done += len(batch)
            if self.progress is not None:
                self.progress(self.done, self.total)
        return values
