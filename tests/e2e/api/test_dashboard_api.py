"""What dashboards read (DESIGN §9): the overview in one round trip, the `outcomes:` filter,
flat rows, and the dashboard's pages with their security headers."""

from __future__ import annotations

import pytest

from service.api.dashboard import assets
from tests.e2e.api.conftest import Api

pytestmark = [pytest.mark.e2e, pytest.mark.integration]

OVERVIEW = """{ overview { totalCount nodes { deployment { id } coveringCases covered
  naive naiveOverThreshold
  risk { method pUncovered naive correlationPenalty nEff expectedRisk riskThreshold
         thresholdMet robustness }
  riskError singlePointsOfFailure auditFindings } } }"""


def test_overview_gives_every_deployment_worst_first_with_the_figures_of_risk(api: Api) -> None:
    overview = api.query(OVERVIEW, key=api.keys.viewer)["overview"]
    rows = overview["nodes"]
    ids = [row["deployment"]["id"] for row in rows]
    assert overview["totalCount"] == len(rows) == 5
    assert ids[0] == "asl4-internal-rd"  # over its threshold by the largest factor
    first = rows[0]
    risk = api.query(
        '{ risk(deployment: "asl4-internal-rd", method: AUTO, seed: 0) '
        "{ pUncovered naive expectedRisk robustness } }"
    )["risk"]
    assert first["risk"]["pUncovered"] == pytest.approx(risk["pUncovered"])
    assert first["risk"]["naive"] == pytest.approx(risk["naive"])
    assert first["risk"]["robustness"] == pytest.approx(risk["robustness"])
    holes = api.query(
        '{ alignedHoles(deployment: "asl4-internal-rd", maxOrder: 1) '
        "{ singlePointsOfFailure { id } } }"
    )["alignedHoles"]
    assert first["singlePointsOfFailure"] == len(holes["singlePointsOfFailure"]) == 1
    assert first["coveringCases"] == 3
    findings = api.query("{ audit { findings { deployments } } }")["audit"]["findings"]
    assert first["auditFindings"] == sum("asl4-internal-rd" in f["deployments"] for f in findings)
    assert all(row["naive"] == pytest.approx(row["risk"]["naive"]) for row in rows)
    ratios = [row["naiveOverThreshold"] for row in rows]
    assert ratios == sorted(ratios, reverse=True)


def test_overview_pages(api: Api) -> None:
    page = api.query(
        "{ overview(first: 2) { nodes { deployment { id } } pageInfo { endCursor } } }"
    )
    rest = api.query(
        "query($after: String) { overview(first: 10, after: $after) "
        "{ nodes { deployment { id } } pageInfo { hasNextPage } } }",
        {"after": page["overview"]["pageInfo"]["endCursor"]},
    )
    assert len(page["overview"]["nodes"]) == 2
    assert len(rest["overview"]["nodes"]) == 3
    assert not rest["overview"]["pageInfo"]["hasNextPage"]


def test_impact_outcomes_filter_keeps_only_those_cases(api: Api) -> None:
    query = """query($outcomes: [Outcome!]) {
      impact(scenario: {failTechniques: ["interpretability"]}, outcomes: $outcomes) {
        cases { case { id } outcome } } }"""
    everything = api.query(query, {"outcomes": None})["impact"]["cases"]
    failing = api.query(query, {"outcomes": ["FAILS", "DEGRADED"]})["impact"]["cases"]
    assert failing == [c for c in everything if c["outcome"] != "HOLDS"]
    assert {c["case"]["id"] for c in failing} == {
        "asl4-interp",
        "asl4-control",
        "advisor-deference",
        "asl4-incentives",
    }


def test_flat_rows_match_the_nested_answers(api: Api) -> None:
    matrix = api.query(
        '{ swissCheeseMatrix(deployment: "asl4-internal-rd") '
        "{ cases { case { id } pHolds { world { id } probability } } } }"
    )["swissCheeseMatrix"]
    rows = api.query(
        '{ swissCheeseMatrixRows(deployment: "asl4-internal-rd") '
        "{ deployment case world pHolds certainHole } }"
    )["swissCheeseMatrixRows"]
    nested = {
        (row["case"]["id"], cell["world"]["id"]): cell["probability"]
        for row in matrix["cases"]
        for cell in row["pHolds"]
    }
    assert {(r["case"], r["world"]): r["pHolds"] for r in rows} == nested
    assert {(r["case"], r["world"]) for r in rows if r["certainHole"]} == {
        key for key, p in nested.items() if p < 1e-12
    }
    impact = api.query(
        '{ impactRows(scenario: {failTechniques: ["interpretability"]}, outcomes: [DEGRADED]) '
        "{ case outcome pHolds failedChains } }"
    )["impactRows"]
    assert [(r["case"], r["outcome"]) for r in impact] == [("asl4-incentives", "DEGRADED")]
    assert impact[0]["failedChains"] == 1


def test_workspace_revision_follows_writes(api: Api) -> None:
    before = api.query("{ workspaceRevision }")["workspaceRevision"]
    api.query('mutation { createTechnique(input: {id: "t-rev", name: "T"}) { revision } }')
    assert api.query("{ workspaceRevision }")["workspaceRevision"] > before


def test_dashboard_pages_need_no_key_and_carry_a_strict_csp(api: Api) -> None:
    for path in ["/", "/deployments/asl4-internal-rd", "/impact?failTechnique=x", "/graphiql"]:
        response = api.client.get(path)
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/html")
        policy = response.headers["content-security-policy"]
        assert "script-src 'self'" in policy
        assert "connect-src 'self'" in policy
        assert "frame-ancestors 'none'" in policy
        assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert api.client.get("/assets/no-such-file.js").status_code == 404
    assert api.client.get("/graphql").status_code == 401  # the API still needs a key


def test_built_assets_are_package_data_without_inline_scripts() -> None:
    index = assets().joinpath("index.html")
    if not index.is_file():
        pytest.fail("the dashboard is not built: run `make` (npm ci and the build in web/)")
    html = index.read_text(encoding="utf-8")
    assert '<script type="module"' in html
    for chunk in html.split("<script")[1:]:
        assert "src=" in chunk.split(">")[0], "inline script in index.html"
