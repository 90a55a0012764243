"""Portfolios in and out of the graph, and where an analysis takes its portfolio from.

A command or a GraphQL field names either a portfolio file (analysed in memory, no database)
or a workspace of the graph; `PortfolioSource` is that choice, and the analyses of
`service.usecases.analysis` take one, so the CLI and the API analyse the same way.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from service import analysis
from service.analysis import Circuit
from service.authoring import dump_portfolio, load_portfolio_file, load_portfolio_text
from service.errors import InvalidInputError
from service.model import Portfolio
from service.store.database import Database
from service.store.portfolio_reader import read_portfolio
from service.store.portfolio_writer import LoadReport, Progress, write_portfolio
from service.store.workspace import DEFAULT_WORKSPACE, check_workspace_name, workspace_revision
from service.usecases.circuits import circuits
from service.usecases.database import open_database

__all__ = [
    "DEFAULT_WORKSPACE",
    "FileSource",
    "LoadReport",
    "PortfolioSource",
    "Progress",
    "WorkspaceSource",
    "check_workspace_name",
    "export_workspace",
    "import_text",
    "load_portfolio",
    "opened_source",
    "read_workspace",
    "workspace_revision",
]


@dataclass(frozen=True)
class FileSource:
    """A portfolio file, read, validated and compiled in memory on every use."""

    path: Path

    def portfolio(self) -> Portfolio:
        return load_portfolio_file(self.path)

    def circuit(self) -> Circuit:
        return analysis.compile_circuit(self.portfolio())


@dataclass(frozen=True)
class WorkspaceSource:
    """A workspace of the graph: its circuit is compiled once per graph revision and kept."""

    database: Database
    workspace: str

    def portfolio(self) -> Portfolio:
        return read_portfolio(self.database, check_workspace_name(self.workspace))

    def circuit(self) -> Circuit:
        return circuits.circuit(self.database, self.workspace)


PortfolioSource = FileSource | WorkspaceSource


@contextmanager
def opened_source(file: Path | None, workspace: str | None) -> Iterator[PortfolioSource]:
    """The source `--file` or `--workspace` name (default: the `default` workspace), with the
    database open for as long as the caller needs it (none for a file)."""
    if file is not None and workspace is not None:
        raise InvalidInputError("give either --file or --workspace, not both")
    if file is not None:
        yield FileSource(file)
        return
    name = check_workspace_name(workspace or DEFAULT_WORKSPACE)
    with open_database() as database:
        yield WorkspaceSource(database, name)


def load_portfolio(
    database: Database,
    portfolio: Portfolio,
    *,
    workspace: str,
    document: str,
    progress: Progress | None = None,
) -> LoadReport:
    """Write a validated portfolio into a workspace under `document` (one transaction;
    a reload of the same document updates and removes only what it owns)."""
    return write_portfolio(
        database, portfolio, workspace=workspace, document=document, progress=progress
    )


def import_text(
    database: Database, text: str, format_: str | None, *, workspace: str, document: str
) -> LoadReport:
    """Validate a portfolio document given as text (YAML or JSON) and load it."""
    portfolio = load_portfolio_text(text, format_, document)
    return write_portfolio(database, portfolio, workspace=workspace, document=document)


def read_workspace(database: Database, workspace: str) -> Portfolio:
    return read_portfolio(database, check_workspace_name(workspace))


def export_workspace(database: Database, workspace: str, format_: str) -> str:
    """The workspace in the authoring format (`yaml` or `json`)."""
    if format_ not in ("yaml", "json"):
        raise InvalidInputError(f"unknown format {format_!r}: use yaml or json")
    return dump_portfolio(read_workspace(database, workspace), format_)
