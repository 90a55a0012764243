"""`scg audit`'s progress bar: on a terminal's stderr after a second, never in a pipe, a CI log,
with --quiet or beside a machine-readable report."""

from __future__ import annotations

import io
import time

import pytest
from rich.console import Console
from typer.testing import CliRunner

from service.audit.progress import ProgressUpdate
from service.cli import progress_bar
from service.cli.main import app
from service.cli.progress_bar import DelayedProgressBar
from tests.conftest import EXAMPLE_PORTFOLIO


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_bar_is_wanted_only_on_a_terminal_without_quiet_or_a_machine_readable_report() -> None:
    assert progress_bar.wanted(Terminal())
    assert not progress_bar.wanted(io.StringIO())
    assert not progress_bar.wanted(Terminal(), quiet=True)
    assert not progress_bar.wanted(Terminal(), machine_readable=True)


def _run(enabled: bool, delay: float, seconds: float) -> str:
    out = Terminal()
    console = Console(file=out, force_terminal=True, width=80)
    with DelayedProgressBar(enabled, delay=delay, console=console) as bar:
        bar(ProgressUpdate("rule", "min-robustness", 3.5, 8))
        time.sleep(seconds)
    return out.getvalue()


def test_the_bar_shows_on_a_terminal_once_the_work_takes_longer_than_the_delay() -> None:
    assert "min-robustness" in _run(enabled=True, delay=0.0, seconds=0.3)


def test_quick_work_and_a_disabled_bar_print_nothing() -> None:
    assert _run(enabled=True, delay=5.0, seconds=0.0) == ""
    assert _run(enabled=False, delay=0.0, seconds=0.3) == ""


@pytest.mark.parametrize("flags", [[], ["--json"], ["--format", "sarif"], ["--quiet"]])
def test_audit_output_off_a_terminal_has_no_progress_text(flags: list[str]) -> None:
    result = CliRunner().invoke(app, ["audit", "--file", str(EXAMPLE_PORTFOLIO), *flags])
    assert result.exit_code == 1, result.output  # the example has error findings
    for text in ("reading", "compiling", "rule ", "━"):
        assert text not in result.stderr
