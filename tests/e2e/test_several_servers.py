"""Several server processes on one Neo4j (issue 15, item 6): each keeps its own caches, keyed by
the graph revision every process reads, so an edit through one server is seen by the next
analysis on any other, whether that one has cached the circuit or not."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from service.analysis import Scenario, impact, portfolio_risk
from service.cli.main import app
from service.config import Settings
from service.store.database import Database
from service.usecases.circuits import CircuitCache
from tests.e2e.api.conftest import load_example, make_keys
from tests.resilience.conftest import ServerProcess, server_env, start_server

pytestmark = [pytest.mark.e2e, pytest.mark.integration]

DEPLOYMENT = "asl4-internal-rd"
ASSUMPTION = "interp-detects-deception"  # asl4-interp relies on it: its pHolds and the risk move
ANALYSES = """query($d: ID!) { impact(scenario: {}) { cases { case { id } pHolds } }
    risk(deployment: $d, method: EXACT) { pUncovered } }"""
EDIT = """mutation($a: ID!, $p: Float!) { updateAssumption(id: $a, input: {pFail: $p}) {
    revision } }"""

Figures = tuple[dict[str, float], float]  # pHolds by case, and the deployment's P(uncovered)


class Server:
    def __init__(self, process: ServerProcess, key: str) -> None:
        self.process = process
        self.key = key

    def post(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        response = httpx.post(
            f"{self.process.base}/graphql",
            json={"query": query, "variables": variables or {}},
            headers={"Authorization": f"Bearer {self.key}"},
            timeout=60,
        )
        payload = response.json()
        assert response.status_code == 200, payload
        assert "errors" not in payload, payload
        return payload["data"]  # type: ignore[no-any-return]

    def analyses(self) -> Figures:
        data = self.post(ANALYSES, {"d": DEPLOYMENT})
        p_holds = {row["case"]["id"]: row["pHolds"] for row in data["impact"]["cases"]}
        return p_holds, data["risk"]["pUncovered"]

    def edit(self, p_fail: float) -> int:
        return int(self.post(EDIT, {"a": ASSUMPTION, "p": p_fail})["updateAssumption"]["revision"])


def fresh_analyses(database: Database) -> Figures:
    """What a process that never ran an analysis computes from the graph now."""
    circuit = CircuitCache().circuit(database, "default")
    p_holds = {case.id: case.p_holds for case in impact(circuit, Scenario()).cases}
    return p_holds, portfolio_risk(circuit, DEPLOYMENT, method="exact").p_uncovered


def assert_same(seen: Figures, expected: Figures) -> None:
    assert seen[0] == pytest.approx(expected[0], abs=1e-12)
    assert seen[1] == pytest.approx(expected[1], abs=1e-12)


@pytest.fixture
def two_servers(
    neo4j_settings: Settings, database: Database, tmp_path: Path
) -> Iterator[tuple[Server, Server]]:
    load_example(database)
    editor = make_keys(database).editor
    env = server_env(neo4j_settings)
    started: list[ServerProcess] = []
    try:
        for name in ("a", "b"):
            started.append(start_server(env, tmp_path / f"serve-{name}.log"))
        yield Server(started[0], editor), Server(started[1], editor)
    finally:
        for process in started:
            process.stop()


def test_an_edit_through_one_server_is_seen_by_the_next_analysis_on_the_other(
    two_servers: tuple[Server, Server], database: Database
) -> None:
    a, b = two_servers
    original = fresh_analyses(database)

    # Neither has cached a circuit: an edit through A, then analyses on B.
    a.edit(0.3)
    after_first = fresh_analyses(database)
    assert after_first[0]["asl4-interp"] < original[0]["asl4-interp"]
    assert after_first[1] > original[1]
    assert_same(b.analyses(), after_first)
    assert_same(a.analyses(), after_first)

    # Both have cached the circuit: an edit through B is seen by A at once, and back.
    b.edit(0.6)
    after_second = fresh_analyses(database)
    assert after_second[1] > after_first[1]
    assert_same(a.analyses(), after_second)
    assert_same(b.analyses(), after_second)

    a.edit(0.0)
    assert_same(b.analyses(), fresh_analyses(database))
    assert_same(b.analyses(), original)


def test_serve_with_two_workers_answers_and_sees_its_own_edits(
    neo4j_settings: Settings, database: Database, tmp_path: Path
) -> None:
    load_example(database)
    editor = make_keys(database).editor
    process = start_server(
        server_env(neo4j_settings), tmp_path / "serve.log", args=("--workers", "2")
    )
    try:
        server = Server(process, editor)
        for p_fail in (0.3, 0.6, 0.0):
            server.edit(p_fail)
            expected = fresh_analyses(database)
            for _ in range(4):  # several requests: both processes answer some of them
                assert_same(server.analyses(), expected)
    finally:
        process.stop()
    log = (tmp_path / "serve.log").read_text(encoding="utf-8")
    assert "Started parent process" in log
    assert log.count("Started server process") == 2


@pytest.mark.parametrize("workers", ["0", "65", "-2"])
def test_serve_refuses_a_number_of_workers_out_of_range(workers: str) -> None:
    result = CliRunner().invoke(app, ["serve", "--workers", workers])
    assert result.exit_code == 2
    assert "--workers must be a whole number from 1 to 64" in result.output
    assert "Traceback" not in result.output
