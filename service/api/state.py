"""What the running service holds: its settings and (once reachable) the database."""

from __future__ import annotations

import logging
import threading

from service.api.node_rows import NodeRows
from service.config import Settings
from service.errors import Neo4jUnavailableError
from service.usecases.database import Database, connect

log = logging.getLogger("scg.api")


class ServiceState:
    """Connects lazily and retries, so the process serves /healthz even while Neo4j is down."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.database: Database | None = None
        self.migrated = False
        self.node_rows = NodeRows()  # rows analysis results name, by graph revision
        self._lock = threading.Lock()

    def try_connect(self) -> Database | None:
        with self._lock:
            if self.database is None:
                try:
                    self.database = connect(self.settings)
                except Neo4jUnavailableError as error:
                    log.warning("Neo4j not available yet: %s", error)
                    return None
            if not self.migrated:
                applied = self.database.apply_migrations()
                if applied:
                    log.info("applied migrations: %s", ", ".join(applied))
                self.migrated = True
            return self.database

    def require_database(self) -> Database:
        """The database, connecting first if needed; Neo4jUnavailableError when it is down."""
        database = self.database if self.migrated else None
        if database is None:
            database = self.try_connect()
        if database is None:
            raise Neo4jUnavailableError("the graph database is unavailable: retry later")
        return database

    def close(self) -> None:
        if self.database is not None:
            self.database.close()
            self.database = None
