"""API keys, as `scg keys` and the GraphQL key fields manage them (only a hash is stored)."""

from __future__ import annotations

import os
from pathlib import Path

from service.store.api_keys import (
    ALL_WORKSPACES,
    ApiKey,
    CreatedKey,
    Role,
    create_key,
    find_key,
    list_keys,
    looks_like_token,
    parse_role,
    revoke_key,
)
from service.store.database import Database

__all__ = [
    "ALL_WORKSPACES",
    "LOCAL_ADMIN_NAME",
    "ApiKey",
    "CreatedKey",
    "Role",
    "create_key",
    "find_key",
    "list_keys",
    "local_admin_token",
    "looks_like_token",
    "parse_role",
    "revoke_key",
]

LOCAL_ADMIN_NAME = "local-admin"


def local_admin_token(database: Database, path: Path) -> str:
    """The local admin key kept in `path` (mode 0600), created on first use or when the kept
    one no longer works."""
    token = path.read_text(encoding="utf-8").strip() if path.exists() else ""
    if token and find_key(database, token) is not None:
        return token
    token = create_key(
        database, role=Role.ADMIN, workspaces=[ALL_WORKSPACES], name=LOCAL_ADMIN_NAME
    ).token
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(token + "\n")
    return token
