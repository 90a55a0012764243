"""What the product needs at run time besides code, shipped inside the package as package data
and found through it (`importlib.resources`), never through a source checkout:

- `cypher/`: every Cypher statement and migration (`service.store.cypher` reads them);
- `schema/`: the JSON Schemas of portfolios and policies, the GraphQL SDL and the examples;
- `launcher/`: the local Neo4j launcher's sources (pom.xml, build.sh, Launcher.java), built
  with Maven on first start (`service.runtime.local_neo4j`);
- `api/static/`: the built reviewer dashboard.

In a checkout, `service/cypher`, `service/schema` and `service/launcher` are links to the
top-level `cypher/`, `schema/` and `deploy/neo4j/` of DESIGN §2; the wheel holds copies.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def package_path(*parts: str) -> Path:
    """The package-data file or folder `service/<parts>` as a path (the package is installed
    as files, never zipped, so the path is real; callers say what is missing when it is)."""
    return Path(str(resources.files("service").joinpath(*parts)))


def cypher_dir() -> Path:
    return package_path("cypher")


def launcher_dir() -> Path:
    return package_path("launcher")


def schema_dir() -> Path:
    return package_path("schema")
