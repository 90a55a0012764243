"""The store's transactions against a database that is not there: no waiting, no retries.

A port nobody listens on refuses the connection at once; what is measured is the time the
store adds on top (the driver's own retries slept 1 s, then 2 s, before giving up).
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import neo4j
import pytest

from service.errors import Neo4jUnavailableError
from service.store.database import Database
from tests.conftest import free_port


@pytest.fixture
def nowhere() -> Iterator[Database]:
    uri = f"bolt://127.0.0.1:{free_port()}"
    driver = neo4j.GraphDatabase.driver(uri, auth=("neo4j", "unused"), connection_timeout=1.0)
    database = Database(driver, "neo4j", uri, probe_interval=60.0, retry_seconds=2.0)
    yield database
    database.close()


def test_a_refused_connection_fails_at_once_and_opens_the_breaker(nowhere: Database) -> None:
    started = time.monotonic()
    with pytest.raises(Neo4jUnavailableError, match="ServiceUnavailable"):
        nowhere.write(lambda tx: tx.run("RETURN 1").consume())
    assert time.monotonic() - started < 0.5  # not retried within the 2 s budget
    assert nowhere.breaker.is_open


def test_once_the_breaker_is_open_reads_are_refused_without_a_connection(
    nowhere: Database,
) -> None:
    with pytest.raises(Neo4jUnavailableError):
        nowhere.read(lambda tx: tx.run("RETURN 1").single())
    started = time.monotonic()
    for _ in range(20):
        with pytest.raises(Neo4jUnavailableError, match="retry in 60 s"):
            nowhere.read(lambda tx: tx.run("RETURN 1").single())
    assert time.monotonic() - started < 0.1
