"""Pause Python's cyclic garbage collector around bulk work on big portfolios."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Building or dumping a portfolio of thousands of cases allocates millions of objects and
    no reference cycles; the collector's passes over them would cost more than the work."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
