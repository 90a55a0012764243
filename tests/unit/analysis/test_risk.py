"""Portfolio risk and residual risk (DESIGN §4.3, §4.4): methods, estimates and fields."""

from __future__ import annotations

import math

import pytest

from service.analysis import (
    Circuit,
    compile_circuit,
    portfolio_risk,
    residual_risk,
    swiss_cheese_matrix,
)
from service.analysis import risk as risk_module
from service.analysis.risk import dependence
from service.errors import AnalysisTooLargeError, InvalidInputError, NotFoundError
from tests.unit.analysis.builders import assumption, case, deployment, node, portfolio, question
from tests.unit.analysis.synthetic import synthetic_portfolio

SECTION_8_FIELDS = {
    "deployment",
    "method",
    "p_uncovered",
    "naive",
    "correlation_penalty",
    "n_eff",
    "expected_risk",
    "robustness",
    "threshold_met",
    "case_failure",
}


@pytest.fixture(scope="module")
def medium() -> Circuit:
    return compile_circuit(synthetic_portfolio(cases=12, assumptions=120, questions=5, seed=7))


def test_monte_carlo_is_within_four_standard_errors_of_exact_on_a_medium_instance(
    medium: Circuit,
) -> None:
    exact = portfolio_risk(medium, "d0", method="exact")
    assert 0.01 < exact.p_uncovered < 0.99
    for seed in (11, 12, 13, 14):
        sampled = portfolio_risk(medium, "d0", method="mc", samples=40_000, seed=seed)
        assert sampled.method == "mc"
        assert sampled.std_error is not None
        assert abs(sampled.p_uncovered - exact.p_uncovered) <= 4 * sampled.std_error
        for case_id, p in exact.case_failure.items():
            se = math.sqrt(p * (1 - p) / 40_000)
            assert abs(sampled.case_failure[case_id] - p) <= 4 * se + 1e-12


def test_monte_carlo_is_reproducible_with_a_seed(medium: Circuit) -> None:
    a = portfolio_risk(medium, "d0", method="mc", samples=5000, seed=3)
    b = portfolio_risk(medium, "d0", method="mc", samples=5000, seed=3)
    assert a.to_json() == b.to_json()


def test_auto_uses_exact_when_tractable_and_reports_it(medium: Circuit) -> None:
    assert portfolio_risk(medium, "d0").method == "exact"


