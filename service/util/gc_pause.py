"""Pause Python's cyclic garbage collector around bulk work on big portfolios."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0  # pauses under way, in any thread
_was_enabled = False  # whether the collector ran before the first of them


@contextmanager
def collector_paused() -> Iterator[None]:
    """Building, reading or compiling a portfolio of thousands of cases allocates millions of
    objects and no reference cycles; the collector's passes over them would cost more than the
    work. Pauses nest and overlap across threads (the server compiles and reads concurrently):
    the collector runs again when the last one ends, if it ran before the first began."""
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()
