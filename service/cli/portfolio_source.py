"""Where an analysis command gets its portfolio: a file (in memory) or a workspace of the graph."""

from __future__ import annotations

from pathlib import Path

from service.authoring import load_portfolio_file
from service.cli.database import open_database
from service.errors import InvalidInputError
from service.model import Portfolio
from service.store.portfolio_reader import read_portfolio
from service.store.workspace import DEFAULT_WORKSPACE


def resolve_portfolio(file: Path | None, workspace: str | None) -> Portfolio:
    """The portfolio named by `--file` or `--workspace` (default: the `default` workspace)."""
    if file is not None and workspace is not None:
        raise InvalidInputError("give either --file or --workspace, not both")
    if file is not None:
        return load_portfolio_file(file)
    with open_database() as database:
        return read_portfolio(database, workspace or DEFAULT_WORKSPACE)
