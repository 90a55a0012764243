"""Semantic checks of a portfolio: the invariants a JSON Schema cannot express (DESIGN §3, §5).

Unique ids, resolvable references of the right kind, acyclic SUPPORTED_BY and RELIES_ON, `at_least`
k within the number of children, priors of a Question summing to 1, probabilities in range.

The checks run over the *document* (the authoring format as plain dicts and lists), so the same
code serves a file that may still have structural errors (everything checkable is checked, so all
errors are reported together) and a `Portfolio` built in code, e.g. from GraphQL input
(`check_portfolio`). Every issue names the path in the document, e.g.
`cases[3].argument.children[1].relies_on[0]`. No I/O: the file name and line are added by the
loader (`service.authoring`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from service.model.portfolio import Portfolio

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:-]*$"
"""An id is a slug: letters, digits and `. _ : -`, starting with a letter or digit."""

PRIOR_TOLERANCE = 1e-6
"""How far the priors of a Question may sum from 1."""

RESERVED_PROFILE = "default"
"""The prior profile id that means the portfolio's own priors."""

_ID_RE = re.compile(ID_PATTERN)
_SEGMENT_RE = re.compile(r"\[(\d+)\]|\.?([^.\[\]]+)")

PathSegment = str | int
Path = tuple[PathSegment, ...]


def format_path(segments: Sequence[PathSegment]) -> str:
    """`("cases", 3, "argument")` -> `cases[3].argument`; the document root is ``""``."""
    out: list[str] = []
    for seg in segments:
        if isinstance(seg, int):
            out.append(f"[{seg}]")
        else:
            out.append(f".{seg}" if out else seg)
    return "".join(out)


def parse_path(path: str) -> Path:
    """Inverse of `format_path` (keys may not contain `.`, `[` or `]`)."""
    return tuple(int(index) if index else key for index, key in _SEGMENT_RE.findall(path))


@dataclass(frozen=True)
class PortfolioIssue:
    """One problem in a portfolio: where it is and what is wrong.

    `file` and `line` are known only for documents read from a file (`line` only for YAML);
    `path` is the location in the document (`""` for the whole document).
    """

    file: str | None
    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = ":".join(str(part) for part in (self.file, self.line) if part is not None)
        what = f"{self.path}: {self.message}" if self.path else self.message
        return f"{where}: {what}" if where else what

    def located(self, file: str | None, line: int | None) -> PortfolioIssue:
        return replace(self, file=file, line=line)


def check_portfolio(portfolio: Portfolio) -> list[PortfolioIssue]:
    """The semantic problems of a portfolio built in code (empty if it is consistent)."""
    return check_document(portfolio.to_document())


def check_document(document: Any) -> list[PortfolioIssue]:
    """The semantic problems of an authoring-format document (plain dicts and lists).

    Parts of the wrong shape are skipped (the JSON Schema reports them), so this is safe to run
    on a document that is not structurally valid.
    """
    if not isinstance(document, Mapping):
        return []
    checker = _Checker()
    checker.run(document)
    return checker.issues


# --- implementation --------------------------------------------------------------------------

_ARTICLE = {"assumption": "an", "argument node": "an"}


def _a(kind: str) -> str:
    return f"{_ARTICLE.get(kind, 'a')} {kind}"


def _items(obj: Mapping[str, Any], key: str) -> list[Any]:
    value = obj.get(key)
    return value if isinstance(value, list) else []


def _mappings(obj: Mapping[str, Any], key: str, path: Path) -> Iterator[tuple[Mapping, Path]]:
    for i, item in enumerate(_items(obj, key)):
        if isinstance(item, Mapping):
            yield item, (*path, key, i)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


@dataclass
class _Entity:
    kind: str
    path: Path


