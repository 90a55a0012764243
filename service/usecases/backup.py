"""Backups as the CLI offers them: the whole graph to a file, and a file back into an empty
database (`service.store.backup` does the reading and writing; this is the file's side).
A name ending in `.gz` is compressed."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path
from typing import Any

from service.errors import InvalidInputError
from service.store.backup import RestoreReport, read_backup, restore_backup
from service.store.database import Database


def backup_to_file(database: Database, path: Path) -> dict[str, int]:
    """Write a consistent backup to `path` (atomically: a partial file never replaces it)."""
    backup = read_backup(database)
    text = json.dumps(backup, separators=(",", ":"), sort_keys=True).encode("utf-8")
    data = gzip.compress(text) if path.suffix == ".gz" else text
    partial = path.with_name(path.name + ".partial")
    partial.write_bytes(data)
    os.replace(partial, path)
    return {"nodes": len(backup["nodes"]), "relationships": len(backup["relationships"])}


def _read(path: Path) -> Any:
    try:
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        return json.loads(data)
    except (OSError, EOFError, ValueError) as error:
        raise InvalidInputError(f"{path}: not a readable backup ({error})") from None


def restore_from_file(database: Database, path: Path) -> RestoreReport:
    """Restore the backup in `path` into `database`, which must be empty."""
    return restore_backup(database, _read(path))
