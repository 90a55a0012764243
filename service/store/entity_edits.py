"""Direct edits of a workspace's graph: create, update, delete, link and unlink entities.

Each edit is one write transaction that

1. bumps the workspace's revision first, which also locks the workspace node, so edits of one
   workspace are serialised and every check below sees a consistent graph;
2. validates its input (ids, kinds, probabilities, enum values) before anything is written;
3. writes, then checks the invariants of DESIGN §3 the edit could break (acyclic SUPPORTED_BY
   and RELIES_ON, k <= children, priors summing to 1, every argument node part of a case);
4. raises `InvalidEditError` naming the offending ids when one fails, which rolls the whole
   transaction back: invalid input writes nothing.

Entities created here belong to no document (`document` is null). Edits of entities a document
loaded are kept until that document is loaded again, which restores the document's content.

Deleting cascades to what cannot exist alone: a node's context statements, a question's answers,
defeaters challenging a deleted node, and argument nodes no longer part of any case.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypeVar

import neo4j

from service.errors import InvalidInputError, NotFoundError
from service.model.validation import ID_PATTERN, PRIOR_TOLERANCE
from service.store.database import Database
from service.store.graph_queries import Row, entity_row
from service.store.query_log import run_statement
from service.store.workspace import check_workspace_name

T = TypeVar("T")

MAX_TEXT = 20_000
_ID = re.compile(ID_PATTERN)


class InvalidEditError(InvalidInputError):
    """An edit would break an invariant of the graph; nothing was written."""


class Kind(StrEnum):
    """Entity kinds, by the label every entity of the kind carries."""

    DEPLOYMENT = "Deployment"
    SAFETY_CASE = "SafetyCase"
    ARGUMENT_NODE = "ArgumentNode"
    CONTEXT = "Context"
    JUSTIFICATION = "Justification"
    ASSUMPTION = "Assumption"
    TECHNIQUE = "Technique"
    QUESTION = "Question"
    WORLD_MODEL = "WorldModel"
    DEFEATER = "Defeater"
    SOURCE = "Source"

    @property
    def noun(self) -> str:
        return _TITLES[self]


_TITLES = {
    Kind.DEPLOYMENT: "deployment",
    Kind.SAFETY_CASE: "safety case",
    Kind.ARGUMENT_NODE: "argument node",
    Kind.CONTEXT: "context statement",
    Kind.JUSTIFICATION: "justification",
    Kind.ASSUMPTION: "assumption",
    Kind.TECHNIQUE: "technique",
    Kind.QUESTION: "question",
    Kind.WORLD_MODEL: "world model",
    Kind.DEFEATER: "defeater",
    Kind.SOURCE: "source",
}

# --- property validation -----------------------------------------------------------------

Validator = Callable[[str, Any], Any]


def _text(name: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidEditError(f"{name} must be a non-empty string")
    if len(value) > MAX_TEXT:
        raise InvalidEditError(f"{name} is longer than {MAX_TEXT} characters")
    return value


def _optional_text(name: str, value: Any) -> str | None:
    return None if value is None else _text(name, value)


def _probability(*, low_open: bool = False, high_open: bool = False) -> Validator:
    interval = f"{'(' if low_open else '['}0, 1{')' if high_open else ']'}"

    def check(name: str, value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise InvalidEditError(f"{name} must be a number in {interval}")
        number = float(value)
        low_ok = number > 0 if low_open else number >= 0
        high_ok = number < 1 if high_open else number <= 1
        if not (math.isfinite(number) and low_ok and high_ok):
            raise InvalidEditError(f"{name} must be in {interval}, got {value}")
        return number

    return check


def _enum(*values: str) -> Validator:
    def check(name: str, value: Any) -> str:
        if value not in values:
            raise InvalidEditError(f"{name} must be one of {', '.join(values)}, got {value!r}")
        return str(value)

    return check


def _k(name: str, value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidEditError(f"{name} must be an integer >= 1, got {value!r}")
    return value


_PROBABILITY = _probability()
PROPERTIES: dict[Kind, dict[str, Validator]] = {
    Kind.DEPLOYMENT: {
        "name": _text,
        "description": _optional_text,
        "stakes": _enum("LOW", "MEDIUM", "HIGH", "CRITICAL"),
        "priorRisk": _PROBABILITY,
        "riskThreshold": _PROBABILITY,
        "notes": _optional_text,
    },
    Kind.SAFETY_CASE: {
        "title": _text,
        "category": _enum("INABILITY", "CONTROL", "TRUSTWORTHINESS", "DEFERENCE"),
        "status": _enum("DRAFT", "SUBMITTED", "ACCEPTED", "REJECTED"),
        "effectiveness": _probability(low_open=True),
        "pUnsound": _probability(high_open=True),
        "notes": _optional_text,
    },
    Kind.ARGUMENT_NODE: {
        "type": _enum("GOAL", "STRATEGY", "EVIDENCE"),
        "statement": _text,
        "support": _enum("ALL", "ANY", "AT_LEAST"),
        "k": _k,
        "notes": _optional_text,
    },
    Kind.CONTEXT: {"statement": _text},
    Kind.JUSTIFICATION: {"statement": _text},
    Kind.ASSUMPTION: {
        "statement": _text,
        "kind": _optional_text,
        "pFail": _PROBABILITY,
        "notes": _optional_text,
    },
    Kind.TECHNIQUE: {"name": _text, "pFail": _PROBABILITY, "notes": _optional_text},
    Kind.QUESTION: {"text": _text, "notes": _optional_text},
    Kind.WORLD_MODEL: {"statement": _text, "prior": _PROBABILITY, "notes": _optional_text},
    Kind.DEFEATER: {
        "statement": _text,
        "status": _enum("OPEN", "RESOLVED"),
        "notes": _optional_text,
    },
    Kind.SOURCE: {"title": _text, "url": _optional_text, "notes": _optional_text},
}
#: Values of properties not given on creation (DESIGN §5's defaults).
DEFAULTS: dict[Kind, dict[str, Any]] = {
    Kind.DEPLOYMENT: {"stakes": "MEDIUM", "priorRisk": 1.0, "riskThreshold": 0.0},
    Kind.SAFETY_CASE: {"status": "DRAFT", "effectiveness": 1.0, "pUnsound": 0.0},
    Kind.ARGUMENT_NODE: {"type": "GOAL", "support": "ALL", "k": None},
    Kind.ASSUMPTION: {"pFail": 0.0},
    Kind.TECHNIQUE: {"pFail": 0.0},
    Kind.DEFEATER: {"status": "OPEN"},
}
_CREATE_STATEMENT = {
    Kind.DEPLOYMENT: "api/create_deployment",
    Kind.SAFETY_CASE: "api/create_safety_case",
    Kind.CONTEXT: "api/create_context",
    Kind.JUSTIFICATION: "api/create_justification",
    Kind.ASSUMPTION: "api/create_assumption",
    Kind.TECHNIQUE: "api/create_technique",
    Kind.QUESTION: "api/create_question",
    Kind.WORLD_MODEL: "api/create_world_model",
    Kind.DEFEATER: "api/create_defeater",
    Kind.SOURCE: "api/create_source",
}
_ARGUMENT_STATEMENT = {
    "GOAL": "api/create_goal",
    "STRATEGY": "api/create_strategy",
    "EVIDENCE": "api/create_evidence",
}
#: Kinds whose creation needs a parent, and the parent's kinds and relationship.
_PARENT: dict[Kind, tuple[frozenset[str], str, str]] = {
    Kind.ARGUMENT_NODE: (frozenset({"Goal", "Strategy"}), "supported_by", "a goal or strategy"),
    Kind.CONTEXT: (frozenset({"ArgumentNode"}), "in_context_of", "an argument node"),
    Kind.JUSTIFICATION: (frozenset({"ArgumentNode"}), "in_context_of", "an argument node"),
    Kind.WORLD_MODEL: (frozenset({"Question"}), "has_answer", "a question"),
    Kind.DEFEATER: (frozenset({"Entity"}), "challenges", "an entity"),
}


def check_id(value: Any, name: str = "id") -> str:
    if not isinstance(value, str) or not _ID.match(value) or len(value) > 200:
        raise InvalidEditError(
            f"invalid {name} {value!r}: use letters, digits and . _ : - "
            "(starting with a letter or digit, at most 200 characters)"
        )
    return value


def check_properties(kind: Kind, props: Mapping[str, Any]) -> dict[str, Any]:
    """Validated copies of `props` (graph property names); unknown names are refused."""
    validators = PROPERTIES[kind]
    checked: dict[str, Any] = {}
    for name, value in props.items():
        if name not in validators:
            raise InvalidEditError(f"{kind.noun} has no property {name!r}")
        checked[name] = validators[name](name, value)
    return checked


def _check_support(props: Mapping[str, Any], node_id: str) -> None:
    if props.get("support") == "AT_LEAST" and props.get("k") is None:
        raise InvalidEditError(f"argument node {node_id!r}: support AT_LEAST needs k")
    if props.get("support") != "AT_LEAST" and props.get("k") is not None:
        raise InvalidEditError(
            f"argument node {node_id!r}: k is only meaningful with support AT_LEAST"
        )


# --- relationships ------------------------------------------------------------------------


class Relation(StrEnum):
    """Relationships an edit may link or unlink directly."""

    COVERS = "COVERS"
    SUPPORTED_BY = "SUPPORTED_BY"
    RELIES_ON = "RELIES_ON"
    USES = "USES"
    FAILS_IN = "FAILS_IN"
    CITES = "CITES"


@dataclass(frozen=True)
class _LinkSpec:
    sources: frozenset[str]
    targets: frozenset[str]
    sources_text: str
    targets_text: str


_LINKS = {
    Relation.COVERS: _LinkSpec(
        frozenset({"SafetyCase"}), frozenset({"Deployment"}), "a safety case", "a deployment"
    ),
    Relation.SUPPORTED_BY: _LinkSpec(
        frozenset({"Goal", "Strategy"}),
        frozenset({"ArgumentNode"}),
        "a goal or strategy",
        "an argument node",
    ),
    Relation.RELIES_ON: _LinkSpec(
        frozenset({"ArgumentNode", "Assumption"}),
        frozenset({"Assumption"}),
        "an argument node or assumption",
        "an assumption",
    ),
    Relation.USES: _LinkSpec(
        frozenset({"Assumption"}), frozenset({"Technique"}), "an assumption", "a technique"
    ),
    Relation.FAILS_IN: _LinkSpec(
        frozenset({"Assumption", "Technique"}),
        frozenset({"WorldModel"}),
        "an assumption or technique",
        "a world model",
    ),
    Relation.CITES: _LinkSpec(
        frozenset({"Deployment", "SafetyCase", "ArgumentNode", "Assumption", "Technique"}),
        frozenset({"Source"}),
        "a deployment, safety case, argument node, assumption or technique",
        "a source",
    ),
}


@dataclass(frozen=True)
class EditResult:
    revision: int
    id: str | None = None
    deleted: tuple[str, ...] = ()


# --- the transaction ---------------------------------------------------------------------


@dataclass
class _Edit:
    """One edit's transaction: reads, writes, and what the final checks must look at."""

    tx: neo4j.ManagedTransaction
    workspace: str
    check_priors: bool = False
    check_arguments: bool = False
    touched_nodes: set[str] = field(default_factory=set)  # argument nodes that may be detached
    cascade: bool = False  # delete argument nodes this edit detached (instead of refusing)
    deleted: list[str] = field(default_factory=list)

    def run(self, statement: str, /, **params: Any) -> list[dict[str, Any]]:
        return run_statement(self.tx, statement, workspace=self.workspace, **params)

    def node(self, id_: str) -> Row | None:
        rows = self.run("api/nodes_by_id", ids=[id_])
        return entity_row(rows[0]["node"]) if rows else None

    def require(self, id_: str, labels: Iterable[str], what: str) -> Row:
        row = self.node(id_)
        if row is None:
            raise NotFoundError(f"no {what} {id_!r} in workspace {self.workspace!r}")
        if not set(labels) & set(row["labels"]):
            raise InvalidEditError(f"{id_!r} is {_describe(row)}, not {what}")
        return row

    def require_new_id(self, id_: str, *, generated: bool = False) -> None:
        existing = self.node(id_ if generated else check_id(id_))
        if existing is not None:
            raise InvalidEditError(
                f"id {id_!r} is already used by {_describe(existing)} in workspace "
                f"{self.workspace!r} (ids are unique within a workspace)"
            )

    def link(self, relation: str, source: str, target: str, **props: Any) -> None:
        self.run(f"api/link_{relation}", source=source, target=target, props=props)

    # -- invariants checked before the transaction commits ----------------------------------

    def finish(self) -> None:
        if self.check_priors:
            bad = self.run("api/invalid_priors", tolerance=PRIOR_TOLERANCE)
            if bad:
                details = "; ".join(
                    f"{row['id']!r} has no answers"
                    if row["answers"] == 0
                    else f"priors of {row['id']!r} sum to {row['total']:.6g}"
                    for row in bad
                )
                raise InvalidEditError(
                    f"the answers of a question must have priors summing to 1: {details} "
                    "(change a question's answers together with updateQuestion(answers: ...))"
                )
        if self.check_arguments:
            self._normalise_arguments()
            bad = self.run("api/invalid_at_least")
            if bad:
                details = "; ".join(
                    f"{row['id']!r} needs {row['k']} children and has {row['children']}"
                    for row in bad
                )
                raise InvalidEditError(f"support AT_LEAST k needs k <= children: {details}")

    def _normalise_arguments(self) -> None:
        """Every argument node stays part of a case, defined under exactly one parent."""
        rows = self.run("api/argument_structure")
        roots = {row["id"] for row in rows if row["cases"]}
        children = {row["id"]: row["children"] for row in rows}
        parents: dict[str, list[tuple[str, bool]]] = {row["id"]: [] for row in rows}
        for row in rows:
            for child in row["children"]:
                parents[child["target"]].append((row["id"], child["ref"]))
        reachable = _closure(roots, lambda n: (c["target"] for c in children.get(n, [])))
        detached = (
            _closure(
                self.touched_nodes & children.keys(),
                lambda n: (c["target"] for c in children.get(n, [])),
            )
            - reachable
        )
        if detached:
            if not self.cascade:
                raise InvalidEditError(
                    "this would leave argument nodes outside every safety case: "
                    f"{', '.join(sorted(detached))} (delete them instead, or link them "
                    "under another goal or strategy first)"
                )
            ids = sorted(detached)
            self.deleted.extend(self._delete_with_dependents(ids))
        changes: list[dict[str, Any]] = []
        for node in sorted(reachable):
            in_edges = [(p, ref) for p, ref in parents.get(node, []) if p in reachable]
            defining = [p for p, ref in in_edges if not ref]
            wanted: str | None = None
            if node not in roots and in_edges:
                wanted = defining[0] if defining else sorted(p for p, _ in in_edges)[0]
            for parent, ref in parents.get(node, []):
                should_ref = parent != wanted
                if should_ref != ref:
                    changes.append({"source": parent, "target": node, "ref": should_ref})
        if changes:
            self.run("api/set_supported_by_ref", rows=changes)

    def _delete_with_dependents(self, ids: list[str]) -> list[str]:
        doomed: list[str] = []
        pending = list(ids)
        while pending:
            rows = self.run("api/entity_dependents", ids=pending)
            pending = []
            for row in rows:
                if row["id"] not in doomed:
                    doomed.append(row["id"])
                for defeater in row["defeaters"]:
                    if defeater not in doomed and defeater not in pending:
                        pending.append(defeater)
        self.run("api/delete_entities", ids=doomed)
        return doomed


