"""Entry point of `scg`: assembles the sub-commands from their modules."""

from __future__ import annotations

from service.cli import (
    commands_analysis,
    commands_audit,
    commands_backup,
    commands_graph,
    commands_gsn,
    commands_interop,
    commands_keys,
    commands_neo4j,
    commands_portfolio,
    commands_priors,
    commands_server,
)
from service.cli.base import new_typer

app = new_typer(
    name="scg",
    help="Safety Case Graph: where the holes in a safety-case portfolio line up.",
)


def _register_commands() -> None:
    # Portfolio files (no database needed).
    app.command()(commands_portfolio.validate)
    app.command()(commands_portfolio.generate)
    app.command("import-mef")(commands_interop.import_mef_command)
    app.command("import-gsn")(commands_gsn.import_gsn_command)
    app.command("export-gsn")(commands_gsn.export_gsn_command)
    # The graph.
    app.command()(commands_graph.load)
    app.command()(commands_graph.export)
    app.command()(commands_backup.backup)
    app.command()(commands_backup.restore)
    # Analyses and audits, of a file (in memory) or a workspace (DESIGN §4, §8).
    app.command()(commands_analysis.impact)
    app.command()(commands_analysis.cutsets)
    app.command()(commands_analysis.risk)
    app.command()(commands_analysis.matrix)
    app.command()(commands_analysis.correlation)
    app.command()(commands_priors.questions)
    app.command()(commands_priors.importance)
    app.command()(commands_priors.budget)
    app.command()(commands_audit.audit)
    app.command()(commands_gsn.diagram)
    # Running the service.
    app.command()(commands_server.serve)
    app.command()(commands_server.migrate)
    app.add_typer(commands_keys.app, name="keys")
    app.add_typer(commands_neo4j.app, name="neo4j")


_register_commands()
