"""`scg impact`, `scg cutsets`, `scg risk`, `scg matrix`, `scg correlation`: the analyses of
DESIGN §4 (§8 flags), through `service.usecases.analysis` as the GraphQL API runs them.

Each takes a portfolio file (`--file`, analysed in memory) or a workspace of the graph
(`--workspace`), prints rich tables, or exactly one JSON object on stdout with `--json`.
Errors print one `error: ...` line on stderr, with the exit codes of `service.cli.base`.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from service.errors import InvalidInputError
from service.usecases import analysis as usecases
from service.usecases import priors as priors_usecases
from service.usecases.analysis import CutSetCount, Scenario
from service.usecases.portfolios import opened_source
from service.usecases.priors import RiskAcrossPriors

FileOption = typer.Option(
    None, "--file", help="Analyse this portfolio file in memory (no server needed)."
)
WorkspaceOption = typer.Option(
    None, "--workspace", "-w", help="Analyse this workspace of the graph (default: default)."
)
JsonOption = typer.Option(False, "--json", help="Print one JSON object on stdout.")
DeploymentOption = typer.Option(..., "--deployment", "-d", help="Deployment id.")
PriorsOption = typer.Option(
    None, "--priors", help="Prior profile id (default: the portfolio's own priors)."
)


def _emit(result: Any, as_json: bool, render: Callable[[Console], None]) -> None:
    if as_json:
        sys.stdout.write(json.dumps(result.to_json(), indent=2) + "\n")
    else:
        render(Console())


def _p(value: float | None) -> str:
    return "-" if value is None else f"{value:.4g}"


def _ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.3g}:1"


def render_across_priors(console: Console, result: RiskAcrossPriors) -> None:
    table = Table(title=f"Risk of {result.deployment} under each prior profile")
    for column in ("profile", "method", "P(uncovered)", "expected risk", "robustness", "verdict"):
        table.add_column(column)
    for row in result.profiles:
        verdict = "[green]met[/]" if row.threshold_met else "[red]NOT met[/]"
        table.add_row(
            f"{row.id} ({row.name})",
            row.method,
            _p(row.p_uncovered),
            _p(row.expected_risk),
            _p(row.robustness),
            verdict,
        )
    console.print(table)
    agree = (
        "[green]yes[/]"
        if result.verdicts_agree
        else "[red]NO: the verdict depends on whose priors[/]"
    )
    console.print(f"verdicts agree: {agree}")


def impact(
    fail_assumption: list[str] | None = typer.Option(
        None, "--fail-assumption", help="An assumption taken as false (repeatable)."
    ),
    fail_technique: list[str] | None = typer.Option(
        None, "--fail-technique", help="A technique taken as failing (repeatable)."
    ),
    world: list[str] | None = typer.Option(
        None, "--world", help="A world model taken as true (repeatable, one per question)."
    ),
    priors: str | None = PriorsOption,
    as_json: bool = JsonOption,
    file: Path | None = FileOption,
    workspace: str | None = WorkspaceOption,
) -> None:
    """What-if: which cases hold, fail or degrade, why, and which deployments stay covered."""
    scenario = Scenario.of(fail_assumption or (), fail_technique or (), world or ())
    with opened_source(file, workspace) as source:
        result = usecases.impact(source, scenario, priors)

    def render(console: Console) -> None:
        cases = Table(title="Cases")
        for column in ("case", "outcome", "P(holds)", "failed legs"):
            cases.add_column(column)
        for c in result.cases:
            style = {"FAILS": "red", "DEGRADED": "yellow"}.get(c.outcome.value, "green")
            legs = "\n".join(" -> ".join(chain) for chain in c.explanation)
            cases.add_row(c.id, f"[{style}]{c.outcome.value}[/]", _p(c.p_holds), legs)
        console.print(cases)
        deployments = Table(title="Deployments")
        for column in ("deployment", "covered", "surviving cases"):
            deployments.add_column(column)
        for d in result.deployments:
            covered = "[green]yes[/]" if d.covered else "[red]NO[/]"
            deployments.add_row(d.id, covered, ", ".join(d.surviving_cases))
        console.print(deployments)

    _emit(result, as_json, render)


def cutsets(
    deployment: str = DeploymentOption,
    max_order: int = typer.Option(3, "--max-order", help="Largest cut set size (0 = no limit)."),
    over: str = typer.Option(
        "assumptions,techniques,worlds",
        "--over",
        help="Kinds of event, comma-separated: assumptions, techniques, worlds.",
    ),
    count_only: bool = typer.Option(
        False, "--count-only", help="Count the minimal cut sets (exactly, on a ZBDD); list none."
    ),
    priors: str | None = PriorsOption,
    as_json: bool = JsonOption,
    file: Path | None = FileOption,
    workspace: str | None = WorkspaceOption,
) -> None:
    """Aligned holes: minimal sets of failures that leave a deployment uncovered."""
    kinds = [k for k in over.split(",") if k.strip()]
    with opened_source(file, workspace) as source:
        if count_only:
            counted = usecases.cut_set_count(
                source, deployment, max_order=max_order, over=kinds, priors=priors
            )
            _emit(counted, as_json, lambda console: _render_count(console, counted))
            return
        result = usecases.aligned_holes(
            source, deployment, max_order=max_order, over=kinds, priors=priors
        )

    def render(console: Console) -> None:
        limit = "no limit" if result.max_order == 0 else f"max order {result.max_order}"
        table = Table(
            title=f"Minimal cut sets of {result.deployment} "
            f"({limit}; over {', '.join(k.value for k in result.over)})"
        )
        for column in ("#", "events", "probability"):
            table.add_column(column)
        for i, cs in enumerate(result.cut_sets, 1):
            events = ", ".join(f"{e.kind.value} {e.id}" for e in cs.events) or "(none: uncovered)"
            table.add_row(str(i), events, _p(cs.probability))
        console.print(table)
        if not result.cut_sets:
            console.print("no cut set within the order limit")
        spof = result.single_points_of_failure
        if spof:
            console.print(
                "[red]single points of failure:[/] "
                + ", ".join(f"{e.kind.value} {e.id}" for e in spof)
            )

    _emit(result, as_json, render)


def _render_count(console: Console, counted: CutSetCount) -> None:
    limit = "no limit" if counted.max_order == 0 else f"max order {counted.max_order}"
    console.print(
        f"{counted.count} minimal cut sets of {counted.deployment} "
        f"({limit}; over {', '.join(k.value for k in counted.over)})"
    )
    table = Table()
    table.add_column("order")
    table.add_column("cut sets", justify="right")
    for order, n in sorted(counted.by_order.items()):
        table.add_row(str(order), str(n))
    console.print(table)


def risk(
    deployment: str = DeploymentOption,
    method: str = typer.Option("auto", "--method", help="exact, mc (Monte Carlo) or auto."),
    samples: int = typer.Option(100_000, "--samples", help="Monte Carlo samples."),
    seed: int | None = typer.Option(None, "--seed", help="Monte Carlo seed (reproducible)."),
    priors: str | None = PriorsOption,
    across_priors: bool = typer.Option(
        False, "--across-priors", help="One row per prior profile: do the verdicts agree?"
    ),
    as_json: bool = JsonOption,
    file: Path | None = FileOption,
    workspace: str | None = WorkspaceOption,
) -> None:
    """Portfolio risk: P(uncovered) against the naive estimate, residual risk, robustness."""
    if across_priors and priors is not None:
        raise InvalidInputError("give either --priors or --across-priors, not both")
    with opened_source(file, workspace) as source:
        if across_priors:
            across = priors_usecases.risk_across_priors(
                source, deployment, method=method, samples=samples, seed=seed
            )
            _emit(across, as_json, lambda console: render_across_priors(console, across))
            return
        result = usecases.risk(
            source, deployment, method=method, samples=samples, seed=seed, priors=priors
        )

    def render(console: Console) -> None:
        table = Table(title=f"Risk of {result.deployment} ({result.method})", show_header=False)
        table.add_column("quantity")
        table.add_column("value")
        p = _p(result.p_uncovered)
        if result.std_error is not None:
            p += f" ± {result.std_error:.2g} (s.e., {result.samples} samples)"
        residual = result.residual
        met = "[green]met[/]" if residual.threshold_met else "[red]NOT met[/]"
        rows = [
            ("P(uncovered)", p),
            ("naive (independent cases)", _p(result.naive)),
            ("correlation penalty", _p(result.correlation_penalty)),
            ("effective independent cases", _p(result.n_eff)),
            ("expected residual risk", _p(residual.expected_risk)),
            ("risk threshold", f"{_p(residual.risk_threshold)} ({met})"),
            ("robustness (prior mass within threshold)", _p(residual.robustness)),
            ("required update (prior risk / threshold)", _ratio(result.required_update)),
            ("delivered update (prior risk / expected risk)", _ratio(result.delivered_update)),
        ]
        for name, value in rows:
            table.add_row(name, value)
        console.print(table)
        cases = Table(title="Case failure (marginal)")
        cases.add_column("case")
        cases.add_column("P(fails)")
        for case_id, probability in result.case_failure.items():
            cases.add_row(case_id, _p(probability))
        console.print(cases)
        if residual.worst_worlds:
            worst = Table(title="Worst worlds")
            for column in ("world models", "prior", "risk"):
                worst.add_column(column)
            for w in residual.worst_worlds:
                worst.add_row(", ".join(w.worlds) or "(any)", _p(w.prior), _p(w.risk))
            console.print(worst)

    _emit(result, as_json, render)


def matrix(
    deployment: str = DeploymentOption,
    priors: str | None = PriorsOption,
    as_json: bool = JsonOption,
    file: Path | None = FileOption,
    workspace: str | None = WorkspaceOption,
) -> None:
    """Swiss-cheese matrix: P(case holds | world model true), cases x world models."""
    with opened_source(file, workspace) as source:
        result = usecases.swiss_cheese_matrix(source, deployment, priors)

    def render(console: Console) -> None:
        # World models as rows: a deployment has fewer cases than world models to show.
        table = Table(title=f"P(case holds | world model) for {result.deployment}")
        table.add_column("world model")
        for row in result.cases:
            table.add_column(row.id)
        for w in result.worlds:
            cells = []
            for row in result.cases:
                p = row.p_holds[w]
                cells.append(f"[red]{p:.3f}[/]" if p == 0 else f"{p:.3f}")
            table.add_row(w, *cells)
        console.print(table)
        if not result.worlds:
            console.print("no world model bears on this deployment's cases")

    _emit(result, as_json, render)


def correlation(
    deployment: str = DeploymentOption,
    priors: str | None = PriorsOption,
    as_json: bool = JsonOption,
    file: Path | None = FileOption,
    workspace: str | None = WorkspaceOption,
) -> None:
    """Case correlation: pairwise failure correlation (phi) and shared dependencies (Jaccard)."""
    with opened_source(file, workspace) as source:
        result = usecases.correlation(source, deployment, priors)

    def render(console: Console) -> None:
        table = Table(title=f"Case correlation for {result.deployment}")
        columns = ("case", "case", "phi", "P(both fail)", "worlds", "techniques", "assumptions")
        for column in columns:
            table.add_column(column)
        for pair in result.pairs:
            overlap = pair.overlap
            table.add_row(
                *pair.cases,
                _p(pair.phi),
                _p(pair.p_both_fail),
                _p(overlap.worlds),
                _p(overlap.techniques),
                _p(overlap.assumptions),
            )
        console.print(table)
        if not result.pairs:
            console.print("fewer than two cases cover this deployment")

    _emit(result, as_json, render)
