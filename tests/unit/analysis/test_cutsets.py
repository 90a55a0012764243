"""Aligned holes (DESIGN §4.2): behaviours of `minimal_cut_sets` on hand-made portfolios."""

from __future__ import annotations

import pytest

from service.analysis import CutSetFinder, compile_circuit, minimal_cut_sets, parse_kinds
from service.authoring.generator import generate_portfolio
from service.errors import InvalidInputError, NotFoundError
from service.model import EventKind, Portfolio
from tests.unit.analysis.builders import (
    assumption,
    case,
    deployment,
    node,
    portfolio,
    question,
    technique,
)


def two_cases_failing_in_different_answers() -> Portfolio:
    return portfolio(
        questions=[question("q", w0=0.5, w1=0.5)],
        assumptions=[
            assumption("a0", 0.1, fails_in={"w0": 1.0}),
            assumption("a1", 0.2, fails_in={"w1": 1.0}),
        ],
        deployments=[deployment("d"), deployment("lonely")],
        cases=[
            case("c0", node("g0", relies_on=["a0"]), ["d"]),
            case("c1", node("g1", relies_on=["a1"]), ["d"]),
        ],
    )


def test_a_deployment_no_case_covers_has_only_the_empty_cut_set() -> None:
    result = minimal_cut_sets(compile_circuit(two_cases_failing_in_different_answers()), "lonely")
    assert len(result.cut_sets) == 1
    assert result.cut_sets[0].events == ()
    assert result.cut_sets[0].probability == 1.0


def test_two_answers_of_one_question_never_form_a_cut_set() -> None:
    circuit = compile_circuit(two_cases_failing_in_different_answers())
    assert minimal_cut_sets(circuit, "d", over=["worlds"], max_order=0).cut_sets == ()
    mixed = minimal_cut_sets(circuit, "d", max_order=0)
    assert {tuple(e.id for e in cs.events) for cs in mixed.cut_sets} == {
        ("a0", "a1"),
        ("a0", "w1"),
        ("a1", "w0"),
    }


def test_cut_sets_are_ranked_by_probability_then_size() -> None:
    result = minimal_cut_sets(compile_circuit(two_cases_failing_in_different_answers()), "d")
    assert [cs.probability for cs in result.cut_sets] == pytest.approx([0.1, 0.05, 0.02])
    assert result.cut_sets[0].events[0].kind is EventKind.ASSUMPTION  # a1 + w0: 0.2 x 0.5


def test_the_order_limit_drops_larger_sets_and_zero_means_unlimited() -> None:
    p = portfolio(
        assumptions=[assumption(f"a{i}", 0.5) for i in range(3)],
        deployments=[deployment("d")],
        cases=[case(f"c{i}", node(f"g{i}", relies_on=[f"a{i}"]), ["d"]) for i in range(3)],
    )
    circuit = compile_circuit(p)
    assert minimal_cut_sets(circuit, "d", max_order=2).cut_sets == ()
    (triple,) = minimal_cut_sets(circuit, "d", max_order=0).cut_sets
    assert triple.order == 3
    assert triple.probability == pytest.approx(0.125)


def test_a_technique_every_case_uses_is_a_single_point_of_failure() -> None:
    p = portfolio(
        techniques=[technique("t")],
        assumptions=[assumption("a0", techniques=["t"]), assumption("a1", techniques=["t"])],
        deployments=[deployment("d")],
        cases=[
            case("c0", node("g0", relies_on=["a0"]), ["d"]),
            case("c1", node("g1", relies_on=["a1"]), ["d"]),
        ],
    )
    result = minimal_cut_sets(compile_circuit(p), "d", over=["techniques"])
    assert [(e.kind, e.id) for e in result.single_points_of_failure] == [(EventKind.TECHNIQUE, "t")]
    assert result.to_json()["cut_sets"] == [
        {"events": [{"kind": "technique", "id": "t"}], "probability": 0.0}
    ]


def test_unsoundness_is_never_part_of_a_cut_set() -> None:
    p = portfolio(
        deployments=[deployment("d")],
        cases=[case("c", node("g"), ["d"], p_unsound=0.9)],
    )
    assert minimal_cut_sets(compile_circuit(p), "d").cut_sets == ()


def test_bad_arguments_are_rejected_with_the_offending_value() -> None:
    circuit = compile_circuit(two_cases_failing_in_different_answers())
    with pytest.raises(InvalidInputError, match="-1"):
        minimal_cut_sets(circuit, "d", max_order=-1)
    with pytest.raises(InvalidInputError, match="at least one kind"):
        minimal_cut_sets(circuit, "d", over=[])
    with pytest.raises(InvalidInputError, match="'cases'"):
        parse_kinds(["cases"])
    with pytest.raises(NotFoundError, match="'nowhere'"):
        minimal_cut_sets(circuit, "nowhere")


@pytest.mark.parametrize("max_order", [1, 2])
def test_a_finder_shared_by_many_deployments_gives_what_each_alone_gives(max_order: int) -> None:
    circuit = compile_circuit(generate_portfolio(120, 4))
    ids = [d.id for d in circuit.deployments]
    assert len(ids) > 5
    for order in (ids, ids[::-1]):
        finder = CutSetFinder(circuit, max_order=max_order, over=["assumptions", "techniques"])
        for d in order:
            alone = minimal_cut_sets(
                circuit, d, max_order=max_order, over=["assumptions", "techniques"]
            )
            assert finder.of(d) == alone, d
