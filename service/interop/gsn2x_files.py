"""Reading gsn2x YAML files (modules) into located GSN elements, refusing what gsn2x refuses.

A gsn2x file is a map from element id to element, plus an optional `module` entry
(`name`, `brief`, `uses`, `extends`). The element type comes from the id prefix (CG, G, CSn,
Sn, S, C, A, J, matched in that order) unless `nodeType` says otherwise. Files named in
`module.uses` are read too (relative to the file that uses them).

Every problem names the file, the line and the element, one line each, and all of them are
reported together (`InvalidPortfolioError`). The checks mirror gsn2x's own validation (V..)
and cross-file checks (C..), whose numbers the messages carry, plus what our mapping cannot
take (a counter-claim in a `supportedBy`, a duplicate entry in a list).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from service.authoring import InvalidPortfolioError, PortfolioIssue
from service.authoring.reader import ParsedDocument, parse_text

MODULE_KEY = "module"
SCG_KEY = "scg"  # our own fields, kept by gsn2x as an additional layer


class GsnType(StrEnum):
    """gsn2x element types, spelled as its `nodeType` values."""

    GOAL = "Goal"
    STRATEGY = "Strategy"
    SOLUTION = "Solution"
    CONTEXT = "Context"
    ASSUMPTION = "Assumption"
    JUSTIFICATION = "Justification"
    COUNTER_GOAL = "CounterGoal"
    COUNTER_SOLUTION = "CounterSolution"


#: Id prefixes in the order gsn2x matches them (CG before G, CSn before Sn before S before C).
PREFIXES: tuple[tuple[str, GsnType], ...] = (
    ("CG", GsnType.COUNTER_GOAL),
    ("G", GsnType.GOAL),
    ("CSn", GsnType.COUNTER_SOLUTION),
    ("Sn", GsnType.SOLUTION),
    ("S", GsnType.STRATEGY),
    ("C", GsnType.CONTEXT),
    ("A", GsnType.ASSUMPTION),
    ("J", GsnType.JUSTIFICATION),
)
PREFIX_OF = {t: p for p, t in PREFIXES}

ARGUMENT_TYPES = frozenset({GsnType.GOAL, GsnType.STRATEGY, GsnType.SOLUTION})
CONTEXT_TYPES = frozenset({GsnType.CONTEXT, GsnType.ASSUMPTION, GsnType.JUSTIFICATION})
COUNTER_TYPES = frozenset({GsnType.COUNTER_GOAL, GsnType.COUNTER_SOLUTION})
DEVELOPED_TYPES = frozenset({GsnType.GOAL, GsnType.STRATEGY})

#: The keys gsn2x gives a meaning to; any other key of an element is an additional layer.
KNOWN_KEYS = frozenset(
    {
        "text",
        "supportedBy",
        "inContextOf",
        "challenges",
        "undeveloped",
        "defeated",
        "defeatedRelation",
        "classes",
        "url",
        "rankIncrement",
        "horizontalIndex",
        "nodeType",
        "charWrap",
        "acp",
    }
)
#: Kept in notes (layout, styling, confidence): meaningful to gsn2x, not to our analyses.
KEPT_KEYS = ("classes", "rankIncrement", "horizontalIndex", "charWrap", "acp", "defeatedRelation")


def type_from_id(element_id: str) -> GsnType | None:
    for prefix, gsn_type in PREFIXES:
        if element_id.startswith(prefix):
            return gsn_type
    return None


@dataclass
class GsnElement:
    id: str
    type: GsnType
    module: str
    file: str
    line: int | None
    text: str
    supported_by: list[str]
    in_context_of: list[str]
    undeveloped: bool = False
    defeated: bool = False
    url: str | None = None
    challenges: str | None = None  # an element id, or "X -> Y" (a relation)
    scg: dict[str, Any] = field(default_factory=dict)
    kept: dict[str, Any] = field(default_factory=dict)  # layout keys and layers, for notes

    @property
    def challenged(self) -> str | None:
        """The element a challenge points at (the target end of a challenged relation)."""
        if self.challenges is None:
            return None
        return self.challenges.split("->")[-1].strip()


@dataclass
class GsnModule:
    name: str
    file: str
    line: int | None
    brief: str | None = None
    uses: list[str] = field(default_factory=list)
    extends: list[tuple[str, dict[str, list[str]], int | None]] = field(default_factory=list)
    scg: dict[str, Any] = field(default_factory=dict)
    element_ids: list[str] = field(default_factory=list)


@dataclass
class GsnDocumentSet:
    """Every element of every module, in file order, once every check has passed."""

    modules: list[GsnModule]
    elements: dict[str, GsnElement]


class _Issues:
    def __init__(self) -> None:
        self.items: list[PortfolioIssue] = []

    def add(self, file: str, line: int | None, where: str, message: str) -> None:
        self.items.append(PortfolioIssue(file=file, path=where, line=line, message=message))

    def raise_any(self) -> None:
        if self.items:
            raise InvalidPortfolioError(self.items)


def read_gsn_files(paths: Sequence[Path]) -> GsnDocumentSet:
    """Read gsn2x files and the files their modules use; raise listing every problem."""
    reader = _Reader()
    for path in paths:
        reader.read(Path(path))
    reader.issues.raise_any()
    reader.check()
    reader.issues.raise_any()
    return GsnDocumentSet(reader.modules, reader.elements)


class _Reader:
    def __init__(self) -> None:
        self.issues = _Issues()
        self.modules: list[GsnModule] = []
        self.elements: dict[str, GsnElement] = {}
        self.seen: set[Path] = set()
        self.lines: dict[tuple[str, str], int | None] = {}  # (element, key) -> line

    # -- reading -------------------------------------------------------------------------

    def read(self, path: Path) -> None:
        resolved = path.resolve()
        if resolved in self.seen:
            return
        self.seen.add(resolved)
        name = str(path)
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            self.issues.add(name, None, "", f"cannot read: {reason}")
            return
        parsed = parse_text(text, "yaml")
        for issue in parsed.issues:
            self.issues.add(name, issue.line, issue.path, issue.message)
        if parsed.issues:
            return
        data = parsed.data
        if not isinstance(data, dict):
            self.issues.add(name, parsed.root_line, "", "a gsn2x file is a map of element ids")
            return
        module = self.module(name, data.get(MODULE_KEY), parsed)
        for other in module.uses:
            used = path.parent / other
            if not used.is_file():
                line = parsed.line_of([MODULE_KEY, "uses"])
                self.issues.add(name, line, "module.uses", f"used file {other!r} not found")
                continue
            self.read(used)
        for element_id, value in data.items():
            if element_id == MODULE_KEY:
                continue
            self.element(module, str(element_id), value, parsed)
        if not any(key != MODULE_KEY for key in data):
            self.issues.add(name, parsed.root_line, "", "the module has no elements")

    def module(self, file: str, value: Any, parsed: ParsedDocument) -> GsnModule:
        line = parsed.line_of([MODULE_KEY])
        module = GsnModule(name=file, file=file, line=line)
        if value is None:
            self.modules.append(module)
            return module
        if not isinstance(value, dict):
            self.issues.add(file, line, "module", "module must be a map (name, brief, uses, ...)")
            self.modules.append(module)
            return module
        name = value.get("name")
        if not isinstance(name, str) or not name:
            self.issues.add(file, line, "module", "module needs a name")
        else:
            module.name = name
        brief = value.get("brief")
        module.brief = brief if isinstance(brief, str) else None
        module.uses = self.strings(value.get("uses"), file, line, "module.uses")
        for i, ext in enumerate(value.get("extends") or []):
            ext_line = parsed.line_of([MODULE_KEY, "extends", i])
            if not (isinstance(ext, dict) and isinstance(ext.get("module"), str)):
                self.issues.add(
                    file, ext_line, "module.extends", "extends needs module and develops"
                )
                continue
            develops: dict[str, list[str]] = {}
            for foreign, local in (ext.get("develops") or {}).items():
                develops[str(foreign)] = self.strings(local, file, ext_line, "module.extends")
            module.extends.append((ext["module"], develops, ext_line))
        scg = value.get(SCG_KEY)
        module.scg = scg if isinstance(scg, dict) else {}
        for other in self.modules:
            if other.name == module.name:
                self.issues.add(
                    file, line, "module", f"C06: module {module.name!r} is also in {other.file}"
                )
        self.modules.append(module)
        return module

    def strings(self, value: Any, file: str, line: int | None, where: str) -> list[str]:
        """One id or a list of ids (gsn2x accepts both)."""
        if value is None:
            return []
        if isinstance(value, str):
            return [value]
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return list(value)
        self.issues.add(file, line, where, "expected an id or a list of ids")
        return []

    def element(
        self, module: GsnModule, element_id: str, value: Any, parsed: ParsedDocument
    ) -> None:
        file = module.file
        line = parsed.line_of([element_id])
        if value is None:
            value = {}
        if not isinstance(value, dict):
            self.issues.add(file, line, element_id, "an element is a map (text, supportedBy, ...)")
            return
        node_type = value.get("nodeType")
        gsn_type: GsnType | None
        if node_type is not None:
            try:
                gsn_type = GsnType(node_type)
            except ValueError:
                names = ", ".join(t.value for t in GsnType)
                self.issues.add(
                    file,
                    parsed.line_of([element_id, "nodeType"]),
                    element_id,
                    f"V01: unknown nodeType {node_type!r} (one of {names})",
                )
                return
        else:
            gsn_type = type_from_id(element_id)
        if gsn_type is None:
            self.issues.add(
                file,
                line,
                element_id,
                "V01: element type unknown: the id has no known prefix (CG, G, CSn, Sn, S, C, "
                "A, J) and no nodeType says it",
            )
            return
        if element_id in self.elements:
            other = self.elements[element_id]
            self.issues.add(
                file,
                line,
                element_id,
                f"C07: duplicate id: also defined in {other.file}:{other.line}",
            )
            return
        for key in ("supportedBy", "inContextOf", "defeated", "undeveloped"):
            self.lines[(element_id, key)] = parsed.line_of([element_id, key])
        self.lines[(element_id, "challenges")] = parsed.line_of([element_id, "challenges"])
        text = value.get("text", "")
        if not isinstance(text, str):
            text = str(text)
        challenges = value.get("challenges")
        if challenges is not None and not isinstance(challenges, str):
            self.issues.add(
                file,
                self.lines[(element_id, "challenges")],
                element_id,
                "challenges takes one id, or a relation 'X -> Y'",
            )
            challenges = None
        url = value.get("url")
        scg = value.get(SCG_KEY)
        element = GsnElement(
            id=element_id,
            type=gsn_type,
            module=module.name,
            file=file,
            line=line,
            text=text,
            supported_by=self.strings(
                value.get("supportedBy"), file, self.lines[(element_id, "supportedBy")], element_id
            ),
            in_context_of=self.strings(
                value.get("inContextOf"), file, self.lines[(element_id, "inContextOf")], element_id
            ),
            undeveloped=value.get("undeveloped") is True,
            defeated=value.get("defeated") is True,
            url=url if isinstance(url, str) else None,
            challenges=challenges,
            scg=scg if isinstance(scg, dict) else {},
            kept={
                k: v
                for k, v in value.items()
                if k in KEPT_KEYS or (k not in KNOWN_KEYS and k != SCG_KEY)
            },
        )
        if element.defeated and gsn_type not in COUNTER_TYPES:
            element.kept["defeated"] = True  # a defeated argument node: kept, for gsn2x
        self.elements[element_id] = element
        module.element_ids.append(element_id)

    # -- checks (gsn2x's V and C rules that decide whether a file set is accepted) -----------

    def report(self, element: GsnElement, key: str | None, message: str) -> None:
        line = self.lines.get((element.id, key)) if key else None
        self.issues.add(element.file, line or element.line, element.id, message)

    def check(self) -> None:
        self.apply_extends()
        for element in self.elements.values():
            self.check_links(element)
            self.check_counter(element)
        if not self.issues.items:
            self.check_cycles()
            self.check_top_level()

    def apply_extends(self) -> None:
        by_name = {m.name: m for m in self.modules}
        for module in self.modules:
            for target, develops, line in module.extends:
                if target not in by_name:
                    self.issues.add(
                        module.file,
                        line,
                        "module.extends",
                        f"C09: extended module {target!r} not found",
                    )
                    continue
                for foreign, locals_ in develops.items():
                    node = self.elements.get(foreign)
                    if node is None or node.module != target:
                        self.issues.add(
                            module.file,
                            line,
                            "module.extends",
                            f"C10: element {foreign!r} is not in module {target!r}",
                        )
                        continue
                    if not node.undeveloped:
                        self.issues.add(
                            module.file,
                            line,
                            "module.extends",
                            f"C10: element {foreign!r} is not undeveloped, so it cannot be "
                            "developed elsewhere",
                        )
                        continue
                    for local in locals_:
                        known = self.elements.get(local)
                        if known is None or known.module != module.name:
                            self.issues.add(
                                module.file,
                                line,
                                "module.extends",
                                f"V07: element {local!r} is not in module {module.name!r}",
                            )
                        elif known.type not in ARGUMENT_TYPES:
                            self.issues.add(
                                module.file,
                                line,
                                "module.extends",
                                f"V07: {local!r} is a {known.type.value}: only goals, "
                                "strategies and solutions can develop a goal",
                            )
                    node.supported_by = list(locals_)
                    node.undeveloped = False

    def check_links(self, element: GsnElement) -> None:
        for key, refs in (
            ("supportedBy", element.supported_by),
            ("inContextOf", element.in_context_of),
        ):
            seen: set[str] = set()
            for ref in refs:
                if ref == element.id:
                    self.report(element, key, f"V06: {key} lists the element itself")
                    continue
                if ref in seen:
                    self.report(element, key, f"V05: {key} lists {ref!r} twice")
                seen.add(ref)
                target = self.elements.get(ref)
                if target is None:
                    hint = f" (a list? write [{ref}])" if "," in ref else ""
                    self.report(element, key, f"C03: unresolved reference {ref!r} in {key}{hint}")
                    continue
                self.check_link_type(element, key, target)
        if element.undeveloped and element.supported_by:
            self.report(element, "supportedBy", "V03: undeveloped element has supportedBy")
        if element.defeated and not any(e.challenged == element.id for e in self.elements.values()):
            self.report(element, "defeated", "V10: marked defeated, but nothing challenges it")

    def check_link_type(self, element: GsnElement, key: str, target: GsnElement) -> None:
        source_type, target_type = element.type, target.type
        if key == "supportedBy":
            if source_type in DEVELOPED_TYPES:
                allowed = ARGUMENT_TYPES
            elif source_type is GsnType.COUNTER_GOAL:
                allowed = COUNTER_TYPES
            else:
                allowed = frozenset()
        else:
            allowed = CONTEXT_TYPES if source_type in DEVELOPED_TYPES else frozenset()
        if target_type in allowed:
            return
        if not allowed:
            message = f"V04: a {source_type.value} cannot have {key}"
        elif source_type in DEVELOPED_TYPES and target_type in COUNTER_TYPES:
            message = (
                f"V04: {target.id!r} is a {target_type.value}: a counter-claim challenges "
                f"what it doubts (challenges: {element.id}), it does not support it"
            )
        else:
            message = f"V04: {target.id!r} is a {target_type.value} and cannot be in {key}"
        self.report(element, key, message)

    def check_counter(self, element: GsnElement) -> None:
        if element.challenges is None:
            return
        if element.type not in COUNTER_TYPES:
            self.report(
                element,
                "challenges",
                "V12: only a counter goal (CG) or counter solution (CSn) can challenge",
            )
            return
        ends = [part.strip() for part in element.challenges.split("->")]
        rule = "C14" if len(ends) == 1 else "C12"
        for end in ends:
            if end == element.id:
                self.report(element, "challenges", "C13: the element challenges itself")
            elif end not in self.elements:
                self.report(element, "challenges", f"{rule}: challenged element {end!r} not found")
        if len(ends) == 2 and all(end in self.elements for end in ends):
            left, right = ends
            if left == right:
                self.report(element, "challenges", "C15: the challenged relation is a loop")
            elif left not in self.related(right) and right not in self.related(left):
                self.report(
                    element,
                    "challenges",
                    f"C16: {left!r} and {right!r} have no relation to challenge",
                )

    def related(self, element_id: str) -> list[str]:
        element = self.elements[element_id]
        ends = element.challenges.split("->") if element.challenges else []
        return element.supported_by + element.in_context_of + [e.strip() for e in ends]

    def check_cycles(self) -> None:
        state: dict[str, int] = {}  # 1 on the path, 2 done
        for start in self.elements:
            if start in state:
                continue
            stack: list[tuple[str, Iterable[str]]] = [(start, iter(self.children(start)))]
            path = [start]
            state[start] = 1
            while stack:
                node, children = stack[-1]
                child = next(iter(children), None)
                if child is None:
                    stack.pop()
                    path.pop()
                    state[node] = 2
                    continue
                if state.get(child) == 1:
                    cycle = [*path[path.index(child) :], child]
                    self.report(
                        self.elements[node],
                        "supportedBy",
                        f"C04: supportedBy cycle: {' -> '.join(cycle)}",
                    )
                    return
                if child not in state:
                    state[child] = 1
                    path.append(child)
                    stack.append((child, iter(self.children(child))))

    def children(self, element_id: str) -> list[str]:
        return [c for c in self.elements[element_id].supported_by if c in self.elements]

    def check_top_level(self) -> None:
        referenced = {r for e in self.elements.values() for r in e.supported_by + e.in_context_of}
        roots = [
            e for e in self.elements.values() if e.id not in referenced and e.challenges is None
        ]
        for e in roots:
            if e.type is GsnType.GOAL:
                continue
            self.report(
                e,
                None,
                f"C02: a {e.type.value} that nothing refers to: only a goal can be a top-level "
                "element",
            )
        if not any(e.type is GsnType.GOAL for e in roots) and not self.issues.items:
            first = next(iter(self.elements.values()))
            self.issues.add(
                first.file, None, "", "C01: no top-level goal (every goal is supported)"
            )
