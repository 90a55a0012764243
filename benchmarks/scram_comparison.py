"""`make compare-scram`: our engine and SCRAM side by side on the Aralia fault trees (issue 8).

For every MEF file of the Aralia set (`$ARALIA_DIR`, default `../shared/benchmarks/aralia`
next to the repository), three separate processes, each under the same time limit (120 s) and
address-space limit:

- **ours**: `import_mef` -> `compile_circuit` -> minimal cut sets on the BDD/ZBDD path
  (`cut_set_family`, counted exactly, by order) -> `portfolio_risk(method="exact")`. Timed
  from reading the file to both answers (the interpreter's start-up is not counted). While it
  runs it reports its stage and size (BDD nodes, BDD nodes processed into the ZBDD), so a run
  that does not finish is listed with what it had reached;
- **SCRAM** (`scram --bdd --probability 1 --limit-order 1000`, i.e. no practical order limit):
  its report is read as it is written and the run is stopped at the results header, which
  SCRAM writes after every analysis is done (the products that follow can take gigabytes);
  its time is until that header. Its log (`--verbosity 5`) says what it had reached when it
  did not finish;
- **independent check** (`mef_probability`): the top-event probability from a BDD built
  straight from the MEF gates, not through the engine.

Acceptance (exit status 1 otherwise): for every coherent tree SCRAM finishes, the MCS counts
(and their distribution by order) are equal and our probability agrees with SCRAM's to the
precision SCRAM prints (6 significant digits, half a unit of the last digit); and on every tree
both finish, our probability agrees with the independent check to 1e-9 relative.

Writes `bench/scram-comparison.md` and `bench/scram-comparison.json`.

    python -m benchmarks.scram_comparison [--models a,b] [--timeout 120] [--out-dir bench]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from benchmarks import REPOSITORY_ROOT as REPO
from benchmarks.machine import describe_machine, load_average

DEFAULT_ARALIA = REPO.parent / "shared" / "benchmarks" / "aralia"
DEFAULT_TIMEOUT = 120.0
DEFAULT_MEMORY_GB = 8.0
RELATIVE_TOLERANCE = 1e-9  # ours vs the independent BDD
SCRAM_ARGS = ("--bdd", "--probability", "1", "--limit-order", "1000", "--verbosity", "5")

# ---------------------------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------------------------


@dataclass
class RunInfo:
    """How a process ended: finished, or why not (timeout, memory, crash), with its peak RSS."""

    status: str = "not run"  # ok | refused | timeout | memory | error | not run
    wall_s: float | None = None
    peak_rss_mb: float | None = None
    message: str | None = None


@dataclass
class OursResult(RunInfo):
    count: int | None = None
    by_order: dict[int, int] = field(default_factory=dict)
    probability: float | None = None
    import_s: float | None = None
    mcs_s: float | None = None
    probability_s: float | None = None
    mcs_bdd_nodes: int | None = None
    zbdd_nodes: int | None = None
    probability_bdd_nodes: int | None = None
    stage: str | None = None  # the last stage reported
    measure: int | None = None  # its size (BDD nodes; BDD nodes done)


@dataclass
class ScramResult(RunInfo):
    products: int | None = None
    probability: str | None = None  # as printed
    distribution: list[int] = field(default_factory=list)  # products of order 1, 2, ...
    analysis_s: float | None = None  # its own calculation times (products + probability)
    stage: str | None = None


@dataclass
class CheckResult(RunInfo):
    probability: float | None = None
    arithmetic: str | None = None  # "exact" (rational) or "float"
    bdd_nodes: int | None = None


@dataclass
class Row:
    model: str
    basic_events: int | None
    gates: int | None
    ours: OursResult
    scram: ScramResult
    check: CheckResult

    @property
    def coherent(self) -> bool:
        return self.ours.status != "refused"

    @property
    def mcs_agree(self) -> bool | None:
        if self.ours.status != "ok" or self.scram.status != "ok":
            return None
        by_order = [
            self.ours.by_order.get(k, 0) for k in range(1, len(self.scram.distribution) + 1)
        ]
        return (
            self.ours.count == self.scram.products
            and by_order == self.scram.distribution
            and sum(by_order) == self.ours.count
        )

    @property
    def p_agrees_with_scram(self) -> bool | None:
        if self.ours.probability is None or self.scram.probability is None:
            return None
        return within_printed_precision(self.ours.probability, self.scram.probability)

    @property
    def check_relative_difference(self) -> float | None:
        if self.ours.probability is None or self.check.probability is None:
            return None
        scale = max(abs(self.check.probability), sys.float_info.min)
        return abs(self.ours.probability - self.check.probability) / scale

    @property
    def accepted(self) -> bool:
        """The issue's acceptance for this tree (vacuous where a side did not finish)."""
        checks = [self.mcs_agree, self.p_agrees_with_scram] if self.coherent else []
        difference = self.check_relative_difference
        if difference is not None:
            checks.append(difference <= RELATIVE_TOLERANCE)
        return all(c is not False for c in checks)

    def to_json(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "basic_events": self.basic_events,
            "gates": self.gates,
            "coherent": self.coherent,
            "ours": asdict(self.ours),
            "scram": asdict(self.scram),
            "independent_check": asdict(self.check),
            "mcs_agree": self.mcs_agree,
            "probability_agrees_with_scram": self.p_agrees_with_scram,
            "relative_difference_vs_independent": self.check_relative_difference,
            "accepted": self.accepted,
        }


