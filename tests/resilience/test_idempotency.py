"""Retrying a mutation with its Idempotency-Key gets the original answer, and writes once."""

from __future__ import annotations

import pytest

from tests.e2e.api.conftest import Api

pytestmark = [pytest.mark.e2e, pytest.mark.integration]

CREATE = 'mutation { createSource(input: {id: "once", title: "written once"}) { revision } }'
REVISION = "{ workspaceRevision }"


def _post(api: Api, query: str, key: str | None) -> tuple[int, dict[str, str], dict[str, object]]:
    headers = {"Authorization": f"Bearer {api.keys.editor}"}
    if key is not None:
        headers["Idempotency-Key"] = key
    response = api.client.post("/graphql", json={"query": query}, headers=headers)
    return response.status_code, dict(response.headers), response.json()


def test_a_retried_create_gets_the_original_answer_and_writes_once(api: Api) -> None:
    before = api.query(REVISION)["workspaceRevision"]
    status, headers, first = _post(api, CREATE, "retry-1")
    assert status == 200
    assert "errors" not in first, first
    again_status, again_headers, again = _post(api, CREATE, "retry-1")
    assert again_status == 200
    assert again == first
    assert again_headers.get("idempotent-replayed") == "true"
    assert "idempotent-replayed" not in headers
    assert api.query(REVISION)["workspaceRevision"] == before + 1


def test_without_the_key_a_second_create_is_refused(api: Api) -> None:
    _post(api, CREATE, None)
    _, _, second = _post(api, CREATE.replace("written once", "other title"), None)
    assert second["errors"], second  # type: ignore[index]


def test_the_same_key_for_another_request_is_refused(api: Api) -> None:
    _post(api, CREATE, "retry-2")
    status, _, payload = _post(api, CREATE.replace('"once"', '"twice"'), "retry-2")
    assert status == 422
    assert payload["errors"][0]["extensions"]["code"] == "BAD_REQUEST"  # type: ignore[index]


def test_an_unusable_key_is_a_bad_request(api: Api) -> None:
    status, _, payload = _post(api, CREATE, "no spaces allowed")
    assert status == 400
    assert payload["errors"][0]["extensions"]["code"] == "BAD_REQUEST"  # type: ignore[index]
