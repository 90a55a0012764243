"""The checked-in SDL is the live schema; /metrics reports requests, Neo4j and analyses."""

from __future__ import annotations

import pytest

from service.api.export_schema import SCHEMA_PATH
from service.api.schema import schema_sdl
from tests.e2e.api.conftest import Api


def test_checked_in_sdl_matches_the_live_schema() -> None:
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_sdl(), (
        "schema/schema.graphql is out of date: run `python -m service.api.export_schema`"
    )


@pytest.mark.e2e
@pytest.mark.integration
def test_metrics_report_operations_neo4j_statements_and_analyses(api: Api) -> None:
    api.query(
        'query Headline { impact(scenario: {failTechniques: ["interpretability"]}) '
        "{ cases { outcome } } }"
    )
    api.query("query ListCases { safetyCases { totalCount } }")
    response = api.client.get("/metrics", headers={"Authorization": f"Bearer {api.keys.viewer}"})
    assert response.status_code == 200
    text = response.text
    assert 'scg_graphql_operations_total{operation="Headline",outcome="ok",type="query"}' in text
    assert 'scg_graphql_operation_duration_seconds_count{operation="ListCases"' in text
    assert 'scg_http_requests_total{method="POST",route="/graphql",status="200"}' in text
    assert 'scg_neo4j_query_duration_seconds_count{statement="api/list_entities"}' in text
    assert 'scg_analysis_duration_seconds_count{analysis="impact"}' in text
