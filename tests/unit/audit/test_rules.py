"""Each default rule of DESIGN §4.7 firing and not firing, on small portfolios."""

from __future__ import annotations

import pytest

from service.audit import Finding, Policy, Severity, run_audit
from service.model import Portfolio, Stakes
from tests.unit.analysis.synthetic import synthetic_portfolio
from tests.unit.audit.builders import assumption, case, deployment, portfolio


def findings(p: Portfolio, rule: str, policy: str = "") -> tuple[Finding, ...]:
    return run_audit(p, Policy.from_yaml_text(policy)).findings_of(rule)


# --- min-cases ----------------------------------------------------------------------------------


def test_min_cases_fires_for_a_high_stakes_deployment_with_one_case() -> None:
    p = portfolio(cases=[case("c1", ["d"], ["a1"])])
    (f,) = findings(p, "min-cases")
    assert f.severity is Severity.ERROR
    assert f.nodes == ("d", "c1")
    assert "covered by only 1 case (`c1`)" in f.message
    assert "at least 2" in f.message
    assert "Add 1 more case covering `d`" in f.remedy
    assert "`w1`" in f.remedy  # the world its only case fails in


def test_min_cases_passes_with_two_cases() -> None:
    p = portfolio(cases=[case("c1", ["d"], ["a1"]), case("c2", ["d"], ["a2"])])
    assert findings(p, "min-cases") == ()


def test_min_cases_fires_for_an_uncovered_deployment() -> None:
    p = portfolio(cases=[], deployments=[deployment("d", "critical")])
    (f,) = findings(p, "min-cases")
    assert "covered by no case" in f.message
    assert f.nodes == ("d",)


def test_min_cases_skips_medium_stakes() -> None:
    p = portfolio(cases=[case("c1", ["d"], ["a1"])], deployments=[deployment("d", "medium")])
    report = run_audit(p)
    assert report.findings_of("min-cases") == ()
    (check,) = [c for c in report.checks if c.rule == "min-cases"]
    assert check.status.value == "skipped"
    assert "stakes medium" in (check.reason or "")


def test_rejected_cases_do_not_count() -> None:
    p = portfolio(cases=[case("c1", ["d"], ["a1"]), case("c2", ["d"], ["a2"], status="rejected")])
    report = run_audit(p)
    (f,) = report.findings_of("min-cases")
    assert f.nodes == ("d", "c1")
    assert any("c2" in w for w in report.warnings)
    # ... unless the policy counts them.
    assert findings(p, "min-cases", "exclude_case_statuses: []") == ()


# --- single-point-of-failure -------------------------------------------------------------------


def test_shared_world_model_is_a_single_point_of_failure() -> None:
    p = portfolio(cases=[case("c1", ["d"], ["a1"]), case("c2", ["d"], ["a3"])])
    (f,) = findings(p, "single-point-of-failure")
    assert f.severity is Severity.ERROR
    assert f.nodes == ("w1", "d", "c1", "c2")
    assert f.deployments == ("d",)
    assert "World model `w1`" in f.message
    assert "both cases covering it fail" in f.message
    assert "through assumptions `a1`, `a3`" in f.message
    assert f.remedy.startswith("Add a case for `d` whose assumptions do not fail in world `w1`")


def test_diverse_cases_have_no_single_point_of_failure() -> None:
    p = portfolio(cases=[case("c1", ["d"], ["a1"]), case("c2", ["d"], ["a2"])])
    assert findings(p, "single-point-of-failure") == ()


def test_shared_assumption_and_technique_are_single_points_of_failure() -> None:
    p = portfolio(
        techniques=[{"id": "t", "name": "T"}],
        assumptions=[
            assumption("a1", ["w1"], techniques=["t"]),
            assumption("a2", ["x1"], techniques=["t"]),
            assumption("shared", ["x2"]),
        ],
        cases=[case("c1", ["d"], ["a1", "shared"]), case("c2", ["d"], ["a2", "shared"])],
    )
    found = {f.nodes[0]: f for f in findings(p, "single-point-of-failure")}
    assert set(found) == {"t", "shared", "x2"}
    assert "Technique `t`" in found["t"].message
    assert "does not rely on technique `t`" in found["t"].remedy
    assert "Assumption `shared`" in found["shared"].message
    assert "does not rely on assumption `shared`" in found["shared"].remedy
    only_worlds = findings(
        p, "single-point-of-failure", "rules: {single-point-of-failure: {over: [worlds]}}"
    )
    assert [f.nodes[0] for f in only_worlds] == ["x2"]


def test_single_point_of_failure_for_a_deployment_no_case_covers() -> None:
    p = portfolio(cases=[])
    (f,) = findings(p, "single-point-of-failure")
    assert "covered by no case" in f.message


