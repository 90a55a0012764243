"""The FastAPI application: only wiring. Routes and the GraphQL schema live in their modules.

Middleware, outermost first: CORS (when SCG_CORS_ORIGINS is set), request id, JSON error
bodies, HTTP metrics, request deadline, body size limit, API key authentication, the GraphQL
body check, Idempotency-Key replays; then the routes: /graphql, /metrics, /healthz, /readyz,
and the reviewer dashboard at every other path (`service.api.dashboard`). FastAPI's own docs
pages are off: they load scripts from a CDN, and the schema is in GraphQL (and GraphiQL).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import orjson
from fastapi import FastAPI, Request
from starlette.middleware.cors import CORSMiddleware
from strawberry.fastapi import GraphQLRouter

from service.api import health
from service.api.context import ApiContext
from service.api.dashboard import serve_dashboard
from service.api.http_errors import GraphQLBodyGuard, JsonErrorsMiddleware
from service.api.idempotency import IdempotencyMiddleware
from service.api.metrics import HttpMetricsMiddleware, install_query_metrics, metrics_endpoint
from service.api.middleware import (
    BodySizeLimitMiddleware,
    ForegroundMiddleware,
    RequestIdMiddleware,
)
from service.api.schema import build_schema
from service.api.security import PUBLIC_PATHS, AuthenticationMiddleware, KeyVerifier
from service.api.state import ServiceState
from service.api.workload import RequestDeadlineMiddleware
from service.config import Settings, get_settings

log = logging.getLogger("scg.api")


class GraphQLJsonRouter(GraphQLRouter[ApiContext, None]):
    """GraphQL responses encoded by orjson: an impact on 10,000 cases is a 7 MB answer, and
    the standard library's encoder took a quarter of its time in the server."""

    def encode_json(self, data: object) -> str | bytes:
        try:
            return orjson.dumps(data)
        except TypeError:  # what orjson does not encode (e.g. an integer past 64 bits)
            return super().encode_json(data)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    state = ServiceState(settings)
    verifier = KeyVerifier(state, settings.api_key_cache_seconds)
    install_query_metrics()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        state.try_connect()
        yield
        state.close()

    async def graphql_context(request: Request) -> ApiContext:
        return ApiContext(
            state,
            verifier,
            getattr(request.state, "principal", None),
            getattr(request.state, "request_id", None),
        )

    app = FastAPI(
        title="Safety Case Graph",
        version="0.1.0",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    app.state.scg = state
    app.state.key_verifier = verifier
    app.include_router(health.router)
    graphql = GraphQLJsonRouter(
        build_schema(settings, state.heavy_slots), context_getter=graphql_context, graphql_ide=None
    )
    app.include_router(graphql, prefix="/graphql")
    app.add_route("/metrics", metrics_endpoint, methods=["GET"], include_in_schema=False)
    app.add_route("/{path:path}", serve_dashboard, methods=["GET", "HEAD"], include_in_schema=False)

    # add_middleware wraps: the first added runs innermost.
    app.add_middleware(
        IdempotencyMiddleware,
        path="/graphql",
        database=lambda: state.ready_database,
        lease_s=settings.request_timeout,
    )
    app.add_middleware(GraphQLBodyGuard, path="/graphql", timeout=settings.body_timeout)
    app.add_middleware(AuthenticationMiddleware, verifier=verifier)
    app.add_middleware(BodySizeLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.add_middleware(
        RequestDeadlineMiddleware, seconds=settings.request_timeout, exempt=PUBLIC_PATHS
    )
    app.add_middleware(HttpMetricsMiddleware)
    app.add_middleware(JsonErrorsMiddleware)
    app.add_middleware(RequestIdMiddleware)
    app.add_middleware(ForegroundMiddleware)
    if settings.cors_origin_list:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origin_list,
            allow_methods=["GET", "POST", "OPTIONS"],
            allow_headers=["authorization", "content-type", "x-request-id", "idempotency-key"],
            expose_headers=["x-request-id"],
        )
    return app
