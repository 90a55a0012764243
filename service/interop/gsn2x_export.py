"""A portfolio -> gsn2x files (the inverse of `gsn2x_import`, DESIGN §10).

One file per case (`CASE.gsn.yaml`, module named after the case) and, when cases share
elements (a `{ref}` node, an assumption), `index.gsn.yaml`: a module that holds the shared
elements and `uses` every case file, so `gsn2x index.gsn.yaml` reads the whole portfolio.
A file name ending in `.yaml`/`.yml` gets everything in one module instead.

Ids are prefixed by type where they are not already (`G-`, `S-`, `Sn-`, `A-`, `CG-`; a
context or justification gets `C-NODE-i` / `J-NODE-i`), so gsn2x types them right. gsn2x
allows `inContextOf` only on goals and strategies and wants every element reachable from a
goal, so the assumptions an evidence node relies on (and those an assumption relies on) are
also listed in the `inContextOf` of the goal or strategy above them, and named in its
`scg.carries` so the import does not take them for the node's own. What gsn2x has no key for
(probabilities, world models, support rules, case fields, the portfolio's other sections)
rides in `scg` keys, which gsn2x keeps as layers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from service.authoring.yaml_emitter import emit_yaml
from service.errors import InvalidInputError
from service.interop.gsn2x_files import (
    KEPT_KEYS,
    MODULE_KEY,
    PREFIX_OF,
    SCG_KEY,
    GsnType,
    type_from_id,
)
from service.interop.gsn2x_import import split_notes
from service.model import Portfolio
from service.model.enums import NodeType, Support
from service.model.portfolio import ArgumentNode, SafetyCase

INDEX_FILE = "index.gsn.yaml"
CHAR_WRAP = 40  # gsn2x wraps no text unless told: statements are sentences
INDEX_MODULE = "index"
_TYPES = {
    NodeType.GOAL: GsnType.GOAL,
    NodeType.STRATEGY: GsnType.STRATEGY,
    NodeType.EVIDENCE: GsnType.SOLUTION,
}
_RESTORED = (*KEPT_KEYS, "defeated")


def gsn_id(our_id: str, gsn_type: GsnType) -> str:
    """`our_id` if its prefix already tells `gsn_type`, else the id with the type's prefix."""
    if type_from_id(our_id) is gsn_type:
        return our_id
    return f"{PREFIX_OF[gsn_type]}-{our_id}"


def file_stem(case_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]", "_", case_id)


@dataclass(frozen=True)
class ExportedFile:
    name: str  # relative to the output directory
    text: str


def export_gsn(portfolio: Portfolio, single_module: str | None = None) -> list[ExportedFile]:
    """The portfolio as gsn2x files; `single_module`: everything in one module of that name."""
    return _Exporter(portfolio).files(single_module)


