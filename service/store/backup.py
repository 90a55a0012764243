"""Backups of the whole graph: every workspace's entities, relationships, documents,
revisions and API key hashes, read in one transaction, and restored into an empty database.

A backup is one JSON document: `{"format": "scg-backup", "version": 1, "nodes": [...],
"relationships": [...]}`, each node with its labels and properties, each relationship with
its type, properties and the backup ids of its ends. Neo4j's temporal values are written as
`{"$datetime": ISO}` / `{"$date": ISO}` and read back as such. Migration records are not
in it: the database a backup is restored into applies its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import neo4j
from neo4j.time import Date, DateTime

from service.errors import InvalidInputError
from service.store.cypher import cypher
from service.store.database import Database

FORMAT = "scg-backup"
VERSION = 1
BATCH = 5_000
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class RestoreReport:
    nodes: int
    relationships: int


def _encode(value: Any) -> Any:
    if isinstance(value, DateTime):
        return {"$datetime": value.iso_format()}
    if isinstance(value, Date):
        return {"$date": value.iso_format()}
    if isinstance(value, list):
        return [_encode(item) for item in value]
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        if "$datetime" in value:
            return DateTime.from_iso_format(value["$datetime"])
        if "$date" in value:
            return Date.from_iso_format(value["$date"])
        raise InvalidInputError(f"unexpected property value {value!r} in the backup")
    if isinstance(value, list):
        return [_decode(item) for item in value]
    return value


def _properties(props: dict[str, Any]) -> dict[str, Any]:
    return {key: _encode(value) for key, value in props.items()}


def read_backup(database: Database) -> dict[str, Any]:
    """The whole graph, read in one transaction (a consistent snapshot)."""

    def work(tx: neo4j.ManagedTransaction) -> dict[str, Any]:
        nodes = [
            {"id": r["id"], "labels": sorted(r["labels"]), "props": _properties(r["props"])}
            for r in tx.run(cypher("backup/read_nodes"))
        ]
        relationships = [
            {
                "type": r["type"],
                "source": r["source"],
                "target": r["target"],
                "props": _properties(r["props"]),
            }
            for r in tx.run(cypher("backup/read_relationships"))
        ]
        return {
            "format": FORMAT,
            "version": VERSION,
            "nodes": nodes,
            "relationships": relationships,
        }

    return database.read(work)


def _check(backup: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    if not isinstance(backup, dict) or backup.get("format") != FORMAT:
        raise InvalidInputError("not a Safety Case Graph backup (written by `scg backup`)")
    if backup.get("version") != VERSION:
        raise InvalidInputError(
            f"backup version {backup.get('version')!r} is not supported (this is {VERSION})"
        )
    nodes, relationships = backup.get("nodes"), backup.get("relationships")
    if not isinstance(nodes, list) or not isinstance(relationships, list):
        raise InvalidInputError("the backup has no list of nodes or of relationships")
    for index, node in enumerate(nodes):
        labels = node.get("labels") if isinstance(node, dict) else None
        if not labels or not all(isinstance(x, str) and _NAME.match(x) for x in labels):
            raise InvalidInputError(f"nodes[{index}]: labels must be a list of names")
    for index, rel in enumerate(relationships):
        kind = rel.get("type") if isinstance(rel, dict) else None
        if not isinstance(kind, str) or not _NAME.match(kind):
            raise InvalidInputError(f"relationships[{index}]: type must be a name")
    return nodes, relationships


def _batches(rows: list[dict[str, Any]]) -> Iterable[list[dict[str, Any]]]:
    for start in range(0, len(rows), BATCH):
        yield rows[start : start + BATCH]


def restore_backup(database: Database, backup: Any) -> RestoreReport:
    """Write `backup` into an empty database in one transaction (nothing on error)."""
    nodes, relationships = _check(backup)

    def work(tx: neo4j.ManagedTransaction) -> RestoreReport:
        present = tx.run(cypher("backup/count_nodes")).single()
        if present is not None and present["nodes"]:
            raise InvalidInputError(
                f"the database already holds {present['nodes']} nodes: restore into an empty "
                "one (`scg neo4j` with a new SCG_DATA_DIR, or another NEO4J_URI)"
            )
        new_ids: dict[str, str] = {}
        for batch in _batches(nodes):
            rows = [
                {
                    "key": node["id"],
                    "labels": node["labels"],
                    "props": {k: _decode(v) for k, v in (node.get("props") or {}).items()},
                }
                for node in batch
            ]
            for record in tx.run(cypher("backup/create_nodes"), rows=rows):
                new_ids[record["key"]] = record["id"]
        for index, rel in enumerate(relationships):
            for end in ("source", "target"):
                if rel.get(end) not in new_ids:
                    raise InvalidInputError(
                        f"relationships[{index}].{end}: no node {rel.get(end)!r} in the backup"
                    )
        for batch in _batches(relationships):
            rows = [
                {
                    "type": rel["type"],
                    "source": new_ids[rel["source"]],
                    "target": new_ids[rel["target"]],
                    "props": {k: _decode(v) for k, v in (rel.get("props") or {}).items()},
                }
                for rel in batch
            ]
            tx.run(cypher("backup/create_relationships"), rows=rows).consume()
        return RestoreReport(nodes=len(nodes), relationships=len(relationships))

    return database.write(work)
