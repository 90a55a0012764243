"""Liveness and readiness probes over HTTP."""

from __future__ import annotations

from fastapi.testclient import TestClient

from service.api.app import create_app
from service.config import Settings
from service.store.database import Database
from tests.conftest import free_port


def test_healthz_answers_while_neo4j_is_unreachable() -> None:
    settings = Settings(NEO4J_URI=f"bolt://127.0.0.1:{free_port()}", NEO4J_PASSWORD="x")
    with TestClient(create_app(settings)) as client:
        assert client.get("/healthz").json() == {"status": "ok"}
        ready = client.get("/readyz")
    assert ready.status_code == 503
    assert ready.json()["neo4j"] is False


def test_readyz_is_ok_with_neo4j_reachable_and_migrated(
    neo4j_settings: Settings, database: Database
) -> None:
    with TestClient(create_app(neo4j_settings)) as client:
        ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ok", "neo4j": True, "pending": 0}
    assert database.pending_migrations() == 0