def within_printed_precision(value: float, printed: str) -> bool:
    """|value - printed| <= half a unit of the last printed digit (SCRAM rounds to 6 digits)."""
    number = Decimal(printed)
    exponent = number.as_tuple().exponent
    assert isinstance(exponent, int)
    half_unit = 0.5 * 10.0**exponent
    return abs(value - float(number)) <= half_unit * (1 + 1e-9)


# ---------------------------------------------------------------------------------------------
# Running a process under limits
# ---------------------------------------------------------------------------------------------


def _limit_memory(memory_bytes: int) -> Any:
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))

    return apply


def _kill(process: subprocess.Popen[Any]) -> None:
    """SIGKILL without `Popen.kill`, which may reap the process first (then `_reap` could not
    read its resource usage)."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(process.pid, signal.SIGKILL)


def _reap(process: subprocess.Popen[Any]) -> tuple[int, float]:
    """Wait for `process`; its status and peak RSS (MB) from the kernel's accounting."""
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return process.returncode, usage.ru_maxrss / 1024.0


def run_worker(
    mode: str, path: Path, timeout: float, memory_bytes: int
) -> tuple[dict[str, Any], RunInfo]:
    """Run `--worker MODE PATH` in a fresh interpreter: its last report and how it ended."""
    with tempfile.NamedTemporaryFile("r", suffix=".jsonl", delete=False) as handle:
        report = Path(handle.name)
    try:
        command = [
            sys.executable,
            "-m",
            "benchmarks.scram_comparison",
            "--worker",
            mode,
            str(path),
            "--report",
            str(report),
        ]
        started = time.perf_counter()
        process = subprocess.Popen(
            command,
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            preexec_fn=_limit_memory(memory_bytes),
        )
        timer = threading.Timer(timeout, _kill, (process,))
        timer.start()
        stderr = process.stderr
        assert stderr is not None
        errors = stderr.read().decode(errors="replace")  # until it exits or is killed
        timer.cancel()  # before reaping: until then its pid cannot be reused
        code, rss = _reap(process)
        wall = time.perf_counter() - started
        last: dict[str, Any] = {}
        for line in report.read_text().splitlines():
            with contextlib.suppress(json.JSONDecodeError):
                last.update(json.loads(line))
    finally:
        report.unlink(missing_ok=True)
    info = RunInfo(wall_s=wall, peak_rss_mb=rss)
    if last.get("status") in ("ok", "refused", "memory"):
        info.status = last["status"]
        info.message = last.get("message")
    elif code == -signal.SIGKILL and wall >= timeout:
        info.status = "timeout"
    else:
        info.status = "memory" if "MemoryError" in errors or "bad_alloc" in errors else "error"
        info.message = _last_line(errors) or f"exit status {code}"
    return last, info


def _last_line(text: str) -> str | None:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1][:300] if lines else None


