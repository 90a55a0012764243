"""`Idempotency-Key`: a client that retries a mutation after a timeout or a lost answer gets
the original answer, and the write happens once.

A POST /graphql carrying `Idempotency-Key: K` (1-200 visible ASCII characters) is answered
once per (API key, K): the answer (status, body) is kept for `TTL_S` seconds and replayed,
with `Idempotent-Replayed: true`, to any retry of the same request body. The same K with a
different body is refused (422 `BAD_REQUEST`), and a retry while the first is still running
waits for it (up to the request deadline) rather than running twice. Answers the server could
not give (5xx: the database down, a timeout) are not kept, so a retry runs again; creates
that find their entity already written with the same properties succeed then too.

Answers are kept in Neo4j (`service.usecases.idempotency`: the SHA-256 of K, the request
body's digest, the answer), so every API process on one database, and one restarted, replays
the same answer. A request holds its claim for at most the request deadline (`lease_s`): when
its process dies, a retry runs again after that. While Neo4j is unreachable requests run
without a claim (and get the database's 503 themselves).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import re
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

import neo4j.exceptions
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.api.workload import send_error
from service.errors import Neo4jUnavailableError
from service.usecases.database import Database
from service.usecases.idempotency import (
    Claim,
    claim_answer,
    expire_answers,
    keep_answer,
    release_answer,
)

log = logging.getLogger("scg.api")

HEADER = b"idempotency-key"
TTL_S = 24 * 3600.0
MAX_KEPT_BYTES = 1 << 20  # a larger answer is not kept: its retry runs again
SWEEP_EVERY_S = 600.0  # how often a process removes expired answers
_POLL_S = (0.05, 0.5)  # first and longest wait between looks at a claim another request holds
_VALID = re.compile(rb"^[\x21-\x7e]{1,200}$")
_DATABASE_ERRORS = (Neo4jUnavailableError, neo4j.exceptions.Neo4jError)


def _header(scope: Scope, name: bytes) -> bytes | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return bytes(value)
    return None


class IdempotencyMiddleware:
    """Replay the answer of a POST /graphql retried with the same `Idempotency-Key`."""

    def __init__(
        self,
        app: ASGIApp,
        path: str,
        database: Callable[[], Database | None],
        lease_s: float,
    ) -> None:
        self.app = app
        self.path = path
        self.database = database  # the connected database, or None while there is none
        self.lease_s = lease_s
        self._swept = float("-inf")

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
        slot = _Slot(
            scope=str(getattr(principal, "id", "")),
            key_hash=hashlib.sha256(key).hexdigest(),
            body_hash=hashlib.sha256(body).hexdigest(),
            claim=uuid.uuid4().hex,
        )
        replaying = _Replay(body, receive)
        database = self.database()
        if database is None:  # no database: the request gets its 503 from the app
            await self.app(scope, replaying, send)
            return
        self._sweep(database)
        poll = _POLL_S[0]
        while True:
            try:
                found = await run_in_threadpool(self._claim, database, slot)
            except _DATABASE_ERRORS as error:
                log.warning("Idempotency-Key not applied (%s): running the request", error)
                await self.app(scope, replaying, send)
                return
            if found.body_hash != slot.body_hash:
                await send_error(
                    send,
                    422,
                    "this Idempotency-Key was used for a different request: use a new key "
                    "for each distinct request",
                    "BAD_REQUEST",
                )
                return
            if found.claimed:
                await self._first(scope, replaying, send, database, slot)
                return
            if found.status is not None:
                await self._replay(send, found)
                return
            await asyncio.sleep(poll)  # the first request still runs (maybe elsewhere)
            poll = min(poll * 2, _POLL_S[1])

    def _claim(self, database: Database, slot: _Slot) -> Claim:
        return claim_answer(
            database,
            slot.scope,
            slot.key_hash,
            slot.body_hash,
            slot.claim,
            ttl_s=TTL_S,
            lease_s=self.lease_s,
        )

    async def _first(
        self, scope: Scope, receive: Receive, send: Send, database: Database, slot: _Slot
    ) -> None:
        status = 0
        headers: list[tuple[bytes, bytes]] = []
        chunks: list[bytes] = []

        async def keeping_send(message: Message) -> None:
            nonlocal status, headers
            if message["type"] == "http.response.start":
                status = int(message["status"])
                headers = [
                    (k, v)
                    for k, v in message.get("headers", [])
                    if k.lower() in (b"content-type", b"content-length")
                ]
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, keeping_send)
        except BaseException:  # cancelled (the deadline) or failed: let a retry run again
            asyncio.get_running_loop().run_in_executor(None, _release, database, slot)
            raise
        body = b"".join(chunks)
        if 0 < status < 500 and len(body) <= MAX_KEPT_BYTES:
            await run_in_threadpool(_keep, database, slot, status, headers, body)
        else:
            await run_in_threadpool(_release, database, slot)

    @staticmethod
    async def _replay(send: Send, answer: Claim) -> None:
        await send(
            {
                "type": "http.response.start",
                "status": answer.status,
                "headers": [*answer.headers, (b"idempotent-replayed", b"true")],
            }
        )
        await send({"type": "http.response.body", "body": answer.body})

    def _sweep(self, database: Database) -> None:
        """Now and then, remove expired answers (in the background)."""
        now = time.monotonic()
        if now - self._swept >= SWEEP_EVERY_S:
            self._swept = now
            asyncio.get_running_loop().run_in_executor(None, _expire, database)


@dataclass(frozen=True, slots=True)
class _Slot:
    """One request's place among the kept answers."""

    scope: str  # the API key's id
    key_hash: str
    body_hash: str
    claim: str  # this request's claim


class _Replay:
    """The `receive` of a request whose body was read already: the body, then the client's."""

    def __init__(self, body: bytes, receive: Receive) -> None:
        self.body: bytes | None = body
        self.receive = receive

    async def __call__(self) -> Message:
        if self.body is not None:
            body, self.body = self.body, None
            return {"type": "http.request", "body": body, "more_body": False}
        return await self.receive()  # after the body: the client's disconnect


# The answer has gone to the client already: failing to keep it, or to release the claim,
# costs only a retry that runs again (after the lease), so it is logged, never raised.


def _keep(
    database: Database, slot: _Slot, status: int, headers: list[tuple[bytes, bytes]], body: bytes
) -> None:
    try:
        keep_answer(database, slot.scope, slot.key_hash, slot.claim, status, headers, body)
    except _DATABASE_ERRORS as error:
        log.warning("could not keep the answer of an Idempotency-Key: %s", error)


def _release(database: Database, slot: _Slot) -> None:
    try:
        release_answer(database, slot.scope, slot.key_hash, slot.claim)
    except _DATABASE_ERRORS as error:
        log.warning("could not release an Idempotency-Key: %s", error)


def _expire(database: Database) -> None:
    try:
        expire_answers(database)
    except _DATABASE_ERRORS as error:
        log.warning("could not remove expired Idempotency-Key answers: %s", error)
