"""Impact's per-case diagrams are kept by cone content across revisions: an edited portfolio's
impact, from reused diagrams, equals the impact a fresh process computes, and the oracle's."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from service.analysis import Scenario, compile_circuit, impact
from service.analysis.case_diagrams import CaseDiagramCache
from service.analysis.impact import prepare_impact
from service.model import Portfolio
from tests.unit.analysis.oracle import Oracle
from tests.unit.analysis.strategies import portfolio_and_scenario
from tests.unit.analysis.synthetic import synthetic_portfolio
from tests.unit.analysis.test_oracle_agreement import PROPERTY, close


def edit(portfolio: Portfolio, data: st.DataObject) -> tuple[Portfolio, bool]:
    """One write, drawn: a new pFail (the shape of every diagram stays) or an assumption that
    loses its techniques, FAILS_IN edges and reliances (the cases reaching it change).
    Returns the edited copy and whether only probabilities changed."""
    edited = portfolio.model_copy(deep=True)
    target = data.draw(st.sampled_from(edited.assumptions), label="edited assumption")
    if data.draw(st.booleans(), label="probability only"):
        target.p_fail = data.draw(st.floats(0.0, 0.99), label="new pFail")
        return edited, True
    target.techniques = []
    target.fails_in = []
    target.relies_on = []
    return edited, False


@PROPERTY
@given(portfolio_and_scenario(), st.data())
def test_impact_after_an_edit_equals_impact_on_a_fresh_process(
    drawn: tuple[Portfolio, set[str], set[str], set[str]], data: st.DataObject
) -> None:
    portfolio, assumptions, techniques, worlds = drawn
    scenario = Scenario.of(sorted(assumptions), sorted(techniques), sorted(worlds))
    kept = CaseDiagramCache()
    impact(compile_circuit(portfolio), scenario, cache=kept)
    edited, probability_only = edit(portfolio, data)

    reused = impact(compile_circuit(edited), scenario, cache=kept)
    fresh = impact(compile_circuit(edited), scenario, cache=CaseDiagramCache())

    n_cases = len(portfolio.cases)
    assert kept.hits >= (n_cases if probability_only else 0)
    assert kept.hits + kept.misses == 2 * n_cases
    expected, _ = Oracle(edited).impact(assumptions, techniques, worlds)
    assert [c.id for c in reused.cases] == [c.id for c in fresh.cases]
    for after, anew in zip(reused.cases, fresh.cases, strict=True):
        assert after.outcome == anew.outcome, after.id
        assert after.explanation == anew.explanation, after.id
        assert close(after.p_holds, anew.p_holds), (after.id, after.p_holds, anew.p_holds)
        assert close(after.p_holds, expected[after.id][1]), (after.id, after.p_holds)
    assert reused.deployments == fresh.deployments


def test_an_unchanged_revision_rebuilds_nothing_and_the_cache_is_bounded_by_nodes() -> None:
    portfolio = synthetic_portfolio(cases=40, assumptions=30, questions=4, seed=3)
    scenario = Scenario.of([portfolio.assumptions[0].id])
    kept = CaseDiagramCache()
    first = impact(compile_circuit(portfolio), scenario, cache=kept)
    assert (kept.hits, kept.misses) == (0, len(portfolio.cases))
    again = impact(compile_circuit(portfolio), scenario, cache=kept)
    assert kept.hits == len(portfolio.cases)
    assert again == first

    small = CaseDiagramCache(max_nodes=kept.nodes // 2)
    impact(compile_circuit(portfolio), scenario, cache=small)
    assert 0 < small.nodes <= kept.nodes // 2
    assert len(small) < len(kept)


def test_two_fails_in_edges_into_one_world_stay_two_variables_when_a_diagram_is_reused() -> None:
    portfolio = Portfolio.model_validate(
        {
            "version": 1,
            "questions": [
                {
                    "id": "q0",
                    "text": "question 0",
                    "answers": [
                        {"id": "q0w0", "statement": "answer 0", "prior": 0.0},
                        {"id": "q0w1", "statement": "answer 1", "prior": 1.0},
                    ],
                }
            ],
            "assumptions": [
                {
                    "id": "a0",
                    "statement": "assumption 0",
                    "fails_in": [{"world": "q0w1", "p": 0.5}, {"world": "q0w1", "p": 0.2}],
                },
                {"id": "a1", "statement": "assumption 1", "fails_in": [{"world": "q0w0"}]},
            ],
            "deployments": [{"id": "d0", "name": "deployment d0", "stakes": "medium"}],
            "cases": [
                {
                    "id": "c0",
                    "title": "case 0",
                    "category": "control",
                    "covers": ["d0"],
                    "argument": {
                        "id": "c0n1",
                        "type": "evidence",
                        "statement": "c0n1",
                        "relies_on": ["a0"],
                    },
                }
            ],
        }
    )
    kept = CaseDiagramCache()
    impact(compile_circuit(portfolio), Scenario.of([]), cache=kept)
    edited = portfolio.model_copy(deep=True)
    edited.assumptions[1].fails_in = []
    reused = impact(compile_circuit(edited), Scenario.of([]), cache=kept)
    assert kept.hits == 1
    assert close(reused.cases[0].p_holds, 0.5 * 0.8)


def test_a_probability_edit_reuses_the_whole_joined_diagram_and_a_structural_one_does_not() -> None:
    portfolio = synthetic_portfolio(cases=30, assumptions=60, questions=3, seed=4)
    kept = CaseDiagramCache()
    before = prepare_impact(compile_circuit(portfolio), kept)

    probability = portfolio.model_copy(deep=True)
    probability.assumptions[0].p_fail = 0.42
    assert prepare_impact(compile_circuit(probability), kept) is before

    structure = portfolio.model_copy(deep=True)
    reached = next(a for a in structure.assumptions if a.fails_in)
    reached.fails_in = []
    rejoined = prepare_impact(compile_circuit(structure), kept)
    assert rejoined is not before
    assert kept.misses > 0
