"""The engine agrees with the brute-force oracle (DESIGN §7) on random small portfolios.

The oracle (`oracle.py`) shares no code with `service.analysis`: it enumerates every world and
every basic-event assignment and evaluates DESIGN §4 literally. Examples per property are set
so the whole module stays well under a minute on two cores (over 700 portfolios in total).
"""

from __future__ import annotations

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.analysis import (
    Scenario,
    case_correlation,
    compile_circuit,
    impact,
    minimal_cut_sets,
    portfolio_risk,
    swiss_cheese_matrix,
)
from service.model import Portfolio
from tests.unit.analysis.oracle import Oracle
from tests.unit.analysis.strategies import portfolio_and_scenario, portfolios

PROPERTY = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
KINDS = st.sets(st.sampled_from(["assumption", "technique", "world"]), min_size=1)


def close(a: float, b: float, tolerance: float = 1e-9) -> bool:
    return math.isclose(a, b, rel_tol=tolerance, abs_tol=tolerance)


def pick_deployment(data: st.DataObject, portfolio: Portfolio) -> str:
    return data.draw(st.sampled_from([d.id for d in portfolio.deployments]), label="deployment")


@PROPERTY
@given(portfolio_and_scenario())
def test_impact_outcomes_coverage_and_p_holds_match_the_oracle(
    drawn: tuple[Portfolio, set[str], set[str], set[str]],
) -> None:
    portfolio, assumptions, techniques, worlds = drawn
    result = impact(
        compile_circuit(portfolio),
        Scenario.of(sorted(assumptions), sorted(techniques), sorted(worlds)),
    )
    cases, deployments = Oracle(portfolio).impact(assumptions, techniques, worlds)
    assert {c.id for c in result.cases} == set(cases)
    for case in result.cases:
        outcome, p_holds = cases[case.id]
        assert case.outcome.value == outcome, case.id
        assert close(case.p_holds, p_holds), (case.id, case.p_holds, p_holds)
        assert bool(case.explanation) == (outcome != "HOLDS"), case.id
    for deployment in result.deployments:
        covered, surviving = deployments[deployment.id]
        assert deployment.covered == covered
        assert set(deployment.surviving_cases) == surviving


@PROPERTY
@given(portfolios(), KINDS, st.integers(0, 3), st.data())
def test_minimal_cut_sets_equal_the_oracle_up_to_the_order_limit(
    portfolio: Portfolio, kinds: set[str], max_order: int, data: st.DataObject
) -> None:
    deployment = pick_deployment(data, portfolio)
    result = minimal_cut_sets(
        compile_circuit(portfolio), deployment, max_order=max_order, over=kinds
    )
    expected = Oracle(portfolio).cut_sets(deployment, kinds)
    if max_order:
        expected = {s for s in expected if len(s) <= max_order}
    found = [frozenset((e.kind.value, e.id) for e in cs.events) for cs in result.cut_sets]
    assert len(found) == len(set(found))
    assert set(found) == expected
    ranking = [(-cs.probability, cs.order) for cs in result.cut_sets]
    assert ranking == sorted(ranking)


@PROPERTY
@given(portfolios(), st.data())
def test_exact_risk_and_residual_risk_match_the_oracle(
    portfolio: Portfolio, data: st.DataObject
) -> None:
    deployment = pick_deployment(data, portfolio)
    result = portfolio_risk(compile_circuit(portfolio), deployment, method="exact")
    expected = Oracle(portfolio).risk(deployment)
    assert result.method == "exact"
    assert close(result.p_uncovered, expected["p_uncovered"])
    assert result.case_failure.keys() == expected["case_failure"].keys()
    for case_id, p in result.case_failure.items():
        assert close(p, expected["case_failure"][case_id]), case_id
    assert close(result.naive, expected["naive"])
    assert close(result.expected_risk, expected["expected_risk"])
    assert close(result.robustness, expected["robustness"])
    assert result.threshold_met == expected["threshold_met"]
    possible = [
        r for r, w in zip(expected["world_risk"], expected["world_prior"], strict=True) if w
    ]
    if result.residual.worst_worlds:
        assert close(result.residual.worst_worlds[0].risk, max(possible))


@settings(PROPERTY, max_examples=150)
@given(portfolios(), st.data())
def test_robustness_matches_the_oracle_at_a_threshold_equal_to_a_world_risk(
    portfolio: Portfolio, data: st.DataObject
) -> None:
    # Thresholds drawn from the world risks themselves put worlds exactly on the boundary.
    deployment = pick_deployment(data, portfolio)
    risks = Oracle(portfolio).risk(deployment)["world_risk"]
    index = next(i for i, d in enumerate(portfolio.deployments) if d.id == deployment)
    threshold = data.draw(st.sampled_from(risks))
    portfolio.deployments[index].risk_threshold = min(1.0, max(0.0, threshold))
    result = portfolio_risk(compile_circuit(portfolio), deployment, method="exact")
    assert close(result.robustness, Oracle(portfolio).risk(deployment)["robustness"])


@settings(PROPERTY, max_examples=150)
@given(portfolios(), st.data())
def test_swiss_cheese_matrix_and_phi_match_the_oracle(
    portfolio: Portfolio, data: st.DataObject
) -> None:
    deployment = pick_deployment(data, portfolio)
    circuit = compile_circuit(portfolio)
    oracle = Oracle(portfolio)

    matrix = swiss_cheese_matrix(circuit, deployment)
    expected = oracle.matrix(deployment)
    assert [row.id for row in matrix.cases] == list(expected)
    for row in matrix.cases:
        assert set(row.p_holds) == set(matrix.worlds)
        for world, p in row.p_holds.items():
            assert close(p, expected[row.id][world]), (row.id, world)
    # Questions left out of the matrix do not change any case's chance of holding.
    for question in portfolio.questions:
        if question.answers[0].id not in matrix.worlds:
            for case_id, by_world in expected.items():
                values = [by_world[a.id] for a in question.answers]
                assert all(close(v, values[0]) for v in values), case_id

    correlation = case_correlation(circuit, deployment)
    phi = oracle.phi(deployment)
    assert {pair.cases for pair in correlation.pairs} == set(phi)
    for pair in correlation.pairs:
        expected_phi = phi[pair.cases]
        assert (pair.phi is None) == (expected_phi is None), pair
        if pair.phi is not None and expected_phi is not None:
            assert close(pair.phi, expected_phi, 1e-7)
