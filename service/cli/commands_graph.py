"""`scg load` and `scg export`: portfolio files in and out of the graph."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from service.authoring import load_portfolio_file
from service.usecases.database import open_database
from service.usecases.portfolios import (
    DEFAULT_WORKSPACE,
    check_workspace_name,
    export_workspace,
    load_portfolio,
)

console = Console(stderr=True)

WorkspaceOption = typer.Option(DEFAULT_WORKSPACE, "--workspace", "-w", help="Workspace.")


def load(
    files: list[Path] = typer.Argument(..., exists=True, dir_okay=False, help="Portfolio files."),
    workspace: str = WorkspaceOption,
    document: str | None = typer.Option(
        None, help="Name the loaded document owns its entities under (default: the file name)."
    ),
) -> None:
    """Validate and load portfolio files into a workspace (idempotent; nothing written on error)."""
    check_workspace_name(workspace)
    if document is not None and len(files) > 1:
        raise typer.BadParameter("--document names one file's document; load files one by one")
    portfolios = [(file, load_portfolio_file(file)) for file in files]  # validate all first
    with open_database() as database:
        for file, portfolio in portfolios:
            with Progress(
                TextColumn(f"loading {file.name}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=console,
                transient=True,
            ) as progress:
                task = progress.add_task("load", total=None)

                def advance(done: int, total: int, task: TaskID = task) -> None:
                    progress.update(task, completed=done, total=total)

                report = load_portfolio(
                    database,
                    portfolio,
                    workspace=workspace,
                    document=document or file.name,
                    progress=advance,
                )
            console.print(
                f"loaded {file} into workspace '{workspace}': {report.nodes} nodes, "
                f"{report.edges} relationships, {report.removed} removed, "
                f"revision {report.revision}"
            )


def export(
    workspace: str = WorkspaceOption,
    format_: str = typer.Option("yaml", "--format", "-f", help="yaml or json."),
    output: Path | None = typer.Option(None, "--output", "-o", help="File (default: stdout)."),
) -> None:
    """Export a workspace in the authoring format."""
    if format_ not in ("yaml", "json"):
        raise typer.BadParameter(
            f"unknown format {format_!r}: use yaml or json", param_hint="--format"
        )
    with open_database() as database:
        text = export_workspace(database, workspace, format_)
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        console.print(f"exported workspace '{workspace}' to {output}")