class _Exporter:
    def __init__(self, portfolio: Portfolio) -> None:
        self.portfolio = portfolio
        self.nodes = {n.id: n for n in portfolio.argument_nodes()}
        self.assumptions = {a.id: a for a in portfolio.assumptions}
        self.defeaters = {d.id: d for d in portfolio.defeaters}
        self.ids: dict[str, str] = {}
        self.by_gsn_id: dict[str, str] = {}
        self.context_owner: dict[str, str] = {}  # gsn id of an A -> first G/S listing it
        used: dict[str, str] = {}
        for node in self.nodes.values():
            self.name(node.id, _TYPES[node.type], used)
        for assumption_id in self.assumptions:
            self.name(assumption_id, GsnType.ASSUMPTION, used)
        for defeater_id in self.defeaters:
            self.name(defeater_id, GsnType.COUNTER_GOAL, used)

    def name(self, our_id: str, gsn_type: GsnType, used: dict[str, str]) -> None:
        exported = gsn_id(our_id, gsn_type)
        if exported in used:
            raise InvalidInputError(
                f"{our_id!r} and {used[exported]!r} would both be {exported!r} in gsn2x: rename one"
            )
        used[exported] = our_id
        self.ids[our_id] = exported
        self.by_gsn_id[exported] = our_id

    # -- what each case reaches, and so which file an element belongs to ---------------------

    def reach(self, case: SafetyCase) -> tuple[list[str], list[str]]:
        """Argument nodes and assumptions the case reaches, in first-visit order."""
        nodes: dict[str, None] = {}
        stack = [case.argument.id]
        while stack:
            node_id = stack.pop()
            if node_id in nodes:
                continue
            nodes[node_id] = None
            stack.extend(reversed(self.nodes[node_id].child_ids()))
        assumptions: dict[str, None] = {}
        for node_id in nodes:
            for a in self.closure(self.nodes[node_id].relies_on):
                assumptions[a] = None
        return list(nodes), list(assumptions)

    def closure(self, assumption_ids: list[str]) -> list[str]:
        out: dict[str, None] = {}
        stack = list(reversed(assumption_ids))
        while stack:
            a = stack.pop()
            if a in out:
                continue
            out[a] = None
            stack.extend(reversed(self.assumptions[a].relies_on))
        return list(out)

    def files(self, single_module: str | None) -> list[ExportedFile]:
        cases = self.portfolio.cases
        reached = {case.id: self.reach(case) for case in cases}
        owners: dict[str, set[str]] = {}
        for case_id, (nodes, assumptions) in reached.items():
            for element in nodes + assumptions:
                owners.setdefault(element, set()).add(case_id)
        if single_module is not None or len(cases) <= 1:
            home = dict.fromkeys(owners, "")
        else:
            home = {
                element: next(iter(cs)) if len(cs) == 1 else INDEX_MODULE
                for element, cs in owners.items()
            }
        modules: dict[str, dict[str, Any]] = {}
        order = (
            [""]
            if single_module is not None or len(cases) <= 1
            else [*(c.id for c in cases), INDEX_MODULE]
        )
        for module_name in order:
            modules[module_name] = {}
        for case in cases:
            nodes, assumptions = reached[case.id]
            for node_id in nodes:
                module = modules[home[node_id]]
                if self.ids[node_id] not in module:
                    self.add_node(
                        module, self.nodes[node_id], case if node_id == case.argument.id else None
                    )
            for a in assumptions:
                module = modules[home[a]]
                if self.ids[a] not in module:
                    module[self.ids[a]] = self.assumption(a)
        for defeater in self.portfolio.defeaters:
            # in the module of the element it points at, so no argument view shows a
            # counter-claim from elsewhere (gsn2x draws no "away" counter-claims)
            owner = home.get(self.anchor(defeater.challenges), order[0])
            owner = owner if owner in modules else order[0]
            modules[owner][self.ids[defeater.id]] = self.defeater(defeater.id)
        shared = self.portfolio_data(set(owners))
        if len(order) == 1:
            name = single_module or (cases[0].id if cases else "portfolio")
            brief = cases[0].title if cases and single_module is None else self.portfolio.title
            return [
                ExportedFile(
                    f"{file_stem(name)}.gsn.yaml", self.text(name, brief, modules[""], shared, [])
                )
            ]
        out: list[ExportedFile] = []
        index_elements = modules.pop(INDEX_MODULE)
        uses = []
        for case in cases:
            if not modules[case.id]:  # its root is shared: it lives in the index
                continue
            data = shared if (not index_elements and not out) else {}
            name = f"{file_stem(case.id)}.gsn.yaml"
            uses.append(name)
            out.append(
                ExportedFile(name, self.text(case.id, case.title, modules[case.id], data, []))
            )
        if index_elements:
            brief = self.portfolio.title or "Elements the cases share"
            out.append(
                ExportedFile(
                    INDEX_FILE, self.text(INDEX_MODULE, brief, index_elements, shared, uses)
                )
            )
        return out

    def anchor(self, target: str) -> str:
        """The argument node or assumption a challenge of `target` is drawn from: the node
        that has an assumption in context (its relation is challenged), a challenged
        defeater's own anchor, a case's root goal."""
        seen: set[str] = set()
        while target in self.defeaters and target not in seen:
            seen.add(target)
            target = self.defeaters[target].challenges
        case = next((c for c in self.portfolio.cases if c.id == target), None)
        if case is not None:
            return case.argument.id
        gsn_target = self.ids.get(target)
        owner = self.context_owner.get(gsn_target) if gsn_target else None
        return self.by_gsn_id.get(owner, target) if owner else target

    def text(
        self,
        name: str,
        brief: str | None,
        elements: dict[str, Any],
        shared: dict[str, Any],
        uses: list[str],
    ) -> str:
        module: dict[str, Any] = {"name": name}
        if brief:
            module["brief"] = brief
        module["charWrap"] = CHAR_WRAP
        if uses:
            module["uses"] = uses
        if shared:
            module[SCG_KEY] = shared
        return emit_yaml({MODULE_KEY: module, **elements})

    def portfolio_data(self, exported: set[str]) -> dict[str, Any]:
        """The portfolio's sections gsn2x has no element for, and assumptions no case uses."""
        document = self.portfolio.to_document()
        data = {
            k: v
            for k, v in document.items()
            if k not in ("version", "cases", "defeaters", "assumptions") and v not in ([], None)
        }
        unused = [a for a in document.get("assumptions", []) if a["id"] not in exported]
        if unused:
            data["assumptions"] = unused
        return data

    # -- elements ----------------------------------------------------------------------------

    def scg_of(self, our_id: str, gsn_type: GsnType, notes: str | None) -> dict[str, Any]:
        scg: dict[str, Any] = {}
        if self.ids.get(our_id, gsn_id(our_id, gsn_type)) != our_id:
            scg["id"] = our_id
        proper, _ = split_notes(notes)
        if proper:
            scg["notes"] = proper
        return scg

    def restored(self, notes: str | None) -> dict[str, Any]:
        """gsn2x keys an import kept in notes, written back as they were."""
        _, kept = split_notes(notes)
        return {k: v for k, v in kept.items() if k in _RESTORED or k not in _OWN_KEYS}

    def url(self, sources: list[str]) -> str | None:
        by_id = {s.id: s for s in self.portfolio.sources}
        return next((by_id[s].url for s in sources if s in by_id and by_id[s].url), None)

    def add_node(self, module: dict[str, Any], node: ArgumentNode, case: SafetyCase | None) -> None:
        gsn_type = _TYPES[node.type]
        element: dict[str, Any] = {"text": node.statement}
        scg = self.scg_of(node.id, gsn_type, node.notes)
        if node.support is Support.ANY:
            scg["support"] = "any"
        elif node.support is Support.AT_LEAST:
            scg["support"] = f"at least {node.k}"
        if node.sources:
            scg["sources"] = list(node.sources)
        contexts: list[tuple[str, dict[str, Any]]] = []
        for key, prefix in (("context", "C"), ("justification", "J")):
            for i, text in enumerate(getattr(node, key), start=1):
                contexts.append((f"{prefix}-{node.id}-{i}", {"text": text}))
        if gsn_type is GsnType.SOLUTION:
            if node.relies_on:
                scg["relies_on"] = list(node.relies_on)
            if node.context:
                scg["context"] = list(node.context)
            if node.justification:
                scg["justification"] = list(node.justification)
            contexts = []
        else:
            children = node.child_ids()
            if children:
                element["supportedBy"] = [self.ids[c] for c in children]
            else:
                element["undeveloped"] = True
            own = list(node.relies_on)
            below = [
                a
                for c in children
                if self.nodes[c].type is NodeType.EVIDENCE
                for a in self.nodes[c].relies_on
            ]
            carried = [a for a in self.closure(node.relies_on + below) if a not in own]
            refs = [cid for cid, _ in contexts] + [self.ids[a] for a in own + carried]
            for ref in refs:
                self.context_owner.setdefault(ref, self.ids[node.id])
            if refs:
                element["inContextOf"] = refs
            if carried:
                scg["carries"] = carried
        if case is not None:
            scg["case"] = case.model_dump(mode="json", exclude_none=True, exclude={"argument"})
        url = self.url(node.sources)
        if url:
            element["url"] = url
        element.update(self.restored(node.notes))
        if scg:
            element[SCG_KEY] = scg
        module[self.ids[node.id]] = element
        for context_id, context in contexts:
            module[context_id] = context

    def assumption(self, assumption_id: str) -> dict[str, Any]:
        a = self.assumptions[assumption_id]
        element: dict[str, Any] = {"text": a.statement}
        scg = self.scg_of(a.id, GsnType.ASSUMPTION, a.notes)
        dumped = a.model_dump(mode="json", exclude_none=True)
        for key in ("kind", "p_fail", "techniques", "relies_on", "fails_in", "sources"):
            if dumped.get(key) not in (None, []):
                scg[key] = dumped[key]
        url = self.url(a.sources)
        if url:
            element["url"] = url
        element.update(self.restored(a.notes))
        if scg:
            element[SCG_KEY] = scg
        return element

    def defeater(self, defeater_id: str) -> dict[str, Any]:
        d = self.defeaters[defeater_id]
        target = self.ids.get(d.challenges)
        if target is None:  # a case id: its root goal is what is challenged
            case = next(c for c in self.portfolio.cases if c.id == d.challenges)
            target = self.ids[case.argument.id]
        if target in self.context_owner:
            # gsn2x reaches a challenger only through an argument node: challenge the
            # relation from the node that has the assumption in context
            target = f"{self.context_owner[target]} -> {target}"
        scg = self.scg_of(d.id, GsnType.COUNTER_GOAL, d.notes)
        scg["status"] = d.status.value
        element: dict[str, Any] = {"text": d.statement, "challenges": target}
        element.update(self.restored(d.notes))
        element[SCG_KEY] = scg
        return element


_OWN_KEYS = frozenset(
    {"text", "supportedBy", "inContextOf", "challenges", "undeveloped", "url", "nodeType", SCG_KEY}
)
