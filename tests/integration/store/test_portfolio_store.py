"""Portfolios written into a real Neo4j and read back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.authoring import dump_portfolio, load_portfolio_file
from service.authoring.generator import generate_portfolio
from service.errors import InvalidInputError
from service.model import Assumption, Portfolio
from service.store.database import Database
from service.store.portfolio_reader import read_portfolio
from service.store.portfolio_writer import OwnershipConflictError, write_portfolio
from service.store.workspace import workspace_revision

pytestmark = pytest.mark.integration


def _graph_snapshot(database: Database, workspace: str) -> tuple[list[Any], list[Any]]:
    """Every node and relationship of a workspace, with properties, in a canonical order."""

    def work(tx: Any) -> tuple[list[Any], list[Any]]:
        nodes = tx.run(
            "MATCH (n:Entity {workspace: $w}) RETURN labels(n) AS l, properties(n) AS p",
            w=workspace,
        ).data()
        rels = tx.run(
            "MATCH (a:Entity {workspace: $w})-[r]->(b) "
            "RETURN a.id AS a, type(r) AS t, properties(r) AS p, b.id AS b",
            w=workspace,
        ).data()
        return (
            sorted((sorted(n["l"]), sorted(n["p"].items(), key=str)) for n in nodes),
            sorted(
                ((r["a"], r["t"], sorted(r["p"].items(), key=str), r["b"]) for r in rels),
                key=str,
            ),
        )

    return database.read(work)  # type: ignore[no-any-return]


def test_example_round_trips_through_the_graph(
    database: Database, example_portfolio_path: Path
) -> None:
    portfolio = load_portfolio_file(example_portfolio_path)
    write_portfolio(database, portfolio, workspace="w", document="example.yaml")
    assert read_portfolio(database, "w") == portfolio


def test_loading_the_same_portfolio_twice_leaves_the_graph_identical(
    database: Database, example_portfolio_path: Path
) -> None:
    portfolio = load_portfolio_file(example_portfolio_path)
    write_portfolio(database, portfolio, workspace="w", document="example.yaml")
    first = _graph_snapshot(database, "w")
    write_portfolio(database, portfolio, workspace="w", document="example.yaml")
    assert _graph_snapshot(database, "w") == first


def test_every_write_bumps_the_workspace_revision(
    database: Database, example_portfolio_path: Path
) -> None:
    portfolio = load_portfolio_file(example_portfolio_path)
    assert workspace_revision(database, "w") == 0
    write_portfolio(database, portfolio, workspace="w", document="example.yaml")
    write_portfolio(database, portfolio, workspace="w", document="example.yaml")
    assert workspace_revision(database, "w") == 2


def test_reloading_an_edited_document_removes_only_what_it_no_longer_has(
    database: Database,
) -> None:
    first = Portfolio(
        assumptions=[
            Assumption(id="kept", statement="kept"),
            Assumption(id="dropped", statement="dropped"),
        ]
    )
    other = Portfolio(assumptions=[Assumption(id="theirs", statement="another document's")])
    write_portfolio(database, first, workspace="w", document="mine.yaml")
    write_portfolio(database, other, workspace="w", document="theirs.yaml")

    edited = Portfolio(assumptions=[Assumption(id="kept", statement="kept, reworded")])
    report = write_portfolio(database, edited, workspace="w", document="mine.yaml")

    assert report.removed == 1
    exported = read_portfolio(database, "w")
    assert {(a.id, a.statement) for a in exported.assumptions} == {
        ("kept", "kept, reworded"),
        ("theirs", "another document's"),
    }


def test_an_id_owned_by_another_document_is_refused_and_nothing_is_written(
    database: Database,
) -> None:
    write_portfolio(
        database,
        Portfolio(assumptions=[Assumption(id="a", statement="x")]),
        workspace="w",
        document="one.yaml",
    )
    clash = Portfolio(
        assumptions=[Assumption(id="a", statement="y"), Assumption(id="b", statement="z")]
    )
    with pytest.raises(OwnershipConflictError, match=r"'a' \(owned by one\.yaml\)"):
        write_portfolio(database, clash, workspace="w", document="two.yaml")
    assert [a.id for a in read_portfolio(database, "w").assumptions] == ["a"]
    assert workspace_revision(database, "w") == 1


def test_a_load_that_fails_after_writing_nodes_writes_nothing(database: Database) -> None:
    write_portfolio(
        database,
        Portfolio(assumptions=[Assumption(id="a", statement="x")]),
        workspace="w",
        document="one.yaml",
    )
    # Built in code, not validated: the dangling reference is found after the nodes are created.
    broken = Portfolio(
        assumptions=[
            Assumption(id="b", statement="y", relies_on=["a"]),
            Assumption(id="c", statement="z", relies_on=["ghost"]),
        ]
    )
    with pytest.raises(InvalidInputError, match="'ghost'"):
        write_portfolio(database, broken, workspace="w", document="two.yaml")
    assert [a.id for a in read_portfolio(database, "w").assumptions] == ["a"]
    assert workspace_revision(database, "w") == 1


def test_workspaces_do_not_see_each_other(database: Database, example_portfolio_path: Path) -> None:
    portfolio = load_portfolio_file(example_portfolio_path)
    write_portfolio(database, portfolio, workspace="team-a", document="example.yaml")
    write_portfolio(database, portfolio, workspace="team-b", document="example.yaml")
    assert read_portfolio(database, "team-a") == portfolio
    assert read_portfolio(database, "team-c") == Portfolio()


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cases=st.integers(min_value=0, max_value=12), seed=st.integers(min_value=0, max_value=2**31))
def test_generated_portfolios_round_trip_exactly_through_neo4j(
    database: Database, cases: int, seed: int
) -> None:
    database.delete_all_data()  # hypothesis reuses the function-scoped fixture across examples
    portfolio = generate_portfolio(cases, seed)
    write_portfolio(database, portfolio, workspace="gen", document="generated.yaml")
    exported = read_portfolio(database, "gen")
    assert exported == portfolio
    assert dump_portfolio(exported) == dump_portfolio(portfolio)
