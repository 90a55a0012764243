"""`bench/results.md`: the results document (`bench/results.json`) as Markdown tables."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

_SIZE_COLUMNS: Sequence[tuple[str, str, Callable[[Any], str]]] = (
    ("cases", "cases", lambda v: f"{v:,}"),
    ("nodes", "nodes", lambda v: f"{v:,}"),
    ("import_nodes_per_s", "import (nodes/s)", lambda v: f"{v:,.0f}"),
    ("nested_read_p95_ms", "nested read p95", lambda v: _ms(v)),
    ("impact_p95_ms", "impact p95 (cached)", lambda v: _ms(v)),
    ("impact_cold_ms", "impact cold (after start)", lambda v: _ms(v)),
    ("impact_after_edit_ms", "impact cold (after an edit)", lambda v: _ms(v)),
    ("cutsets_order2_ms", "cut sets <= 2", lambda v: _ms(v)),
    ("cutsets_order3_ms", "cut sets <= 3", lambda v: _ms(v)),
    ("risk_exact_ms", "risk exact", lambda v: _ms(v)),
    ("risk_mc_ms", "risk MC 100k", lambda v: _ms(v)),
    ("audit_ms", "audit", lambda v: _ms(v)),
    ("service_peak_rss_mb", "service peak RSS", lambda v: f"{v:,.0f} MiB"),
)


def _ms(value: float) -> str:
    if value >= 10_000:
        return f"{value / 1000:,.1f} s"
    if value >= 100:
        return f"{value:,.0f} ms"
    return f"{value:,.1f} ms"


def _cell(value: Any, fmt: Callable[[Any], str]) -> str:
    return "—" if value is None else fmt(value)


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], numeric_from: int = 1) -> str:
    align = ["---" if i < numeric_from else "---:" for i in range(len(header))]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def size_table(sizes: Sequence[dict[str, Any]]) -> str:
    header = [title for _, title, _ in _SIZE_COLUMNS]
    rows = [[_cell(s.get(key), fmt) for key, _, fmt in _SIZE_COLUMNS] for s in sizes]
    return _table(header, rows, numeric_from=0)


def baseline_table(baselines: Sequence[dict[str, Any]]) -> str:
    rows = []
    for b in baselines:
        ratio = b.get("ratio")
        if ratio is not None:
            ratio_text = f"{ratio:,.1f}x"
        elif b.get("ratio_at_least") is not None:
            ratio_text = f"> {b['ratio_at_least']:,.0f}x"
        else:
            ratio_text = "—"
        baseline = _cell(b.get("baseline_ms"), _ms)
        if b.get("baseline_ms") is None and b.get("baseline_extrapolated_ms") is not None:
            baseline = f"timeout (~{_ms(b['baseline_extrapolated_ms'])} extrapolated)"
        rows.append(
            [
                b["name"],
                f"{b['size_cases']:,}",
                _cell(b.get("ours_ms"), _ms),
                baseline,
                ratio_text,
                _cell(b.get("wrong_answers"), str),
            ]
        )
    header = ["baseline", "cases", "ours", "baseline", "ratio", "wrong answers"]
    return _table(header, rows, numeric_from=1)


def target_table(targets: Sequence[dict[str, Any]]) -> str:
    rows = []
    for t in targets:
        measured = t.get("measured")
        if measured is None:
            shown = "—"
        elif t["unit"] == "ms":
            shown = _ms(measured)
        else:
            shown = f"{measured:,.0f} {t['unit']}"
        met = {True: "yes", False: "**no**", None: "not measured"}[t.get("met")]
        rows.append([t["name"], t["at"], f"{t['target']}", shown, met])
    return _table(["target", "at", "target value", "measured", "met"], rows, numeric_from=3)


def render_markdown(document: dict[str, Any]) -> str:
    load = document.get("load_average", {})
    config = document.get("config", {})
    parts = [
        "# Benchmark results",
        "",
        f"Machine: {document['machine']}.",
        "",
        "Load average (1, 5, 15 min) at the start "
        f"{_loads(load.get('start'))}, at the end {_loads(load.get('end'))}; "
        f"the run took {_duration(document.get('duration_s'))} "
        f"(started {document.get('started_at', '?')}).",
        "",
        f"Settings: seed {config.get('seed')}, each call capped at {config.get('cap_s')} s, "
        f"baselines at {config.get('baseline_cap_s')} s, up to {config.get('repeat')} "
        f"repetitions or {config.get('budget_s')} s per operation after one warm-up call; "
        "times are medians unless marked p95, over GraphQL on loopback against the real "
        "service (`scg serve`). — is a figure that timed out, failed or does not apply "
        "(see the notes).",
        "",
        "## By size",
        "",
        size_table(document.get("sizes", [])),
        "",
        "## Baselines (ratio = baseline time / our time)",
        "",
        baseline_table(document.get("baselines", [])),
        "",
        "## Targets (issue 7)",
        "",
        target_table(document.get("targets", [])),
    ]
    target = document.get("target_instance") or {}
    if target:
        parts += [
            "",
            f"## Target instance: {target.get('description', '')}",
            "",
            size_table([target]),
        ]
    notes = _notes(document)
    if notes:
        parts += ["", "## Notes", "", *[f"- {note}" for note in notes]]
    return "\n".join(parts) + "\n"


def _notes(document: dict[str, Any]) -> list[str]:
    notes = list(document.get("notes", []))
    for s in [*document.get("sizes", []), document.get("target_instance") or {}]:
        notes += [f"{s.get('workspace', s.get('cases'))}: {n}" for n in s.get("notes", [])]
    for b in document.get("baselines", []):
        if b.get("note"):
            notes.append(f"{b['name']} ({b['size_cases']:,} cases): {b['note']}")
    return notes


def _loads(values: Sequence[float] | None) -> str:
    return ", ".join(f"{v:.2f}" for v in values) if values else "unknown"


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "an unknown time"
    return f"{seconds / 60:.1f} min"
