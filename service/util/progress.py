"""How a long computation says how far it is, to whoever shows it (the CLI's progress bar).

A computation that takes a `FractionDone` calls it with the share of its work done so far (0 to
1, never decreasing) and a few words on what it is doing; it never waits for the callee.
"""

from __future__ import annotations

from collections.abc import Callable

FractionDone = Callable[[float, str], None]


def no_progress(fraction: float, detail: str) -> None:
    """The `FractionDone` of a caller that shows nothing."""
