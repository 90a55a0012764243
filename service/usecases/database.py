"""The graph database as the API and the CLI open it: configured by the environment, migrated
before first use. The one place above the store that connects."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from service.config import Settings, get_settings
from service.store.database import Database, connect
from service.store.query_log import QueryObserver, add_observer

__all__ = ["Database", "QueryObserver", "connect", "observe_statements", "open_database"]


@contextmanager
def open_database(settings: Settings | None = None) -> Iterator[Database]:
    """A connected, migrated database for one command (closed at the end)."""
    database = connect(settings or get_settings())
    try:
        database.apply_migrations()
        yield database
    finally:
        database.close()


def migrate(settings: Settings | None = None) -> list[str]:
    """Apply pending schema migrations; the names of those applied."""
    database = connect(settings or get_settings())
    try:
        return database.apply_migrations()
    finally:
        database.close()


def observe_statements(observer: QueryObserver) -> None:
    """Call `observer(name, seconds)` after every Cypher statement (the API's /metrics)."""
    add_observer(observer)