class _Report:
    """Worker side: JSON lines (stage, size, results) appended and flushed as they come."""

    def __init__(self, path: Path) -> None:
        self.handle: IO[str] = path.open("a")
        self.started = time.perf_counter()
        self.last_progress = 0.0

    def write(self, **fields: Any) -> None:
        fields.setdefault("elapsed_s", round(time.perf_counter() - self.started, 3))
        self.handle.write(json.dumps(fields) + "\n")
        self.handle.flush()

    def progress(self, stage: str, measure: int) -> None:
        now = time.perf_counter()
        if now - self.last_progress >= 0.5:
            self.last_progress = now
            self.write(stage=stage, measure=measure, rss_mb=_own_rss_mb())


def _own_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _ours_worker(path: Path, report: _Report) -> None:
    from service.analysis import compile_circuit, portfolio_risk
    from service.analysis.cutsets_zbdd import cut_set_family
    from service.analysis.diagram_risk import deployment_diagram_plan
    from service.interop.mef import InvalidMefError, import_mef

    started = time.perf_counter()
    report.write(stage="import")
    try:
        portfolio = import_mef(path)
    except InvalidMefError as error:
        report.write(status="refused", message=str(error))
        return
    circuit = compile_circuit(portfolio)
    deployment = circuit.deployments[0].id
    imported = time.perf_counter()
    report.write(stage="bdd", measure=0)
    try:
        family = cut_set_family(
            circuit, deployment, over=("assumptions",), on_progress=report.progress
        )
        by_order = family.count_by_order()
        counted = time.perf_counter()
        report.write(stage="probability", bdd_nodes=family.bdd_size, zbdd_nodes=family.zbdd_size)
        risk = portfolio_risk(circuit, deployment, method="exact")
    except MemoryError:
        report.write(status="memory", message="MemoryError", rss_mb=_own_rss_mb())
        return
    done = time.perf_counter()
    plan = deployment_diagram_plan(circuit, circuit.deployment_index(deployment))
    report.write(
        status="ok",
        count=sum(by_order.values()),
        by_order={str(k): v for k, v in by_order.items()},
        probability=risk.p_uncovered,
        method=risk.method,
        import_s=imported - started,
        mcs_s=counted - imported,
        probability_s=done - counted,
        total_s=done - started,
        probability_bdd_nodes=plan.size,
    )


def _check_worker(path: Path, report: _Report) -> None:
    from benchmarks.mef_probability import read_fault_tree, top_probability

    started = time.perf_counter()
    tree = read_fault_tree(path)
    report.write(stage="bdd", basic_events=tree.basic_events, gates=len(tree.gates))
    result = top_probability(tree)
    report.write(
        status="ok",
        probability=result.probability,
        arithmetic=result.arithmetic,
        bdd_nodes=result.bdd_nodes,
        total_s=time.perf_counter() - started,
    )


def run_ours(path: Path, timeout: float, memory_bytes: int) -> OursResult:
    last, info = run_worker("ours", path, timeout, memory_bytes)
    by_order = {int(k): int(v) for k, v in (last.get("by_order") or {}).items()}
    return OursResult(
        status=info.status,
        wall_s=last.get("total_s") if info.status == "ok" else info.wall_s,
        peak_rss_mb=info.peak_rss_mb,
        message=info.message,
        count=last.get("count") if info.status == "ok" else None,
        by_order=by_order if info.status == "ok" else {},
        probability=last.get("probability") if info.status == "ok" else None,
        import_s=last.get("import_s"),
        mcs_s=last.get("mcs_s"),
        probability_s=last.get("probability_s"),
        mcs_bdd_nodes=last.get("bdd_nodes"),
        zbdd_nodes=last.get("zbdd_nodes"),
        probability_bdd_nodes=last.get("probability_bdd_nodes"),
        stage=last.get("stage"),
        measure=last.get("measure"),
    )


def run_check(path: Path, timeout: float, memory_bytes: int) -> CheckResult:
    last, info = run_worker("check", path, timeout, memory_bytes)
    ok = info.status == "ok"
    return CheckResult(
        status=info.status,
        wall_s=last.get("total_s") if ok else info.wall_s,
        peak_rss_mb=info.peak_rss_mb,
        message=info.message,
        probability=last.get("probability") if ok else None,
        arithmetic=last.get("arithmetic") if ok else None,
        bdd_nodes=last.get("bdd_nodes") if ok else None,
    )


