"""A progress bar on stderr for commands that may take long (`scg audit`).

It appears only once the work has taken a second (a quick command prints nothing extra), only
when stderr is a terminal (CI logs and redirected output stay clean), and it is removed when
the work ends, so the report that follows reads as without it.
"""

from __future__ import annotations

import sys
import threading
from types import TracebackType
from typing import TextIO

from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

from service.audit.progress import ProgressUpdate

DELAY_S = 1.0


def wanted(stream: TextIO, *, quiet: bool = False, machine_readable: bool = False) -> bool:
    """Whether to show a bar on `stream`: a terminal, not --quiet, and the command's output on
    stdout is not JSON, SARIF or XML (stdout and stderr then often share the screen or log)."""
    if quiet or machine_readable:
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or unusual stream
        return False


class DelayedProgressBar:
    """`with DelayedProgressBar(enabled) as bar: work(progress=bar)`: a bar that follows the
    `ProgressUpdate`s it is called with, shown from `delay` seconds on (never when disabled)."""

    def __init__(
        self, enabled: bool, *, delay: float = DELAY_S, console: Console | None = None
    ) -> None:
        self.enabled = enabled
        self.delay = delay
        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TaskProgressColumn(),
            TimeElapsedColumn(),
            console=console or Console(file=sys.stderr),
            transient=True,
        )
        self._task = self._progress.add_task("starting", total=None)
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self._shown = False
        self._closed = False

    def __enter__(self) -> DelayedProgressBar:
        if self.enabled:
            self._timer = threading.Timer(self.delay, self._show)
            self._timer.daemon = True
            self._timer.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        with self._lock:
            self._closed = True
            if self._timer is not None:
                self._timer.cancel()
            if self._shown:
                self._progress.stop()

    def __call__(self, update: ProgressUpdate) -> None:
        description = update.stage if not update.detail else f"{update.stage} {update.detail}"
        self._progress.update(
            self._task, description=description, completed=update.completed, total=update.total
        )

    def _show(self) -> None:
        with self._lock:
            if not self._closed:
                self._shown = True
                self._progress.start()
