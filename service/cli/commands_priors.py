"""`scg questions`, `scg importance`, `scg budget`: which question matters, which event
matters, and how much of the risk budget is spent (DESIGN §4.9-4.11, §8).

Like the other analysis commands: a file (`--file`) or a workspace, rich tables or one JSON
object with `--json`, and `--priors ID` for a reviewer's prior profile.
"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from service.cli.commands_analysis import (
    DeploymentOption,
    FileOption,
    JsonOption,
    PriorsOption,
    WorkspaceOption,
    _emit,
    _p,
)
from service.usecases import priors as priors_usecases
from service.usecases.portfolios import opened_source
from service.usecases.priors import FIGURES

MethodOption = typer.Option("auto", "--method", help="exact, mc (Monte Carlo) or auto.")
SamplesOption = typer.Option(100_000, "--samples", help="Monte Carlo samples.")
SeedOption = typer.Option(None, "--seed", help="Monte Carlo seed (reproducible).")


def questions(
    deployment: str = DeploymentOption,
    priors: str | None = PriorsOption,
    method: str = MethodOption,
    samples: int = SamplesOption,
    seed: int | None = SeedOption,
    as_json: bool = JsonOption,
    file: Path | None = FileOption,
    workspace: str | None = WorkspaceOption,
) -> None:
    """Which open question, once answered, would most move a deployment's safety."""
    with opened_source(file, workspace) as source:
        result = priors_usecases.question_sensitivity(
            source,
            deployment,
            priors=priors,
            method=method,
            samples=samples,
            seed=seed,
        )

    def render(console: Console) -> None:
        met = "met" if result.threshold_met else "NOT met"
        table = Table(
            title=f"Questions bearing on {result.deployment} ({result.method}; expected risk "
            f"{_p(result.expected_risk)} vs threshold {_p(result.risk_threshold)}: {met})"
        )
        for column in ("question", "flip prob.", "swing", "answer", "prior", "risk | answer"):
            table.add_column(column)
        for q in result.questions:
            for i, a in enumerate(q.answers):
                verdict = "[green]met[/]" if a.threshold_met else "[red]not met[/]"
                table.add_row(
                    q.id if i == 0 else "",
                    _p(q.flip_probability) if i == 0 else "",
                    _p(q.swing) if i == 0 else "",
                    a.id,
                    _p(a.prior),
                    f"{_p(a.expected_risk)} ({verdict})",
                )
        console.print(table)
        if not result.questions:
            console.print("no open question bears on this deployment's cases")

    _emit(result, as_json, render)


def importance(
    deployment: str = DeploymentOption,
    over: str = typer.Option(
        "assumptions,techniques,worlds",
        "--over",
        help="Kinds of event, comma-separated: assumptions, techniques, worlds.",
    ),
    priors: str | None = PriorsOption,
    method: str = MethodOption,
    samples: int = SamplesOption,
    seed: int | None = SeedOption,
    top: int = typer.Option(0, "--top", help="Show only the first N events (0 = all)."),
    as_json: bool = JsonOption,
    file: Path | None = FileOption,
    workspace: str | None = WorkspaceOption,
) -> None:
    """Importance of every event for a deployment being uncovered (Birnbaum, FV, RAW, RRW)."""
    with opened_source(file, workspace) as source:
        result = priors_usecases.importance(
            source,
            deployment,
            over=[k for k in over.split(",") if k.strip()],
            priors=priors,
            method=method,
            samples=samples,
            seed=seed,
        )

    def render(console: Console) -> None:
        p = _p(result.p_uncovered)
        if result.std_error is not None:
            p += f" ± {result.std_error:.2g}"
        table = Table(
            title=f"Importance for {result.deployment} uncovered ({result.method}; P = {p})"
        )
        for column in (
            "#",
            "event",
            "Birnbaum",
            "Fussell-Vesely",
            "RAW",
            "RRW",
            "P(T|e)",
            "P(T|not e)",
        ):
            table.add_column(column)
        shown = result.events[:top] if top > 0 else result.events
        for i, e in enumerate(shown, 1):
            table.add_row(
                str(i),
                f"{e.kind.value} {e.id}",
                *(_p(getattr(e, name)) for name in FIGURES),
            )
        console.print(table)

    _emit(result, as_json, render)


def budget(
    priors: str | None = PriorsOption,
    method: str = MethodOption,
    samples: int = SamplesOption,
    seed: int | None = SeedOption,
    as_json: bool = JsonOption,
    file: Path | None = FileOption,
    workspace: str | None = WorkspaceOption,
) -> None:
    """The lifetime risk budget: every deployment's expected risk, the total and the shares."""
    with opened_source(file, workspace) as source:
        result = priors_usecases.risk_budget(
            source, priors=priors, method=method, samples=samples, seed=seed
        )

    def render(console: Console) -> None:
        table = Table(title="Expected risk by deployment")
        for column in ("deployment", "method", "expected risk", "share"):
            table.add_column(column)
        for d in result.deployments:
            share = "-" if d.share is None else f"{100 * d.share:.1f} %"
            table.add_row(d.id, d.method, _p(d.expected_risk), share)
        console.print(table)
        total = _p(result.total_expected_risk)
        if result.risk_budget is None:
            console.print(f"total expected risk {total} (the portfolio sets no risk budget)")
        else:
            verdict = "[green]within budget[/]" if result.within_budget else "[red]OVER budget[/]"
            console.print(
                f"total expected risk {total} against a budget of {_p(result.risk_budget)}: "
                f"{verdict}"
            )

    _emit(result, as_json, render)
