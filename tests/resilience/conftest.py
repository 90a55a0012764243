"""Fixtures of the resilience tests: the in-process API of the end-to-end tests, and the real
server as a subprocess on 127.0.0.1 (for what needs real sockets, processes and signals)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from service.api.app import create_app
from service.config import Settings
from service.store.database import Database
from tests.conftest import REPOSITORY_ROOT, free_port
from tests.e2e.api.conftest import Api, api, api_settings, keys, load_example, make_keys

__all__ = ["ServerProcess", "api", "keys", "start_server"]  # `api`, `keys`: shared fixtures


@pytest.fixture(scope="module")
def hostile_api(neo4j_settings: Settings, database_session: Database) -> Iterator[Api]:
    """One app and one loaded example for a whole module of requests that write nothing
    (the corpus): a fresh app per request would cost more than the requests."""
    database_session.delete_all_data()
    load_example(database_session)
    keys = make_keys(database_session)
    with TestClient(create_app(api_settings(neo4j_settings))) as client:
        yield Api(client, keys)


@dataclass
class ServerProcess:
    process: subprocess.Popen[bytes]
    base: str
    log: Path

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)


def server_env(neo4j_settings: Settings, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "NEO4J_URI": str(neo4j_settings.neo4j_uri),
        "NEO4J_USER": neo4j_settings.neo4j_user,
        "NEO4J_PASSWORD": neo4j_settings.neo4j_password or "",
        "NEO4J_DATABASE": neo4j_settings.neo4j_database,
        "SCG_API_KEY_CACHE_SECONDS": "0",
        **extra,
    }


def start_server(
    env: dict[str, str], log: Path, ready: bool = True, args: Sequence[str] = ()
) -> ServerProcess:
    """`scg serve [ARGS]` on 127.0.0.1 and a free port; waits for /readyz (or /healthz)."""
    port = free_port()
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "service.cli", "serve", "--port", str(port), *args],
            cwd=REPOSITORY_ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    server = ServerProcess(process, f"http://127.0.0.1:{port}", log)
    probe = "/readyz" if ready else "/healthz"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(server.base + probe, timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline or process.poll() is not None:
            server.stop()
            raise RuntimeError(f"the API server did not start: {log.read_text()[-2000:]}")
        time.sleep(0.2)


@pytest.fixture
def server_factory(tmp_path: Path) -> Iterator[list[ServerProcess]]:
    started: list[ServerProcess] = []
    yield started
    for server in started:
        server.stop()
