"""The shared LRU map: recency on read and write, eviction, atomic update, discard."""

from __future__ import annotations

import threading

from service.util.lru import LruCache


def test_least_recently_used_goes_first() -> None:
    cache: LruCache[str, int] = LruCache(2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1  # a is now the most recently used
    cache.put("c", 3)
    assert cache.get("b") is None
    assert (cache.get("a"), cache.get("c"), len(cache)) == (1, 3, 2)


def test_update_sees_the_entry_and_none_keeps_the_cache() -> None:
    cache: LruCache[str, list[int]] = LruCache(4)
    seen: list[list[int] | None] = []

    def append(entry: list[int] | None) -> list[int]:
        seen.append(entry)
        return [*(entry or []), 1]

    cache.update("k", append)
    cache.update("k", append)
    assert seen == [None, [1]]
    assert cache.update("k", lambda entry: None) is None
    assert cache.get("k") == [1, 1]


def test_discard_where_drops_only_the_matching_entries() -> None:
    cache: LruCache[str, int] = LruCache(8)
    for i, key in enumerate("abcd"):
        cache.put(key, i)
    cache.discard_where(lambda _key, value: value % 2 == 0)
    assert [cache.get(k) for k in "abcd"] == [None, 1, None, 3]


def test_concurrent_updates_are_not_lost() -> None:
    cache: LruCache[str, int] = LruCache(2)

    def bump() -> None:
        for _ in range(2000):
            cache.update("n", lambda n: (n or 0) + 1)

    threads = [threading.Thread(target=bump) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert cache.get("n") == 8000


def test_with_sizes_it_keeps_recent_entries_within_the_total_and_skips_a_huge_one() -> None:
    cache: LruCache[str, list[int]] = LruCache(10, getsizeof=len)
    cache.put("a", [1] * 4)
    cache.put("b", [1] * 4)
    assert cache.get("a") is not None  # "b" is now the least recently used
    cache.put("c", [1] * 4)
    assert cache.get("b") is None
    assert cache.get("a") is not None
    assert cache.get("c") is not None
    assert cache.currsize == 8
    cache.put("huge", [1] * 11)
    assert cache.get("huge") is None
    assert cache.currsize == 8
