"""Roles and workspace scopes (no database)."""

from __future__ import annotations

import pytest

from service.api.errors import ForbiddenError
from service.api.security import authorize, bearer_token
from service.store.api_keys import ApiKey, Role, check_scope, looks_like_token


def key(role: Role, *workspaces: str) -> ApiKey:
    return ApiKey(id="k", role=role, workspaces=workspaces, name=None, created_at=None)


def test_roles_are_ordered_viewer_editor_admin() -> None:
    assert authorize(key(Role.ADMIN, "*"), Role.EDITOR, "w") == "w"
    assert authorize(key(Role.EDITOR, "w"), Role.VIEWER, None) == "w"
    with pytest.raises(ForbiddenError, match="role editor"):
        authorize(key(Role.VIEWER, "w"), Role.EDITOR, "w")


def test_the_workspace_defaults_to_the_keys_only_one_else_default() -> None:
    assert authorize(key(Role.VIEWER, "team"), Role.VIEWER, None) == "team"
    assert authorize(key(Role.VIEWER, "*"), Role.VIEWER, None) == "default"
    with pytest.raises(ForbiddenError, match="not scoped"):
        authorize(key(Role.VIEWER, "a", "b"), Role.VIEWER, None)
    with pytest.raises(ForbiddenError, match="not scoped"):
        authorize(key(Role.VIEWER, "a"), Role.VIEWER, "b")


def test_scopes_and_tokens_are_checked() -> None:
    assert check_scope(["a", "*", "b"]) == ("*",)
    assert check_scope(["a", "a"]) == ("a",)
    assert not looks_like_token("scg_short")
    assert bearer_token([(b"authorization", b"Bearer abc")]) == "abc"
    assert bearer_token([(b"authorization", b"Basic abc")]) is None
    assert key(Role.ADMIN, "a").covers_scope(["a"])
    assert not key(Role.ADMIN, "a").covers_scope(["*"])
