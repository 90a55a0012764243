"""Timing an operation: a first call, then repetitions within a time budget.

The first call warms caches (it is kept as `first_ms`). More calls follow while the budget
lasts, up to `repeat`; an operation too slow to repeat keeps its first call as its only sample.
A call over the cap, or failing, ends the measurement with a note instead of a figure.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from benchmarks.graphql_client import OperationFailedError, OperationTimeoutError
from benchmarks.stats import Measurement

T = TypeVar("T")


def timed(call: Callable[[], T]) -> tuple[T, float]:
    """The call's result and its wall time in milliseconds."""
    started = time.perf_counter()
    result = call()
    return result, (time.perf_counter() - started) * 1000.0


def measure(
    name: str,
    call: Callable[[], T],
    *,
    repeat: int,
    budget_s: float,
    cap_s: float,
    warmup: bool = True,
    min_samples: int = 3,
) -> tuple[Measurement, T | None]:
    """Time `call` (see the module doc); returns the measurement and the last result.

    After the first call, calls repeat until `repeat` samples or until the budget is spent,
    but at least `min_samples` are taken unless the first call alone overran the budget."""
    measurement = Measurement(name)
    result: T | None = None
    started = time.perf_counter()
    try:
        result, first = timed(call)
        measurement.first_ms = first
        samples = measurement.samples_ms
        if not warmup:
            samples.append(first)
        if first / 1000.0 <= budget_s:
            while len(samples) < repeat:
                spent = time.perf_counter() - started
                next_s = (samples[-1] if samples else first) / 1000.0
                if len(samples) >= min_samples and spent + next_s > budget_s:
                    break
                result, elapsed = timed(call)
                samples.append(elapsed)
    except OperationTimeoutError:
        measurement.timed_out = True
        measurement.note = f"timeout: a call took over the {cap_s:.0f} s cap"
        return measurement, None
    except OperationFailedError as error:
        measurement.error = str(error)
        measurement.note = f"failed: {error}"
        return measurement, None
    if not measurement.samples_ms:  # too slow to repeat within the budget
        measurement.samples_ms.append(first)
        measurement.note = "one call (too slow to repeat within the budget)"
    return measurement, result
