"""What-if scenarios: failed assumptions, failed techniques and world models taken as true."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from service.analysis.circuit import Circuit
from service.errors import InvalidInputError


@dataclass(frozen=True)
class Scenario:
    """A reviewer's what-if (DESIGN §4.1), by entity ids."""

    failed_assumptions: tuple[str, ...] = ()
    failed_techniques: tuple[str, ...] = ()
    worlds: tuple[str, ...] = ()

    @classmethod
    def of(
        cls,
        failed_assumptions: Iterable[str] = (),
        failed_techniques: Iterable[str] = (),
        worlds: Iterable[str] = (),
    ) -> Scenario:
        return cls(tuple(failed_assumptions), tuple(failed_techniques), tuple(worlds))


@dataclass(frozen=True)
class ResolvedScenario:
    """A scenario in circuit terms: the basic events it forces and the answers it fixes."""

    forced_events: frozenset[int]  # own failures of the failed assumptions and techniques
    world_events: frozenset[int]  # events "world model m is true"
    fixed_worlds: dict[int, int]  # question index -> world index

    @property
    def occurring(self) -> frozenset[int]:
        return self.forced_events | self.world_events


def resolve_scenario(circuit: Circuit, scenario: Scenario) -> ResolvedScenario:
    """Map ids to events. `NotFoundError` names an unknown id; `InvalidInputError` is raised
    when two answers of one question are both taken as true."""
    forced = {
        circuit.assumptions[circuit.assumption_index(a)].event for a in scenario.failed_assumptions
    }
    forced |= {
        circuit.techniques[circuit.technique_index(t)].event for t in scenario.failed_techniques
    }
    fixed: dict[int, int] = {}
    for world_id in scenario.worlds:
        w = circuit.world_index(world_id)
        question = circuit.worlds[w].question
        if question in fixed and fixed[question] != w:
            raise InvalidInputError(
                f"world models {circuit.worlds[fixed[question]].id!r} and {world_id!r} are both "
                f"answers of question {circuit.questions[question].id!r}, which are mutually "
                "exclusive: take at most one of them as true"
            )
        fixed[question] = w
    return ResolvedScenario(
        forced_events=frozenset(forced),
        world_events=frozenset(circuit.worlds[w].event for w in fixed.values()),
        fixed_worlds=fixed,
    )
