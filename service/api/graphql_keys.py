"""GraphQL types of API keys (the token itself is shown once, when a key is created)."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry

from service.usecases.keys import ApiKey


@strawberry.enum(description="VIEWER reads, EDITOR also writes, ADMIN also manages keys.")
class KeyRole(Enum):
    VIEWER = "viewer"
    EDITOR = "editor"
    ADMIN = "admin"


@strawberry.type(name="ApiKey", description="An API key (never its token: only a hash is kept).")
class ApiKeyType:
    id: strawberry.ID
    name: str | None
    role: KeyRole
    workspaces: list[str] = strawberry.field(description="Its workspaces (`*`: all).")
    created_at: datetime | None
    revoked_at: datetime | None


def key_type(key: ApiKey) -> ApiKeyType:
    return ApiKeyType(
        id=strawberry.ID(key.id),
        name=key.name,
        role=KeyRole(key.role.value),
        workspaces=list(key.workspaces),
        created_at=key.created_at,
        revoked_at=key.revoked_at,
    )


@strawberry.type
class CreatedApiKey:
    token: str = strawberry.field(
        description="The bearer token: shown this once, store it now (only its hash is kept)."
    )
    api_key: ApiKeyType
