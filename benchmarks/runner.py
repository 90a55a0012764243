"""The benchmark run (`python -m benchmarks`): per size, generate, import, serve, measure, compare.

1. Start the benchmark's own Neo4j (`benchmarks.bench_neo4j`) and create an admin key.
2. Per size (then the target instance of issue 7): generate the portfolio, import it into its
   own workspace (timed: nodes/s), start the real service in a fresh process, time each
   GraphQL operation (`benchmarks.timing`), stop the service (its peak RSS), then run the
   baselines (`benchmarks.baselines`) on the same input.
3. After each size, rewrite `results.json`, `results.md` and `latency.png`, so an interrupted
   run keeps what it measured. Stop Neo4j at the end, whatever happens.

No call may hang the run: every GraphQL call is capped (`cap_s`) and a capped call restarts the
service so that its abandoned work cannot slow what follows; baselines stop at their own cap.
"""

from __future__ import annotations

import functools
import itertools
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

from benchmarks import baselines
from benchmarks.bench_neo4j import BenchNeo4j, neo4j_version
from benchmarks.graphql_client import GraphQLClient, OperationFailedError
from benchmarks.machine import describe_machine, load_average
from benchmarks.naive import NaivePortfolio
from benchmarks.outputs import write_outputs
from benchmarks.queries import (
    ALIGNED_HOLES,
    AUDIT,
    EDIT_ASSUMPTION,
    IMPACT,
    IMPORTANCE,
    QUESTIONS,
    RISK,
    nested_read_query,
)
from benchmarks.results import BaselineResult, BenchResults, SizeResult, TargetCheck
from benchmarks.service_process import ServiceProcess, peak_rss_mb, service_environment
from benchmarks.stats import Measurement, rounded
from benchmarks.timing import measure, timed
from benchmarks.workloads import (
    TARGET_ASSUMPTIONS,
    TARGET_CASES,
    TARGET_QUESTIONS,
    Workload,
    size_workload,
    target_workload,
)
from service.authoring.generator import generate_portfolio
from service.config import get_settings
from service.errors import InvalidInputError, ScgError
from service.store.api_keys import Role, create_key
from service.store.database import Database
from service.store.graph_queries import argument_trees
from service.store.portfolio_reader import read_portfolio
from service.store.portfolio_writer import LoadReport, write_portfolio

DEFAULT_SIZES = (100, 1000, 10000)
WARM_UP_CASES = 500
WARM_UP_READ_S = 5.0  # of the API's tree reads over the warm-up workspace
WARM_UP_WORKSPACE = "bench-warmup"
T = TypeVar("T")


@dataclass(frozen=True)
class BenchConfig:
    sizes: tuple[int, ...] = DEFAULT_SIZES
    seed: int = 1
    output_dir: Path = Path("bench")
    data_dir: Path = Path(".scg/bench-neo4j")
    heap: str = "4g"
    cap_s: float = 120.0  # any one GraphQL call
    import_cap_s: float = 900.0  # one import
    baseline_cap_s: float = 60.0  # one baseline
    repeat: int = 30  # repetitions of a fast operation
    budget_s: float = 15.0  # time spent repeating one operation
    cold_runs: int = 3  # cold impact calls: the first after start, then one after each edit
    mc_samples: int = 100_000
    target: bool = True  # the 50-case target instance
    run_baselines: bool = True

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["output_dir"] = str(self.output_dir)
        data["data_dir"] = str(self.data_dir)
        data["sizes"] = list(self.sizes)
        return data


def parse_sizes(text: str) -> tuple[int, ...]:
    """`100,1000,10000` -> (100, 1000, 10000): positive, distinct, in the order given."""
    sizes: list[int] = []
    for part in text.split(","):
        part = part.strip().replace("_", "")
        if not part:
            continue
        try:
            size = int(part)
        except ValueError:
            raise InvalidInputError(
                f"--sizes: {part!r} is not a whole number; write e.g. 100,1000,10000"
            ) from None
        if size < 1:
            raise InvalidInputError(f"--sizes: sizes must be at least 1, got {size}")
        if size not in sizes:
            sizes.append(size)
    if not sizes:
        raise InvalidInputError("--sizes: give at least one size, e.g. 100,1000,10000")
    return tuple(sizes)


