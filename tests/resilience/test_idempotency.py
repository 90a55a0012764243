"""Retrying a mutation with its Idempotency-Key gets the original answer, and writes once:
through another server process on the same Neo4j too, and after a restart (the answers are
kept in Neo4j, not in a process)."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from service.api.app import create_app
from service.config import Settings
from service.store.api_keys import find_key
from service.store.database import Database
from service.store.idempotent_answers import claim_answer
from tests.e2e.api.conftest import Api, api_settings

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


@pytest.fixture
def another_server(neo4j_settings: Settings, api: Api) -> Iterator[Api]:
    """A second API on the same Neo4j, sharing no memory with `api` (another process, or the
    same one restarted)."""
    with TestClient(create_app(api_settings(neo4j_settings))) as client:
        yield Api(client, api.keys)


def test_a_retry_through_another_server_gets_the_original_answer(
    api: Api, another_server: Api
) -> None:
    before = api.query(REVISION)["workspaceRevision"]
    _, headers, first = _post(api, CREATE, "across-1")
    status, again_headers, again = _post(another_server, CREATE, "across-1")
    assert status == 200
    assert again == first
    assert again_headers.get("idempotent-replayed") == "true"
    assert "idempotent-replayed" not in headers
    assert api.query(REVISION)["workspaceRevision"] == before + 1
    refused, _, payload = _post(another_server, CREATE.replace('"once"', '"other"'), "across-1")
    assert refused == 422, payload


def test_an_answer_older_than_a_day_is_not_replayed(api: Api, database: Database) -> None:
    _post(api, CREATE, "old-1")
    database.write(
        lambda tx: tx.run(
            "MATCH (a:IdempotentAnswer) SET a.expiresAt = datetime() - duration('PT1S')"
        ).consume()
    )
    status, headers, again = _post(api, CREATE.replace("revision", "alreadyExisted"), "old-1")
    assert status == 200
    assert "idempotent-replayed" not in headers
    assert again == {"data": {"createSource": {"alreadyExisted": True}}}  # ran again


def test_a_claim_whose_request_never_finished_is_taken_over_after_its_lease(
    api: Api, database: Database
) -> None:
    """A server died while running the first request: the retry waits out the lease (the
    request deadline) and then runs."""
    body = json.dumps({"query": CREATE}).encode()
    editor = find_key(database, api.keys.editor)
    assert editor is not None
    claim_answer(
        database,
        editor.id,
        hashlib.sha256(b"dead-1").hexdigest(),
        hashlib.sha256(body).hexdigest(),
        "the-dead-server",
        ttl_s=3600,
        lease_s=1,
    )
    started = time.monotonic()
    response = api.client.post(
        "/graphql",
        content=body,
        headers={
            "Authorization": f"Bearer {api.keys.editor}",
            "Content-Type": "application/json",
            "Idempotency-Key": "dead-1",
        },
    )
    assert response.status_code == 200
    assert "errors" not in response.json(), response.json()
    assert "idempotent-replayed" not in response.headers
    assert 0.5 < time.monotonic() - started < 10
