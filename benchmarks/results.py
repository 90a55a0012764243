"""The benchmark's results: one object per portfolio size, per baseline and per target, and the
document `bench/results.json` made of them (issue 7 fixes the required keys; more are added).

Every figure that does not apply or was not obtained (a timeout, an error) is null, and a note
says why. Times are milliseconds: `*_p95_ms` / `*_p50_ms` are percentiles over the repetitions,
a plain `*_ms` is their median. Impact has two cold figures: `impact_cold_ms`, the first call
after the service starts (read, compile, every diagram), and `impact_after_edit_ms`, the first
call after a one-node edit through GraphQL (issue 15's "cold: first after a write"). A
baseline's `ratio` is `baseline_ms / ours_ms`: above 1, ours is faster.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

#: Keys every entry of `sizes` carries (issue 7), in this order.
SIZE_KEYS: tuple[str, ...] = (
    "cases",
    "nodes",
    "import_nodes_per_s",
    "nested_read_p95_ms",
    "impact_p95_ms",
    "impact_cold_ms",
    "impact_after_edit_ms",
    "cutsets_order3_ms",
    "risk_exact_ms",
    "risk_mc_ms",
    "audit_ms",
    "service_peak_rss_mb",
)
#: Keys every entry of `baselines` carries (issue 7), in this order.
BASELINE_KEYS: tuple[str, ...] = (
    "name",
    "size_cases",
    "ours_ms",
    "baseline_ms",
    "ratio",
    "wrong_answers",
)
#: Top-level keys of the document.
TOP_KEYS: tuple[str, ...] = ("machine", "sizes", "baselines")


@dataclass
class SizeResult:
    """What one portfolio size measured. Required keys first (see SIZE_KEYS), then details."""

    cases: int
    nodes: int | None = None
    import_nodes_per_s: float | None = None
    nested_read_p95_ms: float | None = None
    impact_p95_ms: float | None = None
    impact_cold_ms: float | None = None  # the first impact after the service starts
    impact_after_edit_ms: float | None = None  # the first after a one-node edit (median)
    cutsets_order3_ms: float | None = None
    risk_exact_ms: float | None = None
    risk_mc_ms: float | None = None
    audit_ms: float | None = None
    service_peak_rss_mb: float | None = None
    # -- details ---------------------------------------------------------------------------
    workspace: str | None = None
    relationships: int | None = None
    import_s: float | None = None
    deployment: str | None = None  # the deployment the analyses ran on (most covered)
    deployment_cases: int | None = None
    failed_assumption: str | None = None  # the impact scenario (most relied-on assumption)
    nested_read_case: str | None = None
    nested_read_p50_ms: float | None = None
    impact_p50_ms: float | None = None
    # the cold impacts in order: the first after start, then one after each edit
    impact_cold_runs_ms: list[float] = field(default_factory=list)
    impact_after_edit_runs_ms: list[float] = field(default_factory=list)
    edited_assumption: str | None = None  # the node each edit updates (its pFail)
    edit_ms: float | None = None  # the edit itself (median over the edits)
    cutsets_order2_ms: float | None = None
    cutsets_order2_p95_ms: float | None = None
    cutsets_order3_p95_ms: float | None = None
    cutset_count_order3: int | None = None
    risk_exact_p_uncovered: float | None = None
    risk_mc_p_uncovered: float | None = None
    risk_mc_std_error: float | None = None
    # whose priors (issue 14): importance over every kind and question sensitivity, with the
    # method each used (exact, or Monte Carlo where exact is refused)
    importance_ms: float | None = None
    importance_method: str | None = None
    importance_events: int | None = None
    questions_ms: float | None = None
    questions_method: str | None = None
    samples: dict[str, int] = field(default_factory=dict)  # repetitions per operation
    load_average: list[float] = field(default_factory=list)  # when this size started
    # the service's peak RSS (MiB) right after each operation: which one made it grow
    service_rss_after_mb: dict[str, float | None] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class BaselineResult:
    """Ours against the straightforward alternative, on the same input in the same run."""

    name: str
    size_cases: int
    ours_ms: float | None
    baseline_ms: float | None
    wrong_answers: int | None
    # -- details ---------------------------------------------------------------------------
    workspace: str | None = None
    ours: str = ""  # what was timed on our side
    baseline: str = ""  # what was timed on the baseline's side
    ratio_at_least: float | None = None  # baseline timed out: cap / ours
    baseline_extrapolated_ms: float | None = None  # from the part done before the cap
    note: str | None = None

    @property
    def ratio(self) -> float | None:
        if self.ours_ms is None or self.baseline_ms is None or self.ours_ms <= 0:
            return None
        return round(self.baseline_ms / self.ours_ms, 2)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        out = {key: data[key] if key != "ratio" else self.ratio for key in BASELINE_KEYS}
        out.update({key: value for key, value in data.items() if key not in out})
        return out


@dataclass
class TargetCheck:
    """One performance target of issue 7 against what was measured."""

    name: str
    target: str  # e.g. "< 50 ms"
    limit: float
    unit: str
    measured: float | None
    at: str  # where it was measured, e.g. "10000 cases"
    below: bool = True  # the target is an upper bound (else a lower bound)

    @property
    def met(self) -> bool | None:
        if self.measured is None:
            return None
        return self.measured < self.limit if self.below else self.measured >= self.limit

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["met"] = self.met
        return data


@dataclass
class BenchResults:
    machine: str
    machine_details: dict[str, Any]
    config: dict[str, Any]
    started_at: str
    finished_at: str | None = None
    duration_s: float | None = None
    load_average: dict[str, list[float]] = field(default_factory=dict)
    sizes: list[SizeResult] = field(default_factory=list)
    baselines: list[BaselineResult] = field(default_factory=list)
    target_instance: dict[str, Any] = field(default_factory=dict)
    targets: list[TargetCheck] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "machine": self.machine,
            "sizes": [s.to_json() for s in self.sizes],
            "baselines": [b.to_json() for b in self.baselines],
            "targets": [t.to_json() for t in self.targets],
            "target_instance": self.target_instance,
            "machine_details": self.machine_details,
            "load_average": self.load_average,
            "config": self.config,
            "started_at": self.started_at,
            "finished_at": self.finished_at,
            "duration_s": self.duration_s,
            "notes": self.notes,
        }


def schema_problems(document: dict[str, Any]) -> list[str]:
    """What `document` lacks of the shape issue 7 requires (empty: it conforms)."""
    problems = [f"missing top-level key {key!r}" for key in TOP_KEYS if key not in document]
    if "machine" in document and not isinstance(document["machine"], str):
        problems.append("'machine' must be a string")
    for name, keys in (("sizes", SIZE_KEYS), ("baselines", BASELINE_KEYS)):
        entries = document.get(name, [])
        if not isinstance(entries, list):
            problems.append(f"{name!r} must be a list")
            continue
        for i, entry in enumerate(entries):
            problems += [f"{name}[{i}] lacks {key!r}" for key in keys if key not in entry]
            problems += [
                f"{name}[{i}].{key} must be a number or null, got {type(value).__name__}"
                for key, value in entry.items()
                if key in keys
                and key != "name"
                and value is not None
                and (isinstance(value, bool) or not isinstance(value, int | float))
            ]
    return problems
