"""Faults under load, repeatable: kill -9 of Neo4j, a graceful stop of Neo4j and kill -9 of the
API, each under concurrent writers against the real server on 127.0.0.1.

Each test asserts that no acknowledged write is lost, that the API fails fast (503 with
Retry-After, not a hang) while Neo4j is gone, and that it recovers with no restart of the
API. The figures (acknowledged and lost writes, time to the first 503, time to recover) are
printed and written to `fault-figures.json` in the test's directory for the record.
"""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from service.config import Settings
from service.runtime.local_neo4j import LocalNeo4j
from service.store.api_keys import Role, create_key
from service.store.database import connect
from tests.conftest import free_port
from tests.resilience.conftest import ServerProcess, server_env, start_server

pytestmark = [pytest.mark.e2e, pytest.mark.integration]

WRITERS = 8
CREATE = """mutation($id: ID!) { createSource(input: {id: $id, title: "fault"}) { revision } }"""
LIST = """query($after: String) { sources(filter: {text: "fault"}, first: 500, after: $after) {
    pageInfo { hasNextPage endCursor } edges { node { id } } } }"""
#: Longest a request may take while Neo4j is gone after a kill -9 (the issue: within 3 s;
#: slack for a shared machine).
FAIL_FAST_S = 5.0
#: The same during a graceful stop: the issue's 3 s plus a scheduling margin. Neo4j refuses
#: statements at once while it stops, and the first refusal opens the breaker.
GRACEFUL_STOP_S = 4.0


@dataclass
class Fault:
    neo4j: LocalNeo4j
    settings: Settings
    key: str


@pytest.fixture(scope="module")
def fault(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Fault]:
    """A Neo4j of this module's own (the tests kill it), with an editor key."""
    directory = tmp_path_factory.mktemp("fault-neo4j")
    neo4j = LocalNeo4j(
        directory,
        port=free_port(),
        launcher_dir=Settings().launcher_dir,
        heap=os.environ.get("SCG_NEO4J_HEAP", "1g"),
    )
    neo4j.start()
    settings = Settings(NEO4J_URI=neo4j.uri, NEO4J_USER="neo4j", NEO4J_PASSWORD=neo4j.password())
    database = connect(settings)
    database.apply_migrations()
    key = create_key(database, role=Role.EDITOR, workspaces=["default"], name="fault").token
    database.close()
    yield Fault(neo4j, settings, key)
    neo4j.stop()


@dataclass
class Writers:
    base: str
    key: str
    prefix: str
    acknowledged: list[str] = field(default_factory=list)
    outcomes: list[tuple[float, float, int]] = field(default_factory=list)  # start, secs, status
    stop: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)
    threads: list[threading.Thread] = field(default_factory=list)

    def start(self) -> None:
        for number in range(WRITERS):
            thread = threading.Thread(target=self._write, args=(number,), daemon=True)
            thread.start()
            self.threads.append(thread)

    def finish(self) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=60)

    def _write(self, number: int) -> None:
        headers = {"Authorization": f"Bearer {self.key}"}
        step = 0
        with httpx.Client(base_url=self.base, headers=headers, timeout=60) as client:
            while not self.stop.is_set():
                write_id = f"{self.prefix}-{number}-{step}"
                step += 1
                started = time.monotonic()
                try:
                    response = client.post(
                        "/graphql", json={"query": CREATE, "variables": {"id": write_id}}
                    )
                    status = response.status_code
                    ok = status == 200 and not response.json().get("errors")
                except httpx.HTTPError:
                    status, ok = 0, False  # the API itself is gone (its kill -9)
                elapsed = time.monotonic() - started
                with self.lock:
                    self.outcomes.append((started, elapsed, status))
                    if ok:
                        self.acknowledged.append(write_id)
                if not ok:
                    time.sleep(0.1)

    def first(self, status: int, after: float) -> float | None:
        with self.lock:
            times = [s + d for s, d, code in self.outcomes if code == status and s >= after]
        return min(times) - after if times else None

    def first_success(self, after: float) -> float | None:
        return self.first(200, after)

    def slowest(self, between: tuple[float, float]) -> float:
        with self.lock:
            durations = [d for s, d, code in self.outcomes if between[0] <= s <= between[1]]
        return max(durations, default=0.0)

    def longest_wait_after(self, moment: float) -> float:
        """How long requests in flight at `moment` went on waiting after it."""
        with self.lock:
            waits = [s + d - moment for s, d, _ in self.outcomes if s < moment < s + d]
        return max(waits, default=0.0)


