"""Keep the event loop free: analyses on a bounded pool, heavy ones limited per key, and a
deadline for every request.

- Analyses run on worker threads behind a limiter of `SCG_ANALYSIS_WORKERS` (default 2, one
  per core of a small machine), apart from the threads the database reads share, so a burst
  of analyses queues for a worker instead of taking every thread.
- A *heavy* query (cost at least `SCG_HEAVY_QUERY_COST`, see `query_budget`) needs one of the
  `SCG_HEAVY_QUERIES_PER_KEY` slots of its API key; without a free slot it is refused at once
  with HTTP 429, `RATE_LIMITED` and Retry-After, so one key cannot fill the pool.
- Every request to /graphql has a deadline (`SCG_REQUEST_TIMEOUT`, default 30 s): past it the
  client gets HTTP 504 with `TIMEOUT`, and the request's coroutine is cancelled. A worker
  thread cannot be interrupted: an analysis already running finishes in the background and
  its result is dropped; the pool's bound keeps such leftovers from piling up.
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections import Counter
from collections.abc import Callable
from typing import TypeVar

import anyio
from anyio import to_thread
from starlette.types import ASGIApp, Message, Receive, Scope, Send

T = TypeVar("T")


class AnalysisPool:
    """A bounded set of worker threads for CPU-heavy work."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._limiter: anyio.CapacityLimiter | None = None

    async def run(self, work: Callable[[], T]) -> T:
        if self._limiter is None:  # created on the loop that uses it
            self._limiter = anyio.CapacityLimiter(self.workers)
        # A request past its deadline stops waiting; the thread finishes on its own.
        return await to_thread.run_sync(work, limiter=self._limiter, abandon_on_cancel=True)


class HeavySlots:
    """How many heavy queries each API key has running, and the bound."""

    def __init__(self, per_key: int) -> None:
        self.per_key = per_key
        self._running: Counter[str] = Counter()
        self._lock = threading.Lock()

    def acquire(self, key: str) -> bool:
        with self._lock:
            if self._running[key] >= self.per_key:
                return False
            self._running[key] += 1
            return True

    def release(self, key: str) -> None:
        with self._lock:
            self._running[key] -= 1
            if self._running[key] <= 0:
                del self._running[key]


def error_body(message: str, code: str, **extensions: object) -> bytes:
    """A GraphQL-shaped error response body."""
    return json.dumps(
        {"data": None, "errors": [{"message": message, "extensions": {"code": code, **extensions}}]}
    ).encode()


async def send_error(
    send: Send,
    status: int,
    message: str,
    code: str,
    headers: list[tuple[bytes, bytes]] | None = None,
) -> None:
    body = error_body(message, code)
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                *(headers or []),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class RequestDeadlineMiddleware:
    """504 `TIMEOUT` for a request that has not answered within `seconds` (the probes are
    exempt: they bound themselves)."""

    def __init__(self, app: ASGIApp, seconds: float, exempt: frozenset[str]) -> None:
        self.app = app
        self.seconds = seconds
        self.exempt = exempt

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in self.exempt:
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            async with asyncio.timeout(self.seconds):
                await self.app(scope, receive, tracking_send)
        except TimeoutError:
            if not started:
                await send_error(
                    send,
                    504,
                    f"the request did not finish within {self.seconds:g} s "
                    "(SCG_REQUEST_TIMEOUT): ask for less, e.g. fewer samples or a lower maxOrder",
                    "TIMEOUT",
                )
