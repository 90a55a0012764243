"""`scg serve` and `scg migrate`."""

from __future__ import annotations

import logging

import typer
import uvicorn

from service.config import get_settings
from service.errors import InvalidInputError, Neo4jUnavailableError
from service.usecases.database import migrate as apply_migrations

log = logging.getLogger("scg.api")

KEEP_ALIVE_S = 5
#: Connections and requests served at once; beyond, uvicorn answers 503 at once rather than
#: letting a flood of connections take every file descriptor.
MAX_CONNECTIONS = 1000
#: Most server processes `--workers` starts (each holds its own caches: hundreds of MiB on a
#: large workspace).
MAX_WORKERS = 64


def serve(
    host: str = typer.Option("127.0.0.1", help="Interface to bind."),
    port: int = typer.Option(8000, min=1, max=65535, help="TCP port."),
    workers: int = typer.Option(
        1,
        help="Server processes on the port (each keeps its own caches, keyed by the graph "
        "revision, so an edit through one is seen by the next analysis on every other).",
    ),
) -> None:
    """Serve the API (GraphQL at /graphql, probes at /healthz and /readyz)."""
    from service.api.server import APP_FACTORY

    if not 1 <= workers <= MAX_WORKERS:
        raise InvalidInputError(
            f"--workers must be a whole number from 1 to {MAX_WORKERS} (got {workers}): "
            "the number of server processes to start"
        )
    settings = get_settings()
    if workers > 1:
        _prepare_database()
    uvicorn.run(
        APP_FACTORY,
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
        # An idle keep-alive connection is closed after this; a stalled request body is
        # answered 408 by the API after SCG_BODY_TIMEOUT.
        timeout_keep_alive=KEEP_ALIVE_S,
        timeout_graceful_shutdown=int(settings.request_timeout) + 5,
        limit_concurrency=MAX_CONNECTIONS,
    )


def _prepare_database() -> None:
    """Before several server processes start: start the managed local Neo4j and apply the
    migrations once, here, so the processes do not race to do either. A configured Neo4j that
    does not answer yet is left to the processes, which connect (and migrate) when it does; the
    local one must start here, or each process would try to start its own."""
    settings = get_settings()
    try:
        applied = apply_migrations(settings)
    except Neo4jUnavailableError:
        if settings.uses_local_neo4j:
            raise
        log.warning("Neo4j is not reachable yet: the server processes connect when it is")
        return
    if applied:
        typer.echo(f"applied migrations: {', '.join(applied)}", err=True)


def migrate() -> None:
    """Apply pending schema migrations (the server also does this at start-up)."""
    applied = apply_migrations()
    typer.echo(f"applied: {', '.join(applied)}" if applied else "schema up to date")