def stored_ids(base: str, key: str) -> set[str]:
    ids: set[str] = set()
    after = None
    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {key}"}) as client:
        while True:
            payload = client.post(
                "/graphql", json={"query": LIST, "variables": {"after": after}}, timeout=60
            ).json()
            page = payload["data"]["sources"]
            ids.update(edge["node"]["id"] for edge in page["edges"])
            if not page["pageInfo"]["hasNextPage"]:
                return ids
            after = page["pageInfo"]["endCursor"]


def record(tmp_path: Path, name: str, figures: dict[str, object]) -> None:
    print(f"\n{name}: {json.dumps(figures)}")
    (tmp_path / "fault-figures.json").write_text(json.dumps({name: figures}, indent=2) + "\n")


def _serve(fault: Fault, tmp_path: Path, name: str) -> ServerProcess:
    return start_server(server_env(fault.settings), tmp_path / f"{name}.log")


def _outage(
    fault: Fault, tmp_path: Path, name: str, take_down: str
) -> tuple[dict[str, object], Writers]:
    server = _serve(fault, tmp_path, name)
    writers = Writers(server.base, fault.key, name)
    try:
        writers.start()
        time.sleep(3)
        down_at = time.monotonic()
        if take_down == "kill":
            pid = fault.neo4j.running_pid()
            assert pid is not None
            os.kill(pid, signal.SIGKILL)
        else:
            fault.neo4j.stop()
        time.sleep(4)  # writers run against the dead database
        readyz_started = time.monotonic()
        readyz = httpx.get(server.base + "/readyz", timeout=10)
        readyz_seconds = time.monotonic() - readyz_started
        restart_at = time.monotonic()
        fault.neo4j.start()
        ready_at = time.monotonic()
        deadline = ready_at + 60
        while writers.first_success(ready_at) is None and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(1)
        writers.finish()
        assert server.process.poll() is None, "the API must survive the outage"
        stored = stored_ids(server.base, fault.key)
    finally:
        writers.finish()
        server.stop()
    acknowledged = set(writers.acknowledged)
    lost = acknowledged - stored
    figures: dict[str, object] = {
        "acknowledged_writes": len(acknowledged),
        "lost_writes": len(lost),
        "first_503_s": writers.first(503, down_at),
        "slowest_request_while_down_s": round(writers.slowest((down_at + 0.5, restart_at)), 2),
        "in_flight_at_fault_waited_s": round(writers.longest_wait_after(down_at), 2),
        "readyz_while_down": readyz.status_code,
        "readyz_while_down_s": round(readyz_seconds, 2),
        "neo4j_restart_s": round(ready_at - restart_at, 1),
        "recovered_after_neo4j_ready_s": writers.first_success(ready_at),
    }
    assert not lost, sorted(lost)[:10]
    assert readyz.status_code == 503
    assert readyz_seconds < 1.5
    assert figures["first_503_s"] is not None, "no 503 while Neo4j was down"
    bound = FAIL_FAST_S if take_down == "kill" else GRACEFUL_STOP_S
    assert float(figures["first_503_s"]) < bound  # type: ignore[arg-type]
    assert float(figures["slowest_request_while_down_s"]) < bound  # type: ignore[arg-type]
    assert float(figures["in_flight_at_fault_waited_s"]) < bound  # type: ignore[arg-type]
    assert figures["recovered_after_neo4j_ready_s"] is not None, "no recovery"
    return figures, writers


def test_kill_9_of_neo4j_under_writers_loses_no_acknowledged_write(
    fault: Fault, tmp_path: Path
) -> None:
    figures, _ = _outage(fault, tmp_path, "neo4j-kill-9", "kill")
    record(tmp_path, "neo4j-kill-9", figures)


def test_a_graceful_stop_of_neo4j_gets_fast_503s_and_recovers(fault: Fault, tmp_path: Path) -> None:
    figures, _ = _outage(fault, tmp_path, "neo4j-graceful-stop", "stop")
    record(tmp_path, "neo4j-graceful-stop", figures)


def test_kill_9_of_the_api_loses_no_acknowledged_write(fault: Fault, tmp_path: Path) -> None:
    server = _serve(fault, tmp_path, "api-kill-9")
    writers = Writers(server.base, fault.key, "api-kill-9")
    try:
        writers.start()
        time.sleep(3)
        server.process.send_signal(signal.SIGKILL)
        server.process.wait(timeout=10)
        time.sleep(0.5)
        writers.finish()
    finally:
        writers.finish()
        server.stop()
    restarted = _serve(fault, tmp_path, "api-kill-9-again")
    try:
        stored = stored_ids(restarted.base, fault.key)
    finally:
        restarted.stop()
    acknowledged = set(writers.acknowledged)
    lost = acknowledged - stored
    record(
        tmp_path,
        "api-kill-9",
        {"acknowledged_writes": len(acknowledged), "lost_writes": len(lost)},
    )
    assert acknowledged
    assert not lost, sorted(lost)[:10]
