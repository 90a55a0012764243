"""Prior profiles over HTTP (DESIGN §4.8-4.11, §8): the new fields agree with the use cases
the CLI runs, `priors:` changes every quantitative field, an unknown profile is refused."""

from __future__ import annotations

import pytest

from service.store.database import Database
from service.usecases import priors as priors_usecases
from service.usecases.portfolios import WorkspaceSource
from tests.e2e.api.conftest import Api

pytestmark = [pytest.mark.e2e, pytest.mark.integration]

DEPLOYMENT = "asl4-internal-rd"


def test_prior_profiles_round_trip_through_the_graph_and_list_as_a_connection(api: Api) -> None:
    data = api.query(
        "{ priorProfiles(sort: {field: ID}) { totalCount edges { node { id name "
        "sources { nodes { id } } priors { nodes { prior world { id } } } } } } }"
    )["priorProfiles"]
    assert data["totalCount"] == 3
    nodes = [e["node"] for e in data["edges"]]
    assert [n["id"] for n in nodes] == ["authors", "optimist", "pessimist"]
    optimist = nodes[1]
    priors = {p["world"]["id"]: p["prior"] for p in optimist["priors"]["nodes"]}
    assert priors == {"parsimonious": 0.5, "opaque": 0.5, "no-scheming": 0.9, "scheming": 0.1}
    assert {"id": "greenblatt-high-assurance"} in optimist["sources"]["nodes"]


def test_risk_across_priors_matches_the_use_case(api: Api, database: Database) -> None:
    expected = priors_usecases.risk_across_priors(
        WorkspaceSource(database, "default"), DEPLOYMENT, seed=0
    )
    data = api.query(
        '{ riskAcrossPriors(deployment: "asl4-internal-rd") { verdictsAgree deployment { id } '
        "profiles { profile name method pUncovered expectedRisk robustness thresholdMet } } }"
    )["riskAcrossPriors"]
    assert data["deployment"] == {"id": DEPLOYMENT}
    assert data["verdictsAgree"] == expected.verdicts_agree
    assert [p["profile"] for p in data["profiles"]] == [p.id for p in expected.profiles]
    for got, want in zip(data["profiles"], expected.profiles, strict=True):
        assert got["expectedRisk"] == pytest.approx(want.expected_risk)


def test_question_sensitivity_importance_and_budget(api: Api) -> None:
    data = api.query(
        """{ questionSensitivity(deployment: "asl4-internal-rd", priors: "pessimist") {
              thresholdMet questions { question { id } swing flipProbability
              answers { world { id } prior expectedRisk pUncovered thresholdMet } } }
            importance(deployment: "asl4-internal-rd", over: [WORLD, TECHNIQUE]) {
              method pUncovered events { kind id birnbaum fussellVesely raw rrw pGiven
              pGivenNot node { id } } }
            riskBudget { riskBudget totalExpectedRisk withinBudget
              deployments { deployment { id } expectedRisk share } }
            risk(deployment: "asl4-internal-rd") {
              requiredUpdate deliveredUpdate expectedRisk } }"""
    )
    questions = data["questionSensitivity"]["questions"]
    assert questions[0]["question"]["id"] == "parsimony"
    pessimist = {a["world"]["id"]: a["prior"] for a in questions[0]["answers"]}
    assert pessimist == {"parsimonious": 0.1, "opaque": 0.9}
    importance = data["importance"]
    assert importance["method"] == "EXACT"
    assert importance["events"][0]["id"] == "opaque"
    assert {e["kind"] for e in importance["events"]} == {"WORLD", "TECHNIQUE"}
    budget = data["riskBudget"]
    assert budget["riskBudget"] == 0.0025
    assert budget["withinBudget"] is False
    assert budget["deployments"][0]["deployment"]["id"] == DEPLOYMENT
    risk = data["risk"]
    assert risk["requiredUpdate"] == pytest.approx(12.0)
    assert risk["deliveredUpdate"] == pytest.approx(0.03 / risk["expectedRisk"])


