"""Reading the graph over HTTP: lists, filters, sorting, cursors, single entities, relations."""

from __future__ import annotations

import pytest

from tests.e2e.api.conftest import Api

pytestmark = [pytest.mark.e2e, pytest.mark.integration]

HEADLINE = """
query { impact(scenario: {failTechniques: ["interpretability"]}) {
    cases { case { id title } outcome pHolds explanation }
    deployments { deployment { id name } covered survivingCases { id } } } }
"""


def test_headline_impact_query_works_verbatim_for_a_viewer(api: Api) -> None:
    data = api.query(HEADLINE, key=api.keys.viewer)["impact"]
    outcomes = {c["case"]["id"]: c["outcome"] for c in data["cases"]}
    assert outcomes["asl4-interp"] == "FAILS"
    failed = next(c for c in data["cases"] if c["case"]["id"] == "asl4-interp")
    assert failed["pHolds"] == 0.0
    assert all(chain[0] == "interpretability" for chain in failed["explanation"])
    assert {d["deployment"]["id"] for d in data["deployments"]} >= {"asl4-internal-rd"}
    for deployment in data["deployments"]:
        surviving = {c["id"] for c in deployment["survivingCases"]}
        assert deployment["covered"] == bool(surviving)


def test_every_entity_kind_is_listed_with_a_total_count(api: Api) -> None:
    data = api.query(
        """{ deployments { totalCount } safetyCases { totalCount } argumentNodes { totalCount }
             contexts { totalCount } justifications { totalCount } assumptions { totalCount }
             techniques { totalCount } questions { totalCount } worldModels { totalCount }
             defeaters { totalCount } sources { totalCount } }"""
    )
    assert data["safetyCases"]["totalCount"] == 11
    assert data["questions"]["totalCount"] == 8
    assert data["worldModels"]["totalCount"] == 16
    for name in ("deployments", "argumentNodes", "assumptions", "techniques", "sources"):
        assert data[name]["totalCount"] > 0, name


def test_cursors_walk_a_list_forwards_and_backwards_without_gaps(api: Api) -> None:
    query = """query($after: String, $before: String, $first: Int, $last: Int) {
        safetyCases(first: $first, after: $after, last: $last, before: $before) {
          totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
          edges { cursor node { id } } } }"""
    everything = [e["node"]["id"] for e in api.query(query, {"first": 100})["safetyCases"]["edges"]]
    seen: list[str] = []
    after = None
    while True:
        page = api.query(query, {"first": 4, "after": after})["safetyCases"]
        seen += [e["node"]["id"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == everything
    tail = api.query(query, {"last": 3})["safetyCases"]
    assert [e["node"]["id"] for e in tail["edges"]] == everything[-3:]
    assert tail["pageInfo"]["hasPreviousPage"] is True
    before = api.query(query, {"last": 2, "before": tail["pageInfo"]["startCursor"]})
    assert [e["node"]["id"] for e in before["safetyCases"]["edges"]] == everything[-5:-3]


def test_filters_by_category_status_stakes_technique_and_text(api: Api) -> None:
    data = api.query(
        """{ control: safetyCases(filter: {category: [CONTROL]}) { nodes { id category } }
             high: deployments(filter: {stakes: [HIGH, CRITICAL]}) { nodes { stakes } }
             interp: safetyCases(filter: {technique: "interpretability"}) { nodes { id } }
             probes: assumptions(filter: {text: "PROBES"}) { nodes { statement } }
             ids: techniques(filter: {ids: ["interpretability"]}) { nodes { id } }
             open: defeaters(filter: {status: [OPEN]}) { nodes { status } } }"""
    )
    assert data["control"]["nodes"]
    assert all(n["category"] == "CONTROL" for n in data["control"]["nodes"])
    assert all(n["stakes"] in ("HIGH", "CRITICAL") for n in data["high"]["nodes"])
    assert "asl4-interp" in {n["id"] for n in data["interp"]["nodes"]}
    assert all("probe" in n["statement"].lower() for n in data["probes"]["nodes"])
    assert data["probes"]["nodes"]
    assert data["ids"]["nodes"] == [{"id": "interpretability"}]
    assert all(n["status"] == "OPEN" for n in data["open"]["nodes"])


def test_sorting_by_text_descending_orders_the_page(api: Api) -> None:
    data = api.query("{ techniques(sort: {field: TEXT, direction: DESC}) { nodes { name } } }")
    names = [n["name"].lower() for n in data["techniques"]["nodes"]]
    assert names == sorted(names, reverse=True)


def test_single_entities_and_their_relationships_resolve(api: Api) -> None:
    data = api.query(
        """{ assumption(id: "interp-detects-deception") {
               id statement techniques { nodes { id } }
               failsIn { nodes { p world { id question { id } } } }
               reliedOnBy { totalCount } }
             question(id: "parsimony") { answers { nodes { id prior } } }
             node(id: "asl4-interp") { __typename ... on SafetyCase { title } }
             missing: deployment(id: "asl4-interp") { id } }"""
    )
    assumption = data["assumption"]
    assert {"id": "interpretability"} in assumption["techniques"]["nodes"]
    assert assumption["failsIn"]["nodes"]
    assert all(f["world"]["question"]["id"] for f in assumption["failsIn"]["nodes"])
    assert sum(a["prior"] for a in data["question"]["answers"]["nodes"]) == pytest.approx(1.0)
    assert data["node"]["__typename"] == "SafetyCase"
    assert data["missing"] is None  # an id of another kind is not a deployment


def test_export_portfolio_returns_the_authoring_format(api: Api) -> None:
    text = api.query("{ exportPortfolio(format: YAML) }", key=api.keys.viewer)["exportPortfolio"]
    assert text.startswith("version: 1")
    assert "asl4-interp" in text
    json_text = api.query("{ exportPortfolio(format: JSON) }")["exportPortfolio"]
    assert json_text.lstrip().startswith("{")
