"""gsn2x files -> a portfolio (DESIGN §10 mapping).

G -> goal, S -> strategy, Sn -> evidence; C and J -> the context / justification text of the
goals and strategies that refer to them; A -> an assumption those nodes rely on (p_fail 0 until
someone states it); a counter goal or counter solution that `challenges` something -> a
defeater of it (RESOLVED when the counter-claim is itself `defeated`, else OPEN; the counter
elements supporting it join its statement); `url` -> a source; `undeveloped` -> a leaf goal.
Every top goal (one no element supports) becomes a safety case rooted at it. Layout keys,
classes, confidence points and layers are kept in notes (`gsn2x: {...}`), so an export writes
them back. What our model adds (probabilities, world models, support rules, case fields) rides
in the `scg` key, which gsn2x keeps as a layer; files written by `scg export-gsn` carry it, so
their import gives back the same portfolio.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from service.authoring import InvalidPortfolioError, PortfolioIssue, validate_portfolio
from service.interop.gsn2x_files import (
    COUNTER_TYPES,
    GsnDocumentSet,
    GsnElement,
    GsnType,
    read_gsn_files,
)
from service.model import Portfolio

NOTES_PREFIX = "gsn2x: "
_NODE_TYPES = {GsnType.GOAL: "goal", GsnType.STRATEGY: "strategy", GsnType.SOLUTION: "evidence"}
DEFAULT_CATEGORY = "trustworthiness"


def import_gsn(paths: Sequence[Path]) -> Portfolio:
    """Read gsn2x files (and the modules they use) as a validated portfolio."""
    documents = read_gsn_files(paths)
    document = _Mapper(documents).document()
    first = str(paths[0]) if paths else None
    try:
        portfolio = Portfolio.model_validate(document)
    except ValidationError as exc:
        issues = [
            PortfolioIssue(first, ".".join(map(str, e["loc"])), None, e["msg"])
            for e in exc.errors()
        ]
        raise InvalidPortfolioError(issues) from exc
    return validate_portfolio(portfolio, filename=first)


def kept_notes(element_notes: str | None, kept: dict[str, Any]) -> str | None:
    """Notes with the gsn2x keys our model has no place for, as one `gsn2x: {json}` line."""
    lines = [element_notes] if element_notes else []
    if kept:
        lines.append(NOTES_PREFIX + json.dumps(kept, sort_keys=True, ensure_ascii=False))
    return "\n".join(lines) or None


def split_notes(notes: str | None) -> tuple[str | None, dict[str, Any]]:
    """The inverse of `kept_notes`: (the notes proper, the kept gsn2x keys)."""
    if not notes:
        return None, {}
    kept: dict[str, Any] = {}
    rest = []
    for line in notes.split("\n"):
        if line.startswith(NOTES_PREFIX):
            try:
                value = json.loads(line[len(NOTES_PREFIX) :])
            except ValueError:
                value = None
            if isinstance(value, dict):
                kept.update(value)
                continue
        rest.append(line)
    return "\n".join(rest) or None, kept


class _Mapper:
    def __init__(self, documents: GsnDocumentSet) -> None:
        self.modules = documents.modules
        self.elements = documents.elements
        self.sources: list[dict[str, Any]] = []
        self.defined: set[str] = set()
        self.case_roots: set[str] = set()

    def our_id(self, element_id: str) -> str:
        element = self.elements[element_id]
        own = element.scg.get("id")
        return own if isinstance(own, str) and own else element_id

    def notes(self, element: GsnElement, extra: Sequence[str] = ()) -> str | None:
        own = element.scg.get("notes")
        lines = [own] if isinstance(own, str) and own else []
        lines.extend(extra)
        return kept_notes("\n".join(lines) or None, element.kept)

    def sources_of(self, element: GsnElement) -> list[str]:
        stated = element.scg.get("sources")
        if isinstance(stated, list):
            return [str(s) for s in stated]
        if element.url is None:
            return []
        source_id = f"{self.our_id(element.id)}-url"
        self.sources.append(
            {"id": source_id, "title": element.text or element.id, "url": element.url}
        )
        return [source_id]

    def document(self) -> dict[str, Any]:
        portfolio_data: dict[str, Any] = {}
        for module in self.modules:
            if module.scg:
                portfolio_data = dict(module.scg)
                break
        extra_assumptions = list(portfolio_data.pop("assumptions", []) or [])
        roots = self.top_goals()
        self.case_roots = {self.our_id(e.id) for e in roots}
        cases = [self.case(e) for e in roots]
        assumptions = [
            self.assumption(e) for e in self.elements.values() if e.type is GsnType.ASSUMPTION
        ]
        defeaters = [
            self.defeater(e)
            for e in self.elements.values()
            if e.type in COUNTER_TYPES and e.challenges is not None
        ]
        document: dict[str, Any] = {"version": 1}
        for key, value in portfolio_data.items():
            if key not in ("version", "cases", "defeaters"):
                document[key] = value
        document["sources"] = list(document.get("sources", [])) + self.sources
        document["assumptions"] = assumptions + extra_assumptions
        document["cases"] = cases
        document["defeaters"] = defeaters
        return document

    def top_goals(self) -> list[GsnElement]:
        """Goals no element supports, and goals an export marked as a case's root."""
        referenced = {c for e in self.elements.values() for c in e.supported_by}
        return [
            e
            for e in self.elements.values()
            if e.type is GsnType.GOAL
            and (e.id not in referenced or isinstance(e.scg.get("case"), dict))
        ]

    def case(self, root: GsnElement) -> dict[str, Any]:
        stated = root.scg.get("case")
        if isinstance(stated, dict):
            case = dict(stated)
        else:
            module = next(m for m in self.modules if m.name == root.module)
            single = sum(1 for t in self.top_goals() if t.module == root.module) == 1
            case = {
                "id": f"case-{self.our_id(root.id)}",
                "title": (module.brief if single and module.brief else root.text) or root.id,
                "category": DEFAULT_CATEGORY,
                "notes": f"imported from gsn2x module {module.name}",
            }
        case["argument"] = self.node(root, root=True)
        return case

    def node(self, element: GsnElement, root: bool = False) -> dict[str, Any]:
        """The node written out where it is first met; a `{ref}` after that, and for another
        case's root (which that case's argument defines)."""
        our_id = self.our_id(element.id)
        if our_id in self.defined or (our_id in self.case_roots and not root):
            return {"ref": our_id}
        self.defined.add(our_id)
        scg = element.scg
        node: dict[str, Any] = {
            "id": our_id,
            "type": _NODE_TYPES[element.type],
            "statement": element.text or element.id,
        }
        support = scg.get("support")
        if isinstance(support, str) and support.startswith("at least "):
            node["support"] = {"at_least": int(support.removeprefix("at least "))}
        elif support in ("any", "all"):
            node["support"] = support
        carried = {str(a) for a in scg.get("carries", []) or []}
        context = [self.elements[c] for c in element.in_context_of]
        relies_on = [
            self.our_id(c.id)
            for c in context
            if c.type is GsnType.ASSUMPTION and self.our_id(c.id) not in carried
        ]
        relies_on += [str(a) for a in scg.get("relies_on", []) or []]
        if relies_on:
            node["relies_on"] = relies_on
        texts = {
            "context": [c.text or c.id for c in context if c.type is GsnType.CONTEXT],
            "justification": [c.text or c.id for c in context if c.type is GsnType.JUSTIFICATION],
        }
        for key, found in texts.items():
            values = found + [str(t) for t in scg.get(key, []) or []]
            if values:
                node[key] = values
        sources = self.sources_of(element)
        if sources:
            node["sources"] = sources
        extra = [
            f"{c.type.value} {c.id} url: {c.url}"
            for c in context
            if c.url and c.type is not GsnType.ASSUMPTION
        ]
        notes = self.notes(element, extra)
        if notes:
            node["notes"] = notes
        if element.supported_by:
            node["children"] = [self.node(self.elements[c]) for c in element.supported_by]
        return node

    def assumption(self, element: GsnElement) -> dict[str, Any]:
        scg = element.scg
        assumption: dict[str, Any] = {
            "id": self.our_id(element.id),
            "statement": element.text or element.id,
        }
        for key in ("kind", "p_fail", "techniques", "relies_on", "fails_in"):
            if key in scg:
                assumption[key] = scg[key]
        sources = self.sources_of(element)
        if sources:
            assumption["sources"] = sources
        notes = self.notes(element)
        if notes:
            assumption["notes"] = notes
        return assumption

    def defeater(self, element: GsnElement) -> dict[str, Any]:
        target_id = element.challenged or ""
        target = self.elements[target_id]
        extra: list[str] = []
        if element.challenges and "->" in element.challenges and not element.scg:
            extra.append(f"challenges the relation {element.challenges}")
        if target.type in (GsnType.CONTEXT, GsnType.JUSTIFICATION):
            owner = next(e for e in self.elements.values() if target_id in e.in_context_of)
            extra.append(f"challenges {target.type.value.lower()} {target_id}: {target.text}")
            target = owner
        statement = element.text or element.id
        support = self.counter_support(element)
        if support:
            statement += " (supported by: " + "; ".join(support) + ")"
        status = element.scg.get("status")
        defeater: dict[str, Any] = {
            "id": self.our_id(element.id),
            "statement": statement,
            "challenges": self.our_id(target.id),
            "status": status
            if status in ("open", "resolved")
            else ("resolved" if element.defeated else "open"),
        }
        if element.url:
            extra.append(f"url: {element.url}")
        notes = self.notes(element, extra)
        if notes:
            defeater["notes"] = notes
        return defeater

    def counter_support(self, element: GsnElement) -> list[str]:
        """The counter elements under a counter-claim, each `ID: text`, depth first."""
        out: list[str] = []
        stack = list(reversed(element.supported_by))
        seen: set[str] = set()
        while stack:
            child = self.elements[stack.pop()]
            if child.id in seen:
                continue
            seen.add(child.id)
            out.append(f"{child.id}: {child.text}" if child.text else child.id)
            stack.extend(reversed(child.supported_by))
        return out