# Steps of one workload, for the progress bar.
_STEPS = (
    "generate",
    "import",
    "start service",
    "nested read",
    "impact cold",
    "impact after edit",
    "impact cached",
    "cut sets <= 2",
    "cut sets <= 3",
    "risk exact",
    "risk MC",
    "importance",
    "questions",
    "audit",
    "baselines",
)


@dataclass
class _Ours:
    """What the service answered, for the baselines to compare with."""

    impact: Measurement = field(default_factory=lambda: Measurement("impact"))
    failed_cases: set[str] | None = None
    cut_sets: dict[int, Measurement] = field(default_factory=dict)
    cut_set_answers: dict[int, set[frozenset[tuple[str, str]]]] = field(default_factory=dict)
    risk_mc: Measurement = field(default_factory=lambda: Measurement("risk MC"))
    risk_mc_estimate: tuple[float, float] | None = None


class BenchRun:
    def __init__(self, config: BenchConfig, console: Console | None = None) -> None:
        self.config = config
        self.console = console or Console()
        self.neo4j = BenchNeo4j(
            config.data_dir, launcher_dir=get_settings().launcher_dir, heap=config.heap
        )
        self.results: BenchResults | None = None
        self.progress: Progress | None = None
        self.task: Any = None
        self.started = time.perf_counter()

    # -- the run ---------------------------------------------------------------------------

    def run(self) -> BenchResults:
        config = self.config
        workloads: list[Callable[[], Workload]] = [
            functools.partial(size_workload, n, config.seed) for n in config.sizes
        ]
        if config.target:
            workloads.append(functools.partial(target_workload, config.seed))
        start_load = load_average()
        self.console.print(
            f"[bold]scg bench[/]: sizes {', '.join(f'{n:,}' for n in config.sizes)}"
            f"{' + the 50-case target instance' if config.target else ''}; "
            f"load average {start_load}"
        )
        with self.console.status(f"starting the benchmark's Neo4j in {config.data_dir}"):
            self.neo4j.start_fresh()
        database = self.neo4j.connect()
        try:
            machine, details = describe_machine(neo4j_version(database))
            self.console.print(f"machine: {machine}")
            self.results = BenchResults(
                machine=machine,
                machine_details=details,
                config=config.to_json(),
                started_at=datetime.now(UTC).isoformat(timespec="seconds"),
                load_average={"start": start_load},
            )
            key = create_key(database, role=Role.ADMIN, workspaces=["*"], name="scg bench").token
            with self.console.status("warming up Neo4j (a small import and read)"):
                self._warm_up(database)
            with Progress(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=self.console,
            ) as progress:
                self.progress = progress
                self.task = progress.add_task("benchmark", total=len(workloads) * len(_STEPS))
                for make in workloads:
                    self._run_workload(database, key, make)
                    self._write()
        finally:
            database.close()
            with self.console.status("stopping the benchmark's Neo4j"):
                self.neo4j.stop()
        self._write(final=True)
        return self.results

    def _warm_up(self, database: Database) -> None:
        """The first write after Neo4j starts pays JIT compilation and query planning: import a
        small portfolio into a scratch workspace (and read it back) before measuring, so that
        throughput is the steady state's, not the start-up's. So do the first reads of a
        case's tree: the API's tree reads run over it for a few seconds too."""
        assert self.results is not None
        portfolio = generate_portfolio(WARM_UP_CASES, self.config.seed + 1)
        report, ms = timed(
            lambda: write_portfolio(
                database, portfolio, workspace=WARM_UP_WORKSPACE, document="warm-up.yaml"
            )
        )
        read_portfolio(database, WARM_UP_WORKSPACE)
        cases = [case.id for case in portfolio.cases]
        reads = 0
        deadline = time.monotonic() + WARM_UP_READ_S
        while time.monotonic() < deadline:
            argument_trees(database, WARM_UP_WORKSPACE, [cases[reads % len(cases)]])
            reads += 1
        note = (
            f"warm-up: a {WARM_UP_CASES}-case portfolio ({report.nodes:,} nodes) was imported "
            f"into workspace {WARM_UP_WORKSPACE} first, in {ms / 1000:.1f} s "
            f"({report.nodes / (ms / 1000):,.0f} nodes/s: the first write after Neo4j starts "
            f"pays JIT compilation and query planning), read back, and its case trees read "
            f"{reads:,} times by the API's query ({WARM_UP_READ_S:.0f} s)"
        )
        self.results.notes.append(note)
        self.console.print(note)

    def _run_workload(self, database: Database, key: str, make: Callable[[], Workload]) -> None:
        assert self.results is not None
        self._step("generate")
        workload, generate_ms = timed(make)
        target = workload.workspace.startswith("bench-target")
        result = SizeResult(
            cases=workload.cases,
            workspace=workload.workspace,
            deployment=workload.deployment,
            deployment_cases=workload.deployment_cases,
            failed_assumption=workload.failed_assumption,
            load_average=load_average(),
        )
        self._log(
            f"[bold]{workload.name}[/]: generated in {generate_ms / 1000:.1f} s; deployment "
            f"{workload.deployment} ({workload.deployment_cases} cases), impact scenario: "
            f"{workload.failed_assumption} fails"
        )
        if target:
            self.results.target_instance = self._target_json(result)
        else:
            self.results.sizes.append(result)

        self._step("import")
        if not self._import(database, workload, result):
            self._skip(len(_STEPS) - 2)
            self._finish_target(result, target)
            return
        ours = self._measure_service(key, database, workload, result)
        self._step("baselines")
        if self.config.run_baselines:
            self.results.baselines += self._baselines(database, workload, ours, target)
        self._finish_target(result, target)

    def _finish_target(self, result: SizeResult, target: bool) -> None:
        assert self.results is not None
        if target:
            self.results.target_instance = self._target_json(result)

    @staticmethod
    def _target_json(result: SizeResult) -> dict[str, Any]:
        return {
            "description": f"one deployment covered by {TARGET_CASES} cases, over "
            f"{TARGET_ASSUMPTIONS:,} assumptions and {TARGET_QUESTIONS} questions",
            "assumptions": TARGET_ASSUMPTIONS,
            "questions": TARGET_QUESTIONS,
            **result.to_json(),
        }

    # -- import --------------------------------------------------------------------------

    def _import(self, database: Database, workload: Workload, result: SizeResult) -> bool:
        outcome: dict[str, Any] = {}

        def work() -> None:
            try:
                outcome["report"], outcome["ms"] = timed(
                    lambda: write_portfolio(
                        database,
                        workload.portfolio,
                        workspace=workload.workspace,
                        document=f"{workload.workspace}.yaml",
                    )
                )
            except Exception as error:  # reported below, never raised in a thread
                outcome["error"] = error

        thread = threading.Thread(target=work, name=f"import {workload.workspace}", daemon=True)
        thread.start()
        thread.join(self.config.import_cap_s)
        if thread.is_alive():
            result.notes.append(f"import: timeout over the {self.config.import_cap_s:.0f} s cap")
            self._log(f"  import: [red]timeout[/] (over {self.config.import_cap_s:.0f} s)")
            return False
        if "error" in outcome:
            result.notes.append(f"import failed: {outcome['error']!r}")
            self._log(f"  import: [red]failed[/]: {outcome['error']!r}")
            return False
        report: LoadReport = outcome["report"]
        seconds = outcome["ms"] / 1000.0
        result.nodes = report.nodes
        result.relationships = report.edges
        result.import_s = round(seconds, 2)
        result.import_nodes_per_s = round(report.nodes / seconds, 0)
        self._log(
            f"  import: {report.nodes:,} nodes and {report.edges:,} relationships in "
            f"{seconds:.1f} s = {report.nodes / seconds:,.0f} nodes/s"
        )
        return True

    # -- the service ---------------------------------------------------------------------

    def _measure_service(
        self, key: str, database: Database, workload: Workload, result: SizeResult
    ) -> _Ours:
        config = self.config
        settings = self.neo4j.settings()
        service = ServiceProcess(
            service_environment(
                str(settings.neo4j_uri),
                settings.neo4j_user,
                settings.neo4j_password or "",
                config.data_dir,
                # The bench's cap bounds each call, not the service's default deadline (30 s):
                # a figure over 30 s is measured, not refused. No warming: each figure is
                # that of the request path, with nothing computed in the background beside it
                # (a warming server would compute every workspace of the bench at start).
                {"SCG_REQUEST_TIMEOUT": str(config.cap_s + 10), "SCG_WARM_SECONDS": "0"},
            ),
            config.data_dir / "service.log",
        )
        ours = _Ours()
        self._step("start service")
        try:
            service.start()
        except ScgError as error:
            result.notes.append(f"service: {error}")
            self._log(f"  service: [red]{error}[/]")
            self._skip(len(_STEPS) - 4)
            return ours
        session = _Session(self, service, key, workload, result)
        try:
            session.nested_read()
            session.impact(ours)
            session.cut_sets(ours)
            session.risk(ours)
            session.priors()
            session.audit()
        finally:
            service.stop()
            session.client.close()
        result.service_peak_rss_mb = service.peak_rss_mb
        if service.starts > 1:
            result.notes.append(
                f"the service was restarted {service.starts - 1} time(s) after a timeout "
                "or failure; peak RSS is the largest of its processes"
            )
        self._log(f"  service peak RSS: {service.peak_rss_mb} MiB")
        return ours

    # -- baselines -----------------------------------------------------------------------

    def _baselines(
        self, database: Database, workload: Workload, ours: _Ours, target: bool
    ) -> list[BaselineResult]:
        config = self.config
        model = NaivePortfolio(workload.portfolio)
        out = [
            baselines.guarded(
                baselines.IMPACT_TRAVERSAL,
                lambda: baselines.impact_traversal(
                    database,
                    workload,
                    ours=ours.impact,
                    ours_failed=ours.failed_cases,
                    repeat=config.repeat,
                    budget_s=config.budget_s,
                    cap_s=config.cap_s,
                ),
                workload.cases,
            )
        ]
        for order in (2, 3) if target else (3,):
            out.append(
                baselines.guarded(
                    baselines.SUBSET_ENUMERATION.format(order=order),
                    lambda order=order: baselines.subset_enumeration(  # type: ignore[misc]
                        workload,
                        model,
                        order=order,
                        ours=ours.cut_sets.get(order, Measurement("cut sets")),
                        ours_cut_sets=ours.cut_set_answers.get(order),
                        cap_s=config.baseline_cap_s,
                    ),
                    workload.cases,
                )
            )
        out.append(
            baselines.guarded(
                baselines.NAIVE_MONTE_CARLO,
                lambda: baselines.monte_carlo(
                    workload,
                    model,
                    ours=ours.risk_mc,
                    ours_estimate=ours.risk_mc_estimate,
                    samples=config.mc_samples,
                    seed=config.seed,
                    cap_s=config.baseline_cap_s,
                ),
                workload.cases,
            )
        )
        for b in out:
            ratio = b.ratio
            shown = (
                f"{ratio:,.1f}x"
                if ratio is not None
                else (f"> {b.ratio_at_least:,.0f}x" if b.ratio_at_least else "n/a")
            )
            self._log(
                f"  baseline {b.name}: ours {b.ours_ms} ms, baseline {b.baseline_ms} ms, "
                f"ratio {shown}, wrong answers {b.wrong_answers}"
                + (f" ({b.note})" if b.note else "")
            )
        return out

    # -- outputs -------------------------------------------------------------------------

    def _write(self, final: bool = False) -> None:
        assert self.results is not None
        results = self.results
        results.targets = targets(results)
        results.load_average["end"] = load_average()
        results.duration_s = round(time.perf_counter() - self.started, 1)
        if final:
            results.finished_at = datetime.now(UTC).isoformat(timespec="seconds")
        paths = write_outputs(results.to_json(), self.config.output_dir)
        if final:
            self.console.print("wrote " + ", ".join(str(p) for p in paths))

    # -- progress ------------------------------------------------------------------------

    def _step(self, name: str) -> None:
        if self.progress is not None:
            self.progress.update(self.task, description=name)
            self.progress.advance(self.task)

    def _skip(self, steps: int) -> None:
        if self.progress is not None:
            self.progress.advance(self.task, steps)

    def _log(self, message: str) -> None:
        (self.progress.console if self.progress is not None else self.console).print(message)


