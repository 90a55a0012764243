"""`scg audit`: a diversity audit of a portfolio for CI (DESIGN §4.7, issue 6).

Exit codes: 0 clean (no finding reaches --fail-on), 1 some finding does, 2 the audit could not
run (bad flags, an invalid policy or portfolio, an unreachable graph).
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path

import typer

from service.audit import Policy, Severity
from service.audit.locations import PortfolioFile
from service.audit.reporters import render_json, render_junit, render_sarif, render_text
from service.cli import progress_bar
from service.cli.base import EXIT_FAILURE, EXIT_INPUT, every_error_exits
from service.cli.progress_bar import DelayedProgressBar
from service.errors import InvalidInputError, ScgError
from service.usecases import analysis as usecases
from service.usecases.portfolios import opened_source

EXIT_CLEAN = 0
EXIT_FINDINGS = EXIT_FAILURE
EXIT_UNUSABLE = EXIT_INPUT


class OutputFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    SARIF = "sarif"
    JUNIT = "junit"


class FailOn(StrEnum):
    NOTE = "note"
    WARNING = "warning"
    ERROR = "error"


_RENDERERS = {
    OutputFormat.TEXT: render_text,
    OutputFormat.JSON: render_json,
    OutputFormat.SARIF: render_sarif,
    OutputFormat.JUNIT: render_junit,
}


def audit(
    policy: Path | None = typer.Option(
        None, "--policy", "-p", help="Policy file (YAML or JSON); default: the built-in rules."
    ),
    workspace: str | None = typer.Option(
        None, "--workspace", "-w", help="Audit this workspace of the graph."
    ),
    file: Path | None = typer.Option(
        None, "--file", help="Audit this portfolio file in memory (no server needed)."
    ),
    format_: OutputFormat = typer.Option(
        OutputFormat.TEXT, "--format", help="text, json, sarif (2.1.0) or junit (XML)."
    ),
    json_: bool = typer.Option(
        False, "--json", help="Same as --format json (as every analysis command takes)."
    ),
    fail_on: FailOn | None = typer.Option(
        None,
        "--fail-on",
        help="Exit 1 when a finding is at least this severe (default: the policy's "
        "fail_on, else error).",
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Write the report here (the text report goes to stderr)."
    ),
    priors: str | None = typer.Option(
        None, "--priors", help="Prior profile of the quantitative rules (default: the portfolio's)."
    ),
    quiet: bool = typer.Option(
        False,
        "--quiet",
        "-q",
        help="No progress bar (one is shown on a terminal's stderr when the audit takes over "
        "a second, unless the report on stdout is JSON, SARIF or JUnit).",
    ),
) -> None:
    """Audit a portfolio against a diversity policy: exit 0 clean, 1 findings, 2 unusable input."""
    with every_error_exits(EXIT_UNUSABLE):
        if json_:
            if format_ not in (OutputFormat.TEXT, OutputFormat.JSON):
                raise InvalidInputError(
                    f"--json and --format {format_.value} disagree: give one of them"
                )
            format_ = OutputFormat.JSON
        chosen = Policy.from_file(policy) if policy is not None else Policy.defaults()
        machine_readable = format_ is not OutputFormat.TEXT and output is None
        show = progress_bar.wanted(sys.stderr, quiet=quiet, machine_readable=machine_readable)
        with opened_source(file, workspace) as portfolio, DelayedProgressBar(show) as bar:
            report = usecases.audit(portfolio, chosen, priors, progress=bar if show else None)
        threshold = Severity(fail_on.value) if fail_on else (chosen.fail_on or Severity.ERROR)
        source = PortfolioFile.read(file) if file is not None else None
        text = _RENDERERS[format_](report, source, threshold)
        if output is None:
            sys.stdout.write(text)
        else:
            try:
                output.write_text(text, encoding="utf-8")
            except OSError as error:
                raise ScgError(f"cannot write {output}: {error.strerror or error}") from error
            sys.stderr.write(render_text(report, source, threshold))
    raise typer.Exit(EXIT_FINDINGS if report.fails(threshold) else EXIT_CLEAN)
