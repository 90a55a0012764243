"""The one connection to Neo4j: a driver, the database name, and typed read/write helpers.

Reads go through `execute_read` and writes through `execute_write`, so the service works
unchanged against a cluster (`neo4j://` routing URIs) as well as a single server.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import neo4j
from neo4j.exceptions import AuthError, Neo4jError, ServiceUnavailable

from service.config import Settings
from service.errors import Neo4jUnavailableError
from service.runtime.local_neo4j_factory import local_neo4j
from service.store.cypher import cypher, migration_files, split_statements

T = TypeVar("T")


class Database:
    """A Neo4j driver bound to one database."""

    def __init__(self, driver: neo4j.Driver, database: str, uri: str) -> None:
        self.driver = driver
        self.database = database
        self.uri = uri

    def close(self) -> None:
        self.driver.close()

    def read(self, work: Callable[[neo4j.ManagedTransaction], T]) -> T:
        with self.driver.session(database=self.database) as session:
            return session.execute_read(work)

    def write(self, work: Callable[[neo4j.ManagedTransaction], T]) -> T:
        with self.driver.session(database=self.database) as session:
            return session.execute_write(work)

    def run(self, statement_name: str, **parameters: Any) -> list[dict[str, Any]]:
        """Run a named read statement and return its records as dicts."""

        def work(tx: neo4j.ManagedTransaction) -> list[dict[str, Any]]:
            return [record.data() for record in tx.run(cypher(statement_name), parameters)]

        return self.read(work)

    def ping(self) -> bool:
        try:
            return self.run("store/ping")[0]["ok"] == 1
        except (Neo4jError, ServiceUnavailable, OSError):
            return False

    # -- migrations ----------------------------------------------------------------------
    def pending_migrations(self) -> int:
        names = [path.stem for path in migration_files()]
        return int(self.run("store/pending_migration_count", names=names)[0]["pending"])

    def apply_migrations(self) -> list[str]:
        """Apply the migrations not yet recorded in the graph, in order; returns their names."""
        applied: list[str] = []
        with self.driver.session(database=self.database) as session:
            for path in migration_files():
                done = session.run(cypher("store/migration_applied"), name=path.stem).single()
                if done and done["applied"]:
                    continue
                for statement in split_statements(path.read_text(encoding="utf-8")):
                    session.run(statement).consume()  # schema changes: auto-commit, one each
                session.run(cypher("store/record_migration"), name=path.stem).consume()
                applied.append(path.stem)
        return applied

    def delete_all_data(self) -> None:
        """Remove every node but the migration records (used by tests and `scg reset`)."""
        with self.driver.session(database=self.database) as session:
            session.run(cypher("store/delete_all_data")).consume()


def connect(settings: Settings, *, start_local: bool = True) -> Database:
    """Open the configured Neo4j (starting the managed local one if needed) and check it."""
    if settings.uses_local_neo4j:
        local = local_neo4j(settings)
        if start_local:
            local.start()
        uri, password = local.uri, local.password()
    else:
        uri, password = str(settings.neo4j_uri), settings.neo4j_password or ""
    driver = neo4j.GraphDatabase.driver(
        uri,
        auth=(settings.neo4j_user, password),
        notifications_min_severity="OFF",  # e.g. "label does not exist yet" on a fresh graph
    )
    try:
        driver.verify_connectivity()
    except AuthError as error:
        driver.close()
        raise Neo4jUnavailableError(
            f"Neo4j at {uri} rejected the credentials of user '{settings.neo4j_user}': "
            "check NEO4J_USER and NEO4J_PASSWORD"
        ) from error
    except (ServiceUnavailable, OSError) as error:
        driver.close()
        raise Neo4jUnavailableError(f"cannot reach Neo4j at {uri}: {error}") from error
    return Database(driver, settings.neo4j_database, uri)
