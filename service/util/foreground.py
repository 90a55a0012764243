"""Requests first: background work gives way while the process is answering requests.

CPython runs one thread at a time. A server thread that compiles a 10,000-case workspace or
builds its impact diagrams (a minute or more) holds the interpreter lock, and a request that
needs it back waits up to a switch interval (5 ms) each time, many times per request: a nested
read went from 55 ms to 270 ms while a server warmed up. So background threads call
`give_way()` between units of work; while any request is in flight it waits until none is, for
at most `MAX_WAIT` s, after which it works for `QUANTUM` s regardless (it is never starved). A
request that blocks on a result a background thread is computing says so (`waiting()`), and
does not count as in flight meanwhile: the work it waits for runs at full speed.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

MAX_WAIT = 0.25
QUANTUM = 0.05

_lock = threading.Lock()
_none_in_flight = threading.Condition(_lock)
_in_flight = 0
_thread = threading.local()


def in_flight() -> int:
    """Requests being answered (less those waiting on background work)."""
    return _in_flight


@contextmanager
def serving() -> Iterator[None]:
    """Around the answer to one request."""
    _add(1)
    try:
        yield
    finally:
        _add(-1)


@contextmanager
def waiting() -> Iterator[None]:
    """Around a request's wait for work another thread is doing."""
    if getattr(_thread, "background", False):
        yield
        return
    _add(-1)
    try:
        yield
    finally:
        _add(1)


@contextmanager
def background() -> Iterator[None]:
    """Marks the current thread's work as background: its `give_way()` calls take effect."""
    _thread.background = True
    _thread.free_until = 0.0
    try:
        yield
    finally:
        _thread.background = False


def give_way() -> None:
    """In a background thread, wait while requests are in flight (see the module docstring);
    elsewhere (a request computing what it needs), return at once."""
    if not _in_flight or not getattr(_thread, "background", False):
        return
    if time.monotonic() < _thread.free_until:
        return
    with _lock:
        _none_in_flight.wait_for(lambda: _in_flight <= 0, timeout=MAX_WAIT)
        busy = _in_flight > 0
    if busy:
        _thread.free_until = time.monotonic() + QUANTUM


def _add(delta: int) -> None:
    global _in_flight
    with _lock:
        _in_flight += delta
        if _in_flight <= 0:
            _none_in_flight.notify_all()
