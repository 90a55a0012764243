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


def test_analysis_results_resolve_their_nodes_in_one_batch(api: Api) -> None:
    query = """{ impact(scenario: {failTechniques: ["interpretability"]}) {
        cases { case { id title } } deployments { deployment { id } survivingCases { id } } } }"""
    api.query(query)  # warm the circuit cache
    with recorded_statements() as names:
        api.query(query)
    assert names.count("api/nodes_by_id") == 1, names
