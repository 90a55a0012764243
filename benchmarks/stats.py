"""Latency statistics: percentiles of a list of timings, and what one measured operation gave.

Pure: no clock, no I/O. `benchmarks.timing` fills a `Measurement`; the results read it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field


def percentile(values: Sequence[float], p: float) -> float | None:
    """The p-th percentile (0 <= p <= 100) of `values` by linear interpolation between closest
    ranks (numpy's default, Excel's PERCENTILE.INC); None for no values."""
    if not 0.0 <= p <= 100.0 or math.isnan(p):
        raise ValueError(f"percentile must be within 0..100, got {p}")
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100.0
    low = math.floor(rank)
    high = math.ceil(rank)
    if low == high:
        return float(ordered[low])
    weight = rank - low
    return float(ordered[low] * (1.0 - weight) + ordered[high] * weight)


@dataclass
class Measurement:
    """The timings (ms) of one operation repeated, or why there are none.

    `first_ms` is the first call (a warm-up when more calls follow; it is the only sample when
    the operation is too slow to repeat within its budget). `timed_out` means a call exceeded
    the cap: the operation is reported as null with `note`.
    """

    name: str
    samples_ms: list[float] = field(default_factory=list)
    first_ms: float | None = None
    timed_out: bool = False
    error: str | None = None
    note: str | None = None

    @property
    def ok(self) -> bool:
        return bool(self.samples_ms) and not self.timed_out and self.error is None

    def p(self, q: float) -> float | None:
        return percentile(self.samples_ms, q) if self.ok else None

    @property
    def p50(self) -> float | None:
        return self.p(50)

    @property
    def p95(self) -> float | None:
        return self.p(95)

    def describe(self) -> str:
        """One line for the progress log."""
        if self.timed_out or self.error is not None:
            return f"{self.name}: null ({self.note or self.error})"
        if not self.samples_ms:
            return f"{self.name}: not measured"
        p50, p95 = self.p50 or 0.0, self.p95 or 0.0
        return f"{self.name}: p50 {p50:,.1f} ms, p95 {p95:,.1f} ms (n={len(self.samples_ms)})"


def rounded(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)
