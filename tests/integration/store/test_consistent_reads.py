"""A workspace read while loads are being committed is the workspace at one revision: Neo4j's
transactions are read-committed, and a read that ran during a load once saw the new revision
with none of the load's deployments (what the dashboard then showed as "0 deployments")."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from service.authoring.generator import generate_portfolio
from service.model import Portfolio
from service.store.cypher import cypher
from service.store.database import Database
from service.store.portfolio_reader import read_portfolio_with_revision
from service.store.portfolio_writer import write_portfolio
from service.store.workspace import workspace_revision

pytestmark = pytest.mark.integration

WRITES = 6


@contextmanager
def _reading_throughout(
    database: Database, workspace: str
) -> Iterator[tuple[list[tuple[int, Portfolio]], list[BaseException]]]:
    """Read the workspace over and over on another thread while the block runs: the reads,
    and the errors of those that failed (a read of a half-applied load does not compile)."""
    reading = threading.Event()
    reads: list[tuple[int, Portfolio]] = []
    failures: list[BaseException] = []

    def read_until_done() -> None:
        while reading.is_set():
            try:
                reads.append(read_portfolio_with_revision(database, workspace))
            except BaseException as error:
                failures.append(error)

    reading.set()
    reader = threading.Thread(target=read_until_done)
    reader.start()
    try:
        yield reads, failures
    finally:
        reading.clear()
        reader.join()


def test_a_read_during_loads_sees_one_revision_in_full(database: Database) -> None:
    versions = [generate_portfolio(200, 1), generate_portfolio(260, 2, deployments=12)]
    expected: dict[int, Portfolio] = {}  # revision parity -> what a read at it gives
    for n, version in enumerate(versions):
        write_portfolio(database, version, workspace="busy", document="g")
        revision, read = read_portfolio_with_revision(database, "busy")
        expected[revision % 2] = read
        assert revision == n + 1

    with _reading_throughout(database, "busy") as (reads, failures):
        for n in range(WRITES):
            write_portfolio(database, versions[n % 2], workspace="busy", document="g")

    assert failures == []
    assert len(reads) > WRITES
    for revision, read in reads:
        assert read == expected[revision % 2], f"the read at revision {revision} is mixed"


def test_a_workspace_being_created_is_read_whole_or_not_at_all(database: Database) -> None:
    portfolio = generate_portfolio(300, 3)
    with _reading_throughout(database, "new") as (reads, failures):
        write_portfolio(database, portfolio, workspace="new", document="g")
        whole = read_portfolio_with_revision(database, "new")
        reads.append(whole)

    assert failures == []
    for revision, read in reads:
        assert (revision, len(read.cases)) in {(0, 0), (1, len(portfolio.cases))}
        if revision == 1:
            assert read == whole[1]


def test_every_write_bumps_the_revision_while_readers_lock_it(database: Database) -> None:
    # The revision keys every analysis cache: a lost bump would leave an edit unseen.
    write_portfolio(database, generate_portfolio(5, 1), workspace="counted", document="g")
    bumps_per_thread = 15

    def bump() -> None:
        for _ in range(bumps_per_thread):
            database.write(
                lambda tx: tx.run(cypher("portfolio/bump_revision"), workspace="counted").consume()
            )

    def lock_for_read() -> None:
        for _ in range(bumps_per_thread):
            database.write(
                lambda tx: tx.run(
                    cypher("portfolio/lock_workspace_for_read"), workspace="counted"
                ).consume()
            )

    threads = [threading.Thread(target=f) for f in (bump, bump, lock_for_read, lock_for_read)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert workspace_revision(database, "counted") == 1 + 2 * bumps_per_thread
