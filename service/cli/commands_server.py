"""`scg serve` and `scg migrate`."""

from __future__ import annotations

import typer
import uvicorn

from service.config import get_settings
from service.store.database import connect


def serve(
    host: str = typer.Option("127.0.0.1", help="Interface to bind."),
    port: int = typer.Option(8000, min=1, max=65535, help="TCP port."),
) -> None:
    """Serve the API (GraphQL at /graphql, probes at /healthz and /readyz)."""
    from service.api.app import create_app

    uvicorn.run(create_app(), host=host, port=port, log_level="info")


def migrate() -> None:
    """Apply pending schema migrations (the server also does this at start-up)."""
    database = connect(get_settings())
    try:
        applied = database.apply_migrations()
    finally:
        database.close()
    typer.echo(f"applied: {', '.join(applied)}" if applied else "schema up to date")
