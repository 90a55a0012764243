"""API keys: created with a role and a workspace scope, stored hashed, looked up by token.

A token is `scg_<id>_<secret>` with 256 bits of randomness in the secret; only its SHA-256 is
stored (a salt or a slow hash adds nothing for a random secret of that size). The token is
returned once, when the key is created.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

import neo4j

from service.errors import InvalidInputError, NotFoundError
from service.store.database import Database
from service.store.graph_queries import plain
from service.store.query_log import run_statement
from service.store.workspace import check_workspace_name

ALL_WORKSPACES = "*"
TOKEN_PREFIX = "scg_"
_TOKEN = re.compile(r"^scg_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$")


class Role(StrEnum):
    """Viewers read, editors also write, admins also manage keys."""

    VIEWER = "viewer"
    EDITOR = "editor"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        return _RANKS[self]

    def allows(self, needed: Role) -> bool:
        return self.rank >= needed.rank


_RANKS = {Role.VIEWER: 0, Role.EDITOR: 1, Role.ADMIN: 2}


@dataclass(frozen=True)
class ApiKey:
    id: str
    role: Role
    workspaces: tuple[str, ...]
    name: str | None
    created_at: datetime | None
    revoked_at: datetime | None = None

    @property
    def all_workspaces(self) -> bool:
        return ALL_WORKSPACES in self.workspaces

    def can_access(self, workspace: str) -> bool:
        return self.all_workspaces or workspace in self.workspaces

    def covers_scope(self, workspaces: Sequence[str]) -> bool:
        """Whether every workspace of `workspaces` is within this key's scope."""
        if self.all_workspaces:
            return True
        return ALL_WORKSPACES not in workspaces and all(w in self.workspaces for w in workspaces)

    @property
    def default_workspace(self) -> str:
        """The workspace a request means when it names none: the key's only one, or default."""
        if len(self.workspaces) == 1 and not self.all_workspaces:
            return self.workspaces[0]
        return "default"


@dataclass(frozen=True)
class CreatedKey:
    key: ApiKey
    token: str  # shown once


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def looks_like_token(token: str) -> bool:
    return bool(_TOKEN.match(token))


def check_scope(workspaces: Sequence[str]) -> tuple[str, ...]:
    if not workspaces:
        raise InvalidInputError("a key needs at least one workspace (or '*' for all)")
    scope = []
    for workspace in workspaces:
        if workspace != ALL_WORKSPACES:
            check_workspace_name(workspace)
        if workspace not in scope:
            scope.append(workspace)
    if ALL_WORKSPACES in scope:
        return (ALL_WORKSPACES,)
    return tuple(scope)


def parse_role(role: str) -> Role:
    try:
        return Role(role.lower())
    except ValueError:
        raise InvalidInputError(f"unknown role {role!r}: use viewer, editor or admin") from None


def _key(row: dict[str, Any]) -> ApiKey:
    row = plain(row)
    return ApiKey(
        id=row["id"],
        role=Role(row["role"]),
        workspaces=tuple(row["workspaces"]),
        name=row.get("name"),
        created_at=row.get("createdAt"),
        revoked_at=row.get("revokedAt"),
    )


def create_key(
    database: Database, *, role: Role, workspaces: Sequence[str], name: str | None = None
) -> CreatedKey:
    scope = check_scope(workspaces)
    if name is not None and len(name) > 200:
        raise InvalidInputError("a key's name is at most 200 characters")
    key_id = secrets.token_hex(6)
    token = f"{TOKEN_PREFIX}{key_id}_{secrets.token_urlsafe(32)}"

    def work(tx: neo4j.ManagedTransaction) -> ApiKey:
        rows = run_statement(
            tx,
            "api/create_api_key",
            id=key_id,
            hash=hash_token(token),
            role=role.value,
            workspaces=list(scope),
            name=name,
        )
        return _key(rows[0]["key"])

    return CreatedKey(key=database.write(work), token=token)


def find_key(database: Database, token: str) -> ApiKey | None:
    """The active key of `token`, or None (unknown, malformed or revoked)."""
    if not looks_like_token(token):
        return None

    def work(tx: neo4j.ManagedTransaction) -> ApiKey | None:
        rows = run_statement(tx, "api/find_api_key", hash=hash_token(token))
        return _key(rows[0]["key"]) if rows else None

    return database.read(work)


def list_keys(database: Database, *, include_revoked: bool = False) -> list[ApiKey]:
    def work(tx: neo4j.ManagedTransaction) -> list[ApiKey]:
        rows = run_statement(tx, "api/list_api_keys", includeRevoked=include_revoked)
        return [_key(row["key"]) for row in rows]

    return database.read(work)


def revoke_key(database: Database, key_id: str) -> ApiKey:
    def work(tx: neo4j.ManagedTransaction) -> ApiKey:
        rows = run_statement(tx, "api/revoke_api_key", id=key_id)
        if not rows:
            raise NotFoundError(f"no API key with id {key_id!r} (see `scg keys list`)")
        return _key(rows[0]["key"])

    return database.write(work)
