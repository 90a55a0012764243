"""The straightforward alternatives of issue 7, timed on the same input as ours in the same run:

(a) impact as one Cypher variable-length traversal (`cypher/bench/impact_traversal.cypher`),
    over Bolt on the same loopback as our GraphQL call; its wrong answers are the cases whose
    FAILS verdict differs from ours (it cannot see `any` / `at_least` support);
(b) minimal cut sets by plain subset enumeration (`benchmarks.naive`), in this process;
    wrong answers: cut sets in one result and not the other;
(c) P(uncovered) by naive Monte Carlo in pure Python, one sample at a time; a wrong answer is
    a difference from ours beyond 4 combined standard errors.

A baseline stopped by its cap reports no time (`baseline_ms` null), the ratio it beat at least
(`ratio_at_least` = cap / ours) and the time extrapolated from the part it did.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection
from typing import Any

import neo4j
from neo4j.exceptions import Neo4jError

from benchmarks.graphql_client import OperationFailedError, OperationTimeoutError
from benchmarks.naive import (
    EventKey,
    NaivePortfolio,
    enumerate_cut_sets,
    naive_monte_carlo,
)
from benchmarks.results import BaselineResult
from benchmarks.stats import Measurement, rounded
from benchmarks.timing import measure
from benchmarks.workloads import Workload
from service.store.cypher import cypher
from service.store.database import Database

IMPACT_TRAVERSAL = "impact-cypher-traversal"
SUBSET_ENUMERATION = "cutsets-subset-enumeration-order{order}"
NAIVE_MONTE_CARLO = "risk-naive-monte-carlo"


def traversal_cases(database: Database, workspace: str, assumption: str, cap_s: float) -> set[str]:
    """The cases the traversal reports as failed. Raises OperationTimeoutError over the cap."""

    @neo4j.unit_of_work(timeout=cap_s)
    def work(tx: neo4j.ManagedTransaction) -> set[str]:
        rows = tx.run(cypher("bench/impact_traversal"), workspace=workspace, assumption=assumption)
        return {r["id"] for r in rows}

    try:
        return database.read(work)
    except Neo4jError as error:
        if "TimedOut" in (error.code or ""):
            raise OperationTimeoutError(f"no answer within {cap_s:.0f} s") from error
        raise OperationFailedError(f"{error.code}: {error.message}") from error


def impact_traversal(
    database: Database,
    workload: Workload,
    *,
    ours: Measurement,
    ours_failed: Collection[str] | None,
    repeat: int,
    budget_s: float,
    cap_s: float,
) -> BaselineResult:
    measurement, reached = measure(
        IMPACT_TRAVERSAL,
        lambda: traversal_cases(database, workload.workspace, workload.failed_assumption, cap_s),
        repeat=repeat,
        budget_s=budget_s,
        cap_s=cap_s,
    )
    wrong = None
    if reached is not None and ours_failed is not None:
        wrong = len(set(reached) ^ set(ours_failed))
    result = BaselineResult(
        name=IMPACT_TRAVERSAL,
        size_cases=workload.cases,
        workspace=workload.workspace,
        ours_ms=rounded(ours.p50),
        baseline_ms=rounded(measurement.p50),
        wrong_answers=wrong,
        ours=f"GraphQL impact, failed assumption {workload.failed_assumption}, cached circuit, "
        "p50 (the README's headline query)",
        baseline="Cypher variable-length traversal over Bolt, p50 "
        f"({len(reached) if reached is not None else '?'} cases reported failed)",
    )
    _note_failures(result, measurement, ours, cap_s)
    return result


def subset_enumeration(
    workload: Workload,
    model: NaivePortfolio,
    *,
    order: int,
    ours: Measurement,
    ours_cut_sets: Collection[frozenset[EventKey]] | None,
    cap_s: float,
) -> BaselineResult:
    started = time.perf_counter()
    found = enumerate_cut_sets(model, workload.deployment, order, started + cap_s)
    elapsed_ms = (time.perf_counter() - started) * 1000.0
    result = BaselineResult(
        name=SUBSET_ENUMERATION.format(order=order),
        size_cases=workload.cases,
        workspace=workload.workspace,
        ours_ms=rounded(ours.p50),
        baseline_ms=rounded(elapsed_ms) if found.complete else None,
        wrong_answers=None,
        ours=f"GraphQL alignedHoles(maxOrder: {order}) on {workload.deployment} "
        f"({workload.deployment_cases} cases), p50",
        baseline=f"every subset of <= {order} of the {found.events} relevant events, "
        "evaluated structurally, in Python",
    )
    if found.complete and ours_cut_sets is not None:
        result.wrong_answers = len(set(found.cut_sets) ^ set(ours_cut_sets))
    if not found.complete:
        share = found.evaluated / max(found.total, 1)
        result.baseline_extrapolated_ms = rounded(elapsed_ms / max(share, 1e-12))
        result.note = (
            f"timeout: stopped at the {cap_s:.0f} s cap after {found.evaluated:,} of "
            f"{found.total:,} subsets ({share:.2%})"
        )
        if ours.p50:
            result.ratio_at_least = round(cap_s * 1000.0 / ours.p50, 1)
    _note_failures(result, None, ours, cap_s)
    return result


def monte_carlo(
    workload: Workload,
    model: NaivePortfolio,
    *,
    ours: Measurement,
    ours_estimate: tuple[float, float] | None,
    samples: int,
    seed: int,
    cap_s: float,
) -> BaselineResult:
    started = time.perf_counter()
    sampled = naive_monte_carlo(model, workload.deployment, samples, seed, started + cap_s)
    elapsed_ms = (time.perf_counter() - started) * 1000.0
    result = BaselineResult(
        name=NAIVE_MONTE_CARLO,
        size_cases=workload.cases,
        workspace=workload.workspace,
        ours_ms=rounded(ours.p50),
        baseline_ms=rounded(elapsed_ms) if sampled.complete else None,
        wrong_answers=None,
        ours=f"GraphQL risk(method: MC, samples: {samples:,}) on {workload.deployment} "
        f"({workload.deployment_cases} cases), p50",
        baseline=f"{samples:,} samples drawn one at a time in Python",
    )
    if sampled.p_uncovered is not None and sampled.std_error is not None and ours_estimate:
        p, se = ours_estimate
        combined = (se**2 + sampled.std_error**2) ** 0.5
        result.wrong_answers = int(abs(p - sampled.p_uncovered) > 4 * max(combined, 1e-12))
    if not sampled.complete:
        done = max(sampled.samples, 1)
        result.baseline_extrapolated_ms = rounded(elapsed_ms * samples / done)
        result.note = (
            f"timeout: stopped at the {cap_s:.0f} s cap after {sampled.samples:,} of "
            f"{samples:,} samples (its estimate from those is compared)"
        )
        if ours.p50:
            result.ratio_at_least = round(cap_s * 1000.0 / ours.p50, 1)
    _note_failures(result, None, ours, cap_s)
    return result


def _note_failures(
    result: BaselineResult, baseline: Measurement | None, ours: Measurement, cap_s: float
) -> None:
    notes = [result.note] if result.note else []
    if baseline is not None and not baseline.ok:
        notes.append(f"baseline {baseline.note}")
        if baseline.timed_out and ours.p50:
            result.ratio_at_least = round(cap_s * 1000.0 / ours.p50, 1)
    if not ours.ok:
        notes.append(f"ours {ours.note or 'not measured'}")
    result.note = "; ".join(notes) or None


def guarded(name: str, work: Callable[[], BaselineResult], size_cases: int) -> BaselineResult:
    """Run a baseline; an unexpected error becomes a result with a note, not a crashed run."""
    try:
        return work()
    except Exception as error:  # a baseline must never end the benchmark
        return BaselineResult(
            name=name,
            size_cases=size_cases,
            ours_ms=None,
            baseline_ms=None,
            wrong_answers=None,
            note=f"error: {error!r}",
        )


def cut_sets_of(data: dict[str, Any]) -> set[frozenset[EventKey]]:
    """Our cut sets from an `alignedHoles` GraphQL answer, as the naive enumeration keys them."""
    return {
        frozenset((event["kind"].lower(), event["id"]) for event in cut_set["events"])
        for cut_set in data["alignedHoles"]["cutSets"]
    }
