"""Minimal cut sets without an order limit (BDD -> ZBDD), counting them, and exact risk of
imported fault trees: against the brute-force oracle, the MOCUS path, and published answers."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from service.analysis import (
    compile_circuit,
    count_minimal_cut_sets,
    cut_set_count,
    minimal_cut_sets,
    minimal_cut_sets_unlimited,
    portfolio_risk,
)
from service.analysis.cutsets_zbdd import cut_set_family, prefers_zbdd, structural_diagram
from service.authoring import dump_portfolio
from service.cli.main import app
from service.errors import InvalidInputError
from service.interop.mef import import_mef
from service.model import Portfolio
from tests.unit.analysis.builders import assumption, case, deployment, node, portfolio, question
from tests.unit.analysis.oracle import Oracle
from tests.unit.analysis.strategies import portfolios

ARALIA = Path(__file__).resolve().parents[4] / "shared" / "benchmarks" / "aralia"
PROPERTY = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
KINDS = st.sets(st.sampled_from(["assumption", "technique", "world"]), min_size=1)


def events_of(result: object) -> set[frozenset[tuple[str, str]]]:
    cut_sets = getattr(result, "cut_sets", ())
    return {frozenset((e.kind.value, e.id) for e in cs.events) for cs in cut_sets}


@PROPERTY
@given(portfolios(), KINDS, st.data())
def test_unlimited_cut_sets_and_their_count_equal_the_oracle(
    p: Portfolio, kinds: set[str], data: st.DataObject
) -> None:
    dep = data.draw(st.sampled_from([d.id for d in p.deployments]), label="deployment")
    circuit = compile_circuit(p)
    expected = Oracle(p).cut_sets(dep, kinds)
    result = minimal_cut_sets_unlimited(circuit, dep, over=kinds)
    assert events_of(result) == expected
    assert len(result.cut_sets) == len(expected)
    counted = cut_set_count(circuit, dep, over=kinds)
    assert counted.count == len(expected) == count_minimal_cut_sets(circuit, dep, over=kinds)
    assert sum(counted.by_order.values()) == counted.count
    k = data.draw(st.integers(1, 3), label="max_order")
    assert count_minimal_cut_sets(circuit, dep, max_order=k, over=kinds) == len(
        [s for s in expected if len(s) <= k]
    )


@PROPERTY
@given(portfolios(), KINDS, st.data())
def test_unlimited_order_equals_mocus_with_an_order_limit_no_set_can_reach(
    p: Portfolio, kinds: set[str], data: st.DataObject
) -> None:
    dep = data.draw(st.sampled_from([d.id for d in p.deployments]), label="deployment")
    circuit = compile_circuit(p)
    everything = len(circuit.events)  # no cut set is larger: MOCUS truncates nothing
    mocus = minimal_cut_sets(circuit, dep, max_order=everything, over=kinds)
    unlimited = minimal_cut_sets(circuit, dep, max_order=0, over=kinds)  # the ZBDD path
    assert [cs.events for cs in unlimited.cut_sets] == [cs.events for cs in mocus.cut_sets]
    assert [cs.probability for cs in unlimited.cut_sets] == pytest.approx(
        [cs.probability for cs in mocus.cut_sets]
    )
    assert unlimited.max_order == 0


def exclusive_worlds() -> Portfolio:
    # Each case fails in a different answer of q: no feasible set holds both answers.
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


def test_sets_with_two_answers_of_a_question_are_excluded() -> None:
    circuit = compile_circuit(exclusive_worlds())
    result = minimal_cut_sets(circuit, "d", max_order=0)
    assert events_of(result) == {
        frozenset({("assumption", "a0"), ("assumption", "a1")}),
        frozenset({("assumption", "a0"), ("world", "w1")}),
        frozenset({("assumption", "a1"), ("world", "w0")}),
    }
    assert count_minimal_cut_sets(circuit, "d") == 3


def test_a_deployment_no_case_covers_has_the_empty_set_as_its_only_cut_set() -> None:
    circuit = compile_circuit(exclusive_worlds())
    result = minimal_cut_sets(circuit, "lonely", max_order=0)
    assert [cs.events for cs in result.cut_sets] == [()]
    assert cut_set_count(circuit, "lonely").by_order == {0: 1}


def test_listing_more_than_the_limit_is_refused_with_a_way_out() -> None:
    circuit = compile_circuit(exclusive_worlds())
    with pytest.raises(InvalidInputError, match="--count-only"):
        minimal_cut_sets_unlimited(circuit, "d", max_listed=2)
    with pytest.raises(InvalidInputError, match="max order"):
        count_minimal_cut_sets(circuit, "d", max_order=-1)


def test_the_variable_order_is_depth_first_first_use() -> None:
    circuit = compile_circuit(exclusive_worlds())
    diagram = structural_diagram(circuit, circuit.deployments[0].signal, reorder=False)
    ids = [
        circuit.assumptions[circuit.events[e].owner].id
        if circuit.events[e].type.name == "ASSUMPTION"
        else circuit.worlds[circuit.events[e].owner].id
        for e in diagram.events
    ]
    assert ids == ["a0", "w0", "a1", "w1"]


# -- the Aralia benchmark trees (skipped where the shared directory is absent) ---------------

needs_aralia = pytest.mark.skipif(not ARALIA.is_dir(), reason="no Aralia benchmark directory")

# MCS counts and SCRAM 0.16.2's probabilities (6 digits) of small Aralia trees.
PUBLISHED = {
    "baobab2": (4805, 0.000713018),
    "chinese": (392, 0.00117058),
    "das9201": (14217, 0.0134237),
    "das9204": (16704, 2.16942e-11),
    "isp9605": (5630, 1.37171e-05),
}


@needs_aralia
@pytest.mark.parametrize("model", sorted(PUBLISHED))
def test_aralia_trees_count_and_probability(model: str) -> None:
    circuit = compile_circuit(import_mef(ARALIA / f"{model}.xml"))
    count, probability = PUBLISHED[model]
    assert count_minimal_cut_sets(circuit, model) == count
    risk = portfolio_risk(circuit, model, method="exact")
    assert risk.method == "exact"
    assert math.isclose(risk.p_uncovered, probability, rel_tol=5e-6)


@needs_aralia
def test_das9209_counts_82_billion_cut_sets_without_listing_them() -> None:
    circuit = compile_circuit(import_mef(ARALIA / "das9209.xml"))
    counted = cut_set_count(circuit, "das9209")
    assert counted.count == 82_000_000_000
    assert min(counted.by_order) == 10
    assert cut_set_family(circuit, "das9209").zbdd_size < 200
    with pytest.raises(InvalidInputError, match="82000000000 minimal cut sets"):
        minimal_cut_sets(circuit, "das9209", max_order=0)


@needs_aralia
def test_unlimited_listing_equals_mocus_on_baobab2_up_to_order_4() -> None:
    circuit = compile_circuit(import_mef(ARALIA / "baobab2.xml"))
    unlimited = minimal_cut_sets(circuit, "baobab2", max_order=0)
    assert len(unlimited.cut_sets) == 4805
    by_order = cut_set_count(circuit, "baobab2").by_order
    assert by_order == {2: 6, 3: 121, 4: 268, 5: 630, 6: 3780}  # SCRAM's distribution
    mocus = minimal_cut_sets(circuit, "baobab2", max_order=4)
    assert [cs.events for cs in mocus.cut_sets] == [
        cs.events for cs in unlimited.cut_sets if cs.order <= 4
    ]


@needs_aralia
def test_large_fault_trees_take_the_zbdd_path_under_an_order_limit_too() -> None:
    # MOCUS finds none of edf9201's order <= 3 cut sets within 30 s; the ZBDD has them all.
    circuit = compile_circuit(import_mef(ARALIA / "edf9201.xml"))
    assert prefers_zbdd(circuit, circuit.deployments[0].signal)
    result = minimal_cut_sets(circuit, "edf9201", max_order=3)
    assert result.max_order == 3
    assert [sum(1 for cs in result.cut_sets if cs.order == k) for k in (1, 2, 3)] == [
        25,
        1667,
        36604,
    ]  # SCRAM's distribution of edf9201's 579,720 minimal cut sets


def test_portfolios_with_world_models_keep_mocus_under_an_order_limit() -> None:
    circuit = compile_circuit(exclusive_worlds())
    assert not prefers_zbdd(circuit, circuit.deployments[0].signal)


@needs_aralia
def test_cli_count_only_json(tmp_path: Path) -> None:
    path = tmp_path / "baobab2.yaml"
    path.write_text(dump_portfolio(import_mef(ARALIA / "baobab2.xml"), "yaml"))
    runner = CliRunner()
    command = ["cutsets", "-d", "baobab2", "--count-only", "--file", str(path)]
    result = runner.invoke(app, [*command, "--max-order", "0", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["count"] == 4805
    assert data["max_order"] == 0
    assert data["by_order"]["6"] == 3780
    result = runner.invoke(app, [*command, "--max-order", "3"])
    assert result.exit_code == 0, result.output
    assert "127 minimal cut sets" in result.stdout  # 6 of order 2 + 121 of order 3
