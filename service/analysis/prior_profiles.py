"""Whose priors? Prior profiles applied to a compiled circuit, and risk across them (DESIGN §4.8).

A profile replaces the priors of some questions. Priors are probabilities of world events, so
a profile changes no gate: `with_priors` gives a circuit that shares the compiled structure and
every prior-free artefact memoised on it (per-world plans, decision diagrams, cut-set ZBDDs,
impact diagrams), and differs only in the world events' probabilities. An analysis under a
profile therefore re-evaluates, and never recompiles or re-plans.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from service.analysis.circuit import BasicEventType, Circuit
from service.analysis.risk import DEFAULT_SAMPLES, portfolio_risk
from service.errors import InvalidInputError, NotFoundError
from service.model import PriorProfile

DEFAULT_PROFILE = "default"
"""The reserved id of the portfolio's own priors."""

#: Artefacts memoised on a circuit that do not depend on the world priors (structure, plans,
#: diagrams, and which of them were too large): a profile's circuit shares them.
PRIOR_FREE_ARTEFACTS = frozenset(
    {
        "baseline",
        "impact-diagrams",
        "minimal-cut-sets-zbdd",
        "deployment-diagram",
        "deployment-diagram-too-large",
        "deployment-plan",
        "deployment-plan-too-large",
        "pairs-plan",
        "importance-plan",
        "importance-plan-too-large",
    }
)


def _is_prior_free(key: Hashable) -> bool:
    name = key[0] if isinstance(key, tuple) and key else key
    return name in PRIOR_FREE_ARTEFACTS


class _ProfileCache(dict[Any, Any]):
    """A profile circuit's memo: prior-free artefacts live in (and come from) the base
    circuit's memo, everything else is the profile's own."""

    def __init__(self, shared: dict[Any, Any]) -> None:
        super().__init__()
        self._shared = shared

    def __getitem__(self, key: Any) -> Any:
        if _is_prior_free(key):
            return self._shared[key]
        return super().__getitem__(key)

    def __setitem__(self, key: Any, value: Any) -> None:
        if _is_prior_free(key):
            self._shared[key] = value
        else:
            super().__setitem__(key, value)

    def __contains__(self, key: object) -> bool:
        if _is_prior_free(key):
            return key in self._shared
        return super().__contains__(key)

    def get(self, key: Any, default: Any = None) -> Any:
        if _is_prior_free(key):
            return self._shared.get(key, default)
        return super().get(key, default)


def with_priors(circuit: Circuit, priors: Mapping[str, float]) -> Circuit:
    """`circuit` with the priors of the named world models replaced (world id -> prior).

    Memoised on `circuit`, so the same priors give the same circuit (and its memo) again.
    Raises `InvalidInputError` for a world model the circuit does not know.
    """
    if not priors:
        return circuit
    overrides: dict[int, float] = {}
    for world_id, prior in priors.items():
        try:
            overrides[circuit.world_index(world_id)] = float(prior)
        except NotFoundError:
            raise InvalidInputError(
                f"prior for unknown world model {world_id!r}: name a world model of the portfolio"
            ) from None

    def build() -> Circuit:
        worlds = tuple(
            dataclasses.replace(w, prior=overrides[i]) if i in overrides else w
            for i, w in enumerate(circuit.worlds)
        )
        events = tuple(
            ev._replace(probability=worlds[ev.owner].prior)
            if ev.type is BasicEventType.WORLD
            else ev
            for ev in circuit.events
        )
        return dataclasses.replace(
            circuit,
            events=events,
            worlds=worlds,
            _cache=_ProfileCache(circuit._cache),
            _lock=circuit._lock,
        )

    key = ("prior-profile", tuple(sorted(overrides.items())))
    return circuit.cached(key, build)


def find_profile(profiles: Sequence[PriorProfile], profile_id: str | None) -> PriorProfile | None:
    """The profile named `profile_id` (None for the portfolio's own priors, `default`).
    Raises `NotFoundError` naming the profiles there are."""
    if profile_id is None or profile_id == DEFAULT_PROFILE:
        return None
    for profile in profiles:
        if profile.id == profile_id:
            return profile
    known = ", ".join([DEFAULT_PROFILE, *sorted(p.id for p in profiles)])
    raise NotFoundError(f"prior profile {profile_id!r} not found: use one of {known}")


def apply_profile(
    circuit: Circuit, profiles: Sequence[PriorProfile], profile_id: str | None
) -> Circuit:
    """The circuit under prior profile `profile_id` (`default` or None: unchanged)."""
    profile = find_profile(profiles, profile_id)
    return circuit if profile is None else with_priors(circuit, profile.priors)


@dataclass(frozen=True)
class ProfileVerdict:
    """A deployment's risk under one prior profile."""

    id: str
    name: str
    method: str
    p_uncovered: float
    expected_risk: float
    robustness: float
    threshold_met: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "method": self.method,
            "p_uncovered": self.p_uncovered,
            "expected_risk": self.expected_risk,
            "robustness": self.robustness,
            "threshold_met": self.threshold_met,
        }


@dataclass(frozen=True)
class RiskAcrossPriors:
    deployment: str
    profiles: tuple[ProfileVerdict, ...]  # `default` first, then by id

    @property
    def verdicts_agree(self) -> bool:
        """True when every profile gives the same threshold verdict."""
        return len({p.threshold_met for p in self.profiles}) <= 1

    def to_json(self) -> dict[str, Any]:
        return {
            "deployment": self.deployment,
            "profiles": [p.to_json() for p in self.profiles],
            "verdicts_agree": self.verdicts_agree,
        }


def risk_across_priors(
    circuit: Circuit,
    profiles: Sequence[PriorProfile],
    deployment: str,
    *,
    method: str = "auto",
    samples: int = DEFAULT_SAMPLES,
    seed: int | None = None,
) -> RiskAcrossPriors:
    """The deployment's P(uncovered), expected risk, robustness and verdict under the
    portfolio's own priors and under every profile (DESIGN §4.8)."""
    rows: list[tuple[str, str, Circuit]] = [(DEFAULT_PROFILE, "portfolio priors", circuit)]
    for profile in sorted(profiles, key=lambda p: p.id):
        rows.append((profile.id, profile.name, with_priors(circuit, profile.priors)))
    verdicts = []
    for profile_id, name, profiled in rows:
        risk = portfolio_risk(profiled, deployment, method=method, samples=samples, seed=seed)
        verdicts.append(
            ProfileVerdict(
                id=profile_id,
                name=name,
                method=risk.method,
                p_uncovered=risk.p_uncovered,
                expected_risk=risk.expected_risk,
                robustness=risk.robustness,
                threshold_met=risk.threshold_met,
            )
        )
    return RiskAcrossPriors(deployment, tuple(verdicts))
