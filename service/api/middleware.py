"""Request plumbing that wraps every route: request ids, the request body size limit, and the
count of requests in flight that background work gives way to."""

from __future__ import annotations

import asyncio
import contextvars
import json
import re
import time
import uuid

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.util import foreground
from service.util.freed_memory import LONG_REQUEST_S, release_freed_memory
from service.util.gc_pause import collect_young_garbage

REQUEST_ID_HEADER = b"x-request-id"
_CLIENT_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")

#: The id of the request being served (for logs and error extensions).
current_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "scg_request_id", default=None
)


class RequestIdMiddleware:
    """Give each request an id (the client's `X-Request-ID` if it is a sane one), keep it in
    `request.state.request_id` and return it in the `X-Request-ID` response header."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = uuid.uuid4().hex
        for name, value in scope.get("headers", []):
            if name.lower() == REQUEST_ID_HEADER:
                candidate = value.decode("latin-1")
                if _CLIENT_ID.match(candidate):
                    request_id = candidate
        scope.setdefault("state", {})["request_id"] = request_id
        token = current_request_id.set(request_id)

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.append((REQUEST_ID_HEADER, request_id.encode()))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            current_request_id.reset(token)


class _BodyTooLargeError(Exception):
    pass


class BodySizeLimitMiddleware:
    """413 for request bodies over `max_bytes` (by Content-Length, or counted as they stream)."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name.lower() == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = 0
                if declared > self.max_bytes:
                    await self._too_large(send)
                    return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise _BodyTooLargeError
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except _BodyTooLargeError:
            if not started:
                await self._too_large(send)

    async def _too_large(self, send: Send) -> None:
        message = (
            f"request body larger than {self.max_bytes} bytes (SCG_MAX_BODY_BYTES); "
            "load big portfolios with `scg load`"
        )
        body = json.dumps(
            {"errors": [{"message": message, "extensions": {"code": "PAYLOAD_TOO_LARGE"}}]}
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


class ForegroundMiddleware:
    """Count every HTTP request as in flight while it is answered, so that background work
    (warming, diagrams built ahead) gives way to it (`service.util.foreground`); when none is
    left in flight, collect the young garbage requests leave (`collect_young_garbage`), and
    after a long request (an analysis) hand the memory it freed back to the system."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        with foreground.serving():
            await self.app(scope, receive, send)
        if not foreground.in_flight():  # the response is sent: a quiet moment
            collect_young_garbage()
            if time.perf_counter() - started >= LONG_REQUEST_S:
                await asyncio.to_thread(release_freed_memory)
