"""The circuit cache: bounded by circuit size, and after a write the next impact (on
diagrams kept from the previous revision, built off the request path) equals a fresh one."""

from __future__ import annotations

import threading

import pytest

from service import analysis
from service.analysis.case_diagrams import CaseDiagramCache
from service.authoring.generator import generate_portfolio
from service.store.database import Database
from service.store.portfolio_reader import read_portfolio
from service.store.portfolio_writer import write_portfolio
from service.usecases.circuits import CircuitCache

pytestmark = pytest.mark.integration


def test_the_cache_is_bounded_by_circuit_size(database: Database) -> None:
    write_portfolio(database, generate_portfolio(12, 1), workspace="small", document="g")
    write_portfolio(database, generate_portfolio(40, 2), workspace="large", document="g")
    probe = CircuitCache()
    small = probe.circuit(database, "small").n_signals
    large = probe.circuit(database, "large").n_signals
    cache = CircuitCache(max_signals=large + small // 2)
    first_small = cache.circuit(database, "small")
    assert cache.circuit(database, "small") is first_small  # kept
    cache.circuit(database, "large")  # together they do not fit: "small" goes
    assert cache.circuit(database, "small") is not first_small


def test_impact_after_a_write_equals_a_fresh_process(database: Database) -> None:
    portfolio = generate_portfolio(30, 4)
    write_portfolio(database, portfolio, workspace="edited", document="g")
    cache = CircuitCache()
    cache.prepare_impact = True
    scenario = analysis.Scenario.of([portfolio.assumptions[0].id])
    _, circuit = cache.circuit_at(database, "edited")
    analysis.impact(circuit, scenario)

    edited = portfolio.model_copy(deep=True)
    edited.assumptions[1].p_fail = 0.37
    edited.assumptions[2].relies_on = []
    write_portfolio(database, edited, workspace="edited", document="g")
    _, circuit = cache.circuit_at(database, "edited")
    cache.wait_for_preparation()
    assert circuit.recall("impact-diagrams") is not None  # built off the request path
    after = analysis.impact(circuit, scenario)

    fresh_circuit = analysis.compile_circuit(read_portfolio(database, "edited"))
    fresh = analysis.impact(fresh_circuit, scenario, cache=CaseDiagramCache())
    assert after.to_json() == fresh.to_json()


def test_requests_arriving_together_on_a_cold_workspace_share_one_compile(
    database: Database,
) -> None:
    write_portfolio(database, generate_portfolio(150, 6), workspace="cold", document="g")
    cache = CircuitCache()
    start = threading.Barrier(3)
    got: list[object] = []

    def ask() -> None:
        start.wait()
        got.append(cache.circuit(database, "cold"))

    threads = [threading.Thread(target=ask) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(got) == 3
    assert got[0] is got[1] is got[2]
