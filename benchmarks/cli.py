"""`python -m benchmarks` (`make bench`): the benchmark (issue 7), written to bench/results.json,
results.md and latency.png. Not part of the product: the package `service` never imports it."""

from __future__ import annotations

from pathlib import Path

import typer

from benchmarks.runner import DEFAULT_SIZES, BenchConfig, parse_sizes, run_benchmark

DEFAULT_SIZES_TEXT = ",".join(map(str, DEFAULT_SIZES))


def bench(
    sizes: str = typer.Option(
        DEFAULT_SIZES_TEXT,
        "--sizes",
        help="Portfolio sizes in cases, comma-separated (100000 needs a large machine).",
    ),
    seed: int = typer.Option(1, "--seed", help="Seed of the generated portfolios."),
    output: Path = typer.Option(
        Path("bench"), "--output", "-o", file_okay=False, help="Folder for the results."
    ),
    data_dir: Path = typer.Option(
        Path(".scg/bench-neo4j"),
        "--data-dir",
        file_okay=False,
        help="The benchmark's own Neo4j data folder (emptied by every run).",
    ),
    heap: str = typer.Option("4g", "--heap", help="Java heap of the benchmark's Neo4j."),
    cap: float = typer.Option(
        120.0, "--cap", min=1.0, help="Seconds any one call may take; slower: null + a note."
    ),
    baseline_cap: float = typer.Option(
        60.0, "--baseline-cap", min=1.0, help="Seconds a baseline may take before it stops."
    ),
    repeat: int = typer.Option(
        30, "--repeat", min=1, help="Repetitions of a fast operation (p50/p95 over them)."
    ),
    budget: float = typer.Option(
        15.0, "--budget", min=0.0, help="Seconds spent repeating one operation, at most."
    ),
    mc_samples: int = typer.Option(
        100_000, "--mc-samples", min=1, help="Monte Carlo samples (ours and the baseline)."
    ),
    target: bool = typer.Option(
        True, "--target/--no-target", help="Also run the 50-case target instance."
    ),
    baselines: bool = typer.Option(
        True, "--baselines/--no-baselines", help="Also run the baselines."
    ),
) -> None:
    """Benchmark import, GraphQL latency and memory at growing size, against baselines.

    Starts its own Neo4j (in --data-dir, on a free port) and the service (on a free port),
    and stops both at the end. Writes OUTPUT/results.json, results.md and latency.png.
    """
    config = BenchConfig(
        sizes=parse_sizes(sizes),
        seed=seed,
        output_dir=output,
        data_dir=data_dir,
        heap=heap,
        cap_s=cap,
        baseline_cap_s=baseline_cap,
        repeat=repeat,
        budget_s=budget,
        mc_samples=mc_samples,
        target=target,
        run_baselines=baselines,
    )
    run_benchmark(config)


def main() -> None:
    typer.run(bench)
