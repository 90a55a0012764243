"""`scg keys`: create prints the key once on its own line; list never shows it; revoke works."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from service.config import Settings
from service.store.api_keys import find_key
from service.store.database import Database
from tests.conftest import REPOSITORY_ROOT

pytestmark = [pytest.mark.e2e, pytest.mark.integration]


def scg(settings: Settings, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "NEO4J_URI": str(settings.neo4j_uri),
        "NEO4J_USER": settings.neo4j_user,
        "NEO4J_PASSWORD": settings.neo4j_password or "",
        "SCG_DATA_DIR": str(tmp_path),
    }
    return subprocess.run(
        [sys.executable, "-m", "service.cli", *args],
        cwd=REPOSITORY_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_keys_create_list_revoke(
    neo4j_settings: Settings, database: Database, tmp_path: Path
) -> None:
    created = scg(
        neo4j_settings,
        tmp_path,
        "keys",
        "create",
        "--role",
        "editor",
        "--workspace",
        "team-a",
        "--workspace",
        "team-b",
        "--name",
        "ci",
    )
    assert created.returncode == 0, created.stderr
    token = created.stdout.strip()
    assert created.stdout == token + "\n"  # the key alone on its own line
    key = find_key(database, token)
    assert key is not None
    assert key.role.value == "editor"
    assert key.workspaces == ("team-a", "team-b")
    listed = scg(neo4j_settings, tmp_path, "keys", "list")
    assert key.id in listed.stdout
    assert token not in listed.stdout
    revoked = scg(neo4j_settings, tmp_path, "keys", "revoke", key.id)
    assert revoked.returncode == 0, revoked.stderr
    assert find_key(database, token) is None
    bad_role = scg(neo4j_settings, tmp_path, "keys", "create", "--role", "owner")
    assert bad_role.returncode != 0
    assert "viewer, editor or admin" in bad_role.stderr


def test_local_admin_key_is_created_once_and_kept_private(
    neo4j_settings: Settings, database: Database, tmp_path: Path
) -> None:
    first = scg(neo4j_settings, tmp_path, "keys", "local-admin")
    assert first.returncode == 0, first.stderr
    path = tmp_path / "admin-key"
    token = path.read_text().strip()
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    key = find_key(database, token)
    assert key is not None
    assert key.role.value == "admin"
    second = scg(neo4j_settings, tmp_path, "keys", "local-admin")
    assert path.read_text().strip() == token
    assert token in second.stderr
