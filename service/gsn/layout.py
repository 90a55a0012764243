"""Layered top-down layout of a GSN diagram by Graphviz `dot` (the one external program).

Every element's shape is sized here, from its wrapped text, and handed to `dot` as a fixed-size
node of that shape, so `dot` keeps the shapes apart and clips the edges at their outlines. Its
`-Tplain` answer (centres and spline control points) is all that is read back; the SVG is then
written by `service.gsn.svg`, so the drawing does not depend on Graphviz's own SVG.
"""

from __future__ import annotations

import math
import shutil
import subprocess
from dataclasses import dataclass

from service.errors import ScgError
from service.gsn.notation import Diagram, Element, Link, Shape
from service.gsn.text import FONT_SIZE, LINE_HEIGHT, NOTE_FONT_SIZE, text_width, wrap

# Widest text line per kind of shape (points); a circle holds less per line.
_TEXT_WIDTH = {
    Shape.GOAL: 190.0,
    Shape.STRATEGY: 190.0,
    Shape.SOLUTION: 110.0,
    Shape.CONTEXT: 170.0,
    Shape.ASSUMPTION: 160.0,
    Shape.JUSTIFICATION: 150.0,
    Shape.COUNTER_CLAIM: 170.0,
}
PAD = 8.0
SKEW = 12.0  # the slant of a strategy's parallelogram
DIAMOND = 9.0  # half the width of an undeveloped goal's diamond
DOT_TIMEOUT_S = 60
BOLD = 1.12  # bold text is about this much wider


class GraphvizMissingError(ScgError):
    """`dot` (Graphviz) is not installed; SVG needs it, `--format dot` does not."""


@dataclass(frozen=True)
class Line:
    text: str
    size: float
    role: str  # failed | heading | id | statement | note

    @property
    def height(self) -> float:
        return self.size * LINE_HEIGHT

    @property
    def width(self) -> float:
        bold = BOLD if self.role in ("failed", "heading") else 1.0
        return text_width(self.text, self.size) * bold


@dataclass(frozen=True)
class Sized:
    """An element with its text lines and the size of its shape and of its whole box."""

    element: Element
    lines: tuple[Line, ...]
    shape_w: float
    shape_h: float
    box_w: float
    box_h: float

    @property
    def text_h(self) -> float:
        return sum(line.height for line in self.lines)


@dataclass(frozen=True)
class Placed:
    sized: Sized
    x: float  # top-left of the box, SVG coordinates (y down)
    y: float

    @property
    def element(self) -> Element:
        return self.sized.element

    @property
    def cx(self) -> float:
        return self.x + self.sized.box_w / 2

    @property
    def shape_cy(self) -> float:
        return self.y + self.sized.shape_h / 2


@dataclass(frozen=True)
class Route:
    """A connection as cubic Bézier control points, from its source to its target."""

    source: str
    target: str
    link: Link
    failed: bool
    points: tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class Layout:
    diagram: Diagram
    width: float
    height: float
    placed: tuple[Placed, ...]
    routes: tuple[Route, ...]


def text_lines(element: Element) -> list[Line]:
    width = _TEXT_WIDTH[element.shape]
    lines: list[Line] = []
    if element.failed:
        lines.append(Line("✗ FAILED", FONT_SIZE, "failed"))
    if element.heading:
        heading = wrap(element.heading, width / BOLD, NOTE_FONT_SIZE)
        lines += [Line(t, NOTE_FONT_SIZE, "heading") for t in heading]
    lines += [Line(t, NOTE_FONT_SIZE, "id") for t in wrap(element.id, width, NOTE_FONT_SIZE)]
    lines += [Line(t, FONT_SIZE, "statement") for t in wrap(element.text, width)]
    for note in element.notes:
        lines += [Line(t, NOTE_FONT_SIZE, "note") for t in wrap(note, width, NOTE_FONT_SIZE)]
    return lines


def size_element(element: Element) -> Sized:
    lines = tuple(text_lines(element))
    w = max(line.width for line in lines)
    h = sum(line.height for line in lines)
    shape = element.shape
    if shape is Shape.SOLUTION:
        shape_w = shape_h = math.hypot(w, h) + PAD
    elif shape in (Shape.ASSUMPTION, Shape.JUSTIFICATION):
        shape_w, shape_h = w * math.sqrt(2) + 2 * PAD, h * math.sqrt(2) + PAD
    elif shape is Shape.STRATEGY:
        shape_w, shape_h = w + 2 * PAD + 2 * SKEW, h + 2 * PAD
    elif shape is Shape.CONTEXT:
        shape_w, shape_h = w + 3 * PAD, h + 2 * PAD
    else:
        shape_w, shape_h = w + 2 * PAD, h + 2 * PAD
    shape_w, shape_h = round(shape_w, 1), round(shape_h, 1)
    box_w, box_h = shape_w, shape_h
    if element.undeveloped:
        box_h += 2 * DIAMOND + 2
    return Sized(element, lines, shape_w, shape_h, box_w, round(box_h, 1))


def _dot_shape(sized: Sized) -> str:
    shape = sized.element.shape
    if shape is Shape.SOLUTION:
        return "circle"
    if shape in (Shape.ASSUMPTION, Shape.JUSTIFICATION):
        return "ellipse"
    return "box"


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def dot_source(diagram: Diagram) -> str:
    """The diagram as Graphviz DOT: what `dot` lays out (also `scg diagram --format dot`)."""
    sized = [size_element(e) for e in diagram.elements]
    return _dot(diagram, sized)


