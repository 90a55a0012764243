"""The collector pause: nested and overlapping pauses, and the collector's state restored."""

from __future__ import annotations

import gc
import threading

import pytest

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
