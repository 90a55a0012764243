"""Seeded analyses of whose priors are kept by graph revision: asked again (a dashboard after
a TIMEOUT), they give the answer already computed; a write gives a fresh one, equal to what
a fresh computation on the stored portfolio gives."""

from __future__ import annotations

import pytest

from service.analysis import compile_circuit, importance
from service.authoring.generator import generate_portfolio
from service.store.database import Database
from service.store.portfolio_reader import read_portfolio
from service.store.portfolio_writer import write_portfolio
from service.usecases import priors as priors_usecases
from service.usecases.portfolios import WorkspaceSource

pytestmark = pytest.mark.integration


def test_a_seeded_importance_is_kept_until_the_next_write(database: Database) -> None:
    portfolio = generate_portfolio(20, 5)
    write_portfolio(database, portfolio, workspace="kept", document="generated")
    source = WorkspaceSource(database, "kept")
    deployment = portfolio.deployments[0].id

    first = priors_usecases.importance(source, deployment, method="mc", samples=2000, seed=3)
    assert (
        priors_usecases.importance(source, deployment, method="mc", samples=2000, seed=3) is first
    )
    unseeded = priors_usecases.importance(source, deployment, method="mc", samples=2000)
    assert priors_usecases.importance(source, deployment, method="mc", samples=2000) is not unseeded

    edited = portfolio.model_copy(
        update={
            "deployments": [
                portfolio.deployments[0].model_copy(update={"name": "renamed"}),
                *portfolio.deployments[1:],
            ]
        }
    )
    write_portfolio(database, edited, workspace="kept", document="generated")
    after = priors_usecases.importance(source, deployment, method="mc", samples=2000, seed=3)
    assert after is not first
    fresh = importance(
        compile_circuit(read_portfolio(database, "kept")),
        deployment,
        method="mc",
        samples=2000,
        seed=3,
    )
    assert after == fresh
