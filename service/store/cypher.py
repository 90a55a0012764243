"""Cypher statements live in `cypher/*.cypher` (package data: `service/cypher/`, or
`SCG_CYPHER_DIR`); this is the only place that reads them."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from service.config import get_settings
from service.errors import ConfigurationError

_NAME = re.compile(r"^[a-z0-9_/]+$")


@cache
def cypher(name: str) -> str:
    """The statement stored in `cypher/<name>.cypher` (names are fixed strings in our code)."""
    if not _NAME.match(name):
        raise ValueError(f"invalid cypher statement name {name!r}")
    path = get_settings().cypher_dir / f"{name}.cypher"
    try:
        return path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise ConfigurationError(
            f"Cypher statement {name!r} not found at {path}: reinstall the package, or point "
            "SCG_CYPHER_DIR at a folder that has it"
        ) from None


def split_statements(text: str) -> list[str]:
    """Statements of a migration file: separated by `;` at the end of a line; `//` comments."""
    lines = [line for line in text.splitlines() if not line.strip().startswith("//")]
    parts = re.split(r";\s*$", "\n".join(lines), flags=re.MULTILINE)
    return [part.strip() for part in parts if part.strip()]


def migration_files(directory: Path | None = None) -> list[Path]:
    """Migration files `NNN_name.cypher`, in the order they apply."""
    base = directory or get_settings().cypher_dir / "migrations"
    return sorted(base.glob("[0-9][0-9][0-9]_*.cypher"))
