"""The one connection to Neo4j: a driver, the database name, and typed read/write helpers.

Reads run in read transactions and writes in write transactions (the session's access mode),
so the service works unchanged against a cluster (`neo4j://` routing URIs) as well as a single
server.

No caller waits on a database that is going away. Connections time out fast
(`SCG_NEO4J_CONNECT_TIMEOUT`), and the first error that says the database is unreachable or
unavailable (Bolt closed, connection refused, `DatabaseUnavailable` while it stops or starts)
opens the circuit breaker (`circuit_breaker`): that statement and every later one is refused at
once (503) until a background probe gets an answer. That is why transactions are retried here
and not by the driver's `execute_read`/`execute_write`: those sleep 1 s, then 2 s, between
attempts at a database that is shutting down, and hold every request in flight for 3-6 s.
Other transient errors (a deadlock, a leader switch) are retried within
`SCG_NEO4J_RETRY_SECONDS`, with short pauses.

A commit whose answer is lost (the connection drops during COMMIT) is never retried: it may
have been applied, and the caller is told the database was unavailable.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import Any, TypeVar, cast

import neo4j
from neo4j.exceptions import (
    AuthError,
    ConnectionAcquisitionTimeoutError,
    DatabaseUnavailable,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)

from service.config import Settings
from service.errors import Neo4jUnavailableError
from service.runtime.local_neo4j_factory import local_neo4j
from service.store.circuit_breaker import CircuitBreaker
from service.store.cypher import cypher, migration_files, split_statements

T = TypeVar("T")

#: Driver errors that mean the database cannot be reached, or is stopping or starting (they
#: open the breaker). `ServiceUnavailable` includes `IncompleteCommit`.
UNREACHABLE = (
    ServiceUnavailable,
    SessionExpired,
    ConnectionAcquisitionTimeoutError,
    DatabaseUnavailable,
    OSError,
)
#: First pause before a transaction is tried again after a transient error (doubled each time,
#: with jitter; the attempts stop once `retry_seconds` have passed since the first failure).
FIRST_RETRY_DELAY_S = 0.05


class Database:
    """A Neo4j driver bound to one database."""

    def __init__(
        self,
        driver: neo4j.Driver,
        database: str,
        uri: str,
        probe_interval: float = 1.0,
        retry_seconds: float = 2.0,
    ) -> None:
        self.driver = driver
        self.database = database
        self.uri = uri
        self.retry_seconds = retry_seconds
        self.breaker = CircuitBreaker(self._answers, probe_interval)

    def close(self) -> None:
        self.breaker.stop()
        self.driver.close()

    def read(self, work: Callable[[neo4j.ManagedTransaction], T]) -> T:
        """Run `work` in a read transaction (retried on transient errors; see the module)."""
        return self._transaction(neo4j.READ_ACCESS, work)

    def write(self, work: Callable[[neo4j.ManagedTransaction], T]) -> T:
        """Run `work` in a write transaction and commit it (retried on transient errors)."""
        return self._transaction(neo4j.WRITE_ACCESS, work)

    def _transaction(self, mode: str, work: Callable[[neo4j.ManagedTransaction], T]) -> T:
        first_failure: float | None = None
        delay = FIRST_RETRY_DELAY_S
        while True:
            self.breaker.check()  # also between attempts: another caller may have opened it
            session = self.driver.session(database=self.database, default_access_mode=mode)
            try:
                with session, session.begin_transaction() as tx:
                    # `work` only runs statements, like a managed transaction's function;
                    # committing (or rolling back on an error) is done here.
                    result = work(cast(neo4j.ManagedTransaction, tx))
                    tx.commit()
                return result
            except UNREACHABLE as error:
                raise self._unreachable(error) from error
            except (Neo4jError, DriverError) as error:
                now = time.monotonic()
                first_failure = now if first_failure is None else first_failure
                if not error.is_retryable() or now - first_failure + delay > self.retry_seconds:
                    raise
            time.sleep(delay * random.uniform(0.8, 1.2))  # jitter, so that retries spread out
            delay *= 2

    def _unreachable(self, error: Exception) -> Neo4jUnavailableError:
        reason = type(error).__name__
        self.breaker.record_failure(reason)
        return Neo4jUnavailableError(
            f"the graph database is unavailable ({reason}): retry in {self.breaker.retry_after} s"
        )

    def _answers(self) -> bool:
        """The breaker's probe: one trivial read, outside the breaker."""
        with self.driver.session(database=self.database) as session:
            record = session.run(cypher("store/ping")).single()
        return record is not None and record["ok"] == 1

    def run(self, statement_name: str, **parameters: Any) -> list[dict[str, Any]]:
        """Run a named read statement and return its records as dicts."""

        def work(tx: neo4j.ManagedTransaction) -> list[dict[str, Any]]:
            return [record.data() for record in tx.run(cypher(statement_name), parameters)]

        return self.read(work)

    def ping(self) -> bool:
        try:
            return self.run("store/ping")[0]["ok"] == 1
        except (Neo4jError, Neo4jUnavailableError, *UNREACHABLE):
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
        connection_timeout=settings.neo4j_connect_timeout,
        connection_acquisition_timeout=settings.neo4j_connect_timeout + 1.0,
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
    return Database(
        driver,
        settings.neo4j_database,
        uri,
        probe_interval=settings.neo4j_probe_seconds,
        retry_seconds=settings.neo4j_retry_seconds,
    )
