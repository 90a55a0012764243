"""The naive baselines agree with the analysis engine where they finish (small portfolios), so
the benchmark's ratios compare like with like."""

from __future__ import annotations

import time

import pytest

from benchmarks.naive import NaivePortfolio, enumerate_cut_sets, naive_monte_carlo
from benchmarks.workloads import largest_trees, size_workload
from service import analysis
from service.authoring.generator import generate_portfolio


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_subset_enumeration_finds_the_engines_minimal_cut_sets(seed: int) -> None:
    portfolio = generate_portfolio(8, seed, assumptions=12, questions=3, deployments=2)
    circuit = analysis.compile_circuit(portfolio)
    model = NaivePortfolio(portfolio)
    for deployment in portfolio.deployments:
        ours = analysis.minimal_cut_sets(circuit, deployment.id, max_order=2)
        expected = {frozenset((e.kind.value, e.id) for e in cs.events) for cs in ours.cut_sets}
        found = enumerate_cut_sets(model, deployment.id, 2, time.perf_counter() + 60)
        assert found.complete
        assert set(found.cut_sets) == expected


def test_enumeration_stops_at_its_deadline_and_says_how_far_it_got() -> None:
    portfolio = generate_portfolio(8, 0, assumptions=12, questions=3, deployments=1)
    found = enumerate_cut_sets(NaivePortfolio(portfolio), "dep-01", 3, deadline=0.0)
    assert not found.complete
    assert 0 < found.evaluated < found.total


def test_naive_monte_carlo_agrees_with_exact_risk_within_4_standard_errors() -> None:
    portfolio = generate_portfolio(6, 3, assumptions=10, questions=2, deployments=1)
    exact = analysis.portfolio_risk(analysis.compile_circuit(portfolio), "dep-01", method="exact")
    sampled = naive_monte_carlo(
        NaivePortfolio(portfolio), "dep-01", 4000, seed=7, deadline=time.perf_counter() + 60
    )
    assert sampled.complete
    assert sampled.p_uncovered is not None
    assert sampled.std_error is not None
    assert abs(sampled.p_uncovered - exact.p_uncovered) <= 4 * max(sampled.std_error, 1e-3)


def test_the_nested_read_picks_the_largest_trees_that_fit_its_depth() -> None:
    portfolio = generate_portfolio(30, 5)
    picked = largest_trees(portfolio, max_levels=5, count=3)
    assert len(picked) == 3
    shallow = largest_trees(portfolio, max_levels=1, count=3)
    assert shallow == ()  # every generated tree has a root with children


def test_the_edited_assumption_is_relied_on_and_is_not_the_failed_one() -> None:
    workload = size_workload(100, 1)
    assert workload.edited_assumption != workload.failed_assumption
    relied_on = {a for node in workload.portfolio.argument_nodes() for a in node.relies_on}
    assert workload.edited_assumption in relied_on
