"""The README's GraphQL tour runs as written against the demo data (the example portfolio in
workspace `default`)."""

from __future__ import annotations

import json
import re

import pytest

from tests.conftest import REPOSITORY_ROOT
from tests.e2e.api.conftest import Api

pytestmark = [pytest.mark.e2e, pytest.mark.integration]


def _section() -> str:
    text = (REPOSITORY_ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("## GraphQL API")
    end = text.index("\n## ", start + 1)
    return text[start:end]


def test_every_graphql_block_of_the_tour_runs_without_errors(api: Api) -> None:
    blocks = re.findall(r"```graphql\n(.*?)```", _section(), flags=re.DOTALL)
    assert len(blocks) >= 5
    assert 'impact(scenario: {failTechniques: ["interpretability"]})' in blocks[0]
    for block in blocks:
        data = api.query(block, key=api.keys.admin)
        assert all(value is not None for value in data.values()), block


def test_the_curl_body_is_the_headline_query(api: Api) -> None:
    body = re.search(r"<<'JSON'\n(.*?)\nJSON", _section(), flags=re.DOTALL)
    assert body is not None
    payload = json.loads(body.group(1))
    data = api.query(payload["query"], key=api.keys.viewer)
    assert data["impact"]["cases"]