def _closure(start: Iterable[str], step: Callable[[str], Iterable[str]]) -> set[str]:
    seen: set[str] = set()
    stack = list(start)
    while stack:
        node = stack.pop()
        if node not in seen:
            seen.add(node)
            stack.extend(step(node))
    return seen


def _describe(row: Row) -> str:
    for kind in Kind:
        if kind.value in row["labels"]:
            title = kind.noun
            if kind is Kind.ARGUMENT_NODE and row.get("type"):
                title = str(row["type"]).lower()
            article = "an" if title[0] in "aeiou" else "a"
            return f"{article} {title}"
    return "an entity"


def _kind_of(row: Row) -> Kind | None:
    return next((kind for kind in Kind if kind.value in row["labels"]), None)


def _edit(
    database: Database, workspace: str, work: Callable[[_Edit], T]
) -> tuple[T, int, list[str]]:
    check_workspace_name(workspace)

    def transaction(tx: neo4j.ManagedTransaction) -> tuple[T, int, list[str]]:
        revision = int(
            run_statement(tx, "portfolio/bump_revision", workspace=workspace)[0]["revision"]
        )
        edit = _Edit(tx, workspace)
        result = work(edit)
        edit.finish()
        return result, revision, edit.deleted

    return database.write(transaction)


# --- public edits --------------------------------------------------------------------------


