"""`scg import-mef`: Open-PSA MEF fault trees as portfolios."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from service.authoring import dump_portfolio, validate_portfolio
from service.errors import InvalidInputError
from service.interop.mef import import_mef
from service.usecases.database import open_database
from service.usecases.portfolios import check_workspace_name, load_portfolio

console = Console(stderr=True)


def import_mef_command(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="MEF fault tree (.xml)."),
    probabilities: Path | None = typer.Option(
        None, exists=True, dir_okay=False, help="A second MEF file with basic-event probabilities."
    ),
    top: str | None = typer.Option(None, help="Top gate (default: the one gate nothing uses)."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write a portfolio file."),
    workspace: str | None = typer.Option(None, "--workspace", "-w", help="Load into a workspace."),
    format_: str = typer.Option("yaml", "--format", "-f", help="yaml or json (with -o)."),
) -> None:
    """Convert a coherent fault tree into a one-case portfolio (a file, a workspace or stdout)."""
    if output is not None and workspace is not None:
        raise InvalidInputError("give either --output or --workspace, not both")
    if workspace is not None:
        check_workspace_name(workspace)
    portfolio = validate_portfolio(import_mef(file, probabilities, top), filename=str(file))
    case = portfolio.cases[0]
    summary = (
        f"{file.name}: {len(portfolio.assumptions)} basic events, "
        f"{sum(1 for _ in portfolio.argument_nodes())} argument nodes, case '{case.id}' "
        f"covering deployment '{case.covers[0]}'"
    )
    if workspace is not None:
        with open_database() as database:
            load_portfolio(database, portfolio, workspace=workspace, document=file.name)
        console.print(f"loaded {summary} into workspace '{workspace}'")
        return
    text = dump_portfolio(portfolio, format_)
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        console.print(f"wrote {output}: {summary}")
