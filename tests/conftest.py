"""Shared fixtures. Integration tests get a real Neo4j, chosen as DESIGN §6 says:
NEO4J_URI if set; else a testcontainers Neo4j if a Docker engine answers; else the managed
local Neo4j (its own data directory and port, started once per test session)."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from service.config import Settings
from service.runtime.local_neo4j import LocalNeo4j
from service.store.database import Database, connect

REPOSITORY_ROOT = Path(__file__).resolve().parent.parent
"""The checkout under test (tests read its files; the product never does: DESIGN §2)."""
EXAMPLE_PORTFOLIO = REPOSITORY_ROOT / "schema" / "examples" / "frontier-portfolio.yaml"
TEST_NEO4J_DIR = REPOSITORY_ROOT / ".scg" / "test-neo4j"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _docker_answers() -> bool:
    try:
        from testcontainers.core.docker_client import DockerClient

        DockerClient().client.ping()
    except Exception:  # any failure means: no usable Docker engine here
        return False
    return True


@pytest.fixture(scope="session")
def neo4j_settings() -> Iterator[Settings]:
    """Settings pointing at a real, running Neo4j for this test session."""
    if os.environ.get("NEO4J_URI"):
        yield Settings()
        return
    if _docker_answers():
        from testcontainers.neo4j import Neo4jContainer

        with Neo4jContainer("neo4j:5.26-community") as container:
            yield Settings(
                NEO4J_URI=container.get_connection_url(),
                NEO4J_USER="neo4j",
                NEO4J_PASSWORD=container.password,
            )
        return
    port = int(os.environ.get("SCG_TEST_NEO4J_PORT", "0")) or free_port()
    local = LocalNeo4j(TEST_NEO4J_DIR, port=port, launcher_dir=Settings().launcher_dir)
    started_here = local.running_pid() is None  # else left over from an interrupted run
    local.start()
    yield Settings(NEO4J_URI=local.uri, NEO4J_USER="neo4j", NEO4J_PASSWORD=local.password())
    if started_here:
        local.stop()


@pytest.fixture(scope="session")
def database_session(neo4j_settings: Settings) -> Iterator[Database]:
    database = connect(neo4j_settings)
    database.apply_migrations()
    yield database
    database.close()


@pytest.fixture
def database(database_session: Database) -> Database:
    """The test Neo4j, emptied: each test starts from an empty graph (migrations kept)."""
    database_session.delete_all_data()
    return database_session


@pytest.fixture
def example_portfolio_path() -> Path:
    return EXAMPLE_PORTFOLIO
