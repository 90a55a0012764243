"""An independent check of gsn2x's documented rules (its `doc/src/checks.md`: V01-V13 per
module, C01-C16 across modules), in plain Python, for files we write.

gsn2x is not installed where the tests run, so this stands in for `gsn2x --check`. It is
written from the documentation, apart from the project's importer, so the two can disagree
and a test catch it. Findings are (rule, severity, message); severity is "error" or
"warning", as gsn2x reports them (V11 only with --warn-dialectic, V08 only with
--extended-check: both reported as warnings here).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

TYPES = (
    "Goal",
    "Strategy",
    "Solution",
    "Context",
    "Assumption",
    "Justification",
    "CounterGoal",
    "CounterSolution",
)
ORDER = (
    ("CG", "CounterGoal"),
    ("G", "Goal"),
    ("CSn", "CounterSolution"),
    ("Sn", "Solution"),
    ("S", "Strategy"),
    ("C", "Context"),
    ("A", "Assumption"),
    ("J", "Justification"),
)
SUPPORT_TARGETS = {
    "Goal": {"Goal", "Strategy", "Solution", "CounterGoal", "CounterSolution"},
    "Strategy": {"Goal", "Strategy", "Solution", "CounterGoal", "CounterSolution"},
    "CounterGoal": {"CounterGoal", "CounterSolution"},
}
CONTEXT_TARGETS = {
    "Goal": {"Context", "Assumption", "Justification"},
    "Strategy": {"Context", "Assumption", "Justification"},
}


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    message: str


@dataclass
class _Node:
    id: str
    module: str
    type: str | None
    raw: dict[str, Any]
    supported_by: list[str] = field(default_factory=list)
    in_context_of: list[str] = field(default_factory=list)
    challenges: tuple[str, ...] = ()  # one id, or (left, right) of a relation


def _prefix_type(element_id: str) -> str | None:
    return next((t for p, t in ORDER if element_id.startswith(p)), None)


def _ids(value: Any) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else [str(v) for v in value]


def check_files(entry_points: list[Path]) -> list[Finding]:
    """Every finding for the modules read from `entry_points` and the files they use."""
    findings: list[Finding] = []
    nodes: dict[str, _Node] = {}
    modules: dict[str, dict[str, Any]] = {}
    queue = list(entry_points)
    seen: set[Path] = set()
    while queue:
        path = queue.pop(0)
        if path.resolve() in seen:
            continue
        seen.add(path.resolve())
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        assert isinstance(data, dict), f"{path}: not a map"
        meta = data.get("module") or {}
        name = meta.get("name", str(path))
        if name in modules:
            findings.append(Finding("C06", "error", f"module {name} twice"))
        modules[name] = meta
        queue.extend(path.parent / u for u in meta.get("uses", []))
        elements = {k: v for k, v in data.items() if k != "module"}
        if not elements:
            findings.append(Finding("--", "error", f"module {name} has no elements"))
        for element_id, raw in elements.items():
            raw = raw or {}
            if element_id in nodes:
                findings.append(Finding("C07", "error", f"{element_id} in two modules"))
                continue
            node_type = raw.get("nodeType")
            if node_type is not None and node_type not in TYPES:
                node_type = None
            challenge = raw.get("challenges")
            ends: tuple[str, ...] = ()
            if isinstance(challenge, str):
                ends = tuple(p.strip() for p in challenge.split("->"))
            nodes[element_id] = _Node(
                element_id,
                name,
                node_type or _prefix_type(element_id),
                raw,
                _ids(raw.get("supportedBy")),
                _ids(raw.get("inContextOf")),
                ends,
            )
    _validate(nodes, modules, findings)
    if not any(f.severity == "error" for f in findings):
        _check(nodes, modules, findings)
    return findings


def _validate(nodes: dict[str, _Node], modules: dict[str, Any], out: list[Finding]) -> None:
    def err(rule: str, message: str) -> None:
        out.append(Finding(rule, "error", message))

    def warn(rule: str, message: str) -> None:
        out.append(Finding(rule, "warning", message))

    for n in nodes.values():
        if n.type is None:
            err("V01", f"{n.id} of unknown type")
            continue
        declared = n.raw.get("nodeType")
        if declared and _prefix_type(n.id) and _prefix_type(n.id) != declared:
            warn("V08", f"{n.id} typed {declared} against its prefix")
        for key, refs, allowed in (
            ("supportedBy", n.supported_by, SUPPORT_TARGETS.get(n.type, set())),
            ("inContextOf", n.in_context_of, CONTEXT_TARGETS.get(n.type, set())),
        ):
            if len(set(refs)) != len(refs):
                warn("V05", f"{n.id} has a duplicate in {key}")
            for r in refs:
                if r == n.id:
                    err("V06", f"{n.id} references itself in {key}")
                target = nodes.get(r)
                if target is not None and target.type not in allowed:
                    err("V04", f"{n.id} has {r} ({target.type}) in {key}")
        undeveloped = n.raw.get("undeveloped") is True
        if n.type in ("Goal", "Strategy"):
            if undeveloped and n.supported_by:
                err("V03", f"{n.id} undeveloped but supported")
            if not undeveloped and not n.supported_by:
                warn("V02", f"{n.id} is undeveloped")
        connected = {n.id, *n.supported_by, *n.in_context_of}
        for acp, refs in (n.raw.get("acp") or {}).items():
            for r in _ids(refs):
                if r not in connected:
                    err("V09", f"{n.id} acp {acp} references {r}")
        if n.raw.get("defeated") is True and not any(
            m.challenges == (n.id,) for m in nodes.values()
        ):
            err("V10", f"{n.id} defeated, but not challenged")
        if n.challenges:
            if n.type not in ("CounterGoal", "CounterSolution"):
                err("V12", f"{n.id} challenges but is a {n.type}")
            else:
                warn("V11", f"{n.id}: dialectic extension used")
        for rel in _ids(n.raw.get("defeatedRelation")):
            if rel not in n.supported_by + n.in_context_of and (rel,) != n.challenges:
                err("V13", f"{n.id} defeats a relation to {rel} it does not have")
    for name, meta in modules.items():
        for ext in meta.get("extends", []) or []:
            for _foreign, local in (ext.get("develops") or {}).items():
                for lid in _ids(local):
                    local_node = nodes.get(lid)
                    if local_node is None or local_node.module != name:
                        err("V07", f"{lid} to develop is not in {name}")
                    elif local_node.type not in ("Goal", "Strategy", "Solution"):
                        err("V07", f"{lid} of wrong type to develop")


def _check(nodes: dict[str, _Node], modules: dict[str, Any], out: list[Finding]) -> None:
    def err(rule: str, message: str) -> None:
        out.append(Finding(rule, "error", message))

    for name, meta in modules.items():  # C09, C10 (and the extension applied, as gsn2x does)
        for ext in meta.get("extends", []) or []:
            if ext.get("module") not in modules:
                err("C09", f"{name} extends unknown module {ext.get('module')}")
            for foreign, local in (ext.get("develops") or {}).items():
                target = nodes.get(foreign)
                if target is None or target.module != ext.get("module"):
                    err("C10", f"{foreign} not in {ext.get('module')}")
                elif target.raw.get("undeveloped") is not True:
                    err("C10", f"{foreign} is not undeveloped")
                else:
                    target.supported_by = _ids(local)
    for n in nodes.values():
        for r in n.supported_by + n.in_context_of:
            if r not in nodes:
                err("C03", f"{n.id}: unresolved {r}")
                if "," in r:
                    out.append(Finding("C11", "warning", f"{n.id}: {r} may be a list"))
        if len(n.challenges) == 1:
            (target,) = n.challenges
            if target == n.id:
                err("C13", f"{n.id} challenges itself")
            elif target not in nodes:
                err("C14", f"{n.id} challenges unknown {target}")
        elif len(n.challenges) == 2:
            left, right = n.challenges
            if left not in nodes or right not in nodes:
                err("C12", f"{n.id} challenges a relation with an unknown end")
            elif left == right:
                err("C15", f"{n.id} challenges a loop")
            elif not (right in _related(nodes[left]) or left in _related(nodes[right])):
                err("C16", f"{n.id} challenges {left} -> {right}, which are not related")
    if any(f.severity == "error" for f in out):
        return
    referenced = {r for n in nodes.values() for r in n.supported_by + n.in_context_of}
    roots = sorted(i for i, n in nodes.items() if i not in referenced and not n.challenges)
    if not roots:
        err("C01", "no unreferenced element")
        return
    if len(roots) > 1:
        out.append(Finding("C01", "warning", f"{len(roots)} unreferenced elements"))
    elif nodes[roots[0]].type != "Goal":
        err("C02", f"the root {roots[0]} is not a goal")
    cycle = _cycle(nodes)
    if cycle:
        err("C04", " -> ".join(cycle))
        return
    unreached = set(nodes) - _reachable(nodes, roots)
    if unreached:
        err("C08", f"not reachable: {', '.join(sorted(unreached))}")


def _related(node: _Node) -> list[str]:
    return node.supported_by + node.in_context_of + list(node.challenges)


def _cycle(nodes: dict[str, _Node]) -> list[str] | None:
    state: dict[str, int] = {}

    def visit(i: str, path: list[str]) -> list[str] | None:
        state[i] = 1
        for c in nodes[i].supported_by:
            if state.get(c) == 1:
                return [*path[path.index(c) :], c]
            if c not in state:
                found = visit(c, [*path, c])
                if found:
                    return found
        state[i] = 2
        return None

    for i in nodes:
        if i not in state:
            found = visit(i, [i])
            if found:
                return found
    return None


def _reachable(nodes: dict[str, _Node], roots: list[str]) -> set[str]:
    """What gsn2x ranks: supportedBy children from the roots, the challengers of what is
    ranked that way (a challenged relation counts for its first end), and the inContextOf
    elements of all of those. Challengers of a context element are not reached."""
    challengers: dict[str, list[str]] = {}
    for n in nodes.values():
        if n.challenges:
            challengers.setdefault(n.challenges[0], []).append(n.id)
    ranked: set[str] = set()
    stack = list(roots)
    while stack:
        i = stack.pop()
        if i in ranked or i not in nodes:
            continue
        ranked.add(i)
        stack.extend(nodes[i].supported_by)
        stack.extend(challengers.get(i, []))
    reached = set(ranked)
    for i in ranked:
        reached.update(nodes[i].in_context_of)
    return reached


def errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == "error"]