def create_entity(
    database: Database,
    workspace: str,
    kind: Kind,
    id_: str | None,
    props: Mapping[str, Any],
    *,
    parent: str | None = None,
    root: tuple[str, Mapping[str, Any]] | None = None,
    answers: list[tuple[str, Mapping[str, Any]]] | None = None,
    covers: list[str] | None = None,
) -> EditResult:
    """Create an entity. Argument nodes, context statements, world models and defeaters need
    their `parent` (the goal or strategy, argument node, question, challenged entity); a safety
    case needs its `root` goal (id, properties); a question may come with its `answers`."""
    checked = {**DEFAULTS.get(kind, {}), **check_properties(kind, props)}
    missing = [name for name in PROPERTIES[kind] if name not in checked and _required(kind, name)]
    if missing:
        raise InvalidEditError(f"a {kind.noun} needs {', '.join(missing)}")
    if kind is Kind.ARGUMENT_NODE:
        _check_support(checked, id_ or "?")
    if kind in _PARENT and parent is None:
        raise InvalidEditError(f"a {kind.noun} needs its parent ({_PARENT[kind][2]})")
    if kind is Kind.SAFETY_CASE and root is None:
        raise InvalidEditError("a safety case needs its root goal")
    root_props: dict[str, Any] = {}
    if root is not None:
        root_props = {
            **DEFAULTS[Kind.ARGUMENT_NODE],
            **check_properties(Kind.ARGUMENT_NODE, root[1]),
        }
        if "statement" not in root_props:
            raise InvalidEditError("the root goal needs a statement")
        _check_support(root_props, root[0])
    answer_props = [
        (check_id(a_id, "answer id"), check_properties(Kind.WORLD_MODEL, a_props))
        for a_id, a_props in answers or []
    ]

    def work(edit: _Edit) -> str:
        new_id = id_
        generated = kind in (Kind.CONTEXT, Kind.JUSTIFICATION) and new_id is None
        if generated:
            new_id = _next_context_id(edit, parent or "", kind)
        if new_id is None:
            raise InvalidEditError(f"a {kind.noun} needs an id")
        edit.require_new_id(new_id, generated=generated)
        if kind in _PARENT:
            labels, _relation, what = _PARENT[kind]
            edit.require(parent or "", labels, what)
        if kind is Kind.ARGUMENT_NODE:
            edit.run(_ARGUMENT_STATEMENT[checked["type"]], id=new_id, props=checked)
            edit.link("supported_by", parent or "", new_id, ref=False)
            edit.check_arguments = True
        elif kind in (Kind.CONTEXT, Kind.JUSTIFICATION):
            props_with_kind = {**checked, "kind": kind.value.upper()}
            edit.run(_CREATE_STATEMENT[kind], id=new_id, props=props_with_kind)
        else:
            edit.run(_CREATE_STATEMENT[kind], id=new_id, props=checked)
        if kind in (Kind.CONTEXT, Kind.JUSTIFICATION):
            edit.link("in_context_of", parent or "", new_id)
        elif kind is Kind.WORLD_MODEL:
            edit.link("has_answer", parent or "", new_id)
            edit.check_priors = True
        elif kind is Kind.DEFEATER:
            edit.link("challenges", new_id, parent or "")
        elif kind is Kind.QUESTION:
            for a_id, a_props in answer_props:
                if "statement" not in a_props or "prior" not in a_props:
                    raise InvalidEditError(f"answer {a_id!r} needs a statement and a prior")
                edit.require_new_id(a_id)
                edit.run("api/create_world_model", id=a_id, props=a_props)
                edit.link("has_answer", new_id, a_id)
            edit.check_priors = True
        elif kind is Kind.SAFETY_CASE and root is not None:
            root_id = check_id(root[0], "root id")
            edit.require_new_id(root_id)
            edit.run(_ARGUMENT_STATEMENT[root_props["type"]], id=root_id, props=root_props)
            edit.link("root", new_id, root_id)
            edit.check_arguments = True
        for deployment in covers or []:
            _link_in(edit, Relation.COVERS, new_id, deployment)
        return new_id

    new_id, revision, _ = _edit(database, workspace, work)
    return EditResult(revision=revision, id=new_id)


