"""What every `scg` command shares: how an error becomes one line on stderr and an exit code.

The exit codes, decided here and nowhere else:

- 0: done (for `scg audit`: no finding reaches --fail-on);
- 1 (`EXIT_FAILURE`): the command ran and failed: Neo4j unreachable, an analysis too large,
  or its answer is no (`scg audit` findings, `scg validate` problems);
- 2 (`EXIT_INPUT`): bad input: a flag, an unknown id, an invalid portfolio or policy; for
  `scg audit`, anything that keeps the audit from running (CI tells findings from breakage);
- 3 (`EXIT_NOT_RUNNING`): `scg neo4j status` when Neo4j is stopped.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import typer
from typer.core import TyperGroup

from service.authoring import InvalidPortfolioError
from service.errors import InvalidInputError, NotFoundError, ScgError

EXIT_FAILURE = 1
EXIT_INPUT = 2
EXIT_NOT_RUNNING = 3


def exit_code(error: ScgError) -> int:
    """2 for input the caller can correct, 1 for everything else."""
    bad_input = InvalidInputError | NotFoundError | InvalidPortfolioError
    return EXIT_INPUT if isinstance(error, bad_input) else EXIT_FAILURE


def report(error: ScgError) -> None:
    """`error: ...` on stderr; an invalid portfolio: a headline, then one line per problem,
    each naming its file, line and path."""
    if isinstance(error, InvalidPortfolioError):
        print(f"error: invalid portfolio ({error.summary}):\n{error}", file=sys.stderr)
    else:
        print(f"error: {error}", file=sys.stderr)


@contextmanager
def every_error_exits(code: int) -> Iterator[None]:
    """For commands whose contract gives one exit code to every failure (`scg audit`: 2)."""
    try:
        yield
    except ScgError as error:
        report(error)
        raise typer.Exit(code) from error


class ScgGroup(TyperGroup):
    """A command group that reports ScgError as `error: <message>` with its exit code."""

    def invoke(self, ctx: Any) -> Any:  # a click Context (typer may vendor click)
        try:
            return super().invoke(ctx)
        except ScgError as error:
            report(error)
            raise typer.Exit(exit_code(error)) from error


def new_typer(**options: Any) -> typer.Typer:
    return typer.Typer(
        cls=ScgGroup,
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        add_completion=False,
        **options,
    )