def test_single_point_of_failure_skips_low_stakes() -> None:
    p = portfolio(cases=[case("c1", ["d"], ["a1"])], deployments=[deployment("d", "low")])
    assert findings(p, "single-point-of-failure") == ()


# --- fails-in-stated --------------------------------------------------------------------------


def test_assumption_without_world_models_is_flagged() -> None:
    p = portfolio(
        assumptions=[assumption("a1", ["w1"]), assumption("bare")],
        cases=[case("c1", ["d"], ["a1", "bare"])],
    )
    (f,) = findings(p, "fails-in-stated")
    assert f.severity is Severity.WARNING
    assert f.nodes == ("bare",)
    assert f.deployments == ("d",)
    assert "`bare` states no world model" in f.message
    assert "Add `fails_in` to assumption `bare`" in f.remedy
    assert "`q`" in f.remedy  # names the questions whose answers it could fail in


def test_fails_in_with_p_zero_states_nothing() -> None:
    p = portfolio(assumptions=[assumption("a1", ["w1"], p=0.0)], cases=[case("c1", ["d"], ["a1"])])
    (f,) = findings(p, "fails-in-stated")
    assert "p = 0" in f.message


def test_world_models_stated_by_a_technique_count_by_default() -> None:
    p = portfolio(
        techniques=[{"id": "t", "name": "T", "fails_in": [{"world": "w1"}]}],
        assumptions=[assumption("a1", techniques=["t"])],
        cases=[case("c1", ["d"], ["a1"])],
    )
    assert findings(p, "fails-in-stated") == ()
    strict = findings(p, "fails-in-stated", "rules: {fails-in-stated: {through: []}}")
    assert [f.nodes for f in strict] == [("a1",)]


def test_relies_on_counts_only_when_the_policy_says_so() -> None:
    p = portfolio(
        assumptions=[assumption("a1", ["w1"]), assumption("derived", relies_on=["a1"])],
        cases=[case("c1", ["d"], ["derived"])],
    )
    assert [f.nodes for f in findings(p, "fails-in-stated")] == [("derived",)]
    lenient = "rules: {fails-in-stated: {through: [techniques, relies_on]}}"
    assert findings(p, "fails-in-stated", lenient) == ()


def test_an_assumption_no_case_reaches_concerns_no_deployment() -> None:
    p = portfolio(
        assumptions=[assumption("a1", ["w1"]), assumption("unused")],
        cases=[case("c1", ["d"], ["a1"])],
    )
    report = run_audit(p)
    (f,) = report.findings_of("fails-in-stated")
    assert f.deployments == ()
    orphan = [c for c in report.checks if c.rule == "fails-in-stated" and c.deployment is None]
    assert len(orphan) == 1


# --- min-robustness ---------------------------------------------------------------------------


def test_low_robustness_is_flagged() -> None:
    # Both cases fail in w1 (prior 0.5): risk 1 there, 0 elsewhere; robustness 0.5 < 0.8.
    p = portfolio(cases=[case("c1", ["d"], ["a1"]), case("c2", ["d"], ["a3"])])
    (f,) = findings(p, "min-robustness")
    assert f.severity is Severity.WARNING
    assert "robust in 50.0 % of worlds" in f.message
    assert "minimum is 80.0 %" in f.message
    assert f.nodes == ("d", "w1")
    assert "do not fail in `w1`" in f.remedy


def test_robustness_meeting_the_minimum_passes() -> None:
    p = portfolio(cases=[case("c1", ["d"], ["a1"]), case("c2", ["d"], ["a3"])])
    assert findings(p, "min-robustness", "rules: {min-robustness: {minimum: 0.5}}") == ()
    # Diverse cases: only (w1, x1) defeats both; robustness 0.75.
    diverse = portfolio(cases=[case("c1", ["d"], ["a1"]), case("c2", ["d"], ["a2"])])
    assert findings(diverse, "min-robustness", "rules: {min-robustness: {minimum: 0.75}}") == ()
    assert len(findings(diverse, "min-robustness", "rules: {min-robustness: {minimum: 0.76}}")) == 1


def test_robustness_by_monte_carlo_is_repeatable() -> None:
    p = portfolio(cases=[case("c1", ["d"], ["a1"]), case("c2", ["d"], ["a3"])])
    policy = "rules: {min-robustness: {method: mc, samples: 2000}}"
    first = findings(p, "min-robustness", policy)
    assert first == findings(p, "min-robustness", policy)
    assert "Monte Carlo estimate" in first[0].message


def test_zero_risk_threshold_gets_its_own_remedy() -> None:
    p = portfolio(
        cases=[case("c1", ["d"], ["a1"]), case("c2", ["d"], ["a2"])],
        deployments=[deployment("d", risk_threshold=0.0)],
    )
    (f,) = findings(p, "min-robustness")
    assert "Set a `risk_threshold` for `d`" in f.remedy


# --- open-defeaters ---------------------------------------------------------------------------


