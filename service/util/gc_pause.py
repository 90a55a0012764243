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


def settle_long_lived() -> None:
    """Collect once, then exempt every object alive from later full collections (`gc.freeze`).

    A server holds tens of millions of long-lived objects for a 10,000-case workspace (its
    portfolio, circuit and diagrams); a full collection walks all of them, about 1.8 s, and
    the garbage of a few large responses triggers one every few requests. Called after a
    workspace's circuit is built, off the request path: what was frozen before is unfrozen
    first, so the previous revision's circuit, now garbage, is collected by this pass
    (refcounting frees frozen objects too; only their cycles wait for the next settle)."""
    with _lock:
        if _depth:  # bulk work under way elsewhere: settle next time
            return
    gc.unfreeze()
    gc.collect()
    gc.freeze()


#: Young objects allocated since the last collection past which a quiet moment collects them.
QUIET_COLLECT_ALLOCATIONS = 2_000


def collect_young_garbage() -> None:
    """Collect the youngest generation now, if it holds more than a few requests' objects.

    A request leaves a few thousand objects in reference cycles (graphql-core's collected
    fields, asyncio futures, DataLoader batches, the neo4j driver's sessions) and the rest of
    its data with them. At the server's young threshold one collection freed about 25
    requests' worth at once, 60-85 ms inside whichever request set it off (a nested read's p95
    doubled). Called when no request is in flight, after a response is sent, it frees one
    request's worth in a few ms. Not while the collector is paused for bulk work."""
    if gc.isenabled() and gc.get_count()[0] > QUIET_COLLECT_ALLOCATIONS:
        gc.collect(0)
