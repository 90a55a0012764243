"""Configuration from the environment (DESIGN §6), in one object."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from service import resources


class Settings(BaseSettings):
    """Everything the service reads from its environment.

    With `neo4j_uri` unset, the CLI and the server manage a local Neo4j under `data_dir`.
    """

    model_config = SettingsConfigDict(env_prefix="", extra="ignore", frozen=True)

    neo4j_uri: str | None = Field(default=None, validation_alias="NEO4J_URI")
    neo4j_user: str = Field(default="neo4j", validation_alias="NEO4J_USER")
    neo4j_password: str | None = Field(default=None, validation_alias="NEO4J_PASSWORD")
    neo4j_database: str = Field(default="neo4j", validation_alias="NEO4J_DATABASE")

    data_dir: Path = Field(default=Path(".scg"), validation_alias="SCG_DATA_DIR")
    local_bolt_port: int = Field(default=7687, ge=1, le=65535, validation_alias="SCG_NEO4J_PORT")
    local_heap: str = Field(default="3g", validation_alias="SCG_NEO4J_HEAP")
    launcher_dir: Path = Field(
        default_factory=resources.launcher_dir, validation_alias="SCG_NEO4J_LAUNCHER_DIR"
    )
    """The launcher's sources (default: the package's); built under the data directory unless
    they were built where they are (a checkout after `make setup`)."""
    cypher_dir: Path = Field(
        default_factory=resources.cypher_dir, validation_alias="SCG_CYPHER_DIR"
    )
    """Where the Cypher statements are read from (default: the package's)."""
    neo4j_connect_timeout: float = Field(
        default=2.0, gt=0, validation_alias="SCG_NEO4J_CONNECT_TIMEOUT"
    )
    """Seconds to open a connection to Neo4j before it counts as unreachable."""
    neo4j_retry_seconds: float = Field(
        default=2.0, ge=0, validation_alias="SCG_NEO4J_RETRY_SECONDS"
    )
    """How long a transaction that failed for a transient reason (a deadlock, a leader switch)
    is retried; an unreachable or unavailable database is never retried (the breaker opens)."""
    neo4j_probe_seconds: float = Field(
        default=1.0, gt=0, validation_alias="SCG_NEO4J_PROBE_SECONDS"
    )
    """While Neo4j is unreachable, how often it is probed in the background."""

    # -- the HTTP API (service.api) ------------------------------------------------------------
    max_body_bytes: int = Field(default=1024 * 1024, ge=1024, validation_alias="SCG_MAX_BODY_BYTES")
    """Largest request body the API accepts (413 beyond); imports of bigger files: `scg load`."""
    cors_origins: str = Field(default="", validation_alias="SCG_CORS_ORIGINS")
    """Comma-separated origins allowed by CORS (`*` for any); empty: no CORS headers."""
    graphql_max_depth: int = Field(default=15, ge=1, validation_alias="SCG_GRAPHQL_MAX_DEPTH")
    graphql_max_aliases: int = Field(default=30, ge=0, validation_alias="SCG_GRAPHQL_MAX_ALIASES")
    graphql_max_tokens: int = Field(default=5000, ge=10, validation_alias="SCG_GRAPHQL_MAX_TOKENS")
    graphql_max_fields: int = Field(default=5000, ge=1, validation_alias="SCG_GRAPHQL_MAX_FIELDS")
    """Most field selections a query may expand to (fragments counted where spread)."""
    graphql_max_cost: int = Field(default=50_000, ge=1, validation_alias="SCG_GRAPHQL_MAX_COST")
    """Largest cost a query may have (service.api.query_budget says how it is counted)."""
    request_timeout: float = Field(default=30.0, gt=0, validation_alias="SCG_REQUEST_TIMEOUT")
    """Seconds a request may take before it is answered 504 TIMEOUT."""
    body_timeout: float = Field(default=10.0, gt=0, validation_alias="SCG_BODY_TIMEOUT")
    """Seconds a client may take to send its request body before it is answered 408."""
    analysis_workers: int = Field(default=2, ge=1, validation_alias="SCG_ANALYSIS_WORKERS")
    """Worker threads for analyses (CPU-heavy work waits for one, off the event loop)."""
    heavy_query_cost: int = Field(default=1000, ge=1, validation_alias="SCG_HEAVY_QUERY_COST")
    """From this cost on a query is heavy: it needs one of its key's heavy slots."""
    heavy_queries_per_key: int = Field(
        default=2, ge=1, validation_alias="SCG_HEAVY_QUERIES_PER_KEY"
    )
    """Heavy queries one API key may have running at once (429 beyond)."""
    warm_seconds: float = Field(default=2.0, ge=0.0, validation_alias="SCG_WARM_SECONDS")
    """How often a server checks every workspace's graph revision, to compute the overview of
    each changed one before anyone asks (0: never; see usecases.warming)."""
    api_key_cache_seconds: float = Field(
        default=2.0, ge=0.0, validation_alias="SCG_API_KEY_CACHE_SECONDS"
    )
    """How long a verified API key is trusted before it is looked up again (revocation delay
    for keys revoked by another process; revocations through this process apply at once)."""

    @property
    def cors_origin_list(self) -> list[str]:
        return [origin.strip() for origin in self.cors_origins.split(",") if origin.strip()]

    @property
    def local_neo4j_dir(self) -> Path:
        return self.data_dir / "neo4j"

    @property
    def uses_local_neo4j(self) -> bool:
        return not self.neo4j_uri


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
