"""Entry point of `scg`: assembles the sub-commands from their modules."""

from __future__ import annotations

from service.cli import commands_neo4j, commands_server
from service.cli.base import new_typer

app = new_typer(
    name="scg",
    help="Safety Case Graph: where the holes in a safety-case portfolio line up.",
)


def _register_commands() -> None:
    app.add_typer(commands_neo4j.app, name="neo4j")
    app.command()(commands_server.serve)
    app.command()(commands_server.migrate)
    from service.cli import commands_portfolio  # files only, no database

    app.command()(commands_portfolio.validate)
    app.command()(commands_portfolio.generate)
    from service.cli import commands_graph

    app.command()(commands_graph.load)
    app.command()(commands_graph.export)


_register_commands()
