"""Compiling a portfolio into a circuit: references, cycles, selection, structural values."""

from __future__ import annotations

import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.analysis import (
    Scenario,
    compile_circuit,
    impact,
    with_cases_covering_nothing,
    with_own_p_fail,
)
from service.analysis.case_diagrams import CaseDiagramCache
from service.errors import InvalidInputError, NotFoundError
from service.model import ArgumentRef, EventKind, Portfolio
from tests.unit.analysis.builders import assumption, case, deployment, node, portfolio
from tests.unit.analysis.strategies import portfolio_and_scenario, portfolios
from tests.unit.analysis.test_oracle_agreement import PROPERTY, close


def test_an_unresolved_reference_is_rejected_naming_it() -> None:
    p = portfolio(
        assumptions=[assumption("a", relies_on=["ghost"])],
        deployments=[deployment("d")],
        cases=[case("c", node("g", relies_on=["a"]), ["d"])],
    )
    with pytest.raises(InvalidInputError, match="'ghost'"):
        compile_circuit(p)


def test_a_cycle_of_relies_on_is_rejected() -> None:
    p = portfolio(
        assumptions=[assumption("a", relies_on=["b"]), assumption("b", relies_on=["a"])],
        deployments=[deployment("d")],
        cases=[case("c", node("g", relies_on=["a"]), ["d"])],
    )
    with pytest.raises(InvalidInputError, match="cycle"):
        compile_circuit(p)


def test_a_cycle_of_argument_references_is_rejected() -> None:
    p = portfolio(
        deployments=[deployment("d")],
        cases=[case("c", node("g", node("s", ArgumentRef(ref="g"))), ["d"])],
    )
    with pytest.raises(InvalidInputError, match="cycle"):
        compile_circuit(p)


def test_compiling_for_some_deployments_keeps_only_the_cases_covering_them() -> None:
    p = portfolio(
        assumptions=[assumption("a")],
        deployments=[deployment("d1"), deployment("d2")],
        cases=[
            case("c1", node("g1", relies_on=["a"]), ["d1"]),
            case("c2", node("g2"), ["d2"]),
        ],
    )
    circuit = compile_circuit(p, deployments=["d1"])
    assert [c.id for c in circuit.cases] == ["c1"]
    assert [d.id for d in circuit.deployments] == ["d1"]
    with pytest.raises(NotFoundError, match="'d3'"):
        compile_circuit(p, deployments=["d3"])


def test_with_no_event_only_deployments_no_case_covers_are_uncovered() -> None:
    p = portfolio(
        assumptions=[assumption("a", 0.9)],
        deployments=[deployment("covered"), deployment("bare")],
        cases=[case("c", node("g", relies_on=["a"]), ["covered"])],
    )
    circuit = compile_circuit(p)
    values = circuit.structural_values([])
    assert [values[d.signal] for d in circuit.deployments] == [False, True]
    failed = circuit.structural_values([circuit.assumptions[0].event])
    assert failed[circuit.deployments[0].signal]
    # The baseline is not changed by a scenario's evaluation.
    assert not circuit.structural_values([])[circuit.deployments[0].signal]


@settings(max_examples=150, deadline=None)
@given(portfolios(max_events=6, max_questions=2, max_cases=4), st.data())
def test_structural_values_within_a_cone_equal_the_whole_propagation_there(
    p: Portfolio, data: st.DataObject
) -> None:
    circuit = compile_circuit(p)
    occurring = data.draw(st.sets(st.integers(0, len(circuit.events) - 1), max_size=3))
    cases = data.draw(st.sets(st.integers(0, len(circuit.cases) - 1), min_size=1))
    roots = [circuit.cases[c].signal for c in cases]
    whole = circuit.structural_values(occurring)
    within = circuit.structural_values_within(occurring, roots)
    for s in circuit.cone(roots):
        assert within[s] == whole[s], s


