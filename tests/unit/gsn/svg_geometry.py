"""Reading a GSN diagram back from its SVG: elements, their shapes and bounding boxes."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

SVG = "{http://www.w3.org/2000/svg}"


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float

    def overlaps(self, other: Box) -> bool:
        return (
            self.x < other.x + other.w
            and other.x < self.x + self.w
            and self.y < other.y + other.h
            and other.y < self.y + self.h
        )


@dataclass(frozen=True)
class DrawnElement:
    id: str
    classes: frozenset[str]
    shape: ET.Element
    box: Box
    texts: tuple[str, ...]
    title: str
    group: ET.Element


def _classes(node: ET.Element) -> frozenset[str]:
    return frozenset((node.get("class") or "").split())


def shape_box(shape: ET.Element) -> Box:
    tag = shape.tag.removeprefix(SVG)
    get = lambda name: float(shape.get(name, "0"))  # noqa: E731
    if tag == "rect":
        return Box(get("x"), get("y"), get("width"), get("height"))
    if tag == "circle":
        r = get("r")
        return Box(get("cx") - r, get("cy") - r, 2 * r, 2 * r)
    if tag == "ellipse":
        rx, ry = get("rx"), get("ry")
        return Box(get("cx") - rx, get("cy") - ry, 2 * rx, 2 * ry)
    if tag == "polygon":
        pts = [tuple(map(float, p.split(","))) for p in (shape.get("points") or "").split()]
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        return Box(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))
    raise AssertionError(f"unexpected shape element {tag}")


def drawn_elements(svg_text: str) -> dict[str, DrawnElement]:
    root = ET.fromstring(svg_text)
    assert root.tag == f"{SVG}svg"
    out: dict[str, DrawnElement] = {}
    for group in root.iter(f"{SVG}g"):
        classes = _classes(group)
        if "gsn-element" not in classes:
            continue
        shapes = [child for child in group if "gsn-shape" in _classes(child)]
        assert len(shapes) == 1, f"{group.get('data-id')}: {len(shapes)} shapes"
        title = group.find(f"{SVG}title")
        assert title is not None
        assert title.text
        texts = tuple(t.text or "" for t in group.iter(f"{SVG}text"))
        element_id = group.get("data-id")
        assert element_id
        assert element_id not in out
        out[element_id] = DrawnElement(
            element_id, classes, shapes[0], shape_box(shapes[0]), texts, title.text, group
        )
    return out


def links(svg_text: str) -> dict[tuple[str, str], frozenset[str]]:
    root = ET.fromstring(svg_text)
    return {
        (g.get("data-source") or "", g.get("data-target") or ""): _classes(g)
        for g in root.iter(f"{SVG}g")
        if "gsn-link" in _classes(g)
    }


def overlapping_pairs(elements: dict[str, DrawnElement]) -> list[tuple[str, str]]:
    items = sorted(elements.values(), key=lambda e: e.box.x)
    pairs = []
    for i, a in enumerate(items):
        for b in items[i + 1 :]:
            if b.box.x >= a.box.x + a.box.w:
                break
            if a.box.overlaps(b.box):
                pairs.append((a.id, b.id))
    return pairs
