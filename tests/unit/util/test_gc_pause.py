"""The collector pause: nested and overlapping pauses, and the collector's state restored."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest

from service.util import gc_pause
from service.util.gc_pause import collector_paused


def test_nested_pauses_restore_the_collector_at_the_last_exit() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_an_error_inside_still_restores_the_collector() -> None:
    with pytest.raises(ValueError, match="boom"), collector_paused():
        raise ValueError("boom")
    assert gc.isenabled()


def test_a_collector_disabled_before_stays_disabled() -> None:
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_first_thread_to_leave_does_not_restart_the_collector_under_another() -> None:
    both_inside = threading.Barrier(2)
    first_left = threading.Event()
    seen_by_second: list[bool] = []

    def first() -> None:
        with collector_paused():
            both_inside.wait()
        first_left.set()

    def second() -> None:
        with collector_paused():
            both_inside.wait()
            first_left.wait()
            seen_by_second.append(gc.isenabled())

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert seen_by_second == [False]
    assert gc.isenabled()


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_settling_freezes_what_is_alive_and_the_next_settle_collects_what_died() -> None:
    import weakref

    from service.util.gc_pause import settle_long_lived

    try:
        kept = _Cycle()
        settle_long_lived()
        assert gc.get_freeze_count() > 0
        gone = weakref.ref(kept)
        del kept
        gc.collect()  # a frozen cycle is not collected...
        assert gone() is not None
        settle_long_lived()  # ...until the next settle unfreezes it first
        assert gone() is None
    finally:
        gc.unfreeze()


def test_settling_waits_while_bulk_work_has_the_collector_paused() -> None:
    from service.util.gc_pause import settle_long_lived

    with collector_paused():
        settle_long_lived()
        assert gc.get_freeze_count() == 0


@pytest.fixture
def server_thresholds() -> Iterator[None]:
    """A young threshold as high as the server's, so that no collection runs by itself."""
    before = gc.get_threshold()
    gc.collect()
    gc.set_threshold(100_000, 20, 20)
    yield
    gc.set_threshold(*before)


def _young_cycles(n: int) -> None:
    for _ in range(n):
        cycle: list[object] = []
        cycle.append(cycle)


@pytest.mark.usefixtures("server_thresholds")
def test_a_quiet_moment_collects_the_young_garbage_of_more_than_a_few_requests() -> None:
    _young_cycles(gc_pause.QUIET_COLLECT_ALLOCATIONS + 100)
    assert gc.get_count()[0] > gc_pause.QUIET_COLLECT_ALLOCATIONS
    gc_pause.collect_young_garbage()
    assert gc.get_count()[0] < 100


@pytest.mark.usefixtures("server_thresholds")
def test_a_quiet_moment_leaves_little_young_garbage_and_paused_bulk_work_alone() -> None:
    _young_cycles(10)
    gc_pause.collect_young_garbage()
    assert gc.get_count()[0] >= 10
    with gc_pause.collector_paused():
        _young_cycles(gc_pause.QUIET_COLLECT_ALLOCATIONS + 100)
        gc_pause.collect_young_garbage()
        assert gc.get_count()[0] > gc_pause.QUIET_COLLECT_ALLOCATIONS