@pytest.mark.parametrize(
    "field",
    [
        'risk(deployment: "asl4-internal-rd", priors: $p) { expectedRisk }',
        'swissCheeseMatrix(deployment: "asl4-internal-rd", priors: $p) '
        "{ cases { pHolds { probability } } }",
        'correlation(deployment: "asl4-internal-rd", priors: $p) { pairs { phi } }',
        'alignedHoles(deployment: "asl4-internal-rd", priors: $p) { cutSets { probability } }',
        "impact(scenario: {worlds: []}, priors: $p) { cases { pHolds } }",
        'importance(deployment: "asl4-internal-rd", priors: $p) { pUncovered }',
        "riskBudget(priors: $p) { totalExpectedRisk }",
        "audit(priors: $p) { findings { rule message } }",
    ],
)
def test_priors_change_every_quantitative_field_and_unknown_ones_are_refused(
    api: Api, field: str
) -> None:
    query = f"query($p: ID) {{ result: {field} }}"
    assert api.query(query, {"p": "pessimist"}) != api.query(query, {"p": None})
    (error,) = api.errors(query, {"p": "nobody"})
    assert "prior profile 'nobody' not found" in error["message"]


CREATE = """mutation($input: PriorProfileInput!) { createPriorProfile(input: $input) {
  revision node { id ... on PriorProfile { name priors { nodes { prior world { id } } } } } } }"""


def _profile(**overrides: object) -> dict[str, object]:
    profile: dict[str, object] = {
        "id": "sceptic",
        "name": "A sceptic",
        "priors": [{"world": "parsimonious", "prior": 0.05}, {"world": "opaque", "prior": 0.95}],
        "sources": ["greenblatt-high-assurance"],
    }
    profile.update(overrides)
    return profile


def test_prior_profiles_are_created_updated_and_deleted(api: Api) -> None:
    before = api.query(
        '{ risk(deployment: "asl4-internal-rd", priors: "default") { expectedRisk } }'
    )
    created = api.query(CREATE, {"input": _profile()})["createPriorProfile"]
    assert created["node"]["name"] == "A sceptic"
    query = '{ risk(deployment: "asl4-internal-rd", priors: "sceptic") { expectedRisk } }'
    sceptic = api.query(query)["risk"]["expectedRisk"]
    assert sceptic > before["risk"]["expectedRisk"]
    update = """mutation($input: PriorProfileInput!) { updatePriorProfile(input: $input) {
        node { id } } }"""
    changed = _profile(
        priors=[{"world": "parsimonious", "prior": 0.9}, {"world": "opaque", "prior": 0.1}]
    )
    api.query(update, {"input": changed})
    assert api.query(query)["risk"]["expectedRisk"] < sceptic
    api.query('mutation { deletePriorProfile(id: "sceptic") { deletedIds } }')
    (error,) = api.errors(query)
    assert "prior profile 'sceptic' not found" in error["message"]


def test_a_profile_created_again_identically_reports_it_already_existed(api: Api) -> None:
    create = CREATE.replace("revision node", "revision alreadyExisted node")
    first = api.query(create, {"input": _profile()})["createPriorProfile"]
    reordered = _profile(
        priors=[{"world": "opaque", "prior": 0.95}, {"world": "parsimonious", "prior": 0.05}]
    )
    again = api.query(create, {"input": reordered})["createPriorProfile"]
    assert first["alreadyExisted"] is False
    assert again == {**first, "alreadyExisted": True}
    assert api.query("{ workspaceRevision }")["workspaceRevision"] == first["revision"]
    (error,) = api.errors(create, {"input": _profile(name="Another sceptic")})
    assert "prior profile 'sceptic' already exists" in error["message"]
    assert "name ('A sceptic' stored, 'Another sceptic' given)" in error["message"]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"priors": [{"world": "atlantis", "prior": 1.0}]}, "unknown world model 'atlantis'"),
        ({"priors": [{"world": "opaque", "prior": 1.0}]}, "only in part"),
        (
            {
                "priors": [
                    {"world": "parsimonious", "prior": 0.5},
                    {"world": "opaque", "prior": 0.6},
                ]
            },
            "summing to 1.1, not 1",
        ),
        ({"id": "default"}, "reserved"),
        ({"id": "opaque"}, "already used by another entity"),
    ],
)
def test_bad_profiles_are_refused_by_name_and_write_nothing(
    api: Api, overrides: dict[str, object], message: str
) -> None:
    revision = api.query("{ workspaceRevision }")["workspaceRevision"]
    (error,) = api.errors(CREATE, {"input": _profile(**overrides)})
    assert message in error["message"]
    assert api.query("{ workspaceRevision }")["workspaceRevision"] == revision
    assert api.query("{ priorProfiles { totalCount } }")["priorProfiles"]["totalCount"] == 3
