"""An accessible, deterministic SVG of a laid-out GSN diagram.

Accessible: every element is a `<g>` with a `<title>` (its kind, id, statement and state) and
its id as `data-id`; text is text, wrapped inside its shape; failure is drawn as a thick dashed
outline and written out ("FAILED"), never colour alone. Deterministic: coordinates are rounded,
elements are written in the diagram's order, and nothing varies from run to run (no dates, no
random ids), so the same input gives the same bytes. Only presentation attributes are used (no
`<style>`, no script), so the SVG can be inlined under a strict Content-Security-Policy.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from xml.sax.saxutils import escape, quoteattr

from service.gsn.layout import DIAMOND, SKEW, Layout, Line, Placed, Route, lay_out
from service.gsn.notation import SHAPE_NAMES, Diagram, Link, Shape
from service.gsn.text import FONT_SIZE, NOTE_FONT_SIZE, text_width

MARGIN = 16.0
FONT = "DejaVu Sans, Verdana, Helvetica, Arial, sans-serif"
INK = "#1f1f1f"
FAIL = "#b00020"
COUNTER = "#7a1f5c"
ARROW_LENGTH = 10.0
ARROW_HALF_WIDTH = 5.0

_TEXT_STYLE = {
    "failed": f' font-weight="bold" fill="{FAIL}"',
    "heading": ' font-weight="bold" fill="#303030"',
    "id": ' fill="#505050"',
    "statement": f' fill="{INK}"',
    "note": ' font-style="italic" fill="#404040"',
}


def render_svg(diagram: Diagram) -> str:
    """The diagram as an SVG document (lays it out with `dot` first)."""
    return svg_of(lay_out(diagram))


def svg_of(layout: Layout) -> str:
    diagram = layout.diagram
    header = _header_lines(diagram)
    header_h = MARGIN + sum(size * 1.4 for _, size, _ in header) + 8
    header_w = max(text_width(text, size) for text, size, _ in header)
    width = _n(max(layout.width, header_w) + 2 * MARGIN)
    height = _n(layout.height + header_h + MARGIN)
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="gsn-title gsn-desc" '
        f'font-family="{FONT}" font-size="{_n(FONT_SIZE)}" class="gsn-diagram">',
        f'<title id="gsn-title">{escape(diagram.title)}</title>',
        f'<desc id="gsn-desc">{escape(_description(diagram))}</desc>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
    ]
    y = MARGIN
    for text, size, style in header:
        y += size * 1.2
        out.append(
            f'<text x="{_n(MARGIN)}" y="{_n(y)}" font-size="{_n(size)}"{style}>'
            f"{escape(text)}</text>"
        )
        y += size * 0.2
    out.append(f'<g transform="translate({_n(MARGIN)},{_n(header_h)})">')
    out.append('<g class="gsn-links">')
    out.extend(_route(r) for r in layout.routes)
    out.append("</g>")
    out.append('<g class="gsn-elements">')
    for placed in layout.placed:
        out.extend(_element(placed))
    out.append("</g>")
    out.append("</g>")
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _header_lines(diagram: Diagram) -> list[tuple[str, float, str]]:
    lines = [(diagram.title, 14.0, ' font-weight="bold"')]
    if diagram.scenario:
        lines.append((diagram.scenario, FONT_SIZE, f' fill="{FAIL}" font-weight="bold"'))
        lines.append(
            (
                "Failed elements, and the links their failure climbs until a node holds: "
                "thick dashed, marked ✗ FAILED",
                NOTE_FONT_SIZE,
                ' fill="#404040"',
            )
        )
    return lines


def _description(diagram: Diagram) -> str:
    failed = [e.id for e in diagram.elements if e.failed]
    parts = [
        f"GSN argument with {len(diagram.elements)} elements and {len(diagram.connections)} links."
    ]
    if diagram.scenario:
        parts.append(f"{diagram.scenario}.")
        parts.append(f"Failed: {', '.join(failed) if failed else 'nothing'}.")
    return " ".join(parts)


def _n(value: float) -> str:
    """A coordinate with at most one decimal, no trailing zeros (stable text)."""
    text = f"{round(value, 1):.1f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _stroke(failed: bool, colour: str = INK) -> str:
    if failed:
        return f'stroke="{FAIL}" stroke-width="3" stroke-dasharray="8 4"'
    return f'stroke="{colour}" stroke-width="1.4"'


def _route(route: Route) -> str:
    pts = route.points
    d = [f"M{_n(pts[0][0])},{_n(pts[0][1])}"]
    for i in range(1, len(pts) - 2, 3):
        (x1, y1), (x2, y2), (x3, y3) = pts[i], pts[i + 1], pts[i + 2]
        d.append(f"C{_n(x1)},{_n(y1)} {_n(x2)},{_n(y2)} {_n(x3)},{_n(y3)}")
    colour = COUNTER if route.link is Link.CHALLENGES else INK
    arrow_fill = (
        "#ffffff" if route.link is Link.IN_CONTEXT_OF else (FAIL if route.failed else colour)
    )
    stroke = _stroke(route.failed, colour)
    head = _arrowhead(pts)
    state = " gsn-failed" if route.failed else ""
    return (
        f'<g class="gsn-link gsn-{route.link.value}{state}" data-source={quoteattr(route.source)} '
        f"data-target={quoteattr(route.target)}>"
        f'<path d="{" ".join(d)}" fill="none" {stroke}/>'
        f'<polygon points="{head}" fill="{arrow_fill}" '
        f'stroke="{FAIL if route.failed else colour}" stroke-width="1.2"/></g>'
    )


def _arrowhead(pts: tuple[tuple[float, float], ...]) -> str:
    tip = pts[-1]
    base = next((p for p in reversed(pts[:-1]) if p != tip), (tip[0], tip[1] - 1))
    dx, dy = tip[0] - base[0], tip[1] - base[1]
    length = math.hypot(dx, dy) or 1.0
    ux, uy = dx / length, dy / length
    bx, by = tip[0] - ux * ARROW_LENGTH, tip[1] - uy * ARROW_LENGTH
    left = (bx - uy * ARROW_HALF_WIDTH, by + ux * ARROW_HALF_WIDTH)
    right = (bx + uy * ARROW_HALF_WIDTH, by - ux * ARROW_HALF_WIDTH)
    return " ".join(f"{_n(x)},{_n(y)}" for x, y in (tip, left, right))


def _title(placed: Placed) -> str:
    e = placed.element
    parts = [f"{SHAPE_NAMES[e.shape]} {e.id}: {e.text}"]
    if e.heading:
        parts.append(e.heading)
    if e.undeveloped:
        parts.append("undeveloped")
    parts.extend(e.notes)
    if e.failed:
        parts.append("FAILED under the scenario")
    return ". ".join(parts)


def _element(placed: Placed) -> Iterable[str]:
    e = placed.element
    s = placed.sized
    state = " gsn-failed" if e.failed else ""
    undeveloped = " gsn-undeveloped" if e.undeveloped else ""
    yield (
        f'<g class="gsn-element gsn-{e.shape.value}{state}{undeveloped}" data-id={quoteattr(e.id)}>'
    )
    yield f"<title>{escape(_title(placed))}</title>"
    yield from _shape(placed)
    yield from _text(placed, s.lines)
    yield "</g>"


def _shape(placed: Placed) -> Iterable[str]:
    e = placed.element
    s = placed.sized
    x, y, w, h = placed.x, placed.y, s.shape_w, s.shape_h
    colour = COUNTER if e.shape is Shape.COUNTER_CLAIM else INK
    stroke = _stroke(e.failed, colour)
    fill = 'fill="#ffffff"'
    box = f'x="{_n(x)}" y="{_n(y)}" width="{_n(w)}" height="{_n(h)}"'
    cx, cy = placed.cx, placed.shape_cy
    if e.shape is Shape.GOAL:
        yield f'<rect class="gsn-shape" {box} {fill} {stroke}/>'
    elif e.shape is Shape.COUNTER_CLAIM:
        yield f'<rect class="gsn-shape" {box} {fill} {stroke}/>'
        inner = f'x="{_n(x + 3)}" y="{_n(y + 3)}" width="{_n(w - 6)}" height="{_n(h - 6)}"'
        yield f'<rect {inner} fill="none" stroke="{colour}" stroke-width="0.8"/>'
    elif e.shape is Shape.CONTEXT:
        radius = _n(min(12.0, h / 2))
        yield f'<rect class="gsn-shape" {box} rx="{radius}" ry="{radius}" {fill} {stroke}/>'
    elif e.shape is Shape.STRATEGY:
        points = [(x + SKEW, y), (x + w, y), (x + w - SKEW, y + h), (x, y + h)]
        pts = " ".join(f"{_n(px)},{_n(py)}" for px, py in points)
        yield f'<polygon class="gsn-shape" points="{pts}" {fill} {stroke}/>'
    elif e.shape is Shape.SOLUTION:
        yield (
            f'<circle class="gsn-shape" cx="{_n(cx)}" cy="{_n(cy)}" r="{_n(w / 2)}" '
            f"{fill} {stroke}/>"
        )
    else:  # assumption, justification: an ellipse marked A or J at its lower right
        rx, ry = w / 2, h / 2
        yield (
            f'<ellipse class="gsn-shape" cx="{_n(cx)}" cy="{_n(cy)}" rx="{_n(rx)}" '
            f'ry="{_n(ry)}" {fill} {stroke}/>'
        )
        mark = "A" if e.shape is Shape.ASSUMPTION else "J"
        yield (
            f'<text class="gsn-mark" x="{_n(cx + rx * 0.72 + 2)}" y="{_n(cy + ry * 0.72 + 12)}" '
            f'font-weight="bold" font-size="13">{mark}</text>'
        )
    if e.undeveloped:
        top = y + h + 1
        d = DIAMOND
        diamond = [(cx, top), (cx + d, top + d), (cx, top + 2 * d), (cx - d, top + d)]
        pts = " ".join(f"{_n(px)},{_n(py)}" for px, py in diamond)
        yield (
            f'<polygon class="gsn-undeveloped-mark" points="{pts}" fill="#ffffff" '
            f'stroke="{INK}" stroke-width="1.4"/>'
        )


def _text(placed: Placed, lines: tuple[Line, ...]) -> Iterable[str]:
    cx = placed.cx
    top = placed.shape_cy - placed.sized.text_h / 2
    for line in lines:
        baseline = top + line.size * 1.0
        size = "" if line.size == FONT_SIZE else f' font-size="{_n(line.size)}"'
        yield (
            f'<text x="{_n(cx)}" y="{_n(baseline)}" text-anchor="middle"{size}'
            f"{_TEXT_STYLE[line.role]}>{escape(line.text)}</text>"
        )
        top += line.height
