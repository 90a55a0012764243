"""Every statement the API's store modules run goes through `run_statement`, which times it and
tells the registered observers (the Prometheus metrics, and tests that count round trips)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import neo4j

from service.store.cypher import cypher

#: Called with (statement name, seconds) after each statement.
QueryObserver = Callable[[str, float], None]

_observers: list[QueryObserver] = []
_lock = threading.Lock()


def add_observer(observer: QueryObserver) -> None:
    with _lock:
        if observer not in _observers:
            _observers.append(observer)


def remove_observer(observer: QueryObserver) -> None:
    with _lock:
        if observer in _observers:
            _observers.remove(observer)


def _notify(name: str, seconds: float) -> None:
    for observer in list(_observers):
        observer(name, seconds)


def run_statement(
    tx: neo4j.ManagedTransaction, name: str, /, **parameters: Any
) -> list[dict[str, Any]]:
    """Run `cypher/<name>.cypher` with `parameters` in `tx`; its records as dicts."""
    started = time.perf_counter()
    try:
        return [record.data() for record in tx.run(cypher(name), parameters)]
    finally:
        _notify(name, time.perf_counter() - started)


@contextmanager
def recorded_statements() -> Iterator[list[str]]:
    """The names of the statements run (by any thread) while the block is active."""
    names: list[str] = []
    names_lock = threading.Lock()

    def observe(name: str, _seconds: float) -> None:
        with names_lock:
            names.append(name)

    add_observer(observe)
    try:
        yield names
    finally:
        remove_observer(observe)
