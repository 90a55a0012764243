"""The per-case diagrams of impact: the sifted path gives the probabilities the oracle gives."""

from __future__ import annotations

from hypothesis import given

from service.analysis import Scenario, compile_circuit
from service.analysis.bdd import build_flat_each, fold_certain_edges, variable_probabilities
from service.analysis.scenario import resolve_scenario
from service.model import Portfolio
from tests.unit.analysis.oracle import Oracle
from tests.unit.analysis.strategies import portfolio_and_scenario
from tests.unit.analysis.test_oracle_agreement import PROPERTY, close


@PROPERTY
@given(portfolio_and_scenario())
def test_p_holds_from_sifted_case_diagrams_matches_the_oracle(
    drawn: tuple[Portfolio, set[str], set[str], set[str]],
) -> None:
    # A gate limit of 0 sends every case down the sifting path: CUDD reorders, the exported
    # variables are permuted to the new levels.
    portfolio, assumptions, techniques, worlds = drawn
    circuit = compile_circuit(portfolio)
    scenario = resolve_scenario(
        circuit, Scenario.of(sorted(assumptions), sorted(techniques), sorted(worlds))
    )
    flat = build_flat_each(
        circuit, [c.signal for c in circuit.cases], fold=fold_certain_edges(circuit), gate_limit=0
    )
    q = variable_probabilities(
        circuit,
        flat.variables,
        forced=scenario.forced_events,
        fixed_worlds=scenario.fixed_worlds,
    )
    p_fails = flat.root_probabilities(q)
    expected, _ = Oracle(portfolio).impact(assumptions, techniques, worlds)
    for c, case in enumerate(circuit.cases):
        assert close(1.0 - float(p_fails[c]), expected[case.id][1]), case.id
