"""Fixtures of the API's end-to-end tests: the app over HTTP against the real test Neo4j,
with the example portfolio loaded into workspace `default`, and keys of every role."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from service.api.app import create_app
from service.authoring import load_portfolio_file
from service.config import Settings
from service.store.api_keys import Role, create_key
from service.store.database import Database
from service.store.portfolio_writer import write_portfolio
from tests.conftest import EXAMPLE_PORTFOLIO

OTHER_WORKSPACE = "other"


def api_settings(neo4j_settings: Settings, **overrides: Any) -> Settings:
    """The test Neo4j's settings, with API options (SCG_* names) overridden."""
    values: dict[str, Any] = {
        "NEO4J_URI": neo4j_settings.neo4j_uri,
        "NEO4J_USER": neo4j_settings.neo4j_user,
        "NEO4J_PASSWORD": neo4j_settings.neo4j_password,
        "NEO4J_DATABASE": neo4j_settings.neo4j_database,
        "SCG_API_KEY_CACHE_SECONDS": 0,
    }
    values.update(overrides)
    return Settings(**values)


@dataclass(frozen=True)
class Keys:
    admin: str
    editor: str
    viewer: str
    other_viewer: str  # scoped to OTHER_WORKSPACE only
    other_editor: str  # scoped to OTHER_WORKSPACE only


class Api:
    """One client abstraction for every test: `query` posts GraphQL with a bearer key."""

    def __init__(self, client: httpx.Client | TestClient, keys: Keys) -> None:
        self.client = client
        self.keys = keys

    def post(
        self, query: str, variables: dict[str, Any] | None = None, *, key: str | None
    ) -> httpx.Response:
        headers = {"Authorization": f"Bearer {key}"} if key is not None else {}
        body: dict[str, Any] = {"query": query}
        if variables is not None:
            body["variables"] = variables
        return self.client.post("/graphql", json=body, headers=headers)

    def query(
        self, query: str, variables: dict[str, Any] | None = None, *, key: str | None = None
    ) -> dict[str, Any]:
        """The `data` of a successful operation (fails the test on any error)."""
        response = self.post(query, variables, key=key or self.keys.admin)
        payload = response.json()
        assert response.status_code == 200, payload
        assert "errors" not in payload, payload["errors"]
        return payload["data"]  # type: ignore[no-any-return]

    def errors(
        self, query: str, variables: dict[str, Any] | None = None, *, key: str | None = None
    ) -> list[dict[str, Any]]:
        """The errors of an operation expected to fail."""
        payload = self.post(query, variables, key=key or self.keys.admin).json()
        assert payload.get("errors"), payload
        return payload["errors"]  # type: ignore[no-any-return]


def make_keys(database: Database) -> Keys:
    def key(role: Role, *workspaces: str) -> str:
        return create_key(database, role=role, workspaces=list(workspaces), name=role.value).token

    return Keys(
        admin=key(Role.ADMIN, "*"),
        editor=key(Role.EDITOR, "default"),
        viewer=key(Role.VIEWER, "default"),
        other_viewer=key(Role.VIEWER, OTHER_WORKSPACE),
        other_editor=key(Role.EDITOR, OTHER_WORKSPACE),
    )


def load_example(database: Database, workspace: str = "default") -> None:
    write_portfolio(
        database,
        load_portfolio_file(EXAMPLE_PORTFOLIO),
        workspace=workspace,
        document="frontier-portfolio.yaml",
    )


@pytest.fixture
def keys(database: Database) -> Keys:
    return make_keys(database)


@pytest.fixture
def api(neo4j_settings: Settings, database: Database, keys: Keys) -> Iterator[Api]:
    """The app (in-process, over HTTP semantics) with the example in workspace `default`."""
    load_example(database)
    with TestClient(create_app(api_settings(neo4j_settings))) as client:
        yield Api(client, keys)
