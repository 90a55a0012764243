"""Prior profiles, question sensitivity, importance, update and budget agree with the brute-force
oracle (DESIGN §4.8-4.11) on random small portfolios: 300 portfolios per property."""

from __future__ import annotations

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.analysis import compile_circuit, portfolio_risk
from service.analysis.importance import importance
from service.analysis.prior_profiles import risk_across_priors
from service.analysis.question_sensitivity import question_sensitivity
from service.analysis.risk_budget import risk_budget
from service.model import Portfolio, PriorProfile
from tests.unit.analysis import oracle
from tests.unit.analysis.strategies import portfolios

PROPERTY = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
WEIGHTS = st.sampled_from([0, 1, 1, 2, 5])


def close(a: float | None, b: float | None, tolerance: float = 1e-9) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=tolerance, abs_tol=tolerance)


def pick_deployment(data: st.DataObject, portfolio: Portfolio) -> str:
    return data.draw(st.sampled_from([d.id for d in portfolio.deployments]), label="deployment")


@st.composite
def profiles(draw: st.DrawFn, portfolio: Portfolio) -> list[PriorProfile]:
    """Up to three profiles, each covering some questions (all their answers) and not others."""
    out = []
    for i in range(draw(st.integers(0, 3))):
        priors: dict[str, float] = {}
        for question in portfolio.questions:
            if not draw(st.booleans()):
                continue
            weights = [draw(WEIGHTS) for _ in question.answers]
            if sum(weights) == 0:
                weights[-1] = 1
            for answer, weight in zip(question.answers, weights, strict=True):
                priors[answer.id] = weight / sum(weights)
        out.append(PriorProfile(id=f"r{i}", name=f"reviewer {i}", priors=priors))
    return out


@PROPERTY
@given(portfolios(), st.data())
def test_risk_across_priors_matches_the_oracle(portfolio: Portfolio, data: st.DataObject) -> None:
    deployment = pick_deployment(data, portfolio)
    drawn = data.draw(profiles(portfolio), label="profiles")
    result = risk_across_priors(compile_circuit(portfolio), drawn, deployment, method="exact")
    assert [row.id for row in result.profiles] == ["default", *sorted(p.id for p in drawn)]
    verdicts = set()
    for row in result.profiles:
        priors = next((p.priors for p in drawn if p.id == row.id), {})
        expected = oracle.Oracle(oracle.with_priors(portfolio, priors)).risk(deployment)
        assert close(row.p_uncovered, expected["p_uncovered"]), row.id
        assert close(row.expected_risk, expected["expected_risk"]), row.id
        assert close(row.robustness, expected["robustness"]), row.id
        assert row.threshold_met == expected["threshold_met"], row.id
        verdicts.add(expected["threshold_met"])
    assert result.verdicts_agree == (len(verdicts) == 1)


@PROPERTY
@given(portfolios(), st.data())
def test_question_sensitivity_matches_the_oracle(portfolio: Portfolio, data: st.DataObject) -> None:
    deployment = pick_deployment(data, portfolio)
    result = question_sensitivity(compile_circuit(portfolio), deployment, method="exact")
    expected = oracle.question_sensitivity(portfolio, deployment)
    assert {q.id for q in result.questions} == set(expected["questions"])
    assert result.threshold_met == expected["overall"]["threshold_met"]
    keys = [(-q.flip_probability, -q.swing, q.id) for q in result.questions]
    assert keys == sorted(keys)
    for q in result.questions:
        want = expected["questions"][q.id]
        assert close(q.swing, want["swing"]), q.id
        assert close(q.flip_probability, want["flip_probability"]), q.id
        assert [a.id for a in q.answers] == [a["id"] for a in want["answers"]]
        for got, answer in zip(q.answers, want["answers"], strict=True):
            assert close(got.expected_risk, answer["expected_risk"]), (q.id, got.id)
            assert close(got.p_uncovered, answer["p_uncovered"]), (q.id, got.id)
            assert got.threshold_met == answer["threshold_met"], (q.id, got.id)
        # Consistency (§4.9): the expected risk is the prior-weighted conditional risk.
        assert close(result.expected_risk, sum(a.prior * a.expected_risk for a in q.answers)), q.id


@PROPERTY
@given(portfolios(), st.data())
def test_importance_matches_the_oracle_for_every_kind(
    portfolio: Portfolio, data: st.DataObject
) -> None:
    deployment = pick_deployment(data, portfolio)
    result = importance(compile_circuit(portfolio), deployment, method="exact")
    expected = oracle.importance(portfolio, deployment)
    assert result.method == "exact"
    assert close(result.p_uncovered, oracle.p_uncovered(portfolio, deployment))
    assert {(e.kind.value, e.id) for e in result.events} == set(expected)
    for event in result.events:
        want = expected[(event.kind.value, event.id)]
        for name, value in want.items():
            assert close(getattr(event, name), value, 1e-7), (event.kind, event.id, name)
    order = [(e.birnbaum is None, -(e.birnbaum or 0.0)) for e in result.events]
    assert order == sorted(order)


@PROPERTY
@given(portfolios(), st.sampled_from([None, 0.0, 0.05, 0.3, 1.0]))
def test_update_and_budget_match_the_oracle(portfolio: Portfolio, budget: float | None) -> None:
    circuit = compile_circuit(portfolio)
    expected = oracle.update_and_budget(portfolio, budget)
    result = risk_budget(circuit, budget, method="exact")
    assert close(result.total_expected_risk, expected["total"])
    assert result.within_budget == expected["within_budget"]
    assert {d.id for d in result.deployments} == set(expected["deployments"])
    for share in result.deployments:
        want = expected["deployments"][share.id]
        assert close(share.expected_risk, want["expected_risk"]), share.id
        assert close(share.share, want["share"]), share.id
        risk = portfolio_risk(circuit, share.id, method="exact")
        assert close(risk.required_update, want["required_update"]), share.id
        assert close(risk.delivered_update, want["delivered_update"], 1e-7), share.id
