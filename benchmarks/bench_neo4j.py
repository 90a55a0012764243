"""The benchmark's own Neo4j: the managed embedded Neo4j, in a dedicated data directory (default
`.scg/bench-neo4j`) on a free port, emptied at the start of a run and stopped at its end.

Emptying removes the directory's database files, never anything else, and only in a directory
this module created (it leaves a marker file there), so a mistyped `--data-dir` cannot wipe
another Neo4j's data.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from benchmarks.service_process import free_port
from service.config import Settings
from service.errors import ConfigurationError
from service.runtime.local_neo4j import LocalNeo4j
from service.store.database import Database, connect

MARKER = ".scg-bench"


class BenchNeo4j:
    def __init__(self, directory: Path, *, launcher_dir: Path, heap: str) -> None:
        self.directory = directory
        self.local = LocalNeo4j(directory, port=free_port(), launcher_dir=launcher_dir, heap=heap)
        self.started = False

    def start_fresh(self) -> None:
        """Stop a leftover instance of an interrupted run, empty the database, start."""
        marker = self.directory / MARKER
        if self.directory.exists() and any(self.directory.iterdir()) and not marker.exists():
            raise ConfigurationError(
                f"{self.directory} exists and was not created by `python -m benchmarks`: "
                "choose another --data-dir (the benchmark empties its database)"
            )
        if self.local.running_pid() is not None:
            self.local.stop()
        shutil.rmtree(self.local.home, ignore_errors=True)
        self.directory.mkdir(parents=True, exist_ok=True)
        marker.write_text(
            "data directory of `python -m benchmarks`; emptied by every run\n", "utf-8"
        )
        self.local.start()
        self.started = True

    def stop(self) -> None:
        if self.started:
            self.local.stop()
            self.started = False

    def settings(self) -> Settings:
        return Settings(
            NEO4J_URI=self.local.uri,
            NEO4J_USER="neo4j",
            NEO4J_PASSWORD=self.local.password(),
            SCG_DATA_DIR=self.directory,
        )

    def connect(self) -> Database:
        database = connect(self.settings())
        database.apply_migrations()
        return database


def neo4j_version(database: Database) -> str | None:
    for row in database.run("bench/neo4j_version"):
        if row.get("name") == "Neo4j Kernel":
            return f"{row['version']} {str(row.get('edition') or '').title()}".strip()
    return None
