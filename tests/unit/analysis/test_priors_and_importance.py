"""Prior profiles reuse the compiled circuit; Monte Carlo importance and question sensitivity
agree with exact within 4 standard errors on a medium instance (DESIGN §4.8-4.10, §7)."""

from __future__ import annotations

import math

import pytest

from service.analysis import Circuit, compile_circuit, portfolio_risk
from service.analysis.importance import FIGURES, importance
from service.analysis.prior_profiles import apply_profile, with_priors
from service.analysis.question_sensitivity import question_sensitivity
from service.analysis.risk import deployment_plan
from service.errors import InvalidInputError, NotFoundError
from service.model import PriorProfile
from tests.unit.analysis.synthetic import synthetic_portfolio


@pytest.fixture(scope="module")
def medium() -> Circuit:
    return compile_circuit(synthetic_portfolio(cases=12, assumptions=120, questions=5, seed=7))


def test_a_profile_shares_the_plan_and_changes_only_world_priors(medium: Circuit) -> None:
    question = medium.questions[0]
    first, second = (medium.worlds[w].id for w in question.worlds[:2])
    priors = {medium.worlds[w].id: 0.0 for w in question.worlds}
    priors[first] = 0.25
    priors[second] = 0.75
    profiled = with_priors(medium, priors)
    assert with_priors(medium, dict(priors)) is profiled  # memoised
    d = medium.deployment_index("d0")
    assert deployment_plan(profiled, d, None) is deployment_plan(medium, d, None)
    assert profiled.worlds[medium.world_index(second)].prior == 0.75
    assert profiled.gates is medium.gates
    base = portfolio_risk(medium, "d0", method="exact")
    other = portfolio_risk(profiled, "d0", method="exact")
    assert base.p_uncovered != other.p_uncovered


def test_unknown_profiles_and_worlds_are_refused_by_name(medium: Circuit) -> None:
    profile = PriorProfile(id="optimist", name="Optimist", priors={})
    assert apply_profile(medium, [profile], "default") is medium
    with pytest.raises(NotFoundError, match=r"prior profile 'nobody' not found.*optimist"):
        apply_profile(medium, [profile], "nobody")
    with pytest.raises(InvalidInputError, match=r"unknown world model 'atlantis'"):
        with_priors(medium, {"atlantis": 1.0})


def test_monte_carlo_importance_is_within_four_standard_errors_of_exact(medium: Circuit) -> None:
    exact = importance(medium, "d0", method="exact")
    sampled = importance(medium, "d0", method="mc", samples=20_000, seed=5)
    assert exact.method == "exact"
    assert sampled.method == "mc"
    assert 0.01 < exact.p_uncovered < 0.99
    by_key = {(e.kind, e.id): e for e in exact.events}
    assert {(e.kind, e.id) for e in sampled.events} == set(by_key)
    assert {e.kind.value for e in sampled.events} == {"assumption", "technique", "world"}
    # An effect seen in fewer than ~10 samples has no usable variance estimate (it may be
    # seen in none): allow that much on top of 4 standard errors.
    slack = 10 / 20_000 / exact.p_uncovered
    checked = 0
    for event in sampled.events:
        assert event.std_error is not None
        want = by_key[(event.kind, event.id)]
        for name in FIGURES:
            got, exact_value, se = getattr(event, name), getattr(want, name), event.std_error[name]
            assert (got is None) == (exact_value is None), (event.id, name)
            if got is None or exact_value is None or se is None:
                continue
            assert abs(got - exact_value) <= 4 * se + slack, (event.id, name, got, exact_value)
            checked += 1
    assert checked > 100


def test_monte_carlo_question_sensitivity_is_close_to_exact(medium: Circuit) -> None:
    exact = question_sensitivity(medium, "d0", method="exact")
    sampled = question_sensitivity(medium, "d0", method="mc", samples=20_000, seed=3)
    assert sampled.method == "mc"
    assert exact.method == "exact"
    assert {q.id for q in sampled.questions} == {q.id for q in exact.questions}
    exact_by_id = {q.id: q for q in exact.questions}
    for q in sampled.questions:
        for got, want in zip(q.answers, exact_by_id[q.id].answers, strict=True):
            se = math.sqrt(max(want.p_uncovered * (1 - want.p_uncovered), 1e-12) / 20_000)
            assert abs(got.p_uncovered - want.p_uncovered) <= 4 * se + 1e-9, (q.id, got.id)


def test_auto_reports_the_method_it_used(medium: Circuit) -> None:
    assert importance(medium, "d0", method="auto").method in ("exact", "mc")
    with pytest.raises(InvalidInputError, match="unknown method"):
        importance(medium, "d0", method="guess")
