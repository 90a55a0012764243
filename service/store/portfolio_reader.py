"""Read a workspace back into the model: the export, and the input of every analysis."""

from __future__ import annotations

from typing import Any

import neo4j

from service.model import (
    ArgumentNode,
    ArgumentRef,
    Assumption,
    Defeater,
    Deployment,
    FailsIn,
    Portfolio,
    Question,
    SafetyCase,
    Source,
    Technique,
    WorldModel,
)
from service.store.cypher import cypher
from service.store.database import Database
from service.store.workspace import check_workspace_name

Row = dict[str, Any]


def read_portfolio(database: Database, workspace: str) -> Portfolio:
    """Everything in the workspace as one portfolio, in the order it was authored."""
    return read_portfolio_with_revision(database, workspace)[1]


def read_portfolio_with_revision(database: Database, workspace: str) -> tuple[int, Portfolio]:
    """The workspace's portfolio and the graph revision it was read at (one transaction)."""
    check_workspace_name(workspace)

    def work(tx: neo4j.ManagedTransaction) -> dict[str, list[Row]]:
        def rows(name: str) -> list[Row]:
            return [r["n"] for r in tx.run(cypher(f"portfolio/{name}"), workspace=workspace)]

        documents = tx.run(cypher("portfolio/read_document"), workspace=workspace).data()
        revision = tx.run(cypher("portfolio/workspace_revision"), workspace=workspace).data()
        return {
            "revision": revision,
            "documents": documents,
            **{
                name: rows(f"read_{name}")
                for name in (
                    "sources",
                    "questions",
                    "techniques",
                    "assumptions",
                    "deployments",
                    "safety_cases",
                    "argument_nodes",
                    "defeaters",
                )
            },
        }

    rows = database.read(work)
    return int(rows["revision"][0]["revision"]), portfolio_from_rows(rows)


def _ordered(items: list[Row], key: str = "id") -> list[Any]:
    return [item[key] for item in sorted(items, key=lambda item: item["ord"])]


def _fails_in(items: list[Row]) -> list[FailsIn]:
    return [FailsIn(world=i["world"], p=i["p"]) for i in sorted(items, key=lambda i: i["ord"])]


def _lower(value: str | None) -> str | None:
    return value.lower() if value is not None else None


def portfolio_from_rows(rows: dict[str, list[Row]]) -> Portfolio:
    document = rows["documents"][0] if rows["documents"] else {}
    nodes = {row["id"]: row for row in rows["argument_nodes"]}

    def argument(node_id: str) -> ArgumentNode:
        row = nodes[node_id]
        children: list[ArgumentNode | ArgumentRef] = [
            ArgumentRef(ref=child["id"]) if child["ref"] else argument(child["id"])
            for child in sorted(row["children"], key=lambda c: c["ord"])
        ]
        context = sorted(row["context"], key=lambda c: c["ord"])
        return ArgumentNode(
            id=row["id"],
            type=_lower(row["type"]),
            statement=row["statement"],
            support=_lower(row["support"]),
            k=row["k"],
            relies_on=_ordered(row["reliesOn"]),
            context=[c["statement"] for c in context if c["kind"] == "CONTEXT"],
            justification=[c["statement"] for c in context if c["kind"] == "JUSTIFICATION"],
            sources=_ordered(row["sources"]),
            children=children,
            notes=row["notes"],
        )

    return Portfolio(
        title=document.get("title"),
        description=document.get("description"),
        sources=[
            Source(id=r["id"], title=r["title"], url=r["url"], notes=r["notes"])
            for r in rows["sources"]
        ],
        questions=[
            Question(
                id=r["id"],
                text=r["text"],
                notes=r["notes"],
                answers=[
                    WorldModel(
                        id=a["id"], statement=a["statement"], prior=a["prior"], notes=a["notes"]
                    )
                    for a in sorted(r["answers"], key=lambda a: a["ord"])
                ],
            )
            for r in rows["questions"]
        ],
        techniques=[
            Technique(
                id=r["id"],
                name=r["name"],
                p_fail=r["pFail"],
                fails_in=_fails_in(r["failsIn"]),
                sources=_ordered(r["sources"]),
                notes=r["notes"],
            )
            for r in rows["techniques"]
        ],
        assumptions=[
            Assumption(
                id=r["id"],
                statement=r["statement"],
                kind=r["kind"],
                p_fail=r["pFail"],
                techniques=_ordered(r["techniques"]),
                relies_on=_ordered(r["reliesOn"]),
                fails_in=_fails_in(r["failsIn"]),
                sources=_ordered(r["sources"]),
                notes=r["notes"],
            )
            for r in rows["assumptions"]
        ],
        deployments=[
            Deployment(
                id=r["id"],
                name=r["name"],
                description=r["description"],
                stakes=_lower(r["stakes"]),
                prior_risk=r["priorRisk"],
                risk_threshold=r["riskThreshold"],
                sources=_ordered(r["sources"]),
                notes=r["notes"],
            )
            for r in rows["deployments"]
        ],
        cases=[
            SafetyCase(
                id=r["id"],
                title=r["title"],
                category=_lower(r["category"]),
                status=_lower(r["status"]),
                covers=_ordered(r["covers"]),
                effectiveness=r["effectiveness"],
                p_unsound=r["pUnsound"],
                sources=_ordered(r["sources"]),
                notes=r["notes"],
                argument=argument(r["root"][0]),
            )
            for r in rows["safety_cases"]
            if r["root"]
        ],
        defeaters=[
            Defeater(
                id=r["id"],
                statement=r["statement"],
                challenges=r["challenges"][0],
                status=_lower(r["status"]),
                notes=r["notes"],
            )
            for r in rows["defeaters"]
            if r["challenges"]
        ],
    )