def test_auto_falls_back_to_monte_carlo_when_exact_is_too_large(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    circuit = compile_circuit(synthetic_portfolio(cases=6, assumptions=60, questions=3, seed=1))
    monkeypatch.setattr(risk_module, "AUTO_STEP_LIMIT", 3)
    result = portfolio_risk(circuit, "d0", method="auto", samples=2000, seed=1)
    assert result.method == "mc"
    assert "std_error" in result.to_json()
    assert portfolio_risk(circuit, "d0", method="exact").method == "exact"


def test_auto_samples_without_planning_past_its_shared_limit_and_exact_still_plans(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A circuit of its own: a plan kept from another test would be used whatever its sharing.
    medium = compile_circuit(synthetic_portfolio(cases=12, assumptions=120, questions=5, seed=7))
    monkeypatch.setattr(risk_module, "AUTO_SHARED_LIMIT", 0)
    planned: list[object] = []
    original = risk_module.plan_worldwise

    def counting(*args: object, **kwargs: object) -> object:
        planned.append(kwargs.get("shared_limit"))
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(risk_module, "plan_worldwise", counting)
    first = portfolio_risk(medium, "d0", method="auto", samples=2000, seed=1)
    again = portfolio_risk(medium, "d0", method="auto", samples=2000, seed=1)
    assert (first.method, again.method) == ("mc", "mc")
    assert planned == [0]  # refused once at classification, then remembered
    assert portfolio_risk(medium, "d0", method="exact").method == "exact"


def test_exact_refuses_with_a_named_error_when_planning_exceeds_its_bound(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    circuit = compile_circuit(synthetic_portfolio(cases=6, assumptions=60, questions=3, seed=1))
    monkeypatch.setattr(risk_module, "EXACT_STEP_LIMIT", 3)
    with pytest.raises(
        AnalysisTooLargeError, match=r"exact risk of deployment 'd0'.*use method mc"
    ):
        portfolio_risk(circuit, "d0", method="exact")


def test_exact_refuses_when_the_evaluation_exceeds_its_bound(
    monkeypatch: pytest.MonkeyPatch, medium: Circuit
) -> None:
    monkeypatch.setattr(risk_module, "EXACT_WORK_LIMIT", 1)
    with pytest.raises(AnalysisTooLargeError, match="world x step evaluations"):
        portfolio_risk(medium, "d0", method="exact")


def test_exact_refuses_by_the_worlds_of_its_questions_before_planning_a_step(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    circuit = compile_circuit(synthetic_portfolio(cases=6, assumptions=20, questions=3, seed=1))
    monkeypatch.setattr(risk_module, "EXACT_WORK_LIMIT", 1)

    def no_step(*_: object) -> None:
        raise AssertionError("planned a step")

    monkeypatch.setattr("service.analysis.per_world._Planner._step", no_step)
    with pytest.raises(AnalysisTooLargeError, match=r"at least .* world x step evaluations"):
        portfolio_risk(circuit, "d0", method="exact")


def test_the_matrix_refuses_with_a_named_error_when_planning_exceeds_its_bound(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    circuit = compile_circuit(synthetic_portfolio(cases=6, assumptions=60, questions=3, seed=1))
    monkeypatch.setattr("service.analysis.matrix.EXACT_STEP_LIMIT", 3)
    with pytest.raises(AnalysisTooLargeError, match="Swiss-cheese matrix of deployment 'd0'"):
        swiss_cheese_matrix(circuit, "d0")


def test_json_has_the_section_8_fields_and_std_error_only_for_monte_carlo(
    medium: Circuit,
) -> None:
    exact = portfolio_risk(medium, "d0", method="exact").to_json()
    assert exact.keys() >= SECTION_8_FIELDS
    assert "std_error" not in exact
    sampled = portfolio_risk(medium, "d0", method="mc", samples=1000, seed=1).to_json()
    assert SECTION_8_FIELDS | {"std_error"} <= sampled.keys()


def test_an_uncovered_deployment_is_certain_to_be_uncovered_and_keeps_its_prior_risk() -> None:
    p = portfolio(deployments=[deployment("d", prior_risk=0.2, risk_threshold=0.1)])
    result = portfolio_risk(compile_circuit(p), "d")
    assert result.p_uncovered == 1.0
    assert result.naive == 1.0
    assert result.correlation_penalty == 1.0
    assert result.n_eff is None
    assert result.expected_risk == pytest.approx(0.2)
    assert result.robustness == 0.0
    assert not result.threshold_met


def test_robustness_is_the_prior_mass_of_worlds_within_the_threshold() -> None:
    # The case holds surely in w0 (risk 0) and fails surely in w1 (risk = prior risk).
    p = portfolio(
        questions=[question("q", w0=0.7, w1=0.3)],
        assumptions=[assumption("a", fails_in={"w1": 1.0})],
        deployments=[deployment("d", prior_risk=0.5, risk_threshold=0.1)],
        cases=[case("c", node("g", relies_on=["a"]), ["d"])],
    )
    result = residual_risk(compile_circuit(p), "d")
    assert result.robustness == pytest.approx(0.7)
    assert result.expected_risk == pytest.approx(0.15)
    assert not result.threshold_met  # 80 % safe worlds is not "safe"
    assert result.worst_worlds[0].worlds == ("w1",)
    assert result.worst_worlds[0].risk == pytest.approx(0.5)


def test_effectiveness_scales_the_risk_a_holding_case_removes() -> None:
    p = portfolio(
        deployments=[deployment("d", prior_risk=1.0, risk_threshold=0.2)],
        cases=[case("c", node("g"), ["d"], effectiveness=0.9, p_unsound=0.5)],
    )
    result = portfolio_risk(compile_circuit(p), "d")
    assert result.p_uncovered == pytest.approx(0.5)
    assert result.expected_risk == pytest.approx(1 - 0.9 * 0.5)


def test_dependence_is_undefined_where_its_logarithms_are() -> None:
    assert dependence(0.0, [0.5, 0.5]) == (0.25, 0.0, None)
    assert dependence(1.0, [1.0, 1.0]) == (1.0, 1.0, None)
    naive, penalty, n_eff = dependence(0.25, [0.5, 0.5])
    assert (naive, penalty) == (0.25, 1.0)
    assert n_eff == pytest.approx(2.0)
    assert dependence(0.0, [0.0, 0.5])[1] is None


def test_bad_arguments_are_rejected(medium: Circuit) -> None:
    with pytest.raises(InvalidInputError, match="'fast'"):
        portfolio_risk(medium, "d0", method="fast")
    with pytest.raises(InvalidInputError, match="samples"):
        portfolio_risk(medium, "d0", method="mc", samples=0)
    with pytest.raises(NotFoundError, match="'d9'"):
        portfolio_risk(medium, "d9")