_HEADER = re.compile(r"<sum-of-products\s([^>]*)>")
_ATTRIBUTE = re.compile(r'([\w-]+)="([^"]*)"')
_CALCULATION = re.compile(r"<calculation-time[^>]*>(.*?)</calculation-time>", re.S)


def run_scram(scram: str, path: Path, timeout: float, memory_bytes: int) -> ScramResult:
    """Run SCRAM on `path`; stop it once its results header is out (see the module docstring)."""
    with tempfile.TemporaryFile("w+") as log:
        started = time.perf_counter()
        process = subprocess.Popen(
            [scram, *SCRAM_ARGS, str(path), "-o", "/dev/stdout"],
            stdout=subprocess.PIPE,
            stderr=log,
            preexec_fn=_limit_memory(memory_bytes),
        )
        header: dict[str, Any] = {}
        found = threading.Event()

        def read() -> None:
            stdout = process.stdout
            assert stdout is not None
            text = ""
            for raw in iter(lambda: stdout.read(1 << 16), b""):
                if not found.is_set():
                    text += raw.decode(errors="replace")
                    match = _HEADER.search(text)
                    if match:
                        header["attributes"] = dict(_ATTRIBUTE.findall(match.group(1)))
                        header["performance"] = text[: match.start()]
                        header["elapsed"] = time.perf_counter() - started
                        found.set()
                        _kill(process)  # the products that follow are not needed

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        finished_in_time = found.wait(timeout)
        if not finished_in_time:
            _kill(process)
        code, rss = _reap(process)
        reader.join(5)
        log.seek(0)
        log_text = log.read()
    result = ScramResult(peak_rss_mb=rss)
    if "attributes" in header:
        attributes = header["attributes"]
        result.status = "ok"
        result.wall_s = header["elapsed"]
        result.products = int(attributes["products"])
        result.probability = attributes.get("probability")
        result.distribution = [int(x) for x in attributes.get("distribution", "").split()]
        result.analysis_s = _analysis_seconds(header["performance"])
        return result
    result.wall_s = time.perf_counter() - started
    result.stage = _scram_stage(log_text)
    if not finished_in_time:
        result.status = "timeout"
    elif "bad_alloc" in log_text or "memory" in log_text.lower():
        result.status = "memory"
        result.message = _last_line(log_text)
    else:
        result.status = "error"
        result.message = _last_line(log_text) or f"exit status {code}"
    return result


def _analysis_seconds(performance: str) -> float | None:
    match = _CALCULATION.search(performance)
    if not match:
        return None
    seconds = re.findall(r"<(\w+)>([^<]+)</\1>", match.group(1))
    return sum(float(v) for _, v in seconds)


def _scram_stage(log: str) -> str | None:
    """SCRAM's last log message (what it was doing, or had just finished, when stopped)."""
    for line in reversed(log.splitlines()):
        text = line.split(":", 1)[-1].strip()
        if text:
            return text[:160]
    return None


# ---------------------------------------------------------------------------------------------
# The run and its report
# ---------------------------------------------------------------------------------------------


def compare(
    models: Sequence[Path],
    *,
    scram: str | None,
    timeout: float = DEFAULT_TIMEOUT,
    memory_gb: float = DEFAULT_MEMORY_GB,
    echo: bool = True,
) -> list[Row]:
    """Run the three sides on every model (in order); `scram=None` skips SCRAM."""
    from benchmarks.mef_probability import MefReadError, read_fault_tree

    memory = int(memory_gb * (1 << 30))
    rows: list[Row] = []
    for path in models:
        basic_events: int | None
        gates: int | None
        try:
            tree = read_fault_tree(path)
            basic_events, gates = tree.basic_events, len(tree.gates)
        except MefReadError:
            basic_events = gates = None
        ours = run_ours(path, timeout, memory)
        check = run_check(path, timeout, memory)
        theirs = (
            run_scram(scram, path, timeout, memory)
            if scram
            else ScramResult(status="not run", message="scram not on PATH")
        )
        row = Row(path.stem, basic_events, gates, ours, theirs, check)
        rows.append(row)
        if echo:
            print(_progress_line(row), flush=True)
    return rows


