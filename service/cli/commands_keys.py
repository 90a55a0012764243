"""`scg keys create|list|revoke|local-admin`: API keys of the GraphQL API.

A key has a role (viewer reads, editor also writes, admin also manages keys) and a scope of
workspaces (`*` for all). Only a hash of it is stored: `create` prints the key once.
"""

from __future__ import annotations

from pathlib import Path

import typer

from service.cli.base import new_typer
from service.config import get_settings
from service.usecases.database import open_database
from service.usecases.keys import (
    create_key,
    list_keys,
    local_admin_token,
    parse_role,
    revoke_key,
)

app = new_typer(help="API keys: create (shown once), list, revoke.")


@app.command()
def create(
    role: str = typer.Option(..., "--role", help="viewer, editor or admin."),
    workspace: list[str] = typer.Option(
        None,
        "--workspace",
        "-w",
        help="A workspace the key may use (repeat; '*': all). Default: default.",
    ),
    name: str | None = typer.Option(None, "--name", help="A label to recognise the key by."),
) -> None:
    """Create a key and print it once, alone on a line (only its hash is stored)."""
    chosen = parse_role(role)
    with open_database() as database:
        created = create_key(database, role=chosen, workspaces=workspace or ["default"], name=name)
    key = created.key
    typer.echo(
        f"created {key.role.value} key {key.id} for workspaces {', '.join(key.workspaces)}"
        " (shown once; send it as 'Authorization: Bearer <key>'):",
        err=True,
    )
    typer.echo(created.token)


@app.command("list")
def list_(
    include_revoked: bool = typer.Option(False, "--all", help="Include revoked keys."),
) -> None:
    """List keys: id, role, workspaces, name, created (never the key itself)."""
    with open_database() as database:
        keys = list_keys(database, include_revoked=include_revoked)
    for key in keys:
        created = key.created_at.isoformat(timespec="seconds") if key.created_at else "-"
        state = f"revoked {key.revoked_at.isoformat(timespec='seconds')}" if key.revoked_at else ""
        fields = [key.id, key.role.value, ",".join(key.workspaces), key.name or "-", created, state]
        typer.echo("\t".join(fields).rstrip())


@app.command()
def revoke(key_id: str = typer.Argument(..., help="The key's id (see `scg keys list`).")) -> None:
    """Revoke a key: it stops working (servers trust a verified key for up to
    SCG_API_KEY_CACHE_SECONDS, default 2 s)."""
    with open_database() as database:
        key = revoke_key(database, key_id)
    typer.echo(f"revoked key {key.id} ({key.role.value}, {', '.join(key.workspaces)})")


def local_admin_key_path() -> Path:
    return get_settings().data_dir / "admin-key"


@app.command("local-admin")
def local_admin(
    url: str = typer.Option(
        "http://127.0.0.1:8000", "--url", help="Where `scg serve` answers (for the login link)."
    ),
) -> None:
    """Print a local admin key for every workspace, creating it on first use and keeping it
    in $SCG_DATA_DIR/admin-key (mode 0600), and the dashboard's login link for it (the key
    in the fragment, which never reaches the server); `make run` calls this."""
    path = local_admin_key_path()
    with open_database() as database:
        token = local_admin_token(database, path)
    typer.echo(
        f"local admin API key (kept in {path}):\n{token}\n"
        f'try: curl -s http://127.0.0.1:8000/graphql -H "Authorization: Bearer $(cat {path})" '
        "-H 'Content-Type: application/json' -d '{\"query\": \"{ me { id role } }\"}'",
        err=True,
    )
    typer.echo(f"open the dashboard (this link logs you in):\n{url.rstrip('/')}/#key={token}")
