"""The managed local Neo4j: an embedded Neo4j 5.26 behind a small Java launcher (deploy/neo4j).

Used when NEO4J_URI is unset, so that one command brings everything up on a fresh machine.
Layout of its directory (default `.scg/neo4j/`):

    password      the password of user neo4j (mode 0600), generated on first start
    neo4j.pid     pid of the running launcher
    neo4j.port    the Bolt port it listens on
    launcher.log  the launcher's stdout and stderr
    home/         the Neo4j home: databases, transaction logs, Neo4j's own logs
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from service.errors import ConfigurationError, Neo4jUnavailableError

LAUNCHER_JAR = Path("target") / "scg-neo4j-launcher.jar"
START_TIMEOUT_S = 180.0
STOP_TIMEOUT_S = 60.0


@dataclass(frozen=True)
class LocalNeo4jStatus:
    running: bool
    pid: int | None
    uri: str | None
    message: str


class LocalNeo4j:
    """Start, stop and inspect one managed Neo4j living under `directory`."""

    def __init__(
        self,
        directory: Path,
        *,
        port: int = 7687,
        launcher_dir: Path,
        heap: str = "3g",
        password: str | None = None,
    ) -> None:
        self.directory = directory
        self.port = port
        self.launcher_dir = launcher_dir
        self.build_dir = directory / "launcher"  # where an installed package's launcher is built
        self.heap = heap
        self._password_override = password

    # -- paths ---------------------------------------------------------------------------
    @property
    def pid_file(self) -> Path:
        return self.directory / "neo4j.pid"

    @property
    def port_file(self) -> Path:
        return self.directory / "neo4j.port"

    def recorded_port(self) -> int | None:
        """The port the last start used (a running instance keeps it)."""
        try:
            return int(self.port_file.read_text(encoding="utf-8").strip())
        except (FileNotFoundError, ValueError):
            return None

    @property
    def password_file(self) -> Path:
        return self.directory / "password"

    @property
    def log_file(self) -> Path:
        return self.directory / "launcher.log"

    @property
    def home(self) -> Path:
        return self.directory / "home"

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.active_port()}"

    def active_port(self) -> int:
        """The port of the running instance (it keeps the one it started with), else `port`."""
        if self.running_pid() is not None:
            return self.recorded_port() or self.port
        return self.port

    # -- queries -------------------------------------------------------------------------
    def password(self) -> str:
        """The password of user neo4j: NEO4J_PASSWORD if given, else the stored or a new one."""
        if self._password_override:
            return self._password_override
        if self.password_file.exists():
            return self.password_file.read_text(encoding="utf-8").strip()
        return ""

    def running_pid(self) -> int | None:
        """The launcher's pid if the pid file names a live launcher process."""
        try:
            pid = int(self.pid_file.read_text(encoding="utf-8").strip())
        except (FileNotFoundError, ValueError):
            return None
        if not _process_alive(pid):
            return None
        cmdline = _cmdline(pid)
        if cmdline is not None and "scg-neo4j-launcher" not in cmdline:
            return None  # the pid was recycled by an unrelated process
        return pid

    def status(self) -> LocalNeo4jStatus:
        pid = self.running_pid()
        if pid is None:
            stale = " (removed a stale pid file)" if self.pid_file.exists() else ""
            self.pid_file.unlink(missing_ok=True)
            return LocalNeo4jStatus(False, None, None, f"stopped{stale}")
        port = self.active_port()
        if not _port_open(port):
            return LocalNeo4jStatus(
                False, pid, None, f"starting or unhealthy (pid {pid}, Bolt port {port} closed)"
            )
        return LocalNeo4jStatus(True, pid, self.uri, f"running (pid {pid}, {self.uri})")

    # -- lifecycle -----------------------------------------------------------------------
    def build(self) -> Path:
        """Build the launcher with Maven if needed; returns the jar.

        Sources built where they are (a checkout after `make setup`: a `target/` beside them)
        are rebuilt there when they change; otherwise (an installed package, whose files are
        not ours to write beside) they are copied under the data directory and built there.
        """
        _require_tool("java", "install a Java 17 JDK (e.g. apt-get install openjdk-17-jdk)")
        _require_tool("mvn", "install Maven (e.g. apt-get install maven)")
        if not (self.launcher_dir / "build.sh").exists():
            raise ConfigurationError(f"Neo4j launcher not found at {self.launcher_dir}")
        where = self.launcher_dir
        if not (self.launcher_dir / "target").is_dir():
            where = self.build_dir
            _copy_sources(self.launcher_dir, where)
        result = subprocess.run(
            ["bash", str(where / "build.sh")], capture_output=True, text=True, check=False
        )
        jar = where / LAUNCHER_JAR
        if result.returncode != 0 or not jar.exists():
            detail = (result.stderr or result.stdout).strip().splitlines()
            last = detail[-1] if detail else f"exit code {result.returncode}"
            raise Neo4jUnavailableError(f"building the Neo4j launcher failed: {last}")
        return jar

    def start(self) -> LocalNeo4jStatus:
        """Start Neo4j in the background and wait until Bolt answers. Harmless if running."""
        current = self.status()
        if current.running:
            return current
        if current.pid is not None:  # launched but Bolt not open yet: wait for it
            self._wait_for_bolt(current.pid)
            return self.status()
        if _port_open(self.port):
            raise Neo4jUnavailableError(
                f"port {self.port} is already in use by another process; "
                "stop it or choose another port with SCG_NEO4J_PORT"
            )
        jar = self.build()
        self.directory.mkdir(parents=True, exist_ok=True)
        self._write_password()
        if self.log_file.exists():  # keep the previous run's log, start this one afresh
            self.log_file.replace(self.log_file.with_suffix(".log.1"))
        with self.log_file.open("ab") as log:
            process = subprocess.Popen(
                [
                    "java",
                    f"-Xmx{self.heap}",
                    "-jar",
                    str(jar.resolve()),
                    "--data-dir",
                    str(self.home.resolve()),
                    "--bolt-port",
                    str(self.port),
                    "--password-file",
                    str(self.password_file.resolve()),
                ],
                stdout=log,
                stderr=log,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        self.pid_file.write_text(str(process.pid), encoding="utf-8")
        self.port_file.write_text(str(self.port), encoding="utf-8")
        self._wait_for_bolt(process.pid, process)
        return self.status()

    def stop(self) -> LocalNeo4jStatus:
        """Stop gracefully (SIGTERM, so Neo4j checkpoints); SIGKILL only after a timeout."""
        pid = self.running_pid()
        if pid is None:
            self.pid_file.unlink(missing_ok=True)
            return LocalNeo4jStatus(False, None, None, "stopped (was not running)")
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT_S
        while _process_alive(pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        if _process_alive(pid):
            os.kill(pid, signal.SIGKILL)
            while _process_alive(pid):
                time.sleep(0.1)
        self.pid_file.unlink(missing_ok=True)
        return LocalNeo4jStatus(False, None, None, f"stopped (pid {pid})")

    def log_tail(self, lines: int = 50) -> list[str]:
        if not self.log_file.exists():
            return []
        return self.log_file.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:]

    # -- helpers -------------------------------------------------------------------------
    def _write_password(self) -> None:
        password = self._password_override or self.password() or secrets.token_urlsafe(24)
        self.password_file.touch(mode=0o600, exist_ok=True)
        os.chmod(self.password_file, 0o600)
        self.password_file.write_text(password, encoding="utf-8")

    def _wait_for_bolt(self, pid: int, process: subprocess.Popen[bytes] | None = None) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if process is not None and process.poll() is not None:
                self.pid_file.unlink(missing_ok=True)
                raise Neo4jUnavailableError(
                    f"Neo4j exited during start-up: {self._last_error()} (log: {self.log_file})"
                )
            if process is None and not _process_alive(pid):
                raise Neo4jUnavailableError(f"Neo4j exited during start-up (log: {self.log_file})")
            if _port_open(self.active_port()) and self._ready_line_seen():
                return
            time.sleep(0.25)
        raise Neo4jUnavailableError(
            f"Neo4j did not open Bolt on port {self.active_port()} within {START_TIMEOUT_S:.0f} s "
            f"(log: {self.log_file})"
        )

    def _ready_line_seen(self) -> bool:
        return any(line.startswith("READY") for line in self.log_tail(200))

    def _last_error(self) -> str:
        for line in reversed(self.log_tail(200)):
            if line.startswith("ERROR"):
                return line.removeprefix("ERROR:").strip()
        tail = self.log_tail(1)
        return tail[0] if tail else "no output"


def _copy_sources(sources: Path, target: Path) -> None:
    """pom.xml, build.sh and src/ with their times (build.sh rebuilds what is newer than the
    jar, so an unchanged package is not rebuilt; an upgraded one is)."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ("pom.xml", "build.sh"):
        shutil.copy2(sources / name, target / name)
    shutil.copytree(sources / "src", target / "src", dirs_exist_ok=True)


def _require_tool(name: str, remedy: str) -> None:
    if shutil.which(name) is None:
        raise Neo4jUnavailableError(f"{name} not found on PATH: {remedy}")


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie (exited, not yet reaped) is not alive for our purposes.
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8")
    except OSError:
        return True
    return stat.rsplit(")", 1)[-1].split()[0] != "Z"


def _cmdline(pid: int) -> str | None:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return None


def _port_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0