def _required(kind: Kind, name: str) -> bool:
    validator = PROPERTIES[kind][name]
    return (
        validator is _text
        or (name in ("category",) and kind is Kind.SAFETY_CASE)
        or (name == "prior" and kind is Kind.WORLD_MODEL)
    )


def _next_context_id(edit: _Edit, node: str, kind: Kind) -> str:
    base = f"{node}#{kind.value.lower()}-"
    index = 0
    while edit.node(f"{base}{index}") is not None:
        index += 1
    return f"{base}{index}"


def update_entity(
    database: Database,
    workspace: str,
    kind: Kind,
    id_: str,
    props: Mapping[str, Any],
    *,
    answers: list[tuple[str, Mapping[str, Any]]] | None = None,
) -> EditResult:
    """Set properties of an entity (only those given). For a question, `answers` (when given)
    replaces its answers: existing ones are updated, new ones created, missing ones deleted."""
    checked = check_properties(kind, props)
    answer_props = [
        (check_id(a_id, "answer id"), check_properties(Kind.WORLD_MODEL, a_props))
        for a_id, a_props in answers or []
    ]
    if answers is not None and kind is not Kind.QUESTION:
        raise InvalidEditError("only a question has answers")

    def work(edit: _Edit) -> str:
        row = edit.require(id_, [kind.value], f"a {kind.noun}")
        merged = {**row, **checked}
        if kind is Kind.ARGUMENT_NODE:
            if "support" in checked and checked["support"] != "AT_LEAST" and "k" not in checked:
                checked["k"] = None
                merged["k"] = None
            _check_support(merged, id_)
            if merged.get("type") == "EVIDENCE" and row.get("type") != "EVIDENCE":
                kids = edit.run(
                    "api/related_out", ids=[id_], type="SUPPORTED_BY", label="ArgumentNode"
                )
                if kids:
                    raise InvalidEditError(
                        f"{id_!r} has children: only a goal or strategy is supported by "
                        "other nodes (unlink its children first)"
                    )
            edit.check_arguments = True
        if kind is Kind.WORLD_MODEL and "prior" in checked:
            edit.check_priors = True
        if checked:
            edit.run("api/update_entity", id=id_, props=checked)
        if kind is Kind.ARGUMENT_NODE and "type" in checked:
            edit.run("api/relabel_argument_node", id=id_)
        if answers is not None:
            _replace_answers(edit, id_, answer_props)
        return id_

    _, revision, deleted = _edit(database, workspace, work)
    return EditResult(revision=revision, id=id_, deleted=tuple(deleted))