def test_an_artefact_being_built_does_not_hold_up_another_of_the_same_circuit() -> None:
    circuit = compile_circuit(
        portfolio(
            assumptions=[assumption("a")],
            deployments=[deployment("d1")],
            cases=[case("c1", node("g1", relies_on=["a"]), ["d1"])],
        )
    )
    slow_started, other_built = threading.Event(), threading.Event()

    def slow() -> str:  # finishes only once the other artefact could be built meanwhile
        slow_started.set()
        return "slow" if other_built.wait(timeout=10) else "held up"

    worker = threading.Thread(target=lambda: results.append(circuit.cached("slow", slow)))
    results: list[str] = []
    worker.start()
    assert slow_started.wait(timeout=10)
    assert circuit.cached("quick", lambda: "quick") == "quick"
    other_built.set()
    worker.join(timeout=15)
    assert results == ["slow"]
    assert circuit.cached("slow", lambda: "built twice") == "slow"


@PROPERTY
@given(portfolio_and_scenario(), st.data())
def test_a_circuit_given_a_new_own_p_fail_equals_a_compile_of_the_edited_portfolio(
    drawn: tuple[Portfolio, set[str], set[str], set[str]], data: st.DataObject
) -> None:
    portfolio, assumptions, techniques, worlds = drawn
    scenario = Scenario.of(sorted(assumptions), sorted(techniques), sorted(worlds))
    edited = portfolio.model_copy(deep=True)
    entities = [(EventKind.ASSUMPTION, a) for a in edited.assumptions]
    entities += [(EventKind.TECHNIQUE, t) for t in edited.techniques]
    kind, target = data.draw(st.sampled_from(entities), label="edited entity")
    target.p_fail = data.draw(st.floats(0.0, 0.99), label="new pFail")
    before = compile_circuit(portfolio)
    impact(before, scenario, cache=CaseDiagramCache())  # builds what the patch keeps

    patched = with_own_p_fail(before, kind, target.id, target.p_fail)
    fresh = compile_circuit(edited)

    assert patched.events == fresh.events
    assert patched.assumptions == fresh.assumptions
    assert patched.techniques == fresh.techniques
    assert patched.recall("impact-diagrams") is before.recall("impact-diagrams")
    got, expected = impact(patched, scenario), impact(fresh, scenario, cache=CaseDiagramCache())
    assert got.deployments == expected.deployments
    for after, anew in zip(got.cases, expected.cases, strict=True):
        assert (after.id, after.outcome, after.explanation) == (
            anew.id,
            anew.outcome,
            anew.explanation,
        )
        assert close(after.p_holds, anew.p_holds), (after.id, after.p_holds, anew.p_holds)


@PROPERTY
@given(portfolios(max_cases=4, max_deployments=3), st.data())
def test_a_circuit_with_cases_covering_nothing_equals_a_compile_with_their_covers_emptied(
    portfolio: Portfolio, data: st.DataObject
) -> None:
    excluded = data.draw(
        st.sets(st.integers(0, len(portfolio.cases) - 1)) if portfolio.cases else st.just(set()),
        label="cases covering nothing",
    )
    scoped = portfolio.model_copy(
        update={
            "cases": [
                case.model_copy(update={"covers": []}) if c in excluded else case
                for c, case in enumerate(portfolio.cases)
            ]
        }
    )
    full = compile_circuit(portfolio)
    full.structural_values(())  # a memoised artefact the patch must not carry over

    patched, fresh = with_cases_covering_nothing(full, excluded), compile_circuit(scoped)

    assert patched.events == fresh.events
    assert patched.gates == fresh.gates
    assert patched.cases == fresh.cases
    assert patched.deployments == fresh.deployments
    assert patched.fanout() == fresh.fanout()
    assert patched.structural_values(()) == fresh.structural_values(())


def test_only_an_assumptions_or_a_techniques_p_fail_is_patched() -> None:
    circuit = compile_circuit(
        portfolio(
            assumptions=[assumption("a", 0.1)],
            deployments=[deployment("d")],
            cases=[case("c", node("g", relies_on=["a"]), ["d"])],
        )
    )
    with pytest.raises(NotFoundError, match="'ghost'"):
        with_own_p_fail(circuit, EventKind.ASSUMPTION, "ghost", 0.2)
    with pytest.raises(InvalidInputError, match="only an assumption's or a technique's"):
        with_own_p_fail(circuit, EventKind.WORLD, "a", 0.2)