def _defeater(target: str, status: str = "open", defeater_id: str = "doubt") -> dict[str, str]:
    return {"id": defeater_id, "statement": "Is it so?", "challenges": target, "status": status}


@pytest.mark.parametrize("target", ["c1", "c1-g1", "c1-e1", "a1", "base", "t"])
def test_open_defeater_on_an_accepted_case_fires(target: str) -> None:
    p = portfolio(
        techniques=[{"id": "t", "name": "T", "fails_in": [{"world": "x1"}]}],
        assumptions=[
            assumption("a1", ["w1"], relies_on=["base"]),
            assumption("base", techniques=["t"]),
        ],
        cases=[case("c1", ["d"], ["a1"], status="accepted")],
        defeaters=[_defeater(target)],
    )
    (f,) = findings(p, "open-defeaters")
    assert f.severity is Severity.ERROR
    assert f.nodes[0] == "doubt"
    assert f.nodes[-1] == "c1"
    assert "Accepted case `c1` has an open defeater `doubt`" in f.message
    assert "Resolve defeater `doubt`" in f.remedy


@pytest.mark.parametrize(
    ("status", "defeater_status", "target"),
    [
        ("accepted", "resolved", "a1"),  # resolved
        ("draft", "open", "a1"),  # case not accepted
        ("accepted", "open", "w1"),  # a doubt about a world model, not the case
        ("accepted", "open", "a2"),  # an assumption the case does not rely on
    ],
)
def test_open_defeater_does_not_fire(status: str, defeater_status: str, target: str) -> None:
    p = portfolio(
        cases=[case("c1", ["d"], ["a1"], status=status)],
        defeaters=[_defeater(target, defeater_status)],
    )
    assert findings(p, "open-defeaters") == ()


def test_open_defeaters_on_submitted_cases_when_the_policy_says_so() -> None:
    p = portfolio(
        cases=[case("c1", ["d"], ["a1"], status="submitted")], defeaters=[_defeater("a1")]
    )
    policy = "rules: {open-defeaters: {statuses: [submitted, accepted]}}"
    assert len(findings(p, "open-defeaters", policy)) == 1


def test_open_defeater_on_a_shared_sub_argument() -> None:
    shared = {"id": "shared-e", "type": "evidence", "statement": "Shared evidence"}
    p = portfolio(
        cases=[
            case("c1", ["d"], ["a1"], children=[shared]),
            case("c2", ["d"], ["a2"], status="accepted", children=[{"ref": "shared-e"}]),
        ],
        defeaters=[_defeater("shared-e")],
    )
    (f,) = findings(p, "open-defeaters")
    assert f.nodes == ("doubt", "shared-e", "c2")


# --- undeveloped-goals ------------------------------------------------------------------------


def test_leaf_goal_of_an_accepted_case_is_undeveloped() -> None:
    p = portfolio(cases=[case("c1", ["d"], ["a1"], status="accepted", children=[])])
    (f,) = findings(p, "undeveloped-goals")
    assert f.severity is Severity.WARNING
    assert f.nodes == ("c1-g1", "c1")
    assert "Root goal `c1-g1` of accepted case `c1` is undeveloped" in f.message
    assert "Develop goal `c1-g1`" in f.remedy


def test_nested_leaf_goal_is_undeveloped_but_leaf_evidence_is_not() -> None:
    children = [
        {"id": "sub", "type": "goal", "statement": "Sub-claim"},
        {"id": "ev", "type": "evidence", "statement": "Evidence"},
    ]
    p = portfolio(cases=[case("c1", ["d"], ["a1"], status="accepted", children=children)])
    assert [f.nodes for f in findings(p, "undeveloped-goals")] == [("sub", "c1")]


def test_developed_or_unaccepted_cases_pass() -> None:
    developed = portfolio(cases=[case("c1", ["d"], ["a1"], status="accepted")])
    assert findings(developed, "undeveloped-goals") == ()
    draft = portfolio(cases=[case("c1", ["d"], ["a1"], children=[])])
    assert findings(draft, "undeveloped-goals") == ()


def test_robustness_from_common_samples_gives_the_exact_verdicts() -> None:
    portfolio = synthetic_portfolio(
        cases=24, assumptions=40, questions=3, cases_per_deployment=3, seed=2
    )
    for d in portfolio.deployments:
        d.stakes = Stakes.HIGH
        d.risk_threshold = 0.005
    verdicts = {}
    for method in ("exact", "mc"):
        policy = Policy.from_yaml_text(
            f"rules: {{min-robustness: {{method: {method}, minimum: 0.6}}}}\n", "policy"
        )
        found = run_audit(portfolio, policy).findings_of("min-robustness")
        verdicts[method] = sorted(f.subject for f in found)
    assert len(verdicts["exact"]) not in (0, len(portfolio.deployments))  # both verdicts occur
    assert verdicts["mc"] == verdicts["exact"]
