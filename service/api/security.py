"""Who is calling, and may they: bearer API keys, roles and workspace scopes, in one place.

Every HTTP request to the API (/graphql, /metrics) needs `Authorization: Bearer <key>`
(401 otherwise, before any GraphQL runs); the probes (/healthz, /readyz) and the dashboard's
static pages need none (the page asks for a key and sends it to /graphql). Resolvers then
call `authorize` with the role they need and the workspace they touch: viewers read, editors
also write, admins also manage keys; a key only reaches the workspaces of its scope (403 and
extensions.code FORBIDDEN otherwise).
"""

from __future__ import annotations

import json
import time
from typing import TYPE_CHECKING

from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Receive, Scope, Send

from service.api.dashboard import is_dashboard_path
from service.api.errors import ForbiddenError
from service.usecases.keys import ApiKey, Role, find_key, looks_like_token
from service.usecases.portfolios import check_workspace_name
from service.util.lru import LruCache

if TYPE_CHECKING:
    from service.api.state import ServiceState

PUBLIC_PATHS = frozenset({"/healthz", "/readyz"})
_CACHE_SIZE = 1024


class KeyVerifier:
    """Looks keys up by token hash, trusting a verified key for `ttl` seconds."""

    def __init__(self, state: ServiceState, ttl: float) -> None:
        self.state = state
        self.ttl = ttl
        self._cache: LruCache[str, tuple[float, ApiKey]] = LruCache(_CACHE_SIZE)

    def verify(self, token: str) -> ApiKey | None:
        """The key of `token`; None when it is unknown or revoked. Raises when Neo4j is down."""
        if not looks_like_token(token):
            return None
        now = time.monotonic()
        cached = self._cache.get(token)
        if cached is not None and cached[0] > now:
            return cached[1]
        database = self.state.require_database()
        key = find_key(database, token)
        if key is not None and self.ttl > 0:
            self._cache.put(token, (now + self.ttl, key))
        return key

    def forget(self, key_id: str) -> None:
        """Drop a revoked key from the cache at once."""
        self._cache.discard_where(lambda _token, entry: entry[1].id == key_id)


def require_role(principal: ApiKey, role: Role) -> ApiKey:
    if not principal.role.allows(role):
        raise ForbiddenError(
            f"this needs an API key with role {role.value} or higher; "
            f"this key ({principal.id}) has role {principal.role.value}"
        )
    return principal


def authorize(principal: ApiKey, role: Role, workspace: str | None) -> str:
    """The workspace a request touches (the key's default when None), if `principal` has
    `role` there; raises ForbiddenError otherwise."""
    require_role(principal, role)
    name = check_workspace_name(workspace) if workspace is not None else None
    name = name or principal.default_workspace
    if not principal.can_access(name):
        raise ForbiddenError(
            f"this API key ({principal.id}) is not scoped to workspace {name!r}; "
            f"its workspaces: {', '.join(principal.workspaces)}"
        )
    return name


def bearer_token(headers: list[tuple[bytes, bytes]]) -> str | None:
    for name, value in headers:
        if name.lower() == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            if scheme.lower() == "bearer" and token.strip():
                return token.strip()
            return None
    return None


class AuthenticationMiddleware:
    """401 for every API request without a valid key; the key goes to
    `request.state.principal` otherwise."""

    def __init__(self, app: ASGIApp, verifier: KeyVerifier) -> None:
        self.app = app
        self.verifier = verifier

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or path in PUBLIC_PATHS or is_dashboard_path(path):
            await self.app(scope, receive, send)
            return
        token = bearer_token(scope.get("headers", []))
        if token is None:
            await _reject(send, 401, "send an API key: Authorization: Bearer <key>")
            return
        try:
            key = await run_in_threadpool(self.verifier.verify, token)
        except Exception:  # Neo4j down or unreachable: cannot tell, so refuse
            await _reject(
                send, 503, "cannot verify the API key: the graph database is down; retry in 1 s"
            )
            return
        if key is None:
            await _reject(send, 401, "unknown or revoked API key")
            return
        scope.setdefault("state", {})["principal"] = key
        await self.app(scope, receive, send)


async def _reject(send: Send, status: int, message: str) -> None:
    code = {401: "UNAUTHENTICATED", 503: "SERVICE_UNAVAILABLE"}.get(status, "FORBIDDEN")
    body = json.dumps({"errors": [{"message": message, "extensions": {"code": code}}]}).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
    ]
    if status == 401:
        headers.append((b"www-authenticate", b'Bearer realm="scg"'))
    if status == 503:
        headers.append((b"retry-after", b"1"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