def _progress_line(row: Row) -> str:
    return (
        f"{row.model:10} ours {row.ours.status:8} {_num(row.ours.count):>14} "
        f"{_p(row.ours.probability):>14} {_s(row.ours.wall_s):>7} | scram {row.scram.status:8} "
        f"{_num(row.scram.products):>14} {row.scram.probability or '-':>12} "
        f"{_s(row.scram.wall_s):>7} | check {_rel(row.check_relative_difference)}"
        f"{'' if row.accepted else '  DISAGREES'}"
    )


def _num(value: int | None) -> str:
    return "-" if value is None else f"{value:,}"


def _p(value: float | None) -> str:
    return "-" if value is None else f"{value:.10g}"


def _s(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _rel(value: float | None) -> str:
    return "-" if value is None else f"{value:.1e}"


def _ratio(row: Row) -> str:
    if row.ours.status != "ok" or row.scram.status != "ok":
        return "-"
    assert row.ours.wall_s is not None
    assert row.scram.wall_s is not None
    return f"{row.scram.wall_s / max(row.ours.wall_s, 1e-6):.2g}"


def _cell(result: RunInfo, value: str) -> str:
    return value if result.status == "ok" else result.status


def _ours_reason(ours: OursResult, timeout: float) -> str:
    stage = {
        "import": "importing the tree",
        "bdd": "building the BDD / its minimal solutions",
        "zbdd": "computing the minimal solutions (ZBDD)",
        "probability": "computing the exact probability (BDD)",
    }.get(ours.stage or "", ours.stage or "?")
    size = ""
    if ours.stage == "bdd" and ours.measure:
        size = f"; the BDD manager held {ours.measure:,} nodes"
    elif ours.stage == "zbdd" and ours.measure:
        size = f"; {ours.measure:,} BDD nodes processed"
    if ours.mcs_bdd_nodes:
        size += f"; MCS BDD {ours.mcs_bdd_nodes:,} nodes, ZBDD {ours.zbdd_nodes or 0:,} nodes"
    what = f"timeout ({timeout:.0f} s)" if ours.status == "timeout" else ours.status
    detail = f" ({ours.message})" if ours.message and ours.status != "timeout" else ""
    return f"{what}{detail} while {stage}{size}; peak RSS {ours.peak_rss_mb or 0:,.0f} MB"


def _scram_reason(scram: ScramResult, timeout: float) -> str:
    what = f"timeout ({timeout:.0f} s)" if scram.status == "timeout" else scram.status
    stage = f"; its last log line: '{scram.stage}'" if scram.stage else ""
    detail = f" ({scram.message})" if scram.message and scram.status != "timeout" else ""
    return f"{what}{detail}{stage}; peak RSS {scram.peak_rss_mb or 0:,.0f} MB"


def render_markdown(rows: Sequence[Row], meta: dict[str, Any]) -> str:
    timeout = float(meta["timeout_s"])
    lines = [
        "# Our engine and SCRAM on the Aralia fault trees",
        "",
        f"Generated by `make compare-scram` ({meta['date']}) on {meta['machine']}; "
        f"{meta['scram_version']}; each side {timeout:.0f} s and {meta['memory_gb']:g} GB "
        "of address space per tree, one at a time. Ours: MEF import, minimal cut sets through "
        "a BDD and a ZBDD (Rauzy's minimal solutions), counted exactly, and the exact top-event "
        "probability from a BDD (no rare-event approximation), timed from reading the file "
        "(interpreter start-up excluded). SCRAM: `scram "
        + " ".join(SCRAM_ARGS[:-2])
        + "`, timed until its results header (written once every analysis is done; the "
        "product listing after it is not waited for). Ratio = SCRAM time / our time.",
        "",
        "| model | basic events | gates | MCS ours | MCS SCRAM | probability ours | "
        "probability SCRAM | time ours (s) | time SCRAM (s) | ratio |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        lines.append(
            f"| {r.model} | {_num(r.basic_events)} | {_num(r.gates)} | "
            f"{_cell(r.ours, _num(r.ours.count))} | {_cell(r.scram, _num(r.scram.products))} | "
            f"{_cell(r.ours, _p(r.ours.probability))} | "
            f"{_cell(r.scram, r.scram.probability or '-')} | "
            f"{_s(r.ours.wall_s) if r.ours.status == 'ok' else r.ours.status} | "
            f"{_s(r.scram.wall_s) if r.scram.status == 'ok' else r.scram.status} | {_ratio(r)} |"
        )
    lines += [
        "",
        "## Agreement, independent check and sizes",
        "",
        "MCS: count and distribution by order equal to SCRAM's. P vs SCRAM: within half a "
        "unit of SCRAM's last printed digit (it prints 6 significant digits). Independent: "
        "the top-event probability from a BDD built with `dd` straight from the MEF gates, "
        "with sifting, and evaluated in exact rational arithmetic from the decimal "
        "probabilities as written ((exact); floats beyond "
        "500,000 nodes) (`benchmarks/mef_probability.py`), required within "
        f"{RELATIVE_TOLERANCE:g} relative of ours: the difference is our whole rounding error.",
        "",
        "| model | MCS = SCRAM | P = SCRAM | P independent | relative difference | "
        "MCS BDD nodes | ZBDD nodes | P BDD nodes | ours: MCS / P (s) | SCRAM analysis (s) |",
        "| --- | :---: | :---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        lines.append(
            f"| {r.model} | {_mark(r.mcs_agree)} | {_mark(r.p_agrees_with_scram)} | "
            f"{_cell(r.check, _p(r.check.probability))}{_arithmetic(r.check)} | "
            f"{_rel(r.check_relative_difference)} | "
            f"{_num(r.ours.mcs_bdd_nodes)} | {_num(r.ours.zbdd_nodes)} | "
            f"{_num(r.ours.probability_bdd_nodes)} | "
            f"{_s(r.ours.mcs_s)} / {_s(r.ours.probability_s)} | {_s(r.scram.analysis_s)} |"
        )
    refused = [r for r in rows if not r.coherent]
    if refused:
        lines += ["", "## Refused: not coherent", ""]
        for r in refused:
            scram = (
                f"SCRAM: {_num(r.scram.products)} products, P = {r.scram.probability}"
                if r.scram.status == "ok"
                else f"SCRAM: {_scram_reason(r.scram, timeout)}"
            )
            check = (
                f"independent BDD: P = {_p(r.check.probability)}"
                if r.check.status == "ok"
                else f"independent BDD: {r.check.status}"
            )
            lines.append(f"- **{r.model}**: {r.ours.message} ({scram}; {check})")
    unfinished = [
        r
        for r in rows
        if r.coherent and (r.ours.status != "ok" or r.scram.status not in ("ok", "not run"))
    ]
    if unfinished:
        lines += ["", f"## Not finished within {timeout:.0f} s", ""]
        for r in unfinished:
            parts = []
            if r.ours.status != "ok":
                parts.append(f"ours: {_ours_reason(r.ours, timeout)}")
            if r.scram.status != "ok":
                parts.append(f"SCRAM: {_scram_reason(r.scram, timeout)}")
            if r.check.status != "ok":
                parts.append(f"independent BDD: {r.check.status}")
            lines.append(f"- **{r.model}**: " + "; ".join(parts))
    lines += ["", "## Summary", "", *summary_lines(rows), ""]
    return "\n".join(lines)


def _arithmetic(check: CheckResult) -> str:
    return " (exact)" if check.arithmetic == "exact" else ""


def _mark(value: bool | None) -> str:
    return "-" if value is None else ("yes" if value else "**NO**")


def summary_lines(rows: Sequence[Row]) -> list[str]:
    coherent = [r for r in rows if r.coherent]
    both = [r for r in coherent if r.ours.status == "ok" and r.scram.status == "ok"]
    ours_ok = [r for r in coherent if r.ours.status == "ok"]
    scram_ok = [r for r in coherent if r.scram.status == "ok"]
    checked = [r for r in rows if r.check_relative_difference is not None]
    worst = max((r.check_relative_difference or 0.0 for r in checked), default=0.0)
    faster = [r for r in both if (r.scram.wall_s or 0) > (r.ours.wall_s or 0)]
    failing = [r.model for r in rows if not r.accepted]
    return [
        f"- {len(rows)} trees: {len(coherent)} coherent, {len(rows) - len(coherent)} refused "
        "(not coherent).",
        f"- Finished within the limit: ours {len(ours_ok)} / {len(coherent)}, SCRAM "
        f"{len(scram_ok)} / {len(coherent)} coherent trees; both {len(both)}.",
        f"- Where both finished: MCS counts equal on "
        f"{sum(1 for r in both if r.mcs_agree)} / {len(both)}, probability within SCRAM's "
        f"printed precision on {sum(1 for r in both if r.p_agrees_with_scram)} / {len(both)}; "
        f"ours faster on {len(faster)} / {len(both)}.",
        f"- Ours vs the independent BDD: {len(checked)} trees, largest relative difference "
        f"{worst:.1e} (required <= {RELATIVE_TOLERANCE:g}).",
        "- Acceptance: "
        + ("every tree agrees." if not failing else f"DISAGREEMENT on {', '.join(failing)}."),
    ]


def _machine_at_start() -> str:
    line, _ = describe_machine(None, with_neo4j=False)
    load = load_average()
    return f"{line}; load {load[0]:.1f} at start" if load else line


def scram_version(scram: str | None) -> str:
    if not scram:
        return "SCRAM not installed"
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        out = subprocess.run([scram, "--version"], capture_output=True, text=True, timeout=10)
        first = (out.stdout or out.stderr).strip().splitlines()
        if first:
            return first[0]
    return "SCRAM"


def write_outputs(rows: Sequence[Row], meta: dict[str, Any], out_dir: Path) -> tuple[Path, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    markdown = out_dir / "scram-comparison.md"
    data = out_dir / "scram-comparison.json"
    markdown.write_text(render_markdown(rows, meta))
    data.write_text(
        json.dumps({"meta": meta, "trees": [r.to_json() for r in rows]}, indent=2) + "\n"
    )
    return markdown, data


def aralia_models(directory: Path, names: Sequence[str] | None = None) -> list[Path]:
    if not directory.is_dir():
        raise SystemExit(f"no Aralia directory at {directory}: set ARALIA_DIR")
    models = sorted(directory.glob("*.xml"))
    if names:
        wanted = set(names)
        models = [m for m in models if m.stem in wanted]
        missing = wanted - {m.stem for m in models}
        if missing:
            raise SystemExit(f"no such model in {directory}: {', '.join(sorted(missing))}")
    return models


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--aralia-dir", type=Path, default=None)
    parser.add_argument("--models", default="", help="comma-separated model names (default all)")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT)
    parser.add_argument("--memory-gb", type=float, default=DEFAULT_MEMORY_GB)
    parser.add_argument("--out-dir", type=Path, default=REPO / "bench")
    parser.add_argument("--scram", default="scram", help="the SCRAM executable")
    parser.add_argument("--worker", choices=("ours", "check"), help=argparse.SUPPRESS)
    parser.add_argument("--report", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("model", nargs="?", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        report = _Report(args.report)
        try:
            (_ours_worker if args.worker == "ours" else _check_worker)(args.model, report)
        except MemoryError:
            report.write(status="memory", message="MemoryError")
        return 0
    directory = args.aralia_dir or Path(os.environ.get("ARALIA_DIR") or DEFAULT_ARALIA)
    models = aralia_models(directory, [m for m in args.models.split(",") if m.strip()])
    scram = shutil.which(args.scram)
    if scram is None:
        print(f"warning: {args.scram} not found; SCRAM columns left empty", file=sys.stderr)
    meta = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": _machine_at_start(),
        "scram_version": scram_version(scram),
        "scram_command": f"scram {' '.join(SCRAM_ARGS)} MODEL.xml",
        "timeout_s": args.timeout,
        "memory_gb": args.memory_gb,
        "aralia_dir": str(directory),
    }
    rows = compare(models, scram=scram, timeout=args.timeout, memory_gb=args.memory_gb)
    markdown, data = write_outputs(rows, meta, args.out_dir)
    print("\n".join(summary_lines(rows)))
    print(f"wrote {markdown} and {data}")
    return 0 if all(r.accepted for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
