"""The package as users get it (DESIGN §2): build the wheel, install it into a fresh virtualenv
outside the repository, and run the product from there against the test Neo4j: `scg load`,
`scg impact --workspace`, `scg serve` until /readyz answers 200, and `scg neo4j start` / `stop`
with a data directory of its own (the launcher built under it from the packaged sources).

The new virtualenv gets its third-party dependencies from the test environment's site-packages
(a path line, not an install, so the test needs no network and installs nothing twice), and
the product only from the wheel: the test checks that `service` is imported from there."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
import venv
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from service import analysis
from service.authoring import load_portfolio_file
from service.config import Settings
from tests.conftest import EXAMPLE_PORTFOLIO, REPOSITORY_ROOT, free_port

pytestmark = [pytest.mark.e2e, pytest.mark.integration]

#: What a build never needs from the checkout (virtualenvs, data, build outputs, caches).
NOT_SOURCES = shutil.ignore_patterns(
    ".git",
    ".venv",
    ".scg",
    "build",
    "dist",
    "target",
    "node_modules",
    "__pycache__",
    "*.egg-info",
    ".mypy_cache",
    ".ruff_cache",
    ".pytest_cache",
    ".hypothesis",
    "bench",
)


@dataclass(frozen=True)
class Installed:
    root: Path  # a folder outside the repository: the virtualenv, data, copies of inputs
    bin: Path

    def scg(
        self, *args: str, env: dict[str, str], timeout: float = 300
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.bin / "scg"), *args],
            cwd=self.root,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    root = tmp_path_factory.mktemp("installed-wheel")
    assert not root.resolve().is_relative_to(REPOSITORY_ROOT.resolve())
    sources = root / "sources"
    shutil.copytree(REPOSITORY_ROOT, sources, symlinks=True, ignore=NOT_SOURCES)
    dist = root / "dist"
    _run(
        sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
        "--wheel-dir", str(dist), str(sources),
    )  # fmt: skip
    (wheel,) = dist.glob("safety_case_graph-*.whl")
    shutil.rmtree(sources)
    environment = root / "venv"
    venv.EnvBuilder(with_pip=False).create(environment)
    bin_dir = environment / "bin"
    site = Path(
        _run(
            str(bin_dir / "python"), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"
        )
    )
    # Dependencies from the test environment; appended to sys.path, after the wheel's own files.
    (site / "test-environment-dependencies.pth").write_text(
        sysconfig.get_path("purelib") + "\n", encoding="utf-8"
    )
    _run(
        sys.executable, "-m", "pip", "--python", str(bin_dir / "python"), "install",
        "--quiet", "--no-deps", "--no-index", str(wheel),
    )  # fmt: skip
    where = _run(str(bin_dir / "python"), "-c", "import service; print(service.__file__)")
    assert Path(where).is_relative_to(site), f"service imported from {where}, not the wheel"
    return Installed(root, bin_dir)


def _run(*command: str) -> str:
    """Run in the temporary folder's parent, so no checkout is on `python -c`'s path."""
    result = subprocess.run(
        command,
        cwd=tempfile.gettempdir(),
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, f"{' '.join(command)}:\n{result.stdout}\n{result.stderr}"
    return result.stdout.strip()


def _environment(installed: Installed, **extra: str) -> dict[str, str]:
    """The machine's environment without any of the service's own settings, plus `extra`."""
    own = ("NEO4J_", "SCG_")
    env = {k: v for k, v in os.environ.items() if not k.startswith(own)}
    env.update({"SCG_DATA_DIR": str(installed.root / "data"), "SCG_NEO4J_HEAP": "512m"})
    env.update(extra)
    return env


@pytest.fixture
def graph_env(installed: Installed, neo4j_settings: Settings) -> dict[str, str]:
    return _environment(
        installed,
        NEO4J_URI=str(neo4j_settings.neo4j_uri),
        NEO4J_USER=neo4j_settings.neo4j_user,
        NEO4J_PASSWORD=neo4j_settings.neo4j_password or "",
        NEO4J_DATABASE=neo4j_settings.neo4j_database,
    )


def test_the_wheel_carries_what_the_product_reads(installed: Installed) -> None:
    package = Path(
        _run(str(installed.bin / "python"), "-c", "import service; print(service.__file__)")
    ).parent
    for shipped in (
        "cypher/portfolio/read_ownership.cypher",
        "cypher/migrations/001_unique_ids.cypher",
        "schema/portfolio.schema.json",
        "schema/policy.schema.json",
        "launcher/pom.xml",
        "launcher/build.sh",
        "launcher/src/main/java/scg/Launcher.java",
    ):
        assert (package / shipped).is_file(), f"the wheel lacks {shipped}"
        assert not (package / shipped).is_symlink()
    assert not (package / "launcher" / "target").exists(), "build outputs are not shipped"


def test_load_then_impact_on_the_workspace(installed: Installed, graph_env: dict[str, str]) -> None:
    portfolio = installed.root / "portfolio.yaml"
    shutil.copyfile(EXAMPLE_PORTFOLIO, portfolio)
    loaded = installed.scg("load", str(portfolio), "--workspace", "wheel", env=graph_env)
    assert loaded.returncode == 0, loaded.stderr
    assert "loaded" in loaded.stderr
    impact = installed.scg(
        "impact", "--workspace", "wheel", "--fail-technique", "interpretability", "--json",
        env=graph_env,
    )  # fmt: skip
    assert impact.returncode == 0, impact.stderr
    scenario = analysis.Scenario.of(failed_techniques=["interpretability"])
    circuit = analysis.compile_circuit(load_portfolio_file(EXAMPLE_PORTFOLIO))
    expected = json.loads(json.dumps(analysis.impact(circuit, scenario).to_json()))
    assert json.loads(impact.stdout) == expected


def test_serve_is_ready(installed: Installed, graph_env: dict[str, str]) -> None:
    port = free_port()
    with _serving(installed, port, graph_env) as base:
        assert httpx.get(f"{base}/readyz", timeout=10).status_code == 200


@pytest.fixture
def own_neo4j(installed: Installed) -> Iterator[dict[str, str]]:
    data = installed.root / "own-neo4j"
    env = _environment(installed, SCG_DATA_DIR=str(data), SCG_NEO4J_PORT=str(free_port()))
    try:
        yield env
    finally:
        installed.scg("neo4j", "stop", env=env)


def test_neo4j_start_builds_the_launcher_under_the_data_directory(
    installed: Installed, own_neo4j: dict[str, str]
) -> None:
    started = installed.scg("neo4j", "start", env=own_neo4j, timeout=900)
    assert started.returncode == 0, started.stdout + started.stderr
    data = Path(own_neo4j["SCG_DATA_DIR"])
    assert (data / "neo4j" / "launcher" / "target" / "scg-neo4j-launcher.jar").is_file()
    status = installed.scg("neo4j", "status", env=own_neo4j)
    assert status.returncode == 0, status.stdout
    stopped = installed.scg("neo4j", "stop", env=own_neo4j)
    assert stopped.returncode == 0, stopped.stderr
    assert installed.scg("neo4j", "status", env=own_neo4j).returncode == 3


@contextmanager
def _serving(installed: Installed, port: int, env: dict[str, str]) -> Iterator[str]:
    """`scg serve` from the installed wheel, once it answers /readyz with 200."""
    log = installed.root / f"serve-{port}.log"
    base = f"http://127.0.0.1:{port}"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [str(installed.bin / "scg"), "serve", "--port", str(port)],
            cwd=installed.root, env=env, stdout=output, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while not _ready(base):
            if time.monotonic() > deadline or process.poll() is not None:
                raise AssertionError(f"scg serve never became ready:\n{log.read_text()}")
            time.sleep(0.3)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def _ready(base: str) -> bool:
    try:
        return httpx.get(f"{base}/readyz", timeout=5).status_code == 200
    except httpx.HTTPError:
        return False
