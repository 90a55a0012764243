"""`scg neo4j start|stop|status|logs`: the managed local Neo4j."""

from __future__ import annotations

import typer
from rich.console import Console

from service.cli.base import new_typer
from service.config import get_settings
from service.runtime.local_neo4j import LocalNeo4j
from service.runtime.local_neo4j_factory import local_neo4j

app = new_typer(help="Manage the local Neo4j used when NEO4J_URI is unset.")
console = Console()


def _local() -> LocalNeo4j:
    return local_neo4j(get_settings())


@app.command()
def start() -> None:
    """Start the local Neo4j in the background and wait until Bolt answers."""
    local = _local()
    with console.status("starting Neo4j (the first start builds it with Maven)..."):
        status = local.start()
    console.print(f"neo4j {status.message}; data in {local.directory}")


@app.command()
def stop() -> None:
    """Stop the local Neo4j gracefully; its data survives."""
    console.print(f"neo4j {_local().stop().message}")


@app.command()
def status() -> None:
    """Say whether the local Neo4j runs (exit 0) or not (exit 3)."""
    current = _local().status()
    console.print(f"neo4j {current.message}")
    if not current.running:
        raise typer.Exit(3)


@app.command()
def logs(lines: int = typer.Option(50, "--lines", "-n", min=1, help="How many lines.")) -> None:
    """Show the end of the local Neo4j's launcher log."""
    local = _local()
    for line in local.log_tail(lines):
        typer.echo(line)
    typer.echo(f"(Neo4j's own logs: {local.home / 'logs'})", err=True)
