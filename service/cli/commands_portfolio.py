"""`scg validate` and `scg generate`: portfolio files, no database."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from service.authoring import InvalidPortfolioError, load_portfolio_file
from service.authoring.dumper import stream_document
from service.authoring.generator import default_sizes, generate_sections
from service.util.gc_pause import collector_paused


def validate(
    files: list[Path] = typer.Argument(..., dir_okay=False, help="Portfolio files (YAML/JSON)."),
) -> None:
    """Check portfolio files (no database needed).

    Prints `ok FILE` for a valid file, otherwise every problem, one per line, as
    `FILE:LINE: PATH: message`; exits with 1 if any file has problems.
    """
    failed = False
    for file in files:
        try:
            load_portfolio_file(file)
        except InvalidPortfolioError as error:
            failed = True
            for issue in error.issues:
                typer.echo(str(issue))
        else:
            typer.echo(f"ok {file}")
    if failed:
        raise typer.Exit(1)


def generate(
    cases: int = typer.Option(..., "--cases", min=0, help="Number of safety cases."),
    seed: int = typer.Option(0, "--seed", help="Random seed: the same seed, the same portfolio."),
    output: Path | None = typer.Option(
        None, "--output", "-o", dir_okay=False, help="File to write (default: stdout)."
    ),
    format_: str | None = typer.Option(
        None, "--format", "-f", help="yaml or json (default: from the -o extension, else yaml)."
    ),
    assumptions: int | None = typer.Option(
        None, "--assumptions", min=1, help="Number of assumptions (default: cases/10 + 20)."
    ),
    questions: int | None = typer.Option(
        None, "--questions", min=1, help="Number of questions (default: 5 + cases/200, <= 50)."
    ),
    techniques: int | None = typer.Option(
        None, "--techniques", min=1, help="Number of techniques (default: 8 + assumptions/100)."
    ),
    deployments: int | None = typer.Option(
        None,
        "--deployments",
        min=1,
        help="Number of deployments, cases spread evenly (default: Pareto-sized, up to 50 cases "
        "each).",
    ),
) -> None:
    """Write a synthetic portfolio of realistic shape (valid; deterministic per seed)."""
    fmt = format_ or ("json" if output is not None and output.suffix.lower() == ".json" else "yaml")
    if fmt not in ("yaml", "json"):
        raise typer.BadParameter(f"unknown format {fmt!r}: use yaml or json", param_hint="--format")
    sizes = default_sizes(
        cases,
        assumptions=assumptions,
        questions=questions,
        techniques=techniques,
        deployments=deployments,
    )
    sections = generate_sections(
        cases,
        seed,
        assumptions=sizes.assumptions,
        questions=sizes.questions,
        techniques=sizes.techniques,
        deployments=deployments,
    )
    # Streamed: each case is written before the next is drawn, so memory stays bounded.
    with collector_paused():
        if output is None:
            sys.stdout.writelines(stream_document(sections, fmt))
            return
        with output.open("w", encoding="utf-8") as out:
            out.writelines(stream_document(sections, fmt))
    typer.echo(
        f"wrote {output}: {cases} cases, {sizes.assumptions} assumptions, "
        f"{sizes.questions} questions, {sizes.techniques} techniques",
        err=True,
    )
