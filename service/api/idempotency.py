"""`Idempotency-Key`: a client that retries a mutation after a timeout or a lost answer gets
the original answer, and the write happens once.

A POST /graphql carrying `Idempotency-Key: K` (1-200 visible ASCII characters) is answered
once per (API key, K): the answer (status, body) is kept for `TTL_S` seconds and replayed,
with `Idempotent-Replayed: true`, to any retry of the same request body. The same K with a
different body is refused (422 `BAD_REQUEST`), and a retry while the first is still running
waits for it (up to the request deadline) rather than running twice. Answers the server could
not give (5xx: the database down, a timeout) are not kept, so a retry runs again; creates
that find their entity already written with the same properties succeed then too.

Answers are kept in this process's memory (an LRU of `MAX_ENTRIES`): a client retrying
through another API process, or after a restart, runs its request again.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
import time
from dataclasses import dataclass, field

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.api.workload import send_error
from service.util.lru import LruCache

HEADER = b"idempotency-key"
TTL_S = 24 * 3600.0
MAX_ENTRIES = 10_000
_VALID = re.compile(rb"^[\x21-\x7e]{1,200}$")


@dataclass
class _Answer:
    body_hash: str
    created: float
    done: asyncio.Event = field(default_factory=asyncio.Event)
    status: int = 0
    headers: list[tuple[bytes, bytes]] = field(default_factory=list)
    body: bytes = b""
    kept: bool = False


def _header(scope: Scope, name: bytes) -> bytes | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return bytes(value)
    return None


class IdempotencyMiddleware:
    """Replay the answer of a POST /graphql retried with the same `Idempotency-Key`."""

    def __init__(self, app: ASGIApp, path: str) -> None:
        self.app = app
        self.path = path
        self._answers: LruCache[tuple[str, bytes], _Answer] = LruCache(MAX_ENTRIES)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        key = _header(scope, HEADER) if scope["type"] == "http" else None
        if key is None or scope["method"] != "POST" or scope["path"].rstrip("/") != self.path:
            await self.app(scope, receive, send)
            return
        if not _VALID.match(key):
            await send_error(
                send, 400, "Idempotency-Key must be 1-200 visible ASCII characters", "BAD_REQUEST"
            )
            return
        body, more = b"", True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            more = message.get("more_body", False)
        principal = scope.get("state", {}).get("principal")
        slot = (str(getattr(principal, "id", "")), key)
        body_hash = hashlib.sha256(body).hexdigest()
        now = time.monotonic()
        earlier = self._answers.get(slot)
        if earlier is not None and now - earlier.created > TTL_S:
            earlier = None
        if earlier is not None:
            if earlier.body_hash != body_hash:
                await send_error(
                    send,
                    422,
                    "this Idempotency-Key was used for a different request: use a new key "
                    "for each distinct request",
                    "BAD_REQUEST",
                )
                return
            await earlier.done.wait()
            if earlier.kept:
                await self._replay(send, earlier)
                return
        answer = _Answer(body_hash, now)
        self._answers.put(slot, answer)
        await self._first(scope, body, receive, send, answer)

    async def _first(
        self, scope: Scope, body: bytes, receive: Receive, send: Send, answer: _Answer
    ) -> None:
        sent = False

        async def receive_body() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()  # after the body: the client's disconnect

        chunks: list[bytes] = []

        async def keeping_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                answer.status = int(message["status"])
                answer.headers = [
                    (k, v)
                    for k, v in message.get("headers", [])
                    if k.lower() in (b"content-type", b"content-length")
                ]
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive_body, keeping_send)
            answer.body = b"".join(chunks)
            answer.kept = 0 < answer.status < 500
        finally:
            answer.done.set()

    @staticmethod
    async def _replay(send: Send, answer: _Answer) -> None:
        await send(
            {
                "type": "http.response.start",
                "status": answer.status,
                "headers": [*answer.headers, (b"idempotent-replayed", b"true")],
            }
        )
        await send({"type": "http.response.body", "body": answer.body})
