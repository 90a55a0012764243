"""What-if impact (DESIGN §4.1): scenarios, outcomes and explanation chains."""

from __future__ import annotations

import pytest

from service.analysis import Outcome, Scenario, compile_circuit, impact
from service.errors import InvalidInputError, NotFoundError
from service.model import ArgumentRef, Portfolio, Support
from tests.unit.analysis.builders import (
    assumption,
    case,
    deployment,
    node,
    portfolio,
    question,
    technique,
)


def chained() -> Portfolio:
    """base <- middle (relies_on) <- top; the technique fails in world `bad` (p = 0.5)."""
    return portfolio(
        questions=[question("q", good=0.6, bad=0.4)],
        techniques=[technique("t", fails_in={"bad": 0.5})],
        assumptions=[
            assumption("base", 0.1, techniques=["t"]),
            assumption("middle", relies_on=["base"]),
            assumption("other", 0.2),
        ],
        deployments=[deployment("d")],
        cases=[
            case(
                "c",
                node(
                    "g",
                    node("e1", relies_on=["middle"]),
                    node("e2", relies_on=["other"]),
                    support=Support.ANY,
                ),
                ["d"],
            ),
            case("shared", node("h", ArgumentRef(ref="e1")), ["d"]),
        ],
    )


def test_a_world_taken_as_true_explains_the_chain_through_techniques_and_relies_on() -> None:
    result = impact(compile_circuit(chained()), Scenario.of(worlds=["bad"]))
    by_id = {c.id: c for c in result.cases}
    assert by_id["c"].outcome is Outcome.DEGRADED  # e2 still holds under ANY
    assert by_id["c"].explanation == (("bad", "t", "base", "middle", "e1", "g"),)
    # The shared evidence node brings the second case down through the same leg.
    assert by_id["shared"].outcome is Outcome.FAILS
    assert by_id["shared"].explanation == (("bad", "t", "base", "middle", "e1", "h"),)
    assert result.deployments[0].surviving_cases == ("c",)


def test_p_holds_conditions_on_the_world_and_keeps_every_other_event_at_its_probability() -> None:
    result = impact(compile_circuit(chained()), Scenario.of(worlds=["bad"]))
    shared = next(c for c in result.cases if c.id == "shared")
    # e1 holds when base holds: not failed on its own (0.9) and t not failing in bad (0.5).
    assert shared.p_holds == pytest.approx(0.9 * 0.5)


def test_a_failed_assumption_is_the_first_link_of_its_chain() -> None:
    result = impact(compile_circuit(chained()), Scenario.of(failed_assumptions=["base", "other"]))
    c = next(c for c in result.cases if c.id == "c")
    assert c.outcome is Outcome.FAILS
    assert c.p_holds == 0.0
    assert c.explanation == (("base", "middle", "e1", "g"), ("other", "e2", "g"))
    assert not result.deployments[0].covered


def test_an_empty_scenario_leaves_every_case_holding_without_explanation() -> None:
    result = impact(compile_circuit(chained()), Scenario())
    assert all(c.outcome is Outcome.HOLDS and c.explanation == () for c in result.cases)
    assert all(d.covered for d in result.deployments)


def test_json_uses_the_section_8_field_names() -> None:
    data = impact(compile_circuit(chained()), Scenario.of(worlds=["bad"])).to_json()
    assert {"id", "outcome", "p_holds", "explanation"} <= data["cases"][0].keys()
    assert {"id", "covered", "surviving_cases"} <= data["deployments"][0].keys()
    assert data["cases"][0]["outcome"] == "DEGRADED"


def test_unknown_ids_and_two_answers_of_one_question_are_rejected() -> None:
    circuit = compile_circuit(chained())
    with pytest.raises(NotFoundError, match="assumption 'nope'"):
        impact(circuit, Scenario.of(failed_assumptions=["nope"]))
    with pytest.raises(NotFoundError, match="technique 'nope'"):
        impact(circuit, Scenario.of(failed_techniques=["nope"]))
    with pytest.raises(NotFoundError, match="world 'nope'"):
        impact(circuit, Scenario.of(worlds=["nope"]))
    with pytest.raises(InvalidInputError, match="mutually exclusive"):
        impact(circuit, Scenario.of(worlds=["good", "bad"]))


def test_a_scenario_asked_again_on_the_same_circuit_gets_the_kept_answer() -> None:
    circuit = compile_circuit(chained())
    first = impact(circuit, Scenario.of(["base"]))
    other = impact(circuit, Scenario.of(["other"]))
    assert impact(circuit, Scenario.of(["base"])) is first
    fresh = compile_circuit(chained())
    assert first == impact(fresh, Scenario.of(["base"]))
    assert other == impact(fresh, Scenario.of(["other"]))
    assert other != first


def test_only_the_most_recent_scenarios_are_kept() -> None:
    from service.analysis.impact import RECENT_SCENARIOS

    circuit = compile_circuit(chained())
    first = impact(circuit, Scenario.of(["base"]))
    others = [
        Scenario.of(["other"]),
        Scenario.of(["middle"]),
        Scenario.of(["base", "other"]),
        Scenario.of(worlds=["bad"]),
        Scenario.of(worlds=["good"]),
    ]
    for scenario in others[:RECENT_SCENARIOS]:  # as many other scenarios as are kept
        impact(circuit, scenario)
    again = impact(circuit, Scenario.of(["base"]))
    assert again is not first
    assert again == first
