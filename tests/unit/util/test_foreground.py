"""Background work gives way to requests in flight, but is never starved."""

from __future__ import annotations

import threading
import time

from service.util import foreground


def _timed_give_way_in_background() -> float:
    """Seconds one `give_way()` takes in a fresh background thread."""
    took: list[float] = []

    def run() -> None:
        with foreground.background():
            start = time.monotonic()
            foreground.give_way()
            took.append(time.monotonic() - start)

    worker = threading.Thread(target=run)
    worker.start()
    worker.join(timeout=5)
    return took[0]


def test_give_way_returns_at_once_when_no_request_is_in_flight() -> None:
    assert foreground.in_flight() == 0
    assert _timed_give_way_in_background() < foreground.MAX_WAIT / 2


def test_give_way_outside_a_background_thread_never_waits() -> None:
    with foreground.serving():
        start = time.monotonic()
        foreground.give_way()
        assert time.monotonic() - start < foreground.MAX_WAIT / 2


def test_background_waits_while_a_request_is_served_but_at_most_max_wait() -> None:
    with foreground.serving():
        took = _timed_give_way_in_background()
    assert foreground.MAX_WAIT * 0.9 <= took < foreground.MAX_WAIT * 4


def test_background_resumes_as_soon_as_the_last_request_ends() -> None:
    ended = threading.Event()

    def end_request_soon() -> None:
        time.sleep(foreground.MAX_WAIT / 5)
        ended.set()

    with foreground.serving():
        threading.Thread(target=end_request_soon).start()
        took: list[float] = []

        def run() -> None:
            with foreground.background():
                start = time.monotonic()
                foreground.give_way()
                took.append(time.monotonic() - start)

        worker = threading.Thread(target=run)
        worker.start()
        ended.wait(timeout=5)
    worker.join(timeout=5)
    assert took[0] < foreground.MAX_WAIT * 0.9


def test_after_waiting_in_vain_background_works_a_quantum_without_waiting() -> None:
    timings: list[float] = []

    def run() -> None:
        with foreground.background():
            for _ in range(2):
                start = time.monotonic()
                foreground.give_way()
                timings.append(time.monotonic() - start)

    with foreground.serving():
        worker = threading.Thread(target=run)
        worker.start()
        worker.join(timeout=5)
    first, second = timings
    assert first >= foreground.MAX_WAIT * 0.9
    assert second < foreground.QUANTUM


def test_a_request_waiting_on_background_work_does_not_hold_it_back() -> None:
    with foreground.serving():
        assert foreground.in_flight() == 1
        with foreground.waiting():
            assert foreground.in_flight() == 0
            assert _timed_give_way_in_background() < foreground.MAX_WAIT / 2
        assert foreground.in_flight() == 1
    assert foreground.in_flight() == 0


def test_waiting_inside_a_background_thread_leaves_the_count_alone() -> None:
    counts: list[int] = []

    def run() -> None:
        with foreground.background(), foreground.waiting():
            counts.append(foreground.in_flight())

    with foreground.serving():
        worker = threading.Thread(target=run)
        worker.start()
        worker.join(timeout=5)
    assert counts == [1]
