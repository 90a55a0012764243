"""Workspaces isolate data: every node carries one, and every query is scoped to one."""

from __future__ import annotations

import re

from service.errors import InvalidInputError
from service.store.database import Database

DEFAULT_WORKSPACE = "default"
_WORKSPACE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


def check_workspace_name(name: str) -> str:
    if not isinstance(name, str) or not _WORKSPACE.fullmatch(name):  # `$` allows "\n"
        raise InvalidInputError(
            f"invalid workspace name {name!r}: use 1-64 letters, digits, '.', '_' or '-'"
        )
    return name


def workspace_revision(database: Database, workspace: str) -> int:
    """The workspace's graph revision: bumped by every write, keys analysis caches."""
    rows = database.run("portfolio/workspace_revision", workspace=check_workspace_name(workspace))
    return int(rows[0]["revision"])
