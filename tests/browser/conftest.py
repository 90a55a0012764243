"""Browser tests: Debian's Chromium, driven by Playwright, against `scg serve` (a real process)
on the real test Neo4j with the example portfolio in workspace `default`.

Playwright's own browser download is never used: the browser is /usr/bin/chromium (`make test`
installs it), launched headless with a fresh profile per test. Screenshots of every view go
to build/screenshots/ (ignored by git) for people to look at, not for pixel comparison.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from service.config import Settings
from service.store.api_keys import Role, create_key
from service.store.database import Database
from tests.conftest import REPOSITORY_ROOT, free_port
from tests.e2e.api.conftest import load_example

pytestmark = [pytest.mark.browser, pytest.mark.integration]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = REPOSITORY_ROOT / "build" / "screenshots"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
EXAMPLE_DOCUMENT = "frontier-portfolio.yaml"  # as `load_example` names it


def service_env(neo4j_settings: Settings) -> dict[str, str]:
    """The environment of `scg` processes that use the test Neo4j."""
    env = dict(os.environ)
    env.update(
        {
            "NEO4J_URI": neo4j_settings.neo4j_uri or "",
            "NEO4J_USER": neo4j_settings.neo4j_user,
            "NEO4J_PASSWORD": neo4j_settings.neo4j_password or "",
            "NEO4J_DATABASE": neo4j_settings.neo4j_database,
            "SCG_API_KEY_CACHE_SECONDS": "0",
        }
    )
    return env


def scg(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """Run the CLI as a user would (`scg ARGS`), failing the test if it fails."""
    result = subprocess.run(
        [sys.executable, "-c", "from service.cli.main import app; app()", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result


@dataclass(frozen=True)
class Dashboard:
    url: str
    admin: str
    editor: str
    viewer: str
    env: dict[str, str]
    database: Database


@pytest.fixture(scope="session")
def served(
    neo4j_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, dict[str, str]]]:
    """`scg serve` on a free port of 127.0.0.1, for the whole session (its log in a file)."""
    env = service_env(neo4j_settings)
    port = free_port()
    log_path = tmp_path_factory.mktemp("serve") / "serve.log"
    log = log_path.open("w", encoding="utf-8")
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from service.cli.main import app; app()",
            "serve",
            "--port",
            str(port),
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"scg serve did not become ready: {log_path.read_text(encoding='utf-8')}")
        time.sleep(0.3)
    yield url, env
    print(f"scg serve's log: {log_path}")
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


@pytest.fixture
def dashboard(served: tuple[str, dict[str, str]], database: Database) -> Dashboard:
    """The served dashboard with the example in workspace `default`, and keys of each role."""
    url, env = served
    load_example(database)

    def key(role: Role) -> str:
        return create_key(
            database, role=role, workspaces=["default"], name=f"browser-{role.value}"
        ).token

    return Dashboard(url, key(Role.ADMIN), key(Role.EDITOR), key(Role.VIEWER), env, database)


@pytest.fixture(scope="package")  # its event loop must end before the tests after it
def playwright_session() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.skip("no Chromium at /usr/bin/chromium: `make test` installs it (apt-get)")
    from playwright.sync_api import expect, sync_playwright

    # Analyses on a shared 2-core machine can take a few seconds the first time.
    expect.set_options(timeout=30_000)
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture
def page(playwright_session: object, tmp_path: Path) -> Iterator[object]:
    """A fresh Chromium (new profile) at desktop size."""
    from playwright.sync_api import Playwright

    assert isinstance(playwright_session, Playwright)
    context = playwright_session.chromium.launch_persistent_context(
        str(tmp_path / "profile"),
        executable_path=CHROMIUM,
        headless=True,
        args=CHROMIUM_FLAGS,
        viewport=DESKTOP,
    )
    page = context.pages[0] if context.pages else context.new_page()
    # What the page logs goes to the test's output, to read when a test fails.
    page.on("console", lambda message: print(f"console {message.type}: {message.text}"))
    page.on("pageerror", lambda error: print(f"page error: {error}"))
    yield page
    context.close()


def screenshot(page: object, name: str) -> None:
    from playwright.sync_api import Page

    assert isinstance(page, Page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
