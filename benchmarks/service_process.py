"""The real service as a subprocess (`scg serve` on 127.0.0.1 and a free port), its readiness,
its peak memory, and a restart after a call it may still be busy with (a timeout).

Peak RSS is the kernel's high-water mark of the process (VmHWM in /proc/PID/status), read
before each stop; `peak_rss_mb` is the largest over every start since the last reset.
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from benchmarks import REPOSITORY_ROOT
from service.errors import ScgError

READY_TIMEOUT_S = 120.0
STOP_TIMEOUT_S = 10.0


class ServiceStartError(ScgError):
    """The service did not become ready; the message points at its log."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def peak_rss_mb(pid: int) -> float | None:
    """VmHWM of a live process in MiB (None when it is gone or not on Linux)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
    except OSError:
        return None
    return parse_vm_hwm_mb(status)


def parse_vm_hwm_mb(status: str) -> float | None:
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            parts = line.split()
            return round(int(parts[1]) / 1024.0, 1)  # kB
    return None


class ServiceProcess:
    def __init__(self, env: dict[str, str], log_path: Path) -> None:
        self.env = env
        self.log_path = log_path
        self.host = "127.0.0.1"
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None
        self.peak_rss_mb: float | None = None
        self.starts = 0

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None else None

    def start(self) -> None:
        self.port = free_port()
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "service.cli", "serve", *self._address()],
                cwd=REPOSITORY_ROOT,
                env=self.env,
                stdout=log,
                stderr=log,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        self.starts += 1
        self._wait_ready()

    def _address(self) -> list[str]:
        return ["--host", self.host, "--port", str(self.port)]

    def stop(self) -> None:
        process = self.process
        if process is None:
            return
        self.sample_peak_rss()
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.process = None

    def restart(self) -> None:
        """Stop (abandoning whatever it computes) and start afresh on a new port."""
        self.stop()
        self.start()

    def sample_peak_rss(self) -> float | None:
        if self.process is None or self.process.poll() is not None:
            return self.peak_rss_mb
        current = peak_rss_mb(self.process.pid)
        if current is not None:
            self.peak_rss_mb = max(current, self.peak_rss_mb or 0.0)
        return self.peak_rss_mb

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + READY_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise ServiceStartError(
                    f"the service exited with code {self.process.returncode} during start-up "
                    f"(log: {self.log_path})"
                )
            if _get_status(self.host, self.port, "/readyz") == 200:
                return
            time.sleep(0.2)
        self.stop()
        raise ServiceStartError(
            f"the service was not ready within {READY_TIMEOUT_S:.0f} s (log: {self.log_path})"
        )


def _get_status(host: str, port: int, path: str) -> int | None:
    connection = http.client.HTTPConnection(host, port, timeout=2.0)
    try:
        connection.request("GET", path)
        return connection.getresponse().status
    except OSError:
        return None
    finally:
        connection.close()


def service_environment(
    uri: str, user: str, password: str, data_dir: Path, extra: dict[str, str] | None = None
) -> dict[str, str]:
    """The environment of the service process: ours, pointed at the bench Neo4j."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "SCG_"))}
    env.update(
        {
            "NEO4J_URI": uri,
            "NEO4J_USER": user,
            "NEO4J_PASSWORD": password,
            "SCG_DATA_DIR": str(data_dir),
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update(extra or {})
    return env
