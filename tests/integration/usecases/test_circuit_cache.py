"""The circuit cache: bounded by circuit size, and after a write the next impact (on
diagrams kept from the previous revision, built off the request path) equals a fresh one."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from service import analysis
from service.analysis.case_diagrams import CaseDiagramCache
from service.authoring.generator import generate_portfolio
from service.model import Portfolio
from service.model.kinds import Kind
from service.store import entity_edits
from service.store.database import Database
from service.store.portfolio_reader import read_portfolio
from service.store.portfolio_writer import write_portfolio
from service.usecases import edits
from service.usecases.circuits import CircuitCache, circuits

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


def _fresh_impact(database: Database, workspace: str, scenario: analysis.Scenario) -> Any:
    fresh = analysis.compile_circuit(read_portfolio(database, workspace))
    return analysis.impact(fresh, scenario, cache=CaseDiagramCache())


def _cached_with_diagrams(
    database: Database, workspace: str, seed: int
) -> tuple[Portfolio, analysis.Scenario, int, analysis.Circuit]:
    """A generated portfolio loaded, its circuit cached with an impact's diagrams built."""
    portfolio = generate_portfolio(30, seed)
    write_portfolio(database, portfolio, workspace=workspace, document="g")
    scenario = analysis.Scenario.of([portfolio.assumptions[0].id])
    revision, circuit = circuits.circuit_at(database, workspace)
    analysis.impact(circuit, scenario)  # builds the diagrams a patch keeps
    return portfolio, scenario, revision, circuit


def test_a_p_fail_edit_patches_the_cached_circuit_and_equals_a_fresh_read(
    database: Database,
) -> None:
    portfolio, scenario, revision, before = _cached_with_diagrams(database, "pfail-patched", 5)
    technique = portfolio.techniques[0].id

    edits.update(
        database, "pfail-patched", Kind.ASSUMPTION, portfolio.assumptions[1].id, {"pFail": 0.37}
    )
    edits.update(database, "pfail-patched", Kind.TECHNIQUE, technique, {"pFail": 0.21})

    after_revision, after = circuits.circuit_at(database, "pfail-patched")
    assert after_revision == revision + 2
    assert after.recall("impact-diagrams") is before.recall("impact-diagrams")  # not rebuilt
    assert analysis.impact(after, scenario) == _fresh_impact(database, "pfail-patched", scenario)
    kept = circuits.derived(database, "pfail-patched", "portfolio", lambda p, _: p)
    assert kept == read_portfolio(database, "pfail-patched")


def test_a_p_fail_edit_after_another_processs_write_reads_the_graph_again(
    database: Database,
) -> None:
    portfolio, scenario, _, _ = _cached_with_diagrams(database, "pfail-raced", 6)
    first, second = portfolio.assumptions[1].id, portfolio.assumptions[2].id
    # another process's write: the store's edit, which this process's cache does not see
    entity_edits.update_entity(database, "pfail-raced", Kind.ASSUMPTION, first, {"pFail": 0.5})

    edits.update(database, "pfail-raced", Kind.ASSUMPTION, second, {"pFail": 0.4})

    _, after = circuits.circuit_at(database, "pfail-raced")
    assert after.recall("impact-diagrams") is None  # read and compiled, not patched
    assert after.assumptions[after.assumption_index(first)].p_fail == 0.5
    assert analysis.impact(after, scenario) == _fresh_impact(database, "pfail-raced", scenario)
