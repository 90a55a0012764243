"""The import direction of DESIGN §2, read from the source: model <- analysis <- store <-
usecases <- api / cli; `usecases` is the API's and the CLI's one door to the store and the
analysis engine; `util` sits below everything."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

import service

PACKAGE = Path(service.__file__).parent

#: API modules that still import the store directly, each with its reason. Shrink, never grow.
API_STORE_IMPORTS_LEFT: set[str] = set()


def _modules(folder: str) -> Iterator[Path]:
    yield from sorted((PACKAGE / folder).rglob("*.py"))


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _reaches(names: set[str], package: str) -> bool:
    return any(name == package or name.startswith(package + ".") for name in names)


def _name(path: Path) -> str:
    return path.relative_to(PACKAGE).as_posix()


@pytest.mark.parametrize("path", list(_modules("cli")), ids=_name)
def test_the_cli_reaches_store_and_analysis_only_through_usecases(path: Path) -> None:
    names = _imports(path)
    assert not _reaches(names, "service.store"), f"{_name(path)} imports service.store"
    assert not _reaches(names, "service.analysis"), f"{_name(path)} imports service.analysis"
    assert "compile_circuit" not in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", list(_modules("api")), ids=_name)
def test_the_api_reaches_the_store_only_through_usecases(path: Path) -> None:
    if _name(path) in API_STORE_IMPORTS_LEFT:
        pytest.skip("listed in API_STORE_IMPORTS_LEFT")
    names = _imports(path)
    assert not _reaches(names, "service.store"), f"{_name(path)} imports service.store"
    assert "compile_circuit" not in path.read_text(encoding="utf-8")


def test_the_list_of_api_modules_left_is_not_stale() -> None:
    for name in API_STORE_IMPORTS_LEFT:
        assert _reaches(_imports(PACKAGE / name), "service.store"), f"{name} no longer needs it"


@pytest.mark.parametrize(
    ("folder", "forbidden"),
    [
        ("util", "service"),
        ("model", "service.analysis"),
        ("model", "service.store"),
        ("analysis", "service.store"),
        ("analysis", "service.api"),
        ("analysis", "service.usecases"),
        ("store", "service.usecases"),
        ("store", "service.api"),
        ("usecases", "service.api"),
    ],
)
def test_imports_flow_one_way(folder: str, forbidden: str) -> None:
    for path in _modules(folder):
        names = {n for n in _imports(path) if not n.startswith(f"service.{folder}")}
        assert not _reaches(names, forbidden), f"{_name(path)} imports {forbidden}"


def test_nothing_imports_the_cli() -> None:
    for path in PACKAGE.rglob("*.py"):
        if _name(path).startswith("cli/"):
            continue
        assert not _reaches(_imports(path), "service.cli"), f"{_name(path)} imports service.cli"
