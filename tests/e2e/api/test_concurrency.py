"""50 concurrent clients mixing reads, writes and analyses against a real uvicorn server on
127.0.0.1 for SCG_API_CONCURRENCY_SECONDS (default 30): no errors, and no lost write."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from service.config import Settings
from service.store.database import Database
from tests.conftest import REPOSITORY_ROOT, free_port
from tests.e2e.api.conftest import Keys, load_example

pytestmark = [pytest.mark.e2e, pytest.mark.integration]

CLIENTS = 50
DURATION = float(os.environ.get("SCG_API_CONCURRENCY_SECONDS", "30"))

READ = """query Read { safetyCases(first: 20) { totalCount edges { node { id
    covers { nodes { id } } root { id children { nodes { id } } } } } } }"""
IMPACT = """query Impact($t: [ID!]!) { impact(scenario: {failTechniques: $t}) {
    cases { case { id } outcome pHolds } deployments { covered } } }"""
RISK = """query Risk { risk(deployment: "asl4-internal-rd", method: EXACT) { pUncovered } }"""
CREATE = """mutation Create($id: ID!) { createSource(input: {id: $id, title: "load test"}) {
    revision } }"""
UPDATE = """mutation Update($notes: String) { updateDeployment(id: "asl4-internal-rd",
    input: {notes: $notes}) { revision } }"""
COUNT = '{ sources(filter: {text: "load test"}) { totalCount } workspaceRevision }'


@dataclass
class Tally:
    requests: Counter[str] = field(default_factory=Counter)
    writes: int = 0
    created: int = 0
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


@pytest.fixture
def server(neo4j_settings: Settings, database: Database, keys: Keys) -> Iterator[str]:
    load_example(database)
    port = free_port()
    env = {
        **os.environ,
        "NEO4J_URI": str(neo4j_settings.neo4j_uri),
        "NEO4J_USER": neo4j_settings.neo4j_user,
        "NEO4J_PASSWORD": neo4j_settings.neo4j_password or "",
        "NEO4J_DATABASE": neo4j_settings.neo4j_database,
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "service.api.app:create_app",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        cwd=REPOSITORY_ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("the API server did not become ready")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def _client(base: str, keys: Keys, number: int, stop: float, tally: Tally) -> None:
    headers = {"Authorization": f"Bearer {keys.editor}"}
    techniques = [["interpretability"], ["ai-control"], []]
    step = 0
    with httpx.Client(base_url=base, headers=headers, timeout=120) as client:
        while time.monotonic() < stop:
            kind = ("read", "impact", "create", "read", "update", "risk", "read", "create")[
                (number + step) % 8
            ]
            body: dict[str, Any]
            if kind == "read":
                body = {"query": READ}
            elif kind == "impact":
                body = {"query": IMPACT, "variables": {"t": techniques[step % 3]}}
            elif kind == "risk":
                body = {"query": RISK}
            elif kind == "create":
                body = {"query": CREATE, "variables": {"id": f"load-{number}-{step}"}}
            else:
                body = {"query": UPDATE, "variables": {"notes": f"client {number} step {step}"}}
            try:
                response = client.post("/graphql", json=body)
                payload = response.json()
                ok = response.status_code == 200 and not payload.get("errors")
            except (httpx.HTTPError, ValueError) as error:
                ok, payload = False, {"exception": repr(error)}
            with tally.lock:
                tally.requests[kind] += 1
                if not ok:
                    tally.errors.append(f"{kind}: {str(payload)[:300]}")
                elif kind in ("create", "update"):
                    tally.writes += 1
                    tally.created += kind == "create"
            step += 1


def test_fifty_concurrent_clients_see_no_errors_and_lose_no_write(server: str, keys: Keys) -> None:
    headers = {"Authorization": f"Bearer {keys.viewer}"}
    before = httpx.post(
        f"{server}/graphql", json={"query": COUNT}, headers=headers, timeout=60
    ).json()
    tally = Tally()
    stop = time.monotonic() + DURATION
    threads = [
        threading.Thread(target=_client, args=(server, keys, n, stop, tally))
        for n in range(CLIENTS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    after = httpx.post(
        f"{server}/graphql", json={"query": COUNT}, headers=headers, timeout=60
    ).json()
    total = sum(tally.requests.values())
    print(
        f"\nconcurrency: {CLIENTS} clients, {DURATION:.0f} s, {total} requests "
        f"({dict(tally.requests)}), {len(tally.errors)} errors, {tally.writes} writes"
    )
    assert not tally.errors, tally.errors[:5]
    assert all(tally.requests[k] > 0 for k in ("read", "impact", "risk", "create", "update"))
    created = after["data"]["sources"]["totalCount"] - before["data"]["sources"]["totalCount"]
    assert created == tally.created
    revisions = after["data"]["workspaceRevision"] - before["data"]["workspaceRevision"]
    assert revisions == tally.writes
