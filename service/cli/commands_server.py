"""`scg serve` and `scg migrate`."""

from __future__ import annotations

import gc

import typer
import uvicorn

from service.config import get_settings
from service.usecases.database import migrate as apply_migrations

# A 10,000-case impact completes about 40,000 GraphQL objects per request; with the default
# young-generation threshold (700) the collector ran dozens of times a request, and its full
# passes walked every cached circuit: a third of the request's CPU. The server collects less
# often; what is built at start-up is frozen out of the collector's way.
SERVER_GC_THRESHOLDS = (50_000, 20, 20)
KEEP_ALIVE_S = 5
#: Connections and requests served at once; beyond, uvicorn answers 503 at once rather than
#: letting a flood of connections take every file descriptor.
MAX_CONNECTIONS = 1000


def serve(
    host: str = typer.Option("127.0.0.1", help="Interface to bind."),
    port: int = typer.Option(8000, min=1, max=65535, help="TCP port."),
) -> None:
    """Serve the API (GraphQL at /graphql, probes at /healthz and /readyz)."""
    from service.api.app import create_app
    from service.usecases.circuits import circuits

    app = create_app()
    # A long-lived server builds impact's diagrams right after each compile, off the
    # request path (the CLI runs one analysis and would only wait for them).
    circuits.prepare_impact = True
    gc.collect()
    gc.freeze()
    gc.set_threshold(*SERVER_GC_THRESHOLDS)
    settings = get_settings()
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level="info",
        # An idle keep-alive connection is closed after this; a stalled request body is
        # answered 408 by the API after SCG_BODY_TIMEOUT.
        timeout_keep_alive=KEEP_ALIVE_S,
        timeout_graceful_shutdown=int(settings.request_timeout) + 5,
        limit_concurrency=MAX_CONNECTIONS,
    )


def migrate() -> None:
    """Apply pending schema migrations (the server also does this at start-up)."""
    applied = apply_migrations()
    typer.echo(f"applied: {', '.join(applied)}" if applied else "schema up to date")
