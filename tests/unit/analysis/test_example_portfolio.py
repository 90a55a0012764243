"""The analyses on the example portfolio (schema/examples/frontier-portfolio.yaml).

Expectations are derived from the file's structure, as a reviewer would reason them through.
"""

from __future__ import annotations

import math

import pytest

from service.analysis import (
    Circuit,
    Outcome,
    Scenario,
    compile_circuit,
    impact,
    minimal_cut_sets,
    portfolio_risk,
    swiss_cheese_matrix,
)
from service.model import ArgumentNode, ArgumentRef, EventKind, Portfolio
from tests.unit.analysis.builders import example_portfolio


@pytest.fixture(scope="module")
def example() -> Portfolio:
    return example_portfolio()


@pytest.fixture(scope="module")
def circuit(example: Portfolio) -> Circuit:
    return compile_circuit(example)


def assumptions_failing_with(portfolio: Portfolio, technique: str) -> set[str]:
    """Assumptions that use the technique, or rely (transitively) on one that does."""
    failing = {a.id for a in portfolio.assumptions if technique in a.techniques}
    grew = True
    while grew:
        more = {a.id for a in portfolio.assumptions if failing.intersection(a.relies_on)}
        grew = not more <= failing
        failing |= more
    return failing


def nodes_of(portfolio: Portfolio, root: ArgumentNode) -> list[ArgumentNode]:
    defined = {n.id: n for n in portfolio.argument_nodes()}
    out, stack = [], [root]
    while stack:
        n = stack.pop()
        out.append(n)
        stack.extend(defined[c.ref] if isinstance(c, ArgumentRef) else c for c in n.children)
    return out


def test_failing_interpretability_touches_exactly_the_cases_that_rely_on_it(
    example: Portfolio, circuit: Circuit
) -> None:
    failing = assumptions_failing_with(example, "interpretability")
    assert failing == {"interp-detects-deception", "probes-train-test", "advisors-trustworthy"}
    dependent = {
        c.id
        for c in example.cases
        if any(failing.intersection(n.relies_on) for n in nodes_of(example, c.argument))
    }
    result = impact(circuit, Scenario.of(failed_techniques=["interpretability"]))
    touched = {c.id for c in result.cases if c.outcome is not Outcome.HOLDS}
    assert (
        touched
        == dependent
        == {
            "asl4-interp",
            "asl4-control",
            "asl4-incentives",
            "advisor-deference",
        }
    )
    for c in result.cases:
        if c.id not in dependent:
            assert c.explanation == ()


def test_failing_interpretability_explains_each_failed_leg_up_to_the_root(
    circuit: Circuit,
) -> None:
    result = impact(circuit, Scenario.of(failed_techniques=["interpretability"]))
    by_id = {c.id: c for c in result.cases}
    # Sketch 1: e1 needs interp-detects-deception; s1 and g1 need all their children.
    assert by_id["asl4-interp"].outcome is Outcome.FAILS
    assert by_id["asl4-interp"].explanation == (
        (
            "interpretability",
            "interp-detects-deception",
            "asl4-interp-e1",
            "asl4-interp-s1",
            "asl4-interp-g1",
        ),
    )
    # Sketch 2: the probes of e1 use interpretability; g3 and g1 need all their children.
    assert by_id["asl4-control"].outcome is Outcome.FAILS
    assert by_id["asl4-control"].explanation == (
        (
            "interpretability",
            "probes-train-test",
            "asl4-control-e1",
            "asl4-control-g3",
            "asl4-control-g1",
        ),
    )
    # Sketch 3: g2 is "any" of white-box (fails) and black-box (holds): degraded, not failed.
    assert by_id["asl4-incentives"].outcome is Outcome.DEGRADED
    assert by_id["asl4-incentives"].explanation == (
        (
            "interpretability",
            "interp-detects-deception",
            "asl4-inc-e1",
            "asl4-inc-g2",
            "asl4-inc-g1",
        ),
    )
    # Deference: the advisors' trustworthiness relies on interp-detects-deception.
    assert by_id["advisor-deference"].outcome is Outcome.FAILS
    assert by_id["advisor-deference"].explanation == (
        ("interpretability", "interp-detects-deception", "advisors-trustworthy", "defer-g1"),
    )
    for case_id in ("asl4-interp", "asl4-control", "advisor-deference"):
        assert by_id[case_id].p_holds == 0.0
    baseline = {c.id: c.p_holds for c in impact(circuit, Scenario()).cases}
    assert 0.0 < by_id["asl4-incentives"].p_holds < baseline["asl4-incentives"]


def test_failing_interpretability_leaves_every_deployment_covered_by_the_survivors(
    circuit: Circuit,
) -> None:
    result = impact(circuit, Scenario.of(failed_techniques=["interpretability"]))
    deployments = {d.id: d for d in result.deployments}
    assert all(d.covered for d in result.deployments)
    assert deployments["asl4-internal-rd"].surviving_cases == ("asl4-incentives",)
    assert deployments["executive-advice"].surviving_cases == ("debate-sketch",)


def test_opaque_models_are_the_single_point_of_failure_of_the_asl4_deployment(
    circuit: Circuit,
) -> None:
    # Every ASL-4 sketch leans on "models are parsimonious": if they are opaque, all fail.
    result = minimal_cut_sets(circuit, "asl4-internal-rd", max_order=3)
    spof = result.single_points_of_failure
    assert [(e.kind, e.id) for e in spof] == [(EventKind.WORLD, "opaque")]
    assert result.cut_sets[0].probability == pytest.approx(0.7)
    assert impact(circuit, Scenario.of(worlds=["opaque"])).deployments[0].covered is False


def test_exact_risk_of_the_asl4_deployment_exceeds_the_naive_estimate(circuit: Circuit) -> None:
    result = portfolio_risk(circuit, "asl4-internal-rd", method="auto")
    assert result.method == "exact"
    assert result.p_uncovered > result.naive  # correlated through shared world models
    assert result.correlation_penalty is not None
    assert result.correlation_penalty > 1
    assert result.n_eff is not None
    assert 1 < result.n_eff < 3
    assert not result.threshold_met
    # asl4-interp fails unless unsound-free and interp-detects-deception holds (0.9 x 0.37).
    assert result.case_failure["asl4-interp"] == pytest.approx(1 - 0.9 * (1 - 0.7 * 0.9))


def test_monte_carlo_on_the_example_is_within_four_standard_errors_of_exact(
    circuit: Circuit,
) -> None:
    exact = portfolio_risk(circuit, "asl4-internal-rd", method="exact")
    for seed in (1, 2, 3):
        sampled = portfolio_risk(
            circuit, "asl4-internal-rd", method="mc", samples=50_000, seed=seed
        )
        assert sampled.std_error is not None
        assert abs(sampled.p_uncovered - exact.p_uncovered) <= 4 * sampled.std_error
        assert math.isclose(sampled.expected_risk, exact.expected_risk, rel_tol=0.05)


def test_the_matrix_shows_interpretability_cases_hold_only_in_parsimonious_worlds(
    circuit: Circuit,
) -> None:
    result = swiss_cheese_matrix(circuit, "asl4-internal-rd")
    assert {"parsimonious", "opaque"} <= set(result.worlds)
    row = next(r for r in result.cases if r.id == "asl4-interp")
    assert row.p_holds["opaque"] < row.p_holds["parsimonious"]
    # In parsimonious worlds only unsoundness (0.1) can fail sketch 1.
    assert row.p_holds["parsimonious"] == pytest.approx(0.9)
