"""The results document of `python -m benchmarks`: the keys issue 7 requires, nulls, ratios."""

from __future__ import annotations

import json

import pytest

from benchmarks.report import render_markdown
from benchmarks.results import (
    BASELINE_KEYS,
    SIZE_KEYS,
    BaselineResult,
    BenchResults,
    SizeResult,
    TargetCheck,
    schema_problems,
)
from benchmarks.runner import parse_sizes, targets
from service.errors import InvalidInputError


def _results() -> BenchResults:
    results = BenchResults(
        machine="2 cores, 23.5 GiB RAM, AMD EPYC; Linux; Python 3.11.7; Neo4j 5.26.30 Community",
        machine_details={"cores": 2},
        config={"seed": 1, "cap_s": 120.0},
        started_at="2026-01-01T00:00:00+00:00",
        load_average={"start": [1.0, 1.5, 2.0], "end": [1.2, 1.4, 1.9]},
    )
    results.sizes = [
        SizeResult(cases=100, nodes=1716, import_nodes_per_s=6000.0, nested_read_p95_ms=12.5),
        SizeResult(cases=10_000, nodes=168_115, impact_p95_ms=250.0, impact_cold_ms=None),
    ]
    results.sizes[1].notes.append("impact cold: timeout: a call took over the 120 s cap")
    results.baselines = [
        BaselineResult(
            "impact-cypher-traversal", 100, ours_ms=10.0, baseline_ms=25.0, wrong_answers=35
        ),
        BaselineResult(
            "risk-naive-monte-carlo",
            100,
            ours_ms=500.0,
            baseline_ms=None,
            wrong_answers=0,
            ratio_at_least=120.0,
            baseline_extrapolated_ms=90_000.0,
            note="timeout",
        ),
    ]
    results.targets = targets(results)
    return results


def test_the_document_has_every_required_key_in_json() -> None:
    document = json.loads(json.dumps(_results().to_json()))
    assert schema_problems(document) == []
    assert isinstance(document["machine"], str)
    for entry in document["sizes"]:
        assert list(entry)[: len(SIZE_KEYS)] == list(SIZE_KEYS)
    for entry in document["baselines"]:
        assert list(entry)[: len(BASELINE_KEYS)] == list(BASELINE_KEYS)


def test_figures_not_obtained_are_null() -> None:
    document = _results().to_json()
    big = document["sizes"][1]
    assert big["impact_cold_ms"] is None
    assert big["audit_ms"] is None
    assert document["baselines"][1]["baseline_ms"] is None
    assert document["baselines"][1]["ratio"] is None


def test_ratio_is_baseline_over_ours() -> None:
    assert BaselineResult("b", 1, ours_ms=10.0, baseline_ms=25.0, wrong_answers=0).ratio == 2.5
    assert BaselineResult("b", 1, ours_ms=None, baseline_ms=25.0, wrong_answers=0).ratio is None
    assert BaselineResult("b", 1, ours_ms=0.0, baseline_ms=25.0, wrong_answers=0).ratio is None


def test_schema_problems_name_what_is_missing_or_mistyped() -> None:
    document = _results().to_json()
    del document["sizes"][0]["audit_ms"]
    document["baselines"][0]["ratio"] = "fast"
    del document["machine"]
    problems = schema_problems(document)
    assert "missing top-level key 'machine'" in problems
    assert "sizes[0] lacks 'audit_ms'" in problems
    assert "baselines[0].ratio must be a number or null, got str" in problems


def test_targets_compare_upper_and_lower_bounds() -> None:
    checks = {(t.name, t.at): t for t in _results().targets}
    assert checks[("nested read p95", "100 cases")].met is True
    assert checks[("import throughput", "100 cases")].met is True
    assert checks[("impact p95, cached circuit", "10,000 cases")].met is True
    assert checks[("impact, cold (first after a write)", "10,000 cases")].met is None  # timed out
    slow = TargetCheck("import", ">= 5,000", 5000, "nodes/s", 4999.0, "x", below=False)
    assert slow.met is False


def test_the_cold_impact_target_is_the_first_impact_after_an_edit() -> None:
    results = _results()
    results.sizes[1].impact_cold_ms = 46_100.0  # the first after start: kept, not the target
    results.sizes[1].impact_after_edit_ms = 3_200.0
    results.sizes[1].impact_after_edit_runs_ms = [3_100.0, 3_200.0]
    (check,) = [t for t in targets(results) if t.name.startswith("impact, cold")]
    assert check.name == "impact, cold (first after a write)"
    assert check.measured == 3_200.0
    assert check.met is True
    document = json.loads(json.dumps(results.to_json()))
    assert schema_problems(document) == []
    big = document["sizes"][1]
    assert (big["impact_cold_ms"], big["impact_after_edit_ms"]) == (46_100.0, 3_200.0)
    assert big["impact_after_edit_runs_ms"] == [3_100.0, 3_200.0]


def test_both_cold_impact_figures_are_columns_of_the_size_table() -> None:
    results = _results()
    results.sizes[1].impact_cold_ms = 46_100.0
    results.sizes[1].impact_after_edit_ms = 3_200.0
    text = render_markdown(results.to_json())
    assert "| impact cold (after start) | impact cold (after an edit) |" in text
    assert "| 46.1 s | 3,200 ms |" in text


def test_markdown_has_the_tables_and_the_notes() -> None:
    text = render_markdown(_results().to_json())
    assert "| cases | nodes | import (nodes/s) | nested read p95 |" in text
    assert "| 10,000 | 168,115 |" in text
    assert "| impact-cypher-traversal | 100 | 10.0 ms | 25.0 ms | 2.5x | 35 |" in text
    assert "timeout (~90.0 s extrapolated) | > 120x |" in text
    assert "impact cold: timeout" in text
    assert "at the start 1.00, 1.50, 2.00" in text


@pytest.mark.parametrize(
    ("text", "sizes"),
    [("100,1000,10000", (100, 1000, 10000)), (" 10_000 , 100,100", (10000, 100))],
)
def test_sizes_are_parsed_in_order_without_repeats(text: str, sizes: tuple[int, ...]) -> None:
    assert parse_sizes(text) == sizes


@pytest.mark.parametrize("text", ["", "100,ten", "0", "-5"])
def test_bad_sizes_are_refused_with_the_flag_named(text: str) -> None:
    with pytest.raises(InvalidInputError, match="--sizes"):
        parse_sizes(text)
