"""Run-time files are found through the package (DESIGN §2), with the environment's overrides."""

from __future__ import annotations

from pathlib import Path

import pytest

import service
from service.config import Settings
from service.errors import ConfigurationError
from service.resources import cypher_dir, launcher_dir, schema_dir
from service.store import cypher as cypher_module

PACKAGE = Path(service.__file__).parent


def test_defaults_are_inside_the_package() -> None:
    settings = Settings()
    assert settings.cypher_dir == PACKAGE / "cypher" == cypher_dir()
    assert settings.launcher_dir == PACKAGE / "launcher" == launcher_dir()
    assert (cypher_dir() / "migrations" / "001_unique_ids.cypher").is_file()
    assert (launcher_dir() / "build.sh").is_file()
    assert (schema_dir() / "portfolio.schema.json").is_file()


def test_environment_overrides(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SCG_CYPHER_DIR", str(tmp_path / "cypher"))
    monkeypatch.setenv("SCG_NEO4J_LAUNCHER_DIR", str(tmp_path / "launcher"))
    settings = Settings()
    assert settings.cypher_dir == tmp_path / "cypher"
    assert settings.launcher_dir == tmp_path / "launcher"


def test_a_missing_statement_names_where_it_was_looked_for(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(cypher_module, "get_settings", lambda: Settings(SCG_CYPHER_DIR=tmp_path))
    cypher_module.cypher.cache_clear()
    try:
        with pytest.raises(ConfigurationError, match=r"'store/ping' not found at .*SCG_CYPHER_DIR"):
            cypher_module.cypher("store/ping")
    finally:
        cypher_module.cypher.cache_clear()