def _replace_answers(edit: _Edit, question: str, answers: list[tuple[str, dict[str, Any]]]) -> None:
    if not answers:
        raise InvalidEditError("a question needs at least one answer")
    current = {
        row["node"]["id"]
        for row in edit.run(
            "api/related_out", ids=[question], type="HAS_ANSWER", label="WorldModel"
        )
    }
    wanted = [a_id for a_id, _ in answers]
    if len(set(wanted)) != len(wanted):
        raise InvalidEditError("answer ids must be distinct")
    for a_id, a_props in answers:
        if a_id in current:
            if a_props:
                edit.run("api/update_entity", id=a_id, props=a_props)
        else:
            if "statement" not in a_props or "prior" not in a_props:
                raise InvalidEditError(f"new answer {a_id!r} needs a statement and a prior")
            edit.require_new_id(a_id)
            edit.run("api/create_world_model", id=a_id, props=a_props)
            edit.link("has_answer", question, a_id)
    removed = sorted(current - set(wanted))
    if removed:
        edit.deleted.extend(edit._delete_with_dependents(removed))
    edit.check_priors = True


def delete_entity(database: Database, workspace: str, kind: Kind, id_: str) -> EditResult:
    """Delete an entity and what cannot exist without it (see the module's docstring)."""

    def work(edit: _Edit) -> None:
        row = edit.require(id_, [kind.value], f"a {kind.noun}")
        if kind is Kind.ARGUMENT_NODE:
            cases = edit.run("api/related_in", ids=[id_], type="ROOT", label="SafetyCase")
            if cases:
                raise InvalidEditError(
                    f"{id_!r} is the root goal of safety case {cases[0]['node']['id']!r}: "
                    "delete the case, or update the goal instead"
                )
        children: list[str] = []
        if kind in (Kind.ARGUMENT_NODE, Kind.SAFETY_CASE):
            relation = (
                ("SUPPORTED_BY", "ArgumentNode")
                if kind is Kind.ARGUMENT_NODE
                else ("ROOT", "ArgumentNode")
            )
            children = [
                r["node"]["id"]
                for r in edit.run("api/related_out", ids=[id_], type=relation[0], label=relation[1])
            ]
            edit.check_arguments = True
            edit.cascade = True
            edit.touched_nodes.update(children)
        if kind in (Kind.QUESTION, Kind.WORLD_MODEL):
            edit.check_priors = kind is Kind.WORLD_MODEL
        del row
        edit.deleted.extend(edit._delete_with_dependents([id_]))

    _, revision, deleted = _edit(database, workspace, work)
    return EditResult(revision=revision, id=id_, deleted=tuple(dict.fromkeys(deleted)))


