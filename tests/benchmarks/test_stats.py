"""Percentiles and measurements of the benchmark harness (pure; nothing is timed here)."""

from __future__ import annotations

import pytest

from benchmarks.stats import Measurement, percentile


def test_percentile_interpolates_between_closest_ranks() -> None:
    values = [15.0, 20.0, 35.0, 40.0, 50.0]
    assert percentile(values, 0) == 15.0
    assert percentile(values, 50) == 35.0
    assert percentile(values, 100) == 50.0
    assert percentile(values, 40) == pytest.approx(29.0)  # rank 1.6: 20 + 0.6 * 15
    assert percentile(values, 95) == pytest.approx(48.0)  # rank 3.8: 40 + 0.8 * 10


def test_percentile_ignores_input_order_and_matches_numpy() -> None:
    numpy = pytest.importorskip("numpy")
    values = [9.5, 1.0, 7.25, 3.0, 3.0, 12.0, 0.5]
    for p in (5, 25, 50, 75, 95, 99):
        assert percentile(values, p) == pytest.approx(float(numpy.percentile(values, p)))


def test_percentile_of_one_value_and_of_none() -> None:
    assert percentile([42.0], 95) == 42.0
    assert percentile([], 50) is None


@pytest.mark.parametrize("p", [-1, 100.5, float("nan")])
def test_percentile_refuses_a_rank_outside_0_to_100(p: float) -> None:
    with pytest.raises(ValueError, match=r"within 0\.\.100"):
        percentile([1.0], p)


def test_a_timed_out_measurement_has_no_figures() -> None:
    m = Measurement("risk exact", samples_ms=[10.0], timed_out=True, note="timeout")
    assert not m.ok
    assert m.p50 is None
    assert m.p95 is None
    assert "null (timeout)" in m.describe()


def test_a_measurement_reports_p50_and_p95() -> None:
    m = Measurement("impact", samples_ms=[float(x) for x in range(1, 101)])
    assert m.ok
    assert m.p50 == pytest.approx(50.5)
    assert m.p95 == pytest.approx(95.05)
    assert "n=100" in m.describe()