class _Session:
    """The GraphQL operations of one workload against one service (restarted after a cap)."""

    def __init__(
        self,
        run: BenchRun,
        service: ServiceProcess,
        key: str,
        workload: Workload,
        result: SizeResult,
    ) -> None:
        self.run = run
        self.config = run.config
        self.service = service
        self.key = key
        self.workload = workload
        self.result = result
        self.dead = False  # the service could not be restarted: the rest is skipped
        self.compiled = False  # whether this service process holds the workspace's circuit
        self.client = self._client()

    def _client(self) -> GraphQLClient:
        return GraphQLClient(self.service.host, self.service.port, self.key, self.config.cap_s)

    def call(self, query: str, **variables: Any) -> dict[str, Any]:
        if self.dead:
            raise OperationFailedError("skipped: the service could not be restarted")
        return self.client.execute(query, {"ws": self.workload.workspace, **variables})

    def prime(self, before: str) -> None:
        """After a restart, have the new process read and compile the workspace (a cut-set
        query of order 1) before timing `before`, which would otherwise pay for it."""
        if self.compiled or self.dead:
            return
        variables = {"deployment": self.workload.deployment, "order": 1}
        m, _ = measure(
            f"priming before {before}",
            lambda: self.call(ALIGNED_HOLES, **variables),
            repeat=1,
            budget_s=0,
            cap_s=self.config.cap_s,
            warmup=False,
        )
        if m.ok:
            self.compiled = True
            self.result.notes.append(
                f"{before}: the restarted service first read and compiled the workspace "
                f"({m.samples_ms[0] / 1000:.1f} s, not counted)"
            )
        else:
            self.after(m, "priming")

    def measure(
        self,
        label: str,
        key: str,
        query: str,
        warmup: bool = True,
        fresh_seeds: bool = False,
        **variables: Any,
    ) -> tuple[Measurement, dict[str, Any] | None]:
        """Time `query`. `fresh_seeds`: each call with a seed of its own (`$seed`), as the
        service keeps a seeded answer by graph revision and would answer a repeat from it."""
        self.prime(label)
        seeds = itertools.count(1)

        def call() -> dict[str, Any]:
            if fresh_seeds:
                return self.call(query, **variables, seed=next(seeds))
            return self.call(query, **variables)

        measurement, data = measure(
            label,
            call,
            repeat=self.config.repeat,
            budget_s=self.config.budget_s,
            cap_s=self.config.cap_s,
            warmup=warmup,
        )
        self.after(measurement, key)
        return measurement, data

    def after(self, measurement: Measurement, key: str) -> None:
        """Record, log, and restart the service if the call may still run or it died."""
        self.result.samples[key] = len(measurement.samples_ms) if measurement.ok else 0
        if measurement.note:
            self.result.notes.append(f"{measurement.name}: {measurement.note}")
        self.run._log(f"  {measurement.describe()}")
        self.record_rss(measurement.name)
        if measurement.timed_out or not self.service.alive():
            if not self.service.alive():
                self.result.notes.append(f"{measurement.name}: the service process died")
            self.client.close()
            self.compiled = False
            try:
                self.service.restart()
            except ScgError as error:
                self.result.notes.append(f"service restart failed: {error}")
                self.dead = True
            self.client = self._client()

    def record_rss(self, after: str) -> None:
        """The service's peak RSS so far, noted after `after` (which operation made it grow)."""
        if self.service.alive() and self.service.pid is not None:
            self.result.service_rss_after_mb[after] = peak_rss_mb(self.service.pid)
        self.service.sample_peak_rss()

    # -- operations ----------------------------------------------------------------------

    def nested_read(self) -> None:
        self.run._step("nested read")
        cases = self.workload.nested_read_cases
        if not cases:
            self.result.notes.append("nested read: no case tree fits one query's depth")
            return
        self.result.nested_read_case = cases[0]
        query = nested_read_query()
        turn = iter(range(1 << 30))
        m, _ = measure(
            "nested read",
            lambda: self.call(query, id=cases[next(turn) % len(cases)]),
            repeat=max(self.config.repeat, 50),
            budget_s=self.config.budget_s,
            cap_s=self.config.cap_s,
        )
        self.after(m, "nested_read")
        self.result.nested_read_p95_ms = rounded(m.p95)
        self.result.nested_read_p50_ms = rounded(m.p50)

    def impact(self, ours: _Ours) -> None:
        self.run._step("impact cold")
        variables: dict[str, Any] = {"assumptions": [self.workload.failed_assumption]}
        first = self.cold_impact("impact cold (first after start)", "impact_cold", variables)
        if first is not None:
            self.compiled = True
            self.record_rss("impact cold")
            self.result.impact_cold_ms = rounded(first)
            self.run._log(f"  impact cold: {first:,.0f} ms (the first after the service starts)")
        self.run._step("impact after edit")
        cold = [first] if first is not None else []
        after_edit: list[float] = []
        edits: list[float] = []
        spent = (first or 0.0) / 1000.0
        for i in range(max(1, self.config.cold_runs - 1)):
            if first is None or (i and spent > self.config.budget_s):
                break
            edit_ms = self.edit(i)
            if edit_ms is None:
                break
            edits.append(edit_ms)
            ms = self.cold_impact(
                "impact cold (first after an edit)", "impact_after_edit", variables
            )
            if ms is None:
                break
            after_edit.append(ms)
            spent += ms / 1000.0
        self.result.impact_cold_runs_ms = [round(x, 1) for x in cold + after_edit]
        if after_edit:
            self.record_rss("impact after edit")
            self.result.edited_assumption = self.workload.edited_assumption
            self.result.edit_ms = rounded(statistics.median(edits))
            self.result.impact_after_edit_runs_ms = [round(x, 1) for x in after_edit]
            self.result.impact_after_edit_ms = rounded(statistics.median(after_edit))
            self.result.samples["impact_after_edit"] = len(after_edit)
            self.run._log(
                "  impact cold after an edit: "
                + ", ".join(f"{x:,.0f} ms" for x in after_edit)
                + f" (each after updateAssumption({self.workload.edited_assumption}, pFail), "
                f"the edit itself {statistics.median(edits):,.0f} ms)"
            )

        self.run._step("impact cached")
        if not cold:
            self.result.notes.append("impact cached: skipped, the cold call did not finish")
            return
        if edits and not self.restore(variables):
            self.compiled = False  # the next measurement primes the circuit first
        m, data = self.measure("impact cached", "impact", IMPACT, warmup=False, **variables)
        ours.impact = m
        self.result.impact_p95_ms = rounded(m.p95)
        self.result.impact_p50_ms = rounded(m.p50)
        if data is not None:
            ours.failed_cases = {
                c["case"]["id"] for c in data["impact"]["cases"] if c["outcome"] == "FAILS"
            }

    def cold_impact(self, label: str, key: str, variables: dict[str, Any]) -> float | None:
        """One impact call on a circuit the service has not cached (ms; counted under `key`
        unless empty), or None if it failed (the service is restarted as after any failure)."""
        m, _ = measure(
            label,
            lambda: self.call(IMPACT, **variables),
            repeat=1,
            budget_s=0,
            cap_s=self.config.cap_s,
            warmup=False,
        )
        if not m.ok:
            self.after(m, key or "impact")
            return None
        if key:
            self.result.samples[key] = self.result.samples.get(key, 0) + 1
        return m.samples_ms[0]

    def edit(self, turn: int) -> float | None:
        """A one-node update through GraphQL, as a reviewer makes it: the edited assumption's
        pFail set to a value it does not have yet (ms), or None if the edit failed."""
        p_fail = 0.0101 + 0.0001 * turn
        if abs(p_fail - self.original_p_fail()) < 1e-9:
            p_fail += 0.00005
        return self.set_p_fail(p_fail, "edit (one assumption's pFail)")

    def original_p_fail(self) -> float:
        assumption = self.workload.edited_assumption
        return next(a.p_fail for a in self.workload.portfolio.assumptions if a.id == assumption)

    def set_p_fail(self, p_fail: float, label: str) -> float | None:
        m, _ = measure(
            label,
            lambda: self.call(EDIT_ASSUMPTION, id=self.workload.edited_assumption, pFail=p_fail),
            repeat=1,
            budget_s=0,
            cap_s=self.config.cap_s,
            warmup=False,
        )
        if not m.ok:
            self.after(m, "edit")
            return None
        return m.samples_ms[0]

    def restore(self, variables: dict[str, Any]) -> bool:
        """Give the edited assumption its generated pFail again (the baselines compare with
        the generated portfolio), then run one impact untimed, so that the cached figure is
        of a cached circuit. False if either failed."""
        if self.set_p_fail(self.original_p_fail(), "edit (restoring pFail)") is None:
            self.result.notes.append("impact: could not restore the edited assumption's pFail")
            return False
        untimed = self.cold_impact("impact (after restoring pFail, not counted)", "", variables)
        return untimed is not None

    def cut_sets(self, ours: _Ours) -> None:
        for order in (2, 3):
            self.run._step(f"cut sets <= {order}")
            m, data = self.measure(
                f"cut sets <= {order}",
                f"cutsets_order{order}",
                ALIGNED_HOLES,
                deployment=self.workload.deployment,
                order=order,
            )
            ours.cut_sets[order] = m
            if data is not None:
                ours.cut_set_answers[order] = baselines.cut_sets_of(data)
            if order == 2:
                self.result.cutsets_order2_ms = rounded(m.p50)
                self.result.cutsets_order2_p95_ms = rounded(m.p95)
            else:
                self.result.cutsets_order3_ms = rounded(m.p50)
                self.result.cutsets_order3_p95_ms = rounded(m.p95)
                if data is not None:
                    self.result.cutset_count_order3 = len(data["alignedHoles"]["cutSets"])

    def risk(self, ours: _Ours) -> None:
        self.run._step("risk exact")
        common: dict[str, Any] = {
            "deployment": self.workload.deployment,
            "seed": self.config.seed,
            "samples": self.config.mc_samples,
        }
        m, data = self.measure("risk exact", "risk_exact", RISK, method="EXACT", **common)
        self.result.risk_exact_ms = rounded(m.p50)
        if data is not None:
            self.result.risk_exact_p_uncovered = data["risk"]["pUncovered"]
        self.run._step("risk MC")
        m, data = self.measure("risk MC", "risk_mc", RISK, method="MC", **common)
        ours.risk_mc = m
        self.result.risk_mc_ms = rounded(m.p50)
        if data is not None:
            risk = data["risk"]
            self.result.risk_mc_p_uncovered = risk["pUncovered"]
            self.result.risk_mc_std_error = risk["stdError"]
            ours.risk_mc_estimate = (risk["pUncovered"], risk["stdError"] or 0.0)

    def priors(self) -> None:
        """Importance over every kind and question sensitivity (issue 14), method auto."""
        common: dict[str, Any] = {
            "deployment": self.workload.deployment,
            "samples": self.config.mc_samples,
        }
        self.run._step("importance")
        m, data = self.measure("importance", "importance", IMPORTANCE, fresh_seeds=True, **common)
        self.result.importance_ms = rounded(m.p50)
        if data is not None:
            self.result.importance_method = data["importance"]["method"].lower()
            self.result.importance_events = len(data["importance"]["events"])
        self.run._step("questions")
        m, data = self.measure(
            "questions",
            "questions",
            QUESTIONS,
            fresh_seeds=True,
            deployment=self.workload.deployment,
        )
        self.result.questions_ms = rounded(m.p50)
        if data is not None:
            self.result.questions_method = data["questionSensitivity"]["method"].lower()

    def audit(self) -> None:
        self.run._step("audit")
        m, _ = self.measure("audit", "audit", AUDIT)
        self.result.audit_ms = rounded(m.p50)