def _dot(diagram: Diagram, sized: list[Sized]) -> str:
    names = {s.element.id: f"n{i}" for i, s in enumerate(sized)}
    kinds = {s.element.id: s.element.shape for s in sized}
    out = [
        "digraph gsn {",
        "  // " + diagram.title.replace("\n", " "),
        "  rankdir=TB; nodesep=0.35; ranksep=0.45; splines=polyline; newrank=true;",
        '  node [label="", fixedsize=true, margin=0];',
        "  edge [dir=none];",
    ]
    for s in sized:
        e = s.element
        attrs = [
            f"shape={_dot_shape(s)}",
            f"width={s.box_w / 72:.4f}",
            f"height={s.box_h / 72:.4f}",
            f"tooltip={_quote(e.id)}",
            f"class={_quote('gsn-' + e.shape.value)}",
        ]
        out.append(f"  {names[e.id]} [{', '.join(attrs)}];  // {_quote(e.id)}")
    referrers: dict[str, list[str]] = {}
    for c in diagram.connections:
        if c.link is Link.IN_CONTEXT_OF:
            referrers.setdefault(c.target, []).append(c.source)
    same_rank: list[tuple[str, str]] = []
    for c in diagram.connections:
        source, target = names[c.source], names[c.target]
        if c.link is Link.SUPPORTED_BY:
            out.append(f"  {source} -> {target};")
        elif c.link is Link.IN_CONTEXT_OF:
            owners = referrers[c.target]
            argument = kinds[c.source] in (Shape.GOAL, Shape.STRATEGY, Shape.SOLUTION)
            if len(owners) == 1 and argument:  # beside its one owner
                if kinds[c.target] is Shape.ASSUMPTION:  # assumptions to the right
                    out.append(f"  {source} -> {target} [minlen=0];")
                else:  # context and justification to the left, so no link crosses another
                    out.append(f"  {target} -> {source} [minlen=0];")
                same_rank.append((source, target))
            else:  # shared: below the lowest of the elements it is the context of
                out.append(f"  {source} -> {target} [weight=0];")
        else:  # a counter-claim sits beside (left of) what it challenges
            out.append(f"  {source} -> {target} [minlen=0];")
            if kinds[c.target] is not Shape.ASSUMPTION:
                same_rank.append((source, target))
    for a, b in same_rank:
        out.append(f"  {{ rank=same; {a}; {b}; }}")
    roots = [names[r] for r in diagram.roots if r in names]
    if len(roots) > 1:
        out.append(f"  {{ rank=min; {'; '.join(roots)}; }}")
    out.append("}")
    return "\n".join(out) + "\n"


def lay_out(diagram: Diagram) -> Layout:
    """Positions of every element and route of every connection (runs `dot -Tplain`)."""
    sized = [size_element(e) for e in diagram.elements]
    plain = _run_dot(_dot(diagram, sized))
    by_name = {f"n{i}": s for i, s in enumerate(sized)}
    scale = 72.0
    height = 0.0
    width = 0.0
    centres: dict[str, tuple[float, float]] = {}
    splines: dict[tuple[str, str], list[list[tuple[float, float]]]] = {}
    for row in plain.splitlines():
        parts = row.split()
        if not parts:
            continue
        if parts[0] == "graph":
            width, height = float(parts[2]) * scale, float(parts[3]) * scale
        elif parts[0] == "node":
            centres[parts[1]] = (float(parts[2]) * scale, height - float(parts[3]) * scale)
        elif parts[0] == "edge":
            n = int(parts[3])
            coords = [float(v) * scale for v in parts[4 : 4 + 2 * n]]
            pts = [(coords[i], height - coords[i + 1]) for i in range(0, len(coords), 2)]
            splines.setdefault((parts[1], parts[2]), []).append(pts)
    placed = []
    for name, s in by_name.items():
        cx, cy = centres[name]
        placed.append(Placed(s, round(cx - s.box_w / 2, 1), round(cy - s.box_h / 2, 1)))
    routes = []
    names = {s.element.id: name for name, s in by_name.items()}
    for c in diagram.connections:
        key = (names[c.source], names[c.target])
        if splines.get(key):
            pts = splines[key].pop(0)
        else:  # laid out target -> source (a context to the left): drawn source -> target
            pts = list(reversed(splines[(key[1], key[0])].pop(0)))
        routes.append(
            Route(
                c.source,
                c.target,
                c.link,
                c.failed,
                tuple((round(x, 1), round(y, 1)) for x, y in pts),
            )
        )
    return Layout(diagram, round(width, 1), round(height, 1), tuple(placed), tuple(routes))


def _run_dot(source: str) -> str:
    dot = shutil.which("dot")
    if dot is None:
        raise GraphvizMissingError(
            "Graphviz `dot` lays out diagrams and is not installed: install it "
            "(`apt-get install graphviz`, as `make setup` does), or use --format dot"
        )
    try:
        result = subprocess.run(
            [dot, "-Tplain"],
            input=source,
            capture_output=True,
            text=True,
            timeout=DOT_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise ScgError(f"Graphviz `dot` took over {DOT_TIMEOUT_S} s on this diagram") from exc
    if result.returncode != 0:
        raise ScgError(f"Graphviz `dot` failed: {result.stderr.strip()}")
    return result.stdout
