"""What the running service holds: its settings and (once reachable) the database."""

from __future__ import annotations

import logging
import threading
import time

from service.api.node_rows import NodeRows
from service.api.workload import AnalysisPool, HeavySlots
from service.config import Settings
from service.errors import Neo4jUnavailableError
from service.usecases.database import Database, connect

log = logging.getLogger("scg.api")


class ServiceState:
    """Connects lazily and retries, so the process serves /healthz even while Neo4j is down.

    Only the first connection may start the managed local Neo4j (which takes seconds); later
    attempts run in one background thread, so no request waits for them: while there is no
    database, requests are refused at once (503) and `/readyz` says so.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.database: Database | None = None
        self.migrated = False
        self.node_rows = NodeRows()  # rows analysis results name, by graph revision
        self.analysis_pool = AnalysisPool(settings.analysis_workers)
        self.heavy_slots = HeavySlots(settings.heavy_queries_per_key)
        self._lock = threading.Lock()
        self._started_local = False
        self._connector: threading.Thread | None = None
        self.last_ready = float("-inf")  # when Neo4j last answered a readiness check

    def try_connect(self) -> Database | None:
        with self._lock:
            if self.database is None:
                start_local = not self._started_local
                self._started_local = True
                try:
                    self.database = connect(self.settings, start_local=start_local)
                except Neo4jUnavailableError as error:
                    log.warning("Neo4j not available yet: %s", error)
                    return None
            if not self.migrated:
                try:
                    applied = self.database.apply_migrations()
                except Exception as error:  # unreachable again: the next attempt migrates
                    log.warning("could not apply migrations yet: %s", error)
                    return None
                if applied:
                    log.info("applied migrations: %s", ", ".join(applied))
                self.migrated = True
                self.last_ready = time.monotonic()
            return self.database

    def connect_in_background(self) -> None:
        """Start one connection attempt in a thread unless one is under way."""
        with self._lock:
            if self._connector is not None and self._connector.is_alive():
                return
            self._connector = threading.Thread(
                target=self.try_connect, name="scg-neo4j-connect", daemon=True
            )
            self._connector.start()

    @property
    def ready_database(self) -> Database | None:
        """The database if connected and migrated (no waiting), else None."""
        return self.database if self.migrated else None

    def require_database(self) -> Database:
        """The database; Neo4jUnavailableError at once when it is not connected yet (a
        connection attempt then starts in the background)."""
        database = self.ready_database
        if database is None:
            self.connect_in_background()
            raise Neo4jUnavailableError("the graph database is unavailable: retry in 1 s")
        database.breaker.check()
        return database

    def close(self) -> None:
        if self.database is not None:
            self.database.close()
            self.database = None
