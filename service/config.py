"""Configuration from the environment (DESIGN §6), in one object."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

REPOSITORY_ROOT = Path(__file__).resolve().parent.parent


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
        default=REPOSITORY_ROOT / "deploy" / "neo4j", validation_alias="SCG_NEO4J_LAUNCHER_DIR"
    )
    cypher_dir: Path = Field(default=REPOSITORY_ROOT / "cypher", validation_alias="SCG_CYPHER_DIR")

    @property
    def local_neo4j_dir(self) -> Path:
        return self.data_dir / "neo4j"

    @property
    def uses_local_neo4j(self) -> bool:
        return not self.neo4j_uri


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
