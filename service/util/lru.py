"""A thread-safe least-recently-used map: `cachetools.LRUCache` behind one lock.

The server answers requests on a thread pool, and its caches (compiled circuits, node rows,
validated query documents, verified API keys) are shared by every thread, so each read that
refreshes an entry's recency and each write that evicts one happens under the lock.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from cachetools import LRUCache

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class LruCache(Generic[K, V]):
    """At most `maxsize` entries, or with `getsizeof` at most `maxsize` in total of their
    sizes (an entry larger than that is not kept); a read or a write makes its entry the
    most recently used, and a write beyond `maxsize` drops the least recently used."""

    def __init__(self, maxsize: int, getsizeof: Callable[[V], int] | None = None) -> None:
        self.maxsize = maxsize
        self._entries: LRUCache[K, V] = LRUCache(maxsize=maxsize, getsizeof=getsizeof)
        self._lock = threading.Lock()

    @property
    def currsize(self) -> int:
        """The entries' total size (their number without `getsizeof`)."""
        with self._lock:
            return int(self._entries.currsize)

    def get(self, key: K) -> V | None:
        with self._lock:
            return self._entries.get(key)

    def put(self, key: K, value: V) -> None:
        with self._lock:
            if self._fits(value):
                self._entries[key] = value

    def update(self, key: K, change: Callable[[V | None], V | None]) -> V | None:
        """Replace the entry of `key` (None when absent) by `change(entry)`, atomically;
        `change` returning None leaves the cache as it was."""
        with self._lock:
            value = change(self._entries.get(key))
            if value is not None and self._fits(value):
                self._entries[key] = value
            return value

    def discard_where(self, predicate: Callable[[K, V], bool]) -> None:
        """Drop every entry for which `predicate(key, value)` holds."""
        with self._lock:
            for key in [k for k, v in self._entries.items() if predicate(k, v)]:
                del self._entries[key]

    def values(self) -> list[V]:
        """A snapshot of the entries' values (recency unchanged)."""
        with self._lock:
            return list(self._entries.values())

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def _fits(self, value: V) -> bool:
        return bool(self._entries.getsizeof(value) <= self.maxsize)

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)
