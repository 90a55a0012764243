"""A server keeps the overview of every written workspace computed before anyone asks: the
warmer notices a new revision in Neo4j (a CLI load, another process's write) and computes
what the overview shows first, where requests look for it."""

from __future__ import annotations

import pytest

from service.authoring.generator import generate_portfolio
from service.store.database import Database
from service.store.portfolio_writer import write_portfolio
from service.usecases.circuits import circuits
from service.usecases.warming import Warmer

pytestmark = pytest.mark.integration


def test_a_written_workspace_has_its_overview_computed_before_anyone_asks(
    database: Database,
) -> None:
    portfolio = generate_portfolio(20, 3)
    write_portfolio(database, portfolio, workspace="watched", document="g")
    warmer = Warmer(lambda: database, interval=60)

    assert warmer.warm_changed() == ["watched"]
    circuit = circuits.circuit(database, "watched")
    assert circuit.recall("impact-diagrams") is not None
    assert circuit.recall(("derived", ("overview",))) is not None
    assert circuit.recall(("derived", ("overview-audit",))) is not None
    assert warmer.warm_changed() == []  # nothing written since

    renamed = portfolio.deployments[0].model_copy(update={"name": "renamed"})
    edited = portfolio.model_copy(update={"deployments": [renamed, *portfolio.deployments[1:]]})
    write_portfolio(database, edited, workspace="watched", document="g")
    assert warmer.warm_changed() == ["watched"]
    after = circuits.circuit(database, "watched")
    assert after is not circuit
    assert after.recall(("derived", ("overview",))) is not None


def test_only_workspaces_written_since_they_were_warmed_are_warmed_again(
    database: Database,
) -> None:
    for name in ("a-idle", "b-busy"):
        write_portfolio(database, generate_portfolio(5, 1), workspace=name, document="g")
    order: list[str] = []
    warmer = Warmer(lambda: database, interval=60, work=lambda _db, ws: order.append(ws))
    warmer.warm_changed()
    assert order == ["a-idle", "b-busy"]  # at start, every workspace

    write_portfolio(database, generate_portfolio(5, 2), workspace="b-busy", document="g")
    write_portfolio(database, generate_portfolio(5, 3), workspace="c-new", document="g")
    order.clear()
    warmer.warm_changed()
    assert order == ["b-busy", "c-new"]


def test_a_workspace_that_cannot_be_warmed_does_not_stop_the_others(database: Database) -> None:
    for name in ("broken", "fine"):
        write_portfolio(database, generate_portfolio(5, 1), workspace=name, document="g")
    warmed: list[str] = []

    def work(_database: Database, workspace: str) -> None:
        if workspace == "broken":
            raise RuntimeError("no")
        warmed.append(workspace)

    warmer = Warmer(lambda: database, interval=60, work=work)
    assert warmer.warm_changed() == ["broken", "fine"]
    assert warmed == ["fine"]
    assert warmer.warm_changed() == []  # not retried at the same revision


def test_no_database_yet_warms_nothing() -> None:
    assert Warmer(lambda: None, interval=60).warm_changed() == []
