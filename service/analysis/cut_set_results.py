"""What a cut-set analysis returns (DESIGN §4.2), shared by both algorithms that find them:
MOCUS with truncation (`cutsets`) and the minimal solutions of a BDD as a ZBDD (`cutsets_zbdd`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from service.analysis.circuit import Circuit, event_id, event_kind
from service.errors import InvalidInputError
from service.model import EventKind

ALL_KINDS: tuple[EventKind, ...] = (EventKind.ASSUMPTION, EventKind.TECHNIQUE, EventKind.WORLD)
KIND_ORDER = {k: i for i, k in enumerate(ALL_KINDS)}


@dataclass(frozen=True, order=True)
class Event:
    """A basic event of a cut set: an assumption or technique failing, or a world model true."""

    kind: EventKind
    id: str

    def to_json(self) -> dict[str, str]:
        return {"kind": self.kind.value, "id": self.id}


@dataclass(frozen=True)
class CutSet:
    events: tuple[Event, ...]
    probability: float  # product of the events' pFail / prior

    @property
    def order(self) -> int:
        return len(self.events)

    def to_json(self) -> dict[str, Any]:
        return {"events": [e.to_json() for e in self.events], "probability": self.probability}


@dataclass(frozen=True)
class CutSets:
    deployment: str
    max_order: int  # 0 = unlimited
    over: tuple[EventKind, ...]
    cut_sets: tuple[CutSet, ...]  # by probability (desc), then size, then events

    @property
    def single_points_of_failure(self) -> tuple[Event, ...]:
        return tuple(cs.events[0] for cs in self.cut_sets if cs.order == 1)

    def to_json(self) -> dict[str, Any]:
        return {
            "deployment": self.deployment,
            "max_order": self.max_order,
            "over": [k.value for k in self.over],
            "cut_sets": [cs.to_json() for cs in self.cut_sets],
            "single_points_of_failure": [e.to_json() for e in self.single_points_of_failure],
        }


def parse_kinds(over: Iterable[str | EventKind]) -> tuple[EventKind, ...]:
    """Kinds from names such as "assumptions", "technique", "worlds" (plural or singular)."""
    kinds: list[EventKind] = []
    for raw in over:
        if isinstance(raw, EventKind):
            kind = raw
        else:
            name = raw.strip().lower()
            name = name.removesuffix("s") if name.endswith("s") else name
            try:
                kind = EventKind(name)
            except ValueError:
                raise InvalidInputError(
                    f"unknown event kind {raw!r}: use assumptions, techniques or worlds"
                ) from None
        if kind not in kinds:
            kinds.append(kind)
    if not kinds:
        raise InvalidInputError(
            "choose at least one kind of event: assumptions, techniques, worlds"
        )
    return tuple(sorted(kinds, key=KIND_ORDER.__getitem__))


def describe_cut_set(circuit: Circuit, events: frozenset[int]) -> CutSet:
    """The events of a set of basic event indices, in kind then id order, and its probability."""
    described: list[Event] = []
    probability = 1.0
    for e in events:
        kind = event_kind(circuit, e)
        assert kind is not None, "cut sets hold assumption, technique and world events only"
        described.append(Event(kind, event_id(circuit, e)))
        probability *= circuit.events[e].probability
    described.sort(key=lambda e: (KIND_ORDER[e.kind], e.id))
    return CutSet(tuple(described), probability)
