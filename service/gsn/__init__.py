"""GSN diagrams of safety cases (DESIGN §10): the notation, its layout by Graphviz, SVG out.

Three stages, each testable alone:

1. `build`: a portfolio (and optionally a what-if scenario) -> a `Diagram` of GSN elements and
   links, with the scenario's failed elements and legs marked (pure, no I/O);
2. `layout`: the diagram -> positions, from Graphviz `dot` (the one external program);
3. `svg`: positions -> an accessible, deterministic SVG document.
"""

from service.gsn.build import case_diagram, deployment_diagram
from service.gsn.layout import GraphvizMissingError, dot_source, lay_out
from service.gsn.notation import Connection, Diagram, Element, Link, Shape
from service.gsn.svg import render_svg

__all__ = [
    "Connection",
    "Diagram",
    "Element",
    "GraphvizMissingError",
    "Link",
    "Shape",
    "case_diagram",
    "deployment_diagram",
    "dot_source",
    "lay_out",
    "render_svg",
]