def link(
    database: Database,
    workspace: str,
    relation: Relation,
    source: str,
    target: str,
    *,
    p: float | None = None,
) -> EditResult:
    """Add a relationship (for FAILS_IN, `p` defaults to 1; linking again changes `p`)."""
    if p is not None and relation is not Relation.FAILS_IN:
        raise InvalidEditError("p is a property of FAILS_IN only")
    probability = _PROBABILITY("p", 1.0 if p is None else p)

    def work(edit: _Edit) -> str:
        _link_in(edit, relation, source, target, probability)
        return source

    _, revision, _ = _edit(database, workspace, work)
    return EditResult(revision=revision, id=source)


def _link_in(edit: _Edit, relation: Relation, source: str, target: str, p: float = 1.0) -> None:
    spec = _LINKS[relation]
    if source == target:
        raise InvalidEditError(f"{source!r} cannot be linked to itself")
    edit.require(source, spec.sources, spec.sources_text)
    edit.require(target, spec.targets, spec.targets_text)
    exists = edit.run("api/relationship_exists", source=source, target=target, type=relation.value)[
        0
    ]["exists"]
    if exists:
        if relation is Relation.FAILS_IN:
            edit.run("api/set_fails_in_p", source=source, target=target, p=p)
            return
        raise InvalidEditError(f"{source!r} is already linked {relation.value} to {target!r}")
    if relation is Relation.SUPPORTED_BY:
        cycle = edit.run("api/supported_by_path", **{"from": target, "to": source})
        if cycle:
            path = " -> ".join([source, *cycle[0]["path"]])
            raise InvalidEditError(f"this would close a cycle in SUPPORTED_BY: {path}")
        edit.link("supported_by", source, target, ref=True)
        edit.check_arguments = True
    elif relation is Relation.RELIES_ON:
        source_row = edit.node(source) or {}
        if "Assumption" in source_row.get("labels", []):
            cycle = edit.run("api/relies_on_path", **{"from": target, "to": source})
            if cycle:
                path = " -> ".join([source, *cycle[0]["path"]])
                raise InvalidEditError(f"this would close a cycle in RELIES_ON: {path}")
        edit.link("relies_on", source, target)
    elif relation is Relation.FAILS_IN:
        edit.link("fails_in", source, target, p=p)
    else:
        edit.link(relation.value.lower(), source, target)


def unlink(
    database: Database, workspace: str, relation: Relation, source: str, target: str
) -> EditResult:
    """Remove a relationship. Unlinking an argument node from its last parent is refused."""

    def work(edit: _Edit) -> str:
        removed = edit.run("api/unlink", source=source, target=target, type=relation.value)
        if not removed or removed[0]["removed"] == 0:
            raise NotFoundError(
                f"no {relation.value} relationship from {source!r} to {target!r} in workspace "
                f"{edit.workspace!r}"
            )
        if relation is Relation.SUPPORTED_BY:
            edit.check_arguments = True
            edit.touched_nodes.add(target)
        return source

    _, revision, _ = _edit(database, workspace, work)
    return EditResult(revision=revision, id=source)
