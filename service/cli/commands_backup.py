"""`scg backup` and `scg restore`: the whole graph to a file and back."""

from __future__ import annotations

from pathlib import Path

import typer

from service.usecases.backup import backup_to_file, restore_from_file
from service.usecases.database import open_database


def backup(
    output: Path = typer.Option(
        ..., "--output", "-o", dir_okay=False, help="File to write (.gz: compressed)."
    ),
) -> None:
    """Back up every workspace (entities, relationships, documents, revisions, key hashes)
    consistently, in one read transaction."""
    with open_database() as database:
        counts = backup_to_file(database, output)
    typer.echo(
        f"backed up {counts['nodes']} nodes, {counts['relationships']} relationships to {output}"
    )


def restore(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="A backup file."),
) -> None:
    """Restore a backup into an empty database (one transaction: nothing written on error)."""
    with open_database() as database:
        report = restore_from_file(database, file)
    typer.echo(f"restored {report.nodes} nodes, {report.relationships} relationships from {file}")
