"""The database a CLI command works on: configured by the environment, migrated on open."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from service.config import get_settings
from service.store.database import Database, connect


@contextmanager
def open_database() -> Iterator[Database]:
    database = connect(get_settings())
    try:
        database.apply_migrations()
        yield database
    finally:
        database.close()
