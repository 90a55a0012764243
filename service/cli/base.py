"""What every `scg` command group shares: ScgError becomes a one-line error, not a traceback."""

from __future__ import annotations

import sys
from typing import Any

import typer
from typer.core import TyperGroup

from service.errors import ScgError


class ScgGroup(TyperGroup):
    """A command group that reports ScgError as `error: <message>` with the error's exit code."""

    def invoke(self, ctx: Any) -> Any:  # a click Context (typer may vendor click)
        try:
            return super().invoke(ctx)
        except ScgError as error:
            print(f"error: {error}", file=sys.stderr)
            raise typer.Exit(error.exit_code) from error


def new_typer(**options: Any) -> typer.Typer:
    return typer.Typer(
        cls=ScgGroup,
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        add_completion=False,
        **options,
    )
