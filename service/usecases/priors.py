"""Whose priors: the analyses of DESIGN §4.8-4.11, for the API and the CLI alike, on a
`PortfolioSource` (a file compiled in memory, or a workspace whose circuit is kept by graph
revision).

A prior profile is resolved by id against the portfolio's profiles (`default` or None: its own
priors) and applied to the compiled circuit, which it shares every plan and diagram with:
nothing is recompiled per profile, and a workspace's profile circuit is kept with its revision.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable
from dataclasses import dataclass
from typing import TypeVar

from service import analysis
from service.analysis import Circuit, RiskAcrossPriors
from service.analysis.importance import FIGURES
from service.model import Portfolio
from service.usecases.circuits import circuits
from service.usecases.portfolios import FileSource, PortfolioSource

T = TypeVar("T")

__all__ = [
    "FIGURES",
    "Analysed",
    "RiskAcrossPriors",
    "analysed",
    "circuit_under",
    "importance",
    "question_sensitivity",
    "risk_across_priors",
    "risk_budget",
]

DEFAULT_SAMPLES = 100_000
ALL_KINDS = ("assumption", "technique", "world")


@dataclass(frozen=True)
class Analysed:
    """A portfolio and the circuit compiled from it."""

    portfolio: Portfolio
    circuit: Circuit

    def under(self, priors: str | None) -> Circuit:
        """The circuit under prior profile `priors`; `NotFoundError` names the profiles."""
        return analysis.apply_profile(self.circuit, self.portfolio.prior_profiles, priors)


def analysed(source: PortfolioSource) -> Analysed:
    """The source's portfolio and circuit (a workspace's: kept by graph revision)."""
    if isinstance(source, FileSource):
        portfolio = source.portfolio()
        return Analysed(portfolio, analysis.compile_circuit(portfolio))
    return circuits.derived(source.database, source.workspace, ("analysed",), Analysed)


def circuit_under(source: PortfolioSource, priors: str | None) -> Circuit:
    """The source's circuit under prior profile `priors` (None or `default`: its own)."""
    if priors is None or priors == analysis.DEFAULT_PROFILE:
        return source.circuit()
    return analysed(source).under(priors)


def seeded(source: PortfolioSource, seed: int | None, key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()`; of a workspace with a `seed`, kept by graph revision under `key`: a
    seeded answer is the same on every call, and a dashboard that asks again after a
    TIMEOUT finds the one that went on computing (or waits for it) instead of starting anew."""
    if seed is None or isinstance(source, FileSource):
        return compute()
    return circuits.derived(source.database, source.workspace, key, lambda _p, _c: compute())


def risk_across_priors(
    source: PortfolioSource,
    deployment: str,
    *,
    method: str = "auto",
    samples: int = DEFAULT_SAMPLES,
    seed: int | None = None,
) -> RiskAcrossPriors:
    def compute() -> RiskAcrossPriors:
        both = analysed(source)
        return analysis.risk_across_priors(
            both.circuit,
            both.portfolio.prior_profiles,
            deployment,
            method=method,
            samples=samples,
            seed=seed,
        )

    return seeded(source, seed, ("risk-across-priors", deployment, method, samples, seed), compute)


def question_sensitivity(
    source: PortfolioSource,
    deployment: str,
    *,
    priors: str | None = None,
    method: str = "auto",
    samples: int = DEFAULT_SAMPLES,
    seed: int | None = None,
) -> analysis.DeploymentQuestions:
    return seeded(
        source,
        seed,
        ("question-sensitivity", deployment, priors, method, samples, seed),
        lambda: analysis.question_sensitivity(
            circuit_under(source, priors), deployment, method=method, samples=samples, seed=seed
        ),
    )


def importance(
    source: PortfolioSource,
    deployment: str,
    *,
    over: Collection[str] | None = None,
    priors: str | None = None,
    method: str = "auto",
    samples: int = DEFAULT_SAMPLES,
    seed: int | None = None,
) -> analysis.Importance:
    kinds = analysis.parse_kinds(ALL_KINDS if over is None else over)  # refused before reading
    return seeded(
        source,
        seed,
        ("importance", deployment, tuple(sorted(kinds)), priors, method, samples, seed),
        lambda: analysis.importance(
            circuit_under(source, priors),
            deployment,
            over=kinds,
            method=method,
            samples=samples,
            seed=seed,
        ),
    )


def risk_budget(
    source: PortfolioSource,
    *,
    priors: str | None = None,
    method: str = "auto",
    samples: int = DEFAULT_SAMPLES,
    seed: int | None = None,
) -> analysis.RiskBudget:
    both = analysed(source)
    return analysis.risk_budget(
        both.under(priors), both.portfolio.risk_budget, method=method, samples=samples, seed=seed
    )
