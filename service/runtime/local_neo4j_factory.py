"""The managed local Neo4j configured from Settings."""

from __future__ import annotations

from service.config import Settings
from service.runtime.local_neo4j import LocalNeo4j


def local_neo4j(settings: Settings) -> LocalNeo4j:
    return LocalNeo4j(
        settings.local_neo4j_dir,
        port=settings.local_bolt_port,
        launcher_dir=settings.launcher_dir,
        heap=settings.local_heap,
        password=settings.neo4j_password,
    )
