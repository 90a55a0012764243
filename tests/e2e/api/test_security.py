"""Keys, roles, workspace isolation, limits and error masking over HTTP."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from service.api import queries
from service.api.app import create_app
from service.config import Settings
from service.store.database import Database
from tests.e2e.api.conftest import OTHER_WORKSPACE, Api, api_settings, load_example

pytestmark = [pytest.mark.e2e, pytest.mark.integration]

CREATE = 'mutation { createTechnique(input: {id: "t-sec", name: "T"}) { revision } }'


def test_requests_without_a_valid_key_get_401_except_the_probes(api: Api) -> None:
    for headers in ({}, {"Authorization": "Bearer scg_nope"}, {"Authorization": "Basic x"}):
        response = api.client.post("/graphql", json={"query": "{ me { id } }"}, headers=headers)
        assert response.status_code == 401
        assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        assert response.headers["www-authenticate"].startswith("Bearer")
    assert api.client.get("/metrics").status_code == 401
    assert api.client.get("/graphql?query={me{id}}").status_code == 401
    assert api.client.get("/healthz").status_code == 200
    assert api.client.get("/readyz").status_code == 200


def test_viewers_cannot_write_and_get_403_forbidden(api: Api) -> None:
    response = api.post(CREATE, key=api.keys.viewer)
    assert response.status_code == 403
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "FORBIDDEN"
    assert "editor" in error["message"]
    assert api.query('{ technique(id: "t-sec") { id } }')["technique"] is None


def test_editors_write_but_only_admins_manage_keys(api: Api) -> None:
    assert api.post(CREATE, key=api.keys.editor).status_code == 200
    create_key = 'mutation { createApiKey(role: VIEWER, workspaces: ["default"]) { token } }'
    denied = api.post(create_key, key=api.keys.editor)
    assert denied.status_code == 403
    assert api.post("{ apiKeys { totalCount } }", key=api.keys.editor).status_code == 403
    token = api.query(create_key)["createApiKey"]["token"]
    assert api.query("{ me { role workspaces } }", key=token)["me"] == {
        "role": "VIEWER",
        "workspaces": ["default"],
    }


def test_a_revoked_key_stops_working_at_once(api: Api) -> None:
    created = api.query(
        'mutation { createApiKey(role: EDITOR, name: "temp") { token apiKey { id } } }'
    )["createApiKey"]
    token = created["token"]
    assert api.post("{ me { id } }", key=token).status_code == 200
    api.query(
        "mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }",
        {"id": created["apiKey"]["id"]},
    )
    assert api.post("{ me { id } }", key=token).status_code == 401


def test_workspaces_isolate_data_between_keys(api: Api, database: Database) -> None:
    load_example(database, OTHER_WORKSPACE)
    api.query(CREATE, key=api.keys.editor)  # in default only
    other = api.query(
        '{ techniques(filter: {ids: ["t-sec"]}) { totalCount } }', key=api.keys.other_viewer
    )
    assert other["techniques"]["totalCount"] == 0  # the key's only workspace is the default
    response = api.post(
        '{ techniques(workspace: "default") { totalCount } }', key=api.keys.other_viewer
    )
    assert response.status_code == 403
    assert response.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    denied = api.post(
        '{ impact(workspace: "default", scenario: {}) { cases { outcome } } }',
        key=api.keys.other_viewer,
    )
    assert denied.status_code == 403
    write = api.post(
        CREATE.replace("t-sec", "t-x").replace("input", 'workspace: "default", input'),
        key=api.keys.other_editor,
    )
    assert write.status_code == 403
    ids = api.query(
        "{ assumptions(first: 500) { nodes { id workspace } } }", key=api.keys.other_viewer
    )["assumptions"]["nodes"]
    assert ids
    assert {node["workspace"] for node in ids} == {OTHER_WORKSPACE}


def test_a_node_of_another_workspace_is_never_returned_by_id(api: Api, database: Database) -> None:
    api.query(
        'mutation { createSource(workspace: "other", input: {id: "only-other", '
        'title: "x"}) { revision } }'
    )
    assert api.query('{ node(id: "only-other") { id } }')["node"] is None
    found = api.query('{ node(id: "only-other", workspace: "other") { workspace } }')
    assert found["node"] == {"workspace": "other"}


def test_query_depth_alias_and_token_limits_refuse_abusive_queries(api: Api) -> None:
    levels = 10
    deep = (
        "{ safetyCases { nodes { root { "
        + "children { nodes { " * levels
        + "id"
        + " } }" * levels
        + " } } } }"
    )
    for _ in range(2):  # checked again when repeated: only texts that passed are cached
        errors = api.errors(deep)
        assert "depth" in errors[0]["message"]
    aliases = "{ " + " ".join(f"a{i}: me {{ id }}" for i in range(40)) + " }"
    assert "aliases" in api.errors(aliases)[0]["message"].lower()
    tokens = "{ me { " + " ".join(["id"] * 6000) + " } }"
    assert "token" in api.errors(tokens)[0]["message"].lower()


def test_request_bodies_over_the_limit_get_413(
    neo4j_settings: Settings, database: Database, api: Api
) -> None:
    body = {"query": "{ me { id } }", "variables": {"pad": "x" * (1024 * 1024 + 10)}}
    response = api.client.post(
        "/graphql", json=body, headers={"Authorization": f"Bearer {api.keys.viewer}"}
    )
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"


def test_unexpected_errors_are_masked_and_carry_the_request_id(
    api: Api, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def explode(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("secret internals /etc/passwd")

    monkeypatch.setattr(queries, "workspace_revision", explode)
    response = api.post("{ workspaceRevision }", key=api.keys.viewer)
    request_id = response.headers["x-request-id"]
    error = response.json()["errors"][0]
    assert "secret" not in response.text
    assert "Traceback" not in response.text
    assert error["extensions"] == {"code": "INTERNAL_SERVER_ERROR", "requestId": request_id}
    assert request_id in error["message"]
    assert any(request_id in record.getMessage() for record in caplog.records)


def test_cors_allows_only_the_configured_origins(
    neo4j_settings: Settings, database: Database
) -> None:
    settings = api_settings(neo4j_settings, SCG_CORS_ORIGINS="https://dash.example")
    with TestClient(create_app(settings)) as client:
        preflight = {
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization,content-type",
        }
        allowed = client.options(
            "/graphql", headers={"Origin": "https://dash.example", **preflight}
        )
        assert allowed.status_code == 200
        assert allowed.headers["access-control-allow-origin"] == "https://dash.example"
        denied = client.options("/graphql", headers={"Origin": "https://evil.example", **preflight})
        assert "access-control-allow-origin" not in denied.headers
