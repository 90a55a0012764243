"""The analysis queries over HTTP agree with the shared use cases the CLI runs."""

from __future__ import annotations

import pytest

from service.analysis import Scenario
from service.audit import Policy, run_audit
from service.store.database import Database
from service.store.portfolio_reader import read_portfolio
from service.usecases import analysis as usecases
from service.usecases.portfolios import WorkspaceSource
from tests.e2e.api.conftest import Api

pytestmark = [pytest.mark.e2e, pytest.mark.integration]

DEPLOYMENT = "asl4-internal-rd"


def test_impact_matches_the_use_case(api: Api, database: Database) -> None:
    expected = usecases.impact(WorkspaceSource(database, "default"), Scenario.of(worlds=["opaque"]))
    data = api.query(
        '{ impact(scenario: {worlds: ["opaque"]}) { scenario { worlds } '
        "cases { case { id } outcome pHolds } } }"
    )["impact"]
    assert data["scenario"]["worlds"] == ["opaque"]
    got = {c["case"]["id"]: (c["outcome"], c["pHolds"]) for c in data["cases"]}
    assert got == {c.id: (c.outcome.value, pytest.approx(c.p_holds)) for c in expected.cases}


def test_aligned_holes_lists_minimal_cut_sets_with_their_nodes(
    api: Api, database: Database
) -> None:
    expected = usecases.aligned_holes(WorkspaceSource(database, "default"), DEPLOYMENT, max_order=2)
    data = api.query(
        """query($d: ID!) { alignedHoles(deployment: $d, maxOrder: 2, over: [ASSUMPTION, WORLD]) {
           deployment { id } maxOrder over cutSets { order probability
           events { kind id node { id } } } singlePointsOfFailure { id } } }""",
        {"d": DEPLOYMENT},
    )["alignedHoles"]
    assert data["deployment"] == {"id": DEPLOYMENT}
    assert data["over"] == ["ASSUMPTION", "WORLD"]
    assert data["cutSets"], "the example has aligned holes"
    for cut_set in data["cutSets"]:
        assert cut_set["order"] <= 2
        assert all(e["kind"] in ("ASSUMPTION", "WORLD") for e in cut_set["events"])
        assert all(e["node"]["id"] == e["id"] for e in cut_set["events"])
    assert len(expected.cut_sets) >= len(data["cutSets"])


def test_risk_exact_and_monte_carlo_report_their_method(api: Api) -> None:
    query = """query($m: RiskMethod!) { risk(deployment: "asl4-internal-rd", method: $m,
        samples: 20000, seed: 7) { method pUncovered stdError naive correlationPenalty nEff
        expectedRisk robustness thresholdMet caseFailure { case { id } probability }
        worstWorlds { prior risk worlds { id } } deployment { id } } }"""
    exact = api.query(query, {"m": "EXACT"})["risk"]
    mc = api.query(query, {"m": "MC"})["risk"]
    assert exact["method"] == "EXACT"
    assert exact["stdError"] is None
    assert mc["method"] == "MC"
    assert mc["stdError"] > 0
    assert abs(mc["pUncovered"] - exact["pUncovered"]) <= 4 * mc["stdError"] + 1e-9
    assert {c["case"]["id"] for c in exact["caseFailure"]}
    assert 0.0 <= exact["robustness"] <= 1.0


def test_correlation_and_swiss_cheese_matrix(api: Api) -> None:
    data = api.query(
        """{ correlation(deployment: "asl4-internal-rd") { deployment { id }
               pairs { cases { id } pBothFail phi overlap { worlds techniques assumptions } } }
             swissCheeseMatrix(deployment: "asl4-internal-rd") { worlds { id }
               cases { case { id } pHolds { world { id } probability } } } }"""
    )
    pairs = data["correlation"]["pairs"]
    assert pairs
    assert all(len(p["cases"]) == 2 for p in pairs)
    matrix = data["swissCheeseMatrix"]
    world_ids = [w["id"] for w in matrix["worlds"]]
    assert world_ids
    for row in matrix["cases"]:
        assert [cell["world"]["id"] for cell in row["pHolds"]] == world_ids
        assert all(0.0 <= cell["probability"] <= 1.0 for cell in row["pHolds"])


def test_audit_with_default_and_custom_policies(api: Api) -> None:
    data = api.query("{ audit { policyName errors findings { rule severity nodes remedy } } }")
    assert data["audit"]["findings"]
    assert all(f["severity"] in ("note", "warning", "error") for f in data["audit"]["findings"])
    errors = api.errors('{ audit(policy: "rules: 5") { errors } }')
    assert errors[0]["extensions"]["code"] == "BAD_USER_INPUT"


@pytest.mark.parametrize("policy", [None, "exclude_case_statuses: []\n"])
def test_audit_on_the_kept_circuit_equals_a_fresh_audit_of_the_stored_portfolio(
    api: Api, database: Database, policy: str | None
) -> None:
    chosen = Policy.from_yaml_text(policy, "policy") if policy else Policy.defaults()
    expected = run_audit(read_portfolio(database, "default"), chosen).to_json()["findings"]
    query = "query($p: String) { audit(policy: $p) { findings { rule severity message nodes } } }"
    for _ in range(2):  # the second audit runs on the circuit kept for this revision
        found = api.query(query, {"p": policy})["audit"]["findings"]
        assert [(f["rule"], f["message"], f["nodes"]) for f in found] == [
            (f["rule"], f["message"], f["nodes"]) for f in expected
        ]


def test_analyses_of_unknown_deployments_say_so(api: Api) -> None:
    errors = api.errors('{ risk(deployment: "nope") { pUncovered } }')
    assert errors[0]["extensions"]["code"] == "NOT_FOUND"
    assert "nope" in errors[0]["message"]
