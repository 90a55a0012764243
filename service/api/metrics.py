"""Prometheus metrics: HTTP requests, GraphQL operations, Neo4j statements, analyses.

Served at /metrics, which needs an API key like every route but the probes (any role: give
Prometheus a viewer key as `authorization: {credentials: ...}`). Label values are bounded:
routes and statement names are fixed sets, and client-chosen operation names are cut to a
safe alphabet and, past `MAX_OPERATION_NAMES` distinct names, counted as `other`.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator

from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from strawberry.extensions import SchemaExtension

from service.usecases.database import observe_statements

MAX_OPERATION_NAMES = 200
KNOWN_ROUTES = frozenset({"/graphql", "/healthz", "/readyz", "/metrics"})
_NAME = re.compile(r"[^A-Za-z0-9_]")

HTTP_REQUESTS = Counter(
    "scg_http_requests_total",
    "HTTP requests by route, method and status.",
    ["route", "method", "status"],
)
HTTP_SECONDS = Histogram(
    "scg_http_request_duration_seconds", "HTTP request latency by route.", ["route"]
)
GRAPHQL_OPERATIONS = Counter(
    "scg_graphql_operations_total",
    "GraphQL operations by operation name, type and outcome (ok or error).",
    ["operation", "type", "outcome"],
)
GRAPHQL_SECONDS = Histogram(
    "scg_graphql_operation_duration_seconds",
    "GraphQL operation latency by operation name and type.",
    ["operation", "type"],
)
NEO4J_SECONDS = Histogram(
    "scg_neo4j_query_duration_seconds",
    "Latency of the API's Neo4j statements by statement name.",
    ["statement"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
ANALYSIS_SECONDS = Histogram(
    "scg_analysis_duration_seconds",
    "Duration of analyses (impact, aligned holes, risk, ...) by analysis.",
    ["analysis"],
    buckets=(0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0),
)

_operation_names: set[str] = set()
_names_lock = threading.Lock()


def operation_label(name: str | None) -> str:
    if not name:
        return "anonymous"
    label = _NAME.sub("_", name)[:64]
    with _names_lock:
        if label in _operation_names:
            return label
        if len(_operation_names) >= MAX_OPERATION_NAMES:
            return "other"
        _operation_names.add(label)
    return label


def _observe_statement(name: str, seconds: float) -> None:
    NEO4J_SECONDS.labels(statement=name).observe(seconds)


def install_query_metrics() -> None:
    """Time every statement the API's store modules run (idempotent)."""
    observe_statements(_observe_statement)


class GraphQLMetrics(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        started = time.perf_counter()
        yield
        context = self.execution_context
        try:
            kind = context.operation_type.value
        except Exception:  # no operation parsed (syntax error)
            kind = "unknown"
        name = operation_label(context.operation_name)
        errors = getattr(context.result, "errors", None)
        GRAPHQL_SECONDS.labels(operation=name, type=kind).observe(time.perf_counter() - started)
        GRAPHQL_OPERATIONS.labels(
            operation=name, type=kind, outcome="error" if errors else "ok"
        ).inc()


class HttpMetricsMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        route = scope["path"] if scope["path"] in KNOWN_ROUTES else "other"
        started = time.perf_counter()
        status = 500

        async def observing_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, observing_send)
        finally:
            HTTP_SECONDS.labels(route=route).observe(time.perf_counter() - started)
            HTTP_REQUESTS.labels(route=route, method=scope["method"], status=str(status)).inc()


def metrics_endpoint(_request: Request) -> Response:
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
