"""Fail fast while Neo4j is down, and notice alone when it is back.

Without a breaker every request to a dead database waits out the driver's connection timeout
and its retries (30-59 s), holding a worker thread all that time. Once a statement fails
because the database is unreachable, the breaker opens: statements are refused at once with
`Neo4jUnavailableError` (the API answers 503 with Retry-After), while one background thread
probes the database every `probe_interval` seconds and closes the breaker when it answers.
Nothing needs a restart: the driver reconnects by itself, the breaker only stops the waiting.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from service.errors import Neo4jUnavailableError

log = logging.getLogger("scg.store")


class CircuitBreaker:
    """Open after a failure to reach the database; closed again by a successful probe."""

    def __init__(self, probe: Callable[[], bool], probe_interval: float = 1.0) -> None:
        self.probe = probe
        self.probe_interval = probe_interval
        self._opened_at: float | None = None
        self._reason = ""
        self._lock = threading.Lock()
        self._prober: threading.Thread | None = None
        self._closed_event = threading.Event()
        self._stopping = threading.Event()

    @property
    def is_open(self) -> bool:
        return self._opened_at is not None

    @property
    def retry_after(self) -> int:
        """Seconds a client should wait before it tries again (the probe interval, rounded up)."""
        return max(1, int(self.probe_interval + 0.999))

    def check(self) -> None:
        """Raise at once while the breaker is open."""
        if self._opened_at is not None:
            raise Neo4jUnavailableError(
                f"the graph database is unavailable ({self._reason}): retry in {self.retry_after} s"
            )

    def record_failure(self, reason: str) -> None:
        """The database could not be reached: open, and start probing in the background."""
        with self._lock:
            if self._opened_at is None:
                self._opened_at = time.monotonic()
                self._reason = reason
                self._closed_event.clear()
                log.warning("Neo4j unreachable (%s): refusing requests until it answers", reason)
            if self._stopping.is_set() or (self._prober is not None and self._prober.is_alive()):
                return
            self._prober = threading.Thread(
                target=self._probe_until_back, name="scg-neo4j-probe", daemon=True
            )
            self._prober.start()

    def wait_closed(self, timeout: float) -> bool:
        return self._closed_event.wait(timeout) if self.is_open else True

    def stop(self) -> None:
        self._stopping.set()

    def _probe_until_back(self) -> None:
        while not self._stopping.wait(self.probe_interval):
            try:
                back = self.probe()
            except Exception:  # any failure of the probe means: still down
                back = False
            if back:
                with self._lock:
                    down_for = time.monotonic() - (self._opened_at or time.monotonic())
                    self._opened_at = None
                    self._closed_event.set()
                log.warning("Neo4j answers again after %.1f s", down_for)
                return
