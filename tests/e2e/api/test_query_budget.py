"""DataLoaders bound the Neo4j round trips of a nested query, whatever the page size."""

from __future__ import annotations

import pytest

from service.store.query_log import recorded_statements
from tests.e2e.api.conftest import Api

pytestmark = [pytest.mark.e2e, pytest.mark.integration]

NESTED = """query($first: Int) { safetyCases(first: $first) { totalCount edges { node {
    id title
    covers { nodes { id name cases { totalCount } } }
    root { id children { nodes { id reliesOn { nodes { id techniques { nodes { id } }
                                                  failsIn { nodes { p world { id } } } } } } } }
    defeaters { totalCount } } } } }"""
#: One page query, then one per relationship field of the query: covers, cases, root,
#: children, reliesOn, techniques, failsIn, defeaters.
EXPECTED_ROUND_TRIPS = 9


def _statements(api: Api, first: int) -> list[str]:
    with recorded_statements() as names:
        data = api.query(NESTED, {"first": first}, key=api.keys.viewer)
    assert len(data["safetyCases"]["edges"]) == min(first, data["safetyCases"]["totalCount"])
    return [name for name in names if name != "api/find_api_key"]


def test_a_nested_page_costs_a_bounded_number_of_round_trips_whatever_its_size(
    api: Api,
) -> None:
    one = _statements(api, 1)  # fewer when the one case's argument lacks some relationships
    every = _statements(api, 50)  # 11 cases, dozens of nodes below them: still one per field
    assert len(one) <= EXPECTED_ROUND_TRIPS, one
    assert len(every) == EXPECTED_ROUND_TRIPS, every
    assert every.count("api/list_entities") == 1


IMPACT_NODES = """{ impact(scenario: {failTechniques: ["interpretability"]}) {
    cases { case { id title } } deployments { deployment { id } survivingCases { id } } } }"""


def test_analysis_results_resolve_their_nodes_in_one_batch(api: Api) -> None:
    with recorded_statements() as names:
        api.query(IMPACT_NODES)
    assert names.count("api/nodes_by_id") == 1, names


def test_impact_reuses_the_rows_of_its_revision_and_rereads_them_after_a_write(
    api: Api,
) -> None:
    def titles() -> dict[str, str]:
        cases = api.query(IMPACT_NODES)["impact"]["cases"]
        return {c["case"]["id"]: c["case"]["title"] for c in cases}

    before = titles()
    with recorded_statements() as names:
        assert titles() == before
    assert "api/nodes_by_id" not in names, names  # same revision: the rows are kept
    api.query(
        'mutation { updateSafetyCase(id: "asl4-interp", input: {title: "Renamed"}) { revision } }'
    )
    after = titles()
    assert after["asl4-interp"] == "Renamed"
    assert {k: v for k, v in after.items() if k != "asl4-interp"} == {
        k: v for k, v in before.items() if k != "asl4-interp"
    }


_TREE_LEVEL = "id statement support k reliesOn { nodes { id pFail createdAt } }"


def _tree(levels: int) -> str:
    selection = _TREE_LEVEL
    for _ in range(levels):
        selection = f"{_TREE_LEVEL} children {{ totalCount nodes {{ {selection} }} }}"
    return selection


def test_a_case_with_its_whole_argument_tree_costs_three_queries_and_the_same_answer(
    api: Api,
) -> None:
    """Below a case's root, a deep `children` selection fetches the tree in one query; the
    answer is the one a level-by-level walk of the same nodes gives."""
    whole = f"""query($ws: String) {{ safetyCases(workspace: $ws, first: 50) {{ nodes {{
        id covers {{ nodes {{ id }} }} root {{ {_tree(4)} }} }} }} }}"""
    with recorded_statements() as names:
        cases = api.query(whole, key=api.keys.viewer)["safetyCases"]["nodes"]
    names = [name for name in names if name != "api/find_api_key"]
    assert sorted(names) == ["api/argument_trees", "api/list_entities", "api/related_out"]
    assert any(case["root"]["children"]["nodes"] for case in cases)
    for case in cases:
        walked = api.query(
            f'{{ argumentNode(id: "{case["root"]["id"]}") {{ {_tree(4)} }} }}',
            key=api.keys.viewer,
        )["argumentNode"]
        assert walked == case["root"], case["id"]


def test_one_level_of_children_still_loads_level_by_level(api: Api) -> None:
    query = '{ safetyCase(id: "asl4-interp") { root { id children { nodes { id } } } } }'
    with recorded_statements() as names:
        root = api.query(query, key=api.keys.viewer)["safetyCase"]["root"]
    assert root["children"]["nodes"]
    assert "api/argument_trees" not in names