@dataclass
class _Checker:
    issues: list[PortfolioIssue] = field(default_factory=list)
    ids: dict[str, _Entity] = field(default_factory=dict)
    # question id -> its answers' ids (for a helpful message when fails_in names a question)
    answers: dict[str, list[str]] = field(default_factory=dict)
    # Graph edges for the cycle checks: node id -> [(target id, path of the reference)].
    supported_by: dict[str, list[tuple[str, Path]]] = field(default_factory=dict)
    relies_on: dict[str, list[tuple[str, Path]]] = field(default_factory=dict)

    def report(self, path: Path, message: str) -> None:
        self.issues.append(
            PortfolioIssue(file=None, path=format_path(path), line=None, message=message)
        )

    # -- pass 1: every id, with its kind ----------------------------------------------------

    def define(self, obj: Mapping[str, Any], path: Path, kind: str) -> str | None:
        ident = obj.get("id")
        if not isinstance(ident, str):
            return None  # missing or not a string: the schema says so
        if not _ID_RE.match(ident):
            self.report(
                (*path, "id"),
                f"invalid id {ident!r}: use letters, digits and . _ : - "
                "(starting with a letter or digit)",
            )
        first = self.ids.get(ident)
        if first is not None:
            self.report(
                (*path, "id"),
                f"duplicate id {ident!r}: already used by {_a(first.kind)} at "
                f"{format_path(first.path)} (ids are unique across the portfolio)",
            )
            return None
        self.ids[ident] = _Entity(kind, path)
        return ident

    def define_all(self, doc: Mapping[str, Any]) -> None:
        for obj, path in _mappings(doc, "sources", ()):
            self.define(obj, path, "source")
        for obj, path in _mappings(doc, "questions", ()):
            qid = self.define(obj, path, "question")
            answer_ids = []
            for answer, apath in _mappings(obj, "answers", path):
                aid = self.define(answer, apath, "world model")
                if aid is not None:
                    answer_ids.append(aid)
            if qid is not None:
                self.answers[qid] = answer_ids
        for key, kind in (
            ("techniques", "technique"),
            ("assumptions", "assumption"),
            ("deployments", "deployment"),
        ):
            for obj, path in _mappings(doc, key, ()):
                self.define(obj, path, kind)
        for obj, path in _mappings(doc, "cases", ()):
            self.define(obj, path, "case")
            argument = obj.get("argument")
            if isinstance(argument, Mapping):
                self.define_nodes(argument, (*path, "argument"))
        for obj, path in _mappings(doc, "defeaters", ()):
            self.define(obj, path, "defeater")
        for obj, path in _mappings(doc, "prior_profiles", ()):
            if obj.get("id") == RESERVED_PROFILE:
                self.report(
                    (*path, "id"),
                    f"the profile id {RESERVED_PROFILE!r} is reserved for the portfolio's own "
                    "priors: choose another id",
                )
            else:
                self.define(obj, path, "prior profile")

    def define_nodes(self, node: Mapping[str, Any], path: Path) -> None:
        stack = [(node, path)]
        while stack:
            current, cpath = stack.pop()
            self.define(current, cpath, "argument node")
            children = list(_mappings(current, "children", cpath))
            stack.extend((c, p) for c, p in reversed(children) if "ref" not in c)

    def defined_at(self, ident: str, path: Path) -> bool:
        """Whether the entity at `path` is the (first) definition of `ident`."""
        entity = self.ids.get(ident)
        return entity is not None and entity.path == path

    # -- pass 2: references, ranges, counts --------------------------------------------------

    def refer(self, path: Path, target: Any, kind: str) -> str | None:
        """Check that `target` names an entity of `kind`; return it if so."""
        if not isinstance(target, str):
            return None
        entity = self.ids.get(target)
        if entity is None:
            self.report(path, f"unknown {kind} {target!r}")
            return None
        if entity.kind != kind:
            hint = ""
            if entity.kind == "question" and kind == "world model":
                names = ", ".join(self.answers.get(target, []))
                hint = f": name one of its answers ({names})" if names else ""
            self.report(path, f"{target!r} is {_a(entity.kind)}, not {_a(kind)}{hint}")
            return None
        return target

    def refer_list(
        self, obj: Mapping[str, Any], key: str, path: Path, kind: str
    ) -> list[tuple[str, Path]]:
        """Check a list of references; return the resolved ones with their paths."""
        if not obj.get(key):
            return []
        seen: set[str] = set()
        found = []
        for i, target in enumerate(_items(obj, key)):
            if isinstance(target, str) and target in seen:
                self.report((*path, key, i), f"{target!r} is listed twice in {key}")
                continue
            if isinstance(target, str):
                seen.add(target)
            if self.refer((*path, key, i), target, kind) is not None:
                found.append((target, (*path, key, i)))
        return found

    def probability(
        self,
        obj: Mapping[str, Any],
        key: str,
        path: Path,
        *,
        low_open: bool = False,
        high_open: bool = False,
    ) -> None:
        value: Any = obj.get(key)
        if not _is_number(value):
            return
        low_ok = value > 0 if low_open else value >= 0
        high_ok = value < 1 if high_open else value <= 1
        if not (low_ok and high_ok and math.isfinite(value)):
            interval = f"{'(' if low_open else '['}0, 1{')' if high_open else ']'}"
            self.report((*path, key), f"{key} must be in {interval}, got {value}")

    def check_fails_in(self, obj: Mapping[str, Any], path: Path) -> None:
        for edge, epath in _mappings(obj, "fails_in", path):
            self.refer((*epath, "world"), edge.get("world"), "world model")
            self.probability(edge, "p", epath)

    def check_questions(self, doc: Mapping[str, Any]) -> None:
        for question, path in _mappings(doc, "questions", ()):
            priors: list[float] = []
            answers = list(_mappings(question, "answers", path))
            for answer, apath in answers:
                self.probability(answer, "prior", apath)
                prior: Any = answer.get("prior")
                if _is_number(prior):
                    priors.append(float(prior))
            qid = question.get("id", "?")
            if not answers and isinstance(question.get("answers"), list):
                self.report((*path, "answers"), f"question {qid!r} has no answers")
            elif answers and len(priors) == len(answers):
                total = math.fsum(priors)
                if abs(total - 1.0) > PRIOR_TOLERANCE:
                    self.report(
                        (*path, "answers"),
                        f"priors of question {qid!r} sum to {total:.6g}, not 1 "
                        f"(tolerance {PRIOR_TOLERANCE:g})",
                    )

    def check_assumptions(self, doc: Mapping[str, Any]) -> None:
        for obj, path in _mappings(doc, "techniques", ()):
            self.probability(obj, "p_fail", path)
            self.check_fails_in(obj, path)
            self.refer_list(obj, "sources", path, "source")
        for obj, path in _mappings(doc, "assumptions", ()):
            self.probability(obj, "p_fail", path)
            self.refer_list(obj, "techniques", path, "technique")
            edges = self.refer_list(obj, "relies_on", path, "assumption")
            self.check_fails_in(obj, path)
            self.refer_list(obj, "sources", path, "source")
            ident = obj.get("id")
            if isinstance(ident, str) and self.defined_at(ident, path):
                self.relies_on[ident] = edges

    def check_deployments(self, doc: Mapping[str, Any]) -> None:
        for obj, path in _mappings(doc, "deployments", ()):
            self.probability(obj, "prior_risk", path)
            self.probability(obj, "risk_threshold", path)
            self.refer_list(obj, "sources", path, "source")

    def check_cases(self, doc: Mapping[str, Any]) -> None:
        for obj, path in _mappings(doc, "cases", ()):
            self.refer_list(obj, "covers", path, "deployment")
            self.probability(obj, "effectiveness", path, low_open=True)
            self.probability(obj, "p_unsound", path, high_open=True)
            self.refer_list(obj, "sources", path, "source")
            argument = obj.get("argument")
            if isinstance(argument, Mapping):
                self.check_nodes(argument, (*path, "argument"))

    def check_nodes(self, root: Mapping[str, Any], root_path: Path) -> None:
        stack = [(root, root_path)]
        while stack:
            node, path = stack.pop()
            self.refer_list(node, "relies_on", path, "assumption")
            self.refer_list(node, "sources", path, "source")
            ident = node.get("id")
            edges: list[tuple[str, Path]] = []
            seen: set[str] = set()
            inline: list[tuple[Mapping[str, Any], Path]] = []
            for child, cpath in _mappings(node, "children", path):
                if "ref" in child:
                    target = self.refer((*cpath, "ref"), child.get("ref"), "argument node")
                    child_id = child.get("ref")
                else:
                    inline.append((child, cpath))
                    target = child_id = child.get("id")
                if not isinstance(child_id, str):
                    continue
                if child_id in seen:
                    self.report(cpath, f"{child_id!r} is a child of {ident!r} twice")
                    continue
                seen.add(child_id)
                if isinstance(target, str):
                    edges.append((target, cpath))
            if isinstance(ident, str) and self.defined_at(ident, path):
                self.supported_by[ident] = edges
            self.check_support(node, path)
            stack.extend(reversed(inline))

    def check_support(self, node: Mapping[str, Any], path: Path) -> None:
        support = node.get("support")
        if not isinstance(support, Mapping):
            return
        k: Any = support.get("at_least")
        children = node.get("children")
        count = len(children) if isinstance(children, list) else 0
        if _is_number(k) and k > count:
            k = int(k) if float(k).is_integer() else k
            self.report(
                (*path, "support"),
                f"support {{at_least: {k}}} needs at least {k} children, "
                f"but {node.get('id', 'the node')!r} has {count}",
            )

    def check_profiles(self, doc: Mapping[str, Any]) -> None:
        """A profile names world models; for every question it touches it names every answer,
        with priors summing to 1 (DESIGN §4.8)."""
        question_of = {a: q for q, answers in self.answers.items() for a in answers}
        for obj, path in _mappings(doc, "prior_profiles", ()):
            self.refer_list(obj, "sources", path, "source")
            priors = obj.get("priors")
            if not isinstance(priors, Mapping):
                continue
            pid = obj.get("id", "?")
            touched: dict[str, dict[str, float]] = {}
            for world, prior in priors.items():
                wpath = (*path, "priors", str(world))
                if self.refer(wpath, world, "world model") is None:
                    continue
                self.probability(priors, str(world), (*path, "priors"))
                if _is_number(prior):
                    touched.setdefault(question_of[world], {})[world] = float(prior)
            for question, named in touched.items():
                first = (*path, "priors", next(iter(named)))
                missing = [a for a in self.answers[question] if a not in named]
                if missing:
                    self.report(
                        first,
                        f"profile {pid!r} names question {question!r} only in part: give "
                        f"priors for every answer (missing {', '.join(missing)})",
                    )
                    continue
                total = math.fsum(named.values())
                if abs(total - 1.0) > PRIOR_TOLERANCE:
                    self.report(
                        first,
                        f"profile {pid!r} gives question {question!r} priors summing to "
                        f"{total:.6g}, not 1 (tolerance {PRIOR_TOLERANCE:g})",
                    )

    def check_defeaters(self, doc: Mapping[str, Any]) -> None:
        for obj, path in _mappings(doc, "defeaters", ()):
            target = obj.get("challenges")
            if isinstance(target, str) and target not in self.ids:
                self.report((*path, "challenges"), f"unknown node {target!r}")

    # -- pass 3: cycles ----------------------------------------------------------------------

    def check_cycles(self, graph: dict[str, list[tuple[str, Path]]], relation: str) -> None:
        """Report each back edge of a depth-first search as a cycle `a -> b -> a`."""
        done: set[str] = set()
        for start in graph:
            if start in done:
                continue
            on_stack: dict[str, int] = {start: 0}
            stack: list[tuple[str, Iterator[tuple[str, Path]]]] = [
                (start, iter(graph.get(start, ())))
            ]
            while stack:
                current, edges = stack[-1]
                step = next(edges, None)
                if step is None:
                    stack.pop()
                    del on_stack[current]
                    done.add(current)
                    continue
                target, path = step
                if target in on_stack:
                    cycle = [name for name, _ in stack[on_stack[target] :]] + [target]
                    self.report(path, f"cycle in {relation}: {' -> '.join(cycle)}")
                elif target not in done:
                    on_stack[target] = len(stack)
                    stack.append((target, iter(graph.get(target, ()))))

    def run(self, doc: Mapping[str, Any]) -> None:
        self.define_all(doc)
        self.check_questions(doc)
        self.check_assumptions(doc)
        self.check_deployments(doc)
        self.check_cases(doc)
        self.check_defeaters(doc)
        self.check_profiles(doc)
        self.check_cycles(self.relies_on, "relies_on")
        self.check_cycles(self.supported_by, "the argument (SUPPORTED_BY)")