def targets(results: BenchResults) -> list[TargetCheck]:
    """The targets of issue 7 against this run's figures."""
    checks: list[TargetCheck] = []
    for s in results.sizes:
        at = f"{s.cases:,} cases"
        checks.append(TargetCheck("nested read p95", "< 50 ms", 50, "ms", s.nested_read_p95_ms, at))
        checks.append(
            TargetCheck(
                "import throughput",
                ">= 5,000 nodes/s",
                5000,
                "nodes/s",
                s.import_nodes_per_s,
                at,
                below=False,
            )
        )
    large = [s for s in results.sizes if s.cases >= 10_000]
    big = min(large, key=lambda s: s.cases) if large else None
    at = f"{big.cases:,} cases" if big else "10,000 cases (not in --sizes)"
    checks.append(
        TargetCheck(
            "impact p95, cached circuit",
            "< 300 ms",
            300,
            "ms",
            big.impact_p95_ms if big else None,
            at,
        )
    )
    checks.append(
        TargetCheck(
            "impact, cold (first after a write)",
            "< 5 s",
            5000,
            "ms",
            big.impact_after_edit_ms if big else None,
            at,
        )
    )
    target = results.target_instance
    checks.append(
        TargetCheck(
            "cut sets of order <= 3, 50-case deployment (p95)",
            "< 2 s",
            2000,
            "ms",
            target.get("cutsets_order3_p95_ms") if target else None,
            "target instance" if target else "target instance (not run)",
        )
    )
    return checks


def run_benchmark(config: BenchConfig, console: Console | None = None) -> BenchResults:
    return BenchRun(config, console).run()
