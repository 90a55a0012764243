"""The managed local Neo4j: a real embedded Neo4j, started and stopped for real."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest

from service.config import Settings
from service.errors import Neo4jUnavailableError
from service.runtime.local_neo4j import LocalNeo4j
from service.store.database import connect
from tests.conftest import free_port

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def local(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalNeo4j]:
    instance = LocalNeo4j(
        tmp_path_factory.mktemp("neo4j"), port=free_port(), launcher_dir=Settings().launcher_dir
    )
    yield instance
    instance.stop()


def _settings(local: LocalNeo4j, password: str | None = None) -> Settings:
    return Settings(NEO4J_URI=local.uri, NEO4J_PASSWORD=password or local.password())


def test_a_node_written_over_bolt_survives_a_restart(local: LocalNeo4j) -> None:
    local.start()
    database = connect(_settings(local))
    database.write(lambda tx: tx.run("CREATE (:Probe {name: 'survivor'})").consume())
    database.close()

    local.stop()
    assert not local.status().running
    local.start()

    database = connect(_settings(local))
    names = database.read(lambda tx: [r["n"] for r in tx.run("MATCH (p:Probe) RETURN p.name AS n")])
    database.close()
    assert names == ["survivor"]


def test_generated_password_is_private_to_the_owner(local: LocalNeo4j) -> None:
    local.start()
    assert local.password_file.stat().st_mode & 0o777 == 0o600
    assert len(local.password()) >= 16


def test_a_wrong_password_is_rejected_with_a_clear_error(local: LocalNeo4j) -> None:
    local.start()
    with pytest.raises(Neo4jUnavailableError, match="rejected the credentials"):
        connect(_settings(local, password="not-the-password"))


def test_bolt_listens_on_loopback_only(local: LocalNeo4j) -> None:
    local.start()
    assert _listening_addresses(local.port) == {"127.0.0.1"}


def test_start_refuses_a_port_taken_by_another_process(tmp_path: Path) -> None:
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        port = squatter.getsockname()[1]
        other = LocalNeo4j(tmp_path, port=port, launcher_dir=Settings().launcher_dir)
        with pytest.raises(Neo4jUnavailableError, match=f"port {port} is already in use"):
            other.start()
    assert not other.pid_file.exists()


def test_unreachable_neo4j_gives_a_clear_error() -> None:
    with pytest.raises(Neo4jUnavailableError, match="cannot reach Neo4j"):
        connect(Settings(NEO4J_URI=f"bolt://127.0.0.1:{free_port()}", NEO4J_PASSWORD="x"))


def _listening_addresses(port: int) -> set[str]:
    """IPv4/IPv6 addresses with a socket listening on `port`, read from /proc (no traffic)."""
    found: set[str] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local_address, state = line.split()[1], line.split()[3]
            address_hex, port_hex = local_address.split(":")
            if state == "0A" and int(port_hex, 16) == port:  # 0A = LISTEN
                found.add(_decode_address(address_hex))
    return found


def _decode_address(address_hex: str) -> str:
    if len(address_hex) == 8:
        return socket.inet_ntop(socket.AF_INET, bytes.fromhex(address_hex)[::-1])
    words = [bytes.fromhex(address_hex[i : i + 8])[::-1] for i in range(0, 32, 8)]
    address = socket.inet_ntop(socket.AF_INET6, b"".join(words))
    return address.removeprefix("::ffff:")  # an IPv4-mapped address is the IPv4 address


def test_driver_can_run_cypher_against_managed_instance(local: LocalNeo4j) -> None:
    local.start()
    with neo4j.GraphDatabase.driver(local.uri, auth=("neo4j", local.password())) as driver:
        records, _, _ = driver.execute_query("RETURN 40 + 2 AS answer")
    assert records[0]["answer"] == 42
