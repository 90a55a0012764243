"""`scg neo4j ...` as a user runs it: a real process, real exit codes, one-line errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from service.config import Settings
from tests.conftest import free_port

pytestmark = pytest.mark.e2e

SCG = [sys.executable, "-m", "service.cli"]


def _scg(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*SCG, *args], env=env, capture_output=True, text=True, timeout=300, check=False
    )


def _env(data_dir: Path, port: int, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env.update(SCG_DATA_DIR=str(data_dir), SCG_NEO4J_PORT=str(port), **extra)
    return env


def _java_processes_using(directory: Path) -> list[int]:
    pids = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            state = (proc / "stat").read_text().rsplit(")", 1)[-1].split()[0]
        except OSError:
            continue
        if "java" in cmdline and str(directory) in cmdline and state != "Z":
            pids.append(int(proc.name))
    return pids


def test_start_twice_then_stop_leaves_no_java_process_and_status_tells_the_truth(
    tmp_path: Path,
) -> None:
    env = _env(tmp_path, free_port())
    try:
        before = _scg(["neo4j", "status"], env)
        assert before.returncode == 3
        assert "stopped" in before.stdout

        first = _scg(["neo4j", "start"], env)
        assert first.returncode == 0, first.stderr
        assert "running" in first.stdout
        second = _scg(["neo4j", "start"], env)
        assert second.returncode == 0, second.stderr
        assert len(_java_processes_using(tmp_path)) == 1

        running = _scg(["neo4j", "status"], env)
        assert running.returncode == 0
        assert "running" in running.stdout

        stopped = _scg(["neo4j", "stop"], env)
        assert stopped.returncode == 0
        assert _java_processes_using(tmp_path) == []
        after = _scg(["neo4j", "status"], env)
        assert after.returncode == 3
        assert "stopped" in after.stdout
    finally:
        _scg(["neo4j", "stop"], env)


def test_missing_java_is_a_one_line_error(tmp_path: Path) -> None:
    env = _env(tmp_path, free_port(), PATH=str(Path(sys.executable).parent))
    result = _scg(["neo4j", "start"], env)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "error: java not found on PATH: install a Java 17 JDK (e.g. apt-get install openjdk-17-jdk)"
    ]


def test_port_in_use_is_a_one_line_error(tmp_path: Path) -> None:
    import socket

    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        port = squatter.getsockname()[1]
        result = _scg(["neo4j", "start"], _env(tmp_path, port))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert f"port {port} is already in use" in lines[0]
    assert "Traceback" not in result.stderr


def test_wrong_password_is_a_one_line_error(tmp_path: Path, neo4j_settings: Settings) -> None:
    env = _env(
        tmp_path,
        free_port(),
        NEO4J_URI=str(neo4j_settings.neo4j_uri),
        NEO4J_PASSWORD="wrong-password",
    )
    result = _scg(["migrate"], env)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "rejected the credentials" in lines[0]
