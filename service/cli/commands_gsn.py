"""`scg diagram`, `scg import-gsn`, `scg export-gsn`: GSN diagrams and gsn2x files (DESIGN §10).

Everything goes through `service.usecases.gsn`, the same door the GraphQL API uses; errors
and exit codes are `service.cli.base`'s (2 for bad input, one line per problem of a file).
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.console import Console

from service.authoring import dump_portfolio
from service.errors import InvalidInputError
from service.usecases import gsn

console = Console(stderr=True)


def diagram(
    case: str | None = typer.Option(None, "--case", "-c", help="Draw this safety case."),
    deployment: str | None = typer.Option(
        None, "--deployment", "-d", help="Draw every case covering this deployment, side by side."
    ),
    fail_assumption: list[str] | None = typer.Option(
        None, "--fail-assumption", help="An assumption taken as false (repeatable)."
    ),
    fail_technique: list[str] | None = typer.Option(
        None, "--fail-technique", help="A technique taken as failing (repeatable)."
    ),
    world: list[str] | None = typer.Option(
        None, "--world", help="A world model taken as true (repeatable, one per question)."
    ),
    format_: str = typer.Option("svg", "--format", help="svg, or dot (Graphviz source)."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to this file."),
    file: Path | None = typer.Option(None, "--file", help="Draw from this portfolio file."),
    workspace: str | None = typer.Option(
        None, "--workspace", "-w", help="Draw from this workspace of the graph (default: default)."
    ),
) -> None:
    """Draw a case (or a deployment's cases) in GSN notation, the scenario's failures marked."""
    request = gsn.DiagramRequest.of(
        case=case,
        deployment=deployment,
        fail_assumptions=fail_assumption or (),
        fail_techniques=fail_technique or (),
        worlds=world or (),
        format=format_,
    )
    text = gsn.draw_from(file, workspace, request)
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        console.print(f"wrote {output}")


def import_gsn_command(
    files: list[Path] = typer.Argument(..., exists=True, dir_okay=False, help="gsn2x files."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write a portfolio file."),
    workspace: str | None = typer.Option(None, "--workspace", "-w", help="Load into a workspace."),
    document: str | None = typer.Option(
        None, help="Document the loaded entities belong to (default: the first file's name)."
    ),
    format_: str = typer.Option("yaml", "--format", "-f", help="yaml or json (with -o)."),
) -> None:
    """Read gsn2x files (modules, dialectic) as a portfolio: a file, a workspace or stdout."""
    if output is not None and workspace is not None:
        raise InvalidInputError("give either --output or --workspace, not both")
    if workspace is not None:
        cases = gsn.load_gsn_files(files, workspace, document)
        console.print(f"loaded {cases} cases from {len(files)} file(s) into '{workspace}'")
        return
    portfolio = gsn.import_gsn_files(files)
    text = dump_portfolio(portfolio, format_)
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        console.print(f"wrote {output}: {len(portfolio.cases)} cases")


def export_gsn_command(
    output: Path = typer.Option(
        ..., "--output", "-o", help="A directory (one file per case), or a .yaml file."
    ),
    file: Path | None = typer.Option(None, "--file", help="Export this portfolio file."),
    workspace: str | None = typer.Option(
        None, "--workspace", "-w", help="Export this workspace (default: default)."
    ),
) -> None:
    """Write gsn2x files: one module per case, and an index module of what they share."""
    written = gsn.export_gsn_files(gsn.portfolio_from(file, workspace), output)
    console.print(f"wrote {len(written)} gsn2x file(s) to {output}")
