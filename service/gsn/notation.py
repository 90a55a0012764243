"""The GSN Community Standard v3 elements and links a diagram is made of (no layout, no I/O)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Shape(StrEnum):
    """GSN element kinds, each with its standard shape."""

    GOAL = "goal"  # rectangle
    STRATEGY = "strategy"  # parallelogram
    SOLUTION = "solution"  # circle (our Evidence)
    CONTEXT = "context"  # rounded rectangle
    ASSUMPTION = "assumption"  # ellipse marked A
    JUSTIFICATION = "justification"  # ellipse marked J
    COUNTER_CLAIM = "counter-claim"  # dialectic: a defeater, drawn as a challenging goal


#: How each kind is named to a reader (titles, legends).
SHAPE_NAMES: dict[Shape, str] = {
    Shape.GOAL: "Goal",
    Shape.STRATEGY: "Strategy",
    Shape.SOLUTION: "Solution",
    Shape.CONTEXT: "Context",
    Shape.ASSUMPTION: "Assumption",
    Shape.JUSTIFICATION: "Justification",
    Shape.COUNTER_CLAIM: "Counter-claim",
}


class Link(StrEnum):
    SUPPORTED_BY = "supported-by"  # filled arrowhead
    IN_CONTEXT_OF = "in-context-of"  # hollow arrowhead
    CHALLENGES = "challenges"  # a counter-claim against what it challenges


@dataclass(frozen=True)
class Element:
    """One drawn element. `id` is unique in the diagram and becomes the SVG `data-id`."""

    id: str
    shape: Shape
    text: str
    undeveloped: bool = False
    notes: tuple[str, ...] = ()  # our extensions, drawn small: support rule, fails-in worlds
    failed: bool = False  # fails under the diagram's scenario
    heading: str | None = None  # a line above the statement (the case an element roots)


@dataclass(frozen=True)
class Connection:
    source: str
    target: str
    link: Link
    failed: bool = False  # part of a failed leg up to the root


@dataclass(frozen=True)
class Diagram:
    title: str
    elements: tuple[Element, ...]
    connections: tuple[Connection, ...]
    scenario: str | None = None  # one line saying what was failed, when there is a scenario
    roots: tuple[str, ...] = field(default=())  # the root goals, left to right
