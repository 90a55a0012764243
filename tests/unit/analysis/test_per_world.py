"""Exact per-world probabilities (`per_world`) and the diagram arithmetic (`bdd`)."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.analysis import compile_circuit
from service.analysis.bdd import chain_probabilities
from service.analysis.per_world import (
    FormulaStep,
    MixStep,
    TooManyWorldsError,
    TooMuchSharingError,
    _Planner,
    plan_worldwise,
    world_count,
    world_grid,
)
from service.model import Portfolio, Support
from tests.unit.analysis.builders import assumption, case, deployment, node, portfolio, question
from tests.unit.analysis.strategies import portfolios
from tests.unit.analysis.synthetic import synthetic_portfolio


def test_chain_variables_reproduce_the_priors_of_the_answers() -> None:
    priors = [0.2, 0.0, 0.5, 0.3]
    chain = chain_probabilities(priors)
    recovered, remaining = [], 1.0
    for q in chain:
        recovered.append(remaining * q)
        remaining *= 1 - q
    recovered.append(remaining)
    assert recovered == pytest.approx(priors)


def test_at_least_k_of_independent_children_uses_the_exact_distribution() -> None:
    p_fail = [0.1, 0.3, 0.6]
    p = portfolio(
        assumptions=[assumption(f"a{i}", q) for i, q in enumerate(p_fail)],
        deployments=[deployment("d")],
        cases=[
            case(
                "c",
                node(
                    "g",
                    *(node(f"e{i}", relies_on=[f"a{i}"]) for i in range(3)),
                    support=Support.AT_LEAST,
                    k=2,
                ),
                ["d"],
            )
        ],
    )
    circuit = compile_circuit(p)
    plan = plan_worldwise(circuit, [(circuit.cases[0].signal,)])
    assert any(isinstance(s, FormulaStep) and s.threshold == 2 for s in plan.steps)
    value = plan.evaluate(circuit, world_grid(circuit, plan.questions))[0, 0]
    # The case fails when at least 2 of the 3 children fail.
    expected = sum(
        math.prod(q if bit else 1 - q for q, bit in zip(p_fail, bits, strict=True))
        for bits in itertools.product([0, 1], repeat=3)
        if sum(bits) >= 2
    )
    assert value == pytest.approx(expected)


def test_randomness_shared_by_two_cases_is_conditioned_on_not_multiplied() -> None:
    p = portfolio(
        questions=[question("q", w0=0.25, w1=0.75)],
        assumptions=[
            assumption("shared", 0.5),
            assumption("x", 0.2, fails_in={"w1": 1.0}),
            assumption("y", 0.4),
        ],
        deployments=[deployment("d")],
        cases=[
            case("c1", node("g1", relies_on=["shared", "x"]), ["d"]),
            case("c2", node("g2", relies_on=["shared", "y"]), ["d"]),
        ],
    )
    circuit = compile_circuit(p)
    plan = plan_worldwise(circuit, [(circuit.deployments[0].signal,)])
    assert any(isinstance(s, MixStep) for s in plan.steps)
    grid = world_grid(circuit, plan.questions)
    per_world = plan.evaluate(circuit, grid)[0]
    # Both fail if `shared` fails, or else if x and y both fail (x certain in w1).
    expected = {"w0": 0.5 + 0.5 * 0.2 * 0.4, "w1": 0.5 + 0.5 * 1.0 * 0.4}
    for i in range(grid.size):
        (world,) = grid.world_ids(circuit, i)
        assert per_world[i] == pytest.approx(expected[world])
    assert float(grid.prior @ per_world) == pytest.approx(
        0.25 * expected["w0"] + 0.75 * expected["w1"]
    )
    assert np.all((per_world >= 0) & (per_world <= 1))


def test_a_shared_limit_refuses_before_planning_and_changes_nothing_it_allows() -> None:
    circuit = compile_circuit(
        synthetic_portfolio(cases=16, assumptions=40, questions=4, cases_per_deployment=4, seed=5)
    )
    dep = circuit.deployments[0]
    roots = [(dep.signal,), *((circuit.cases[c].signal,) for c in dep.cases)]
    unlimited = plan_worldwise(circuit, roots)
    with pytest.raises(TooMuchSharingError) as refused:
        plan_worldwise(circuit, roots, shared_limit=0)
    shared = refused.value.shared
    assert shared > 0
    with pytest.raises(TooMuchSharingError):
        plan_worldwise(circuit, roots, shared_limit=shared - 1)
    assert plan_worldwise(circuit, roots, shared_limit=shared) == unlimited


@settings(max_examples=150, deadline=None)
@given(portfolios(max_events=7, max_questions=3, max_cases=4), st.integers(0, 30))
def test_a_plan_reads_the_questions_of_its_live_world_events_and_a_world_limit_refuses_by_them(
    p: Portfolio, world_limit: int
) -> None:
    """The world limit refuses before planning by the live world events' questions: exactly
    the plans whose questions have more worlds than it, and changes nothing it allows."""
    circuit = compile_circuit(p)
    for dep in circuit.deployments:
        roots = [(dep.signal,), *((circuit.cases[c].signal,) for c in dep.cases)]
        planner = _Planner(circuit, roots, None)
        plan = planner.plan()
        assert set(plan.questions) == planner.live_questions()
        if world_count(circuit, plan.questions) > world_limit:
            with pytest.raises(TooManyWorldsError):
                plan_worldwise(circuit, roots, world_limit=world_limit)
        else:
            assert plan_worldwise(circuit, roots, world_limit=world_limit) == plan


@settings(max_examples=60, deadline=None)
@given(portfolios(max_questions=3))
def test_a_grid_holds_every_combination_of_answers_with_the_product_of_their_priors(
    portfolio: Portfolio,
) -> None:
    circuit = compile_circuit(portfolio)
    questions = list(range(len(circuit.questions)))
    grid = world_grid(circuit, questions)
    answers = [circuit.questions[q].worlds for q in questions]
    share = [
        [circuit.worlds[w].prior / sum(circuit.worlds[v].prior for v in ws) for w in ws]
        for ws in answers
    ]
    combinations = list(itertools.product(*[range(len(ws)) for ws in answers]))
    assert grid.size == len(combinations)
    for i, positions in enumerate(combinations):
        assert grid.world_ids(circuit, i) == tuple(
            circuit.worlds[answers[j][p]].id for j, p in enumerate(positions)
        )
        assert [int(grid.positions[j, i]) for j in range(len(questions))] == list(positions)
        assert grid.prior[i] == pytest.approx(
            math.prod(s[p] for s, p in zip(share, positions, strict=True))
        )
        for j in range(len(questions)):
            without = math.prod(
                s[p] for k, (s, p) in enumerate(zip(share, positions, strict=True)) if k != j
            )
            assert grid.prior_without(j)[i] == pytest.approx(without)


@settings(max_examples=60, deadline=None)
@given(portfolios(max_questions=3, max_cases=3))
def test_a_plans_expectations_are_its_per_world_values_weighted_by_the_priors(
    portfolio: Portfolio,
) -> None:
    circuit = compile_circuit(portfolio)
    roots = [tuple(d.signal for d in circuit.deployments)]
    roots += [(c.signal,) for c in circuit.cases]
    plan = plan_worldwise(circuit, roots)
    grid = world_grid(circuit, plan.questions)
    expected = grid.prior @ plan.evaluate(circuit, grid).T
    assert plan.expectations(circuit, grid) == pytest.approx(expected.tolist(), abs=1e-12)
