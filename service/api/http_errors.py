"""Errors as product at the HTTP layer too: every error response is a GraphQL-shaped JSON body
with `extensions.code`, whatever produced it (Strawberry's transport checks, FastAPI's 404 and
405, a stalled or malformed body, an unexpected exception).

- `GraphQLBodyGuard` reads a POST /graphql body within `SCG_BODY_TIMEOUT` seconds (408
  `REQUEST_TIMEOUT` for a client that stalls halfway) and checks it is one JSON object with
  a string `query`, an object of `variables`, and numbers JSON allows (no NaN or Infinity, no
  integer of thousands of digits, nesting bounded), before the GraphQL layer sees it:
  400 `BAD_REQUEST` or `BAD_USER_INPUT` otherwise.
- `JsonErrorsMiddleware` turns any other error response that is not GraphQL-shaped (plain
  text, FastAPI's `{"detail": ...}`) into one, keeping its status and message, and answers
  an exception that escaped every layer with 500 `INTERNAL_SERVER_ERROR` and the request id
  (the traceback goes to the server log, never to the client).
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.api.middleware import current_request_id
from service.api.workload import send_error

log = logging.getLogger("scg.api")

CODE_OF_STATUS = {
    400: "BAD_REQUEST",
    401: "UNAUTHENTICATED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    406: "NOT_ACCEPTABLE",
    408: "REQUEST_TIMEOUT",
    413: "PAYLOAD_TOO_LARGE",
    415: "UNSUPPORTED_MEDIA_TYPE",
    422: "BAD_REQUEST",
    429: "RATE_LIMITED",
    503: "SERVICE_UNAVAILABLE",
    504: "TIMEOUT",
}
PROBE_PATHS = frozenset({"/healthz", "/readyz"})
MAX_JSON_DEPTH = 64
MAX_INTEGER_DIGITS = 100


class BadBodyError(Exception):
    def __init__(self, message: str, code: str = "BAD_REQUEST") -> None:
        super().__init__(message)
        self.code = code


def _refuse_constant(name: str) -> float:
    raise BadBodyError(
        f"{name} is not a JSON number: send a finite number (or null)", "BAD_USER_INPUT"
    )


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INTEGER_DIGITS:
        raise BadBodyError(
            f"an integer of {len(text)} digits is too long (at most {MAX_INTEGER_DIGITS})",
            "BAD_USER_INPUT",
        )
    return int(text)


def _depth_exceeds(value: Any, limit: int) -> bool:
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(node, dict):
            stack.extend((item, depth + 1) for item in node.values())
        elif isinstance(node, list):
            stack.extend((item, depth + 1) for item in node)
    return False


def _nesting_exceeds(body: bytes, limit: int) -> bool:
    """Whether brackets nest deeper than `limit` (a cheap bound before `json.loads`, whose
    recursion would otherwise fail on deep input)."""
    if body.count(b"[") + body.count(b"{") <= limit:
        return False
    depth = 0
    in_string = escaped = False
    for byte in body:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):
            depth += 1
            if depth > limit:
                return True
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return False


def check_graphql_body(body: bytes) -> None:
    """Raise BadBodyError unless `body` is one well-formed GraphQL request object."""
    if _nesting_exceeds(body, MAX_JSON_DEPTH):
        raise BadBodyError(f"the request body nests deeper than {MAX_JSON_DEPTH} levels")
    try:
        data = json.loads(body, parse_constant=_refuse_constant, parse_int=_bounded_int)
    except BadBodyError:
        raise
    except (ValueError, RecursionError) as error:
        raise BadBodyError(f"the request body is not valid JSON: {error}") from None
    if isinstance(data, list):
        raise BadBodyError("batched requests are not supported: send one operation per request")
    if not isinstance(data, dict):
        raise BadBodyError(
            'the request body must be a JSON object such as {"query": "...", "variables": {}}'
        )
    if not isinstance(data.get("query"), str):
        raise BadBodyError('the request body needs a "query" string')
    for name in ("variables", "extensions"):
        if not isinstance(data.get(name), dict | None):
            raise BadBodyError(f'"{name}" must be a JSON object or null')
    if not isinstance(data.get("operationName"), str | None):
        raise BadBodyError('"operationName" must be a string or null')
    if _depth_exceeds(data, MAX_JSON_DEPTH):
        raise BadBodyError(f"the request body nests deeper than {MAX_JSON_DEPTH} levels")


def _content_type(scope: Scope) -> str:
    for name, value in scope.get("headers", []):
        if name.lower() == b"content-type":
            return value.decode("latin-1").lower()
    return ""


class GraphQLBodyGuard:
    """Read and check POST /graphql bodies (JSON ones) before the GraphQL layer."""

    def __init__(self, app: ASGIApp, path: str, timeout: float) -> None:
        self.app = app
        self.path = path
        self.timeout = timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] != "POST"
            or scope["path"].rstrip("/") != self.path
            or "application/json" not in _content_type(scope)
        ):
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        try:
            async with asyncio.timeout(self.timeout):
                while True:
                    message = await receive()
                    if message["type"] == "http.disconnect":
                        return
                    chunks.append(message.get("body", b""))
                    if not message.get("more_body", False):
                        break
        except TimeoutError:
            await send_error(
                send,
                408,
                f"the request body did not arrive within {self.timeout:g} s (SCG_BODY_TIMEOUT)",
                "REQUEST_TIMEOUT",
                [(b"connection", b"close")],
            )
            return
        body = b"".join(chunks)
        try:
            check_graphql_body(body)
        except BadBodyError as error:
            await send_error(send, 400, str(error), error.code)
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


class JsonErrorsMiddleware:
    """GraphQL-shaped JSON for every error response, and no exception to the client."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        held: Message | None = None
        chunks: list[bytes] = []
        started = False

        async def shaping_send(message: Message) -> None:
            nonlocal held, started
            if message["type"] == "http.response.start":
                started = True
                if message["status"] >= 400:
                    held = message
                    return
            elif message["type"] == "http.response.body" and held is not None:
                chunks.append(message.get("body", b""))
                if message.get("more_body", False):
                    return
                body = b"".join(chunks)
                if _is_graphql_shaped(body) or _is_probe_answer(scope, body):
                    await send(held)
                    await send({"type": "http.response.body", "body": body})
                else:
                    await self._reshape(send, held, body)
                return
            await send(message)

        try:
            await self.app(scope, receive, shaping_send)
        except Exception:
            request_id = current_request_id.get()
            log.exception("unexpected error in HTTP request %s", request_id)
            if not started:
                await send_error(
                    send,
                    500,
                    "internal error: the server logged the details under request id "
                    f"{request_id}; quote it when reporting the problem",
                    "INTERNAL_SERVER_ERROR",
                )

    @staticmethod
    async def _reshape(send: Send, start: Message, body: bytes) -> None:
        status = int(start["status"])
        message = body.decode("utf-8", "replace").strip()
        try:
            detail = json.loads(body).get("detail")
        except (ValueError, AttributeError):
            detail = None
        if isinstance(detail, str):
            message = detail
        elif detail is not None:
            message = json.dumps(detail)
        code = CODE_OF_STATUS.get(
            status, "BAD_REQUEST" if status < 500 else "INTERNAL_SERVER_ERROR"
        )
        keep = [
            (name, value)
            for name, value in start.get("headers", [])
            if name.lower() in (b"allow", b"retry-after", b"www-authenticate", b"x-request-id")
        ]
        await send_error(send, status, message or f"HTTP {status}", code, keep)


def _is_probe_answer(scope: Scope, body: bytes) -> bool:
    """/readyz's own 503 answer (`{"status": ...}`): orchestrators read it as it is."""
    if scope["path"] not in PROBE_PATHS:
        return False
    try:
        data = json.loads(body)
    except ValueError:
        return False
    return isinstance(data, dict) and "status" in data


def _is_graphql_shaped(body: bytes) -> bool:
    """A body our own layers shaped: a JSON object with a list of `errors`."""
    try:
        data = json.loads(body)
    except ValueError:
        return False
    return isinstance(data, dict) and isinstance(data.get("errors"), list)
