"""Direct edits of a workspace's graph: create, update, delete, link and unlink entities.

Each edit is one write transaction that

1. bumps the workspace's revision first, which also locks the workspace node, so edits of one
   workspace are serialised and every check below sees a consistent graph;
2. validates its input (ids, kinds, probabilities, enum values) before anything is written;
3. writes, then checks the invariants of DESIGN §3 the edit could break (acyclic SUPPORTED_BY
   and RELIES_ON, k <= children, priors summing to 1, every argument node part of a case);
4. raises `InvalidEditError` naming the offending ids when one fails, which rolls the whole
   transaction back: invalid input writes nothing.

Creates are idempotent: creating an entity that is already there, of the same kind, with the
properties and the structure this create would give it (`_differences`), succeeds, writes
nothing, leaves the revision as it is, and says so (`EditResult.existed`). A client retrying a
create whose answer it never got, and the driver retrying a transaction whose commit was
acknowledged too late, both meet their own write that way. Anything different is refused, and
the error says what differs.

Entities created here belong to no document (`document` is null). Edits of entities a document
loaded are kept until that document is loaded again, which restores the document's content.

Deleting cascades to what cannot exist alone: a node's context statements, a question's answers,
defeaters challenging a deleted node, and argument nodes no longer part of any case.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypeVar

import neo4j

from service.errors import InvalidInputError, NotFoundError
from service.model.enums import NodeType, Support
from service.model.kinds import ENTITY, LINKABLE, RELATIONSHIP, Kind, Property, Relationship
from service.model.portfolio import FailsIn, support_problem
from service.model.validation import ID_PATTERN, PRIOR_TOLERANCE
from service.store.database import Database
from service.store.graph_queries import Row, entity_row
from service.store.query_log import run_statement
from service.store.workspace import check_workspace_name

T = TypeVar("T")

MAX_TEXT = 20_000
_ID = re.compile(ID_PATTERN)

__all__ = ["EditResult", "InvalidEditError", "Kind", "Relation"]


class InvalidEditError(InvalidInputError):
    """An edit would break an invariant of the graph; nothing was written."""


#: The relationships `link` and `unlink` edit directly, by type (`service.model.kinds`).
Relation: type[StrEnum] = StrEnum(  # type: ignore[misc]
    "Relation", [(r.type, r.type) for r in LINKABLE]
)
Relation.__doc__ = "Relationships `link` and `unlink` edit directly."

#: A FAILS_IN relationship's `p`, checked by the model's rule for it.
_P = Property("p", FailsIn.model_fields["p"])

# --- property validation -----------------------------------------------------------------


def _text(name: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidEditError(f"{name} must be a non-empty string")
    if len(value) > MAX_TEXT:
        raise InvalidEditError(f"{name} is longer than {MAX_TEXT} characters")
    return value


def _check(prop: Property, value: Any) -> Any:
    """`value` checked by the model's rule for `prop`; text must not be empty either."""
    if prop.value_type is str and (value is not None or not prop.optional):
        return _text(prop.graph, value)
    try:
        return prop.check(value)
    except ValueError as error:
        raise InvalidEditError(str(error)) from None


def check_id(value: Any, name: str = "id") -> str:
    if not isinstance(value, str) or not _ID.match(value) or len(value) > 200:
        raise InvalidEditError(
            f"invalid {name} {value!r}: use letters, digits and . _ : - "
            "(starting with a letter or digit, at most 200 characters)"
        )
    return value


def check_properties(kind: Kind, props: Mapping[str, Any]) -> dict[str, Any]:
    """Validated copies of `props` (graph property names and spelling), by the rules of the
    kind's model (`Property.check`: types, ranges, enums); unknown names are refused."""
    spec = kind.spec
    checked: dict[str, Any] = {}
    for name, value in props.items():
        prop = spec.property_named(name)
        if prop is None or prop.graph != name:
            raise InvalidEditError(f"{spec.noun} has no property {name!r}")
        checked[name] = _check(prop, value)
    return checked


def _new_properties(kind: Kind, props: Mapping[str, Any], what: str) -> dict[str, Any]:
    """The checked properties of a new entity, with the model's defaults for those not given."""
    spec = kind.spec
    checked = check_properties(kind, props)
    missing = [p.graph for p in spec.properties if p.required and p.graph not in checked]
    if missing:
        raise InvalidEditError(f"{what} needs {', '.join(missing)}")
    defaults = {p.graph: p.to_graph(p.default) for p in spec.properties if not p.required}
    return {**defaults, **checked}


def _check_support(props: Mapping[str, Any], node_id: str) -> None:
    support = Support[props.get("support") or Support.ALL.name]
    problem = support_problem(support, props.get("k"))
    if problem is not None:
        raise InvalidEditError(f"argument node {node_id!r}: {problem}")


def _a(noun: str) -> str:
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"


# --- relationships ------------------------------------------------------------------------

_SUPPORTED_BY = RELATIONSHIP["SUPPORTED_BY"]
_RELIES_ON = RELATIONSHIP["RELIES_ON"]
_FAILS_IN = RELATIONSHIP["FAILS_IN"]
_COVERS = RELATIONSHIP["COVERS"]
_HAS_ANSWER = RELATIONSHIP["HAS_ANSWER"]
_ROOT = RELATIONSHIP["ROOT"]


@dataclass(frozen=True)
class EditResult:
    revision: int
    id: str | None = None
    deleted: tuple[str, ...] = ()
    #: A create found the entity already there, identical: nothing was written, and
    #: `revision` is the workspace's current one.
    existed: bool = False


class _AlreadyThere(Exception):  # noqa: N818 - an outcome that rolls back, not a fault
    """Raised inside a create's transaction when the entity is there, identical to what the
    create would write: the transaction rolls back (the revision bump with it)."""

    def __init__(self, id_: str) -> None:
        super().__init__(id_)
        self.id = id_
        self.revision = 0


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

    def require_new_id(
        self,
        id_: str,
        *,
        generated: bool = False,
        same: Callable[[Row], list[str]] | None = None,
    ) -> None:
        """`id_` is free, or (with `same`, which lists how the node there differs from what
        the edit would write) used by a node identical to it: `_AlreadyThere`."""
        existing = self.node(id_ if generated else check_id(id_))
        if existing is None:
            return
        differences = same(existing) if same is not None else []
        if same is not None and not differences:
            raise _AlreadyThere(id_)
        detail = f"; it differs from this create in {'; '.join(differences)}" if differences else ""
        raise InvalidEditError(
            f"id {id_!r} is already used by {_describe(existing)} in workspace "
            f"{self.workspace!r} (ids are unique within a workspace){detail}"
        )

    def create(self, kind: Kind, id_: str, props: Mapping[str, Any]) -> None:
        """A new node of `kind`; its labels come from the kind's description, never from
        the edit's input (the statement sets them dynamically)."""
        spec = kind.spec
        stored = {**props, **spec.constant_properties}
        self.run("api/create_entity", labels=spec.labels(stored), id=id_, props=stored)

    def link(self, type_: str, source: str, target: str, **props: Any) -> None:
        """A new relationship of one of the model's types (`RELATIONSHIP`), never user text."""
        self.run(
            "api/link", type=RELATIONSHIP[type_].type, source=source, target=target, props=props
        )

    def related(self, relationship: Relationship, id_: str, statement: str) -> list[Row]:
        """The neighbours of `id_` along `relationship` (`related_out` or `related_in`)."""
        ends = relationship.targets if statement == "related_out" else relationship.sources
        label = ends[0] if len(ends) == 1 else ENTITY
        return self.run(f"api/{statement}", ids=[id_], type=relationship.type, label=label)

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
    kind = Kind.of_labels(row["labels"])
    if kind is None:
        return "an entity"
    title = kind.spec.noun
    if kind is Kind.ARGUMENT_NODE and row.get("type"):
        title = str(row["type"]).lower()
    return _a(title)


def _edit(
    database: Database, workspace: str, work: Callable[[_Edit], T]
) -> tuple[T, int, list[str]]:
    check_workspace_name(workspace)

    def transaction(tx: neo4j.ManagedTransaction) -> tuple[T, int, list[str]]:
        revision = int(
            run_statement(tx, "portfolio/bump_revision", workspace=workspace)[0]["revision"]
        )
        edit = _Edit(tx, workspace)
        try:
            result = work(edit)
        except _AlreadyThere as there:
            there.revision = revision - 1  # the bump rolls back; the workspace is locked
            raise
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
    """Create an entity. Kinds created under a parent (`KindSpec.parent`: argument nodes,
    context statements, world models, defeaters) need its id; a safety case needs its `root`
    goal (id, properties); a question may come with its `answers`.

    An entity already there with what this create would write (`_differences`) is reported
    (`existed=True`, the current revision) and nothing is written."""
    spec = kind.spec
    checked = _new_properties(kind, props, _a(spec.noun))
    if kind is Kind.ARGUMENT_NODE:
        _check_support(checked, id_ or "?")
    if spec.parent is not None and parent is None:
        raise InvalidEditError(f"{_a(spec.noun)} needs its parent ({spec.parent.what})")
    if kind is Kind.SAFETY_CASE and root is None:
        raise InvalidEditError("a safety case needs its root goal")
    root_props: dict[str, Any] = {}
    if root is not None:
        root_props = _new_properties(Kind.ARGUMENT_NODE, root[1], "the root goal")
        _check_support(root_props, root[0])
    answer_props = [
        (check_id(a_id, "answer id"), check_properties(Kind.WORLD_MODEL, a_props))
        for a_id, a_props in answers or []
    ]

    def work(edit: _Edit) -> str:
        new_id = id_
        generated = spec.generated_id is not None and new_id is None
        if generated:
            new_id = _next_context_id(edit, parent or "", kind)
        if new_id is None:
            raise InvalidEditError(f"{_a(spec.noun)} needs an id")
        wanted = _Wanted(
            kind,
            {**checked, **spec.constant_properties},
            parent=parent,
            root=(root[0], root_props) if root is not None else None,
            answers=answer_props,
            covers=covers,
        )
        edit.require_new_id(
            new_id, generated=generated, same=lambda row: wanted.differences(edit, row)
        )
        if spec.parent is not None:
            edit.require(parent or "", spec.parent.labels, spec.parent.what)
        edit.create(kind, new_id, checked)
        if spec.parent is not None:
            ends = (parent or "", new_id) if spec.parent.child_is_target else (new_id, parent or "")
            edit.link(spec.parent.relationship, *ends, **spec.parent.edge)
        edit.check_arguments |= kind is Kind.ARGUMENT_NODE
        edit.check_priors |= kind in (Kind.WORLD_MODEL, Kind.QUESTION)
        for a_id, a_props in answer_props:
            if "statement" not in a_props or "prior" not in a_props:
                raise InvalidEditError(f"answer {a_id!r} needs a statement and a prior")
            edit.require_new_id(a_id)
            edit.create(Kind.WORLD_MODEL, a_id, a_props)
            edit.link(_HAS_ANSWER.type, new_id, a_id)
        if root is not None:
            root_id = check_id(root[0], "root id")
            edit.require_new_id(root_id)
            edit.create(Kind.ARGUMENT_NODE, root_id, root_props)
            edit.link(_ROOT.type, new_id, root_id)
            edit.check_arguments = True
        for deployment in covers or []:
            _link_in(edit, _COVERS, new_id, deployment)
        return new_id

    try:
        new_id, revision, _ = _edit(database, workspace, work)
    except _AlreadyThere as there:
        return EditResult(revision=there.revision, id=there.id, existed=True)
    return EditResult(revision=revision, id=new_id)


@dataclass(frozen=True)
class _Wanted:
    """What a create would write: the node's stored properties and the structure around it."""

    kind: Kind
    props: dict[str, Any]  # as stored: checked, defaults filled in, constant properties
    parent: str | None
    root: tuple[str, dict[str, Any]] | None  # a case's root goal: id, stored properties
    answers: list[tuple[str, dict[str, Any]]]  # a question's
    covers: list[str] | None  # a case's

    def differences(self, edit: _Edit, row: Row) -> list[str]:
        """How the node `row` (same id) differs from what this create would write; empty
        when it is identical."""
        kind, spec = self.kind, self.kind.spec
        if Kind.of_labels(row["labels"]) is not kind:
            return [f"its kind ({_describe(row)}, not {_a(spec.noun)})"]
        found = _property_differences(kind, row, self.props)
        id_ = str(row["id"])
        if spec.parent is not None:
            relationship = RELATIONSHIP[spec.parent.relationship]
            direction = "related_in" if spec.parent.child_is_target else "related_out"
            parents = sorted(r["node"]["id"] for r in edit.related(relationship, id_, direction))
            if self.parent not in parents:
                found.append(
                    f"its {spec.parent.input_field} ({_listed(parents)} stored, "
                    f"{self.parent!r} given)"
                )
        if self.root is not None:
            root_id, root_props = self.root
            roots = edit.related(_ROOT, id_, "related_out")
            root_ids = [r["node"]["id"] for r in roots]
            if root_ids != [root_id]:
                found.append(f"its root goal ({_listed(root_ids)} stored, {root_id!r} given)")
            else:
                root = entity_row(roots[0]["node"])
                inner = _property_differences(Kind.ARGUMENT_NODE, root, root_props)
                found.extend(f"root goal {root_id!r}: {d}" for d in inner)
        if kind is Kind.QUESTION:
            stored = {
                r["node"]["id"]: entity_row(r["node"])
                for r in edit.related(_HAS_ANSWER, id_, "related_out")
            }
            given = dict(self.answers)
            if set(stored) != set(given):
                found.append(f"its answers ({_listed(stored)} stored, {_listed(given)} given)")
            else:
                for a_id, a_props in self.answers:
                    inner = _property_differences(Kind.WORLD_MODEL, stored[a_id], a_props)
                    found.extend(f"answer {a_id!r}: {d}" for d in inner)
        if kind is Kind.SAFETY_CASE:
            covered = sorted(r["node"]["id"] for r in edit.related(_COVERS, id_, "related_out"))
            if covered != sorted(set(self.covers or [])):
                found.append(
                    f"covers ({_listed(covered)} stored, {_listed(self.covers or [])} given)"
                )
        return found


def _property_differences(kind: Kind, row: Row, wanted: Mapping[str, Any]) -> list[str]:
    """The kind's properties whose stored value (in `row`) is not the one `wanted` gives; a
    value not stored, or not given, counts as the model's default."""
    found = []
    names = [p.graph for p in kind.spec.properties] + list(kind.spec.constant_properties)
    for name in names:
        prop = kind.spec.property_named(name)
        stored, given = row.get(name), wanted.get(name)
        if prop is not None:
            default = prop.to_graph(prop.default)
            stored = default if stored is None else stored
            given = default if given is None else given
        if stored != given:
            found.append(f"{name} ({_shown(stored)} stored, {_shown(given)} given)")
    return found


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else f"{text[:57]}..."


def _listed(ids: Iterable[str]) -> str:
    names = sorted(ids)
    return ", ".join(repr(i) for i in names) if names else "none"


def _next_context_id(edit: _Edit, node: str, kind: Kind) -> str:
    base = f"{node}#{kind.spec.label.lower()}-"
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
    spec = kind.spec
    checked = check_properties(kind, props)
    answer_props = [
        (check_id(a_id, "answer id"), check_properties(Kind.WORLD_MODEL, a_props))
        for a_id, a_props in answers or []
    ]
    if answers is not None and kind is not Kind.QUESTION:
        raise InvalidEditError("only a question has answers")

    def work(edit: _Edit) -> str:
        row = edit.require(id_, [spec.label], _a(spec.noun))
        merged = {**row, **checked}
        if kind is Kind.ARGUMENT_NODE:
            if "support" in checked and checked["support"] != Support.AT_LEAST.name:
                checked.setdefault("k", None)
                merged["k"] = checked["k"]
            _check_support(merged, id_)
            evidence = NodeType.EVIDENCE.name
            if merged.get("type") == evidence and row.get("type") != evidence:
                kids = edit.related(_SUPPORTED_BY, id_, "related_out")
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
        if spec.label_property is not None and spec.label_property in checked:
            edit.run("api/relabel_argument_node", id=id_)
        if answers is not None:
            _replace_answers(edit, id_, answer_props)
        return id_

    _, revision, deleted = _edit(database, workspace, work)
    return EditResult(revision=revision, id=id_, deleted=tuple(deleted))


def _replace_answers(edit: _Edit, question: str, answers: list[tuple[str, dict[str, Any]]]) -> None:
    if not answers:
        raise InvalidEditError("a question needs at least one answer")
    current = {row["node"]["id"] for row in edit.related(_HAS_ANSWER, question, "related_out")}
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
            edit.create(Kind.WORLD_MODEL, a_id, a_props)
            edit.link(_HAS_ANSWER.type, question, a_id)
    removed = sorted(current - set(wanted))
    if removed:
        edit.deleted.extend(edit._delete_with_dependents(removed))
    edit.check_priors = True


def delete_entity(database: Database, workspace: str, kind: Kind, id_: str) -> EditResult:
    """Delete an entity and what cannot exist without it (see the module's docstring)."""
    spec = kind.spec

    def work(edit: _Edit) -> None:
        edit.require(id_, [spec.label], _a(spec.noun))
        if kind is Kind.ARGUMENT_NODE:
            cases = edit.related(_ROOT, id_, "related_in")
            if cases:
                raise InvalidEditError(
                    f"{id_!r} is the root goal of safety case {cases[0]['node']['id']!r}: "
                    "delete the case, or update the goal instead"
                )
        if kind in (Kind.ARGUMENT_NODE, Kind.SAFETY_CASE):
            below = _SUPPORTED_BY if kind is Kind.ARGUMENT_NODE else _ROOT
            children = [r["node"]["id"] for r in edit.related(below, id_, "related_out")]
            edit.check_arguments = True
            edit.cascade = True
            edit.touched_nodes.update(children)
        edit.check_priors = kind is Kind.WORLD_MODEL
        edit.deleted.extend(edit._delete_with_dependents([id_]))

    _, revision, deleted = _edit(database, workspace, work)
    return EditResult(revision=revision, id=id_, deleted=tuple(dict.fromkeys(deleted)))


def _linkable(relation: str) -> Relationship:
    relationship = RELATIONSHIP.get(str(relation))
    if relationship is None or not relationship.linkable:
        names = ", ".join(r.type for r in LINKABLE)
        raise InvalidEditError(f"cannot link or unlink {relation!r}: use one of {names}")
    return relationship


def link(
    database: Database,
    workspace: str,
    relation: str,
    source: str,
    target: str,
    *,
    p: float | None = None,
) -> EditResult:
    """Add a relationship (for FAILS_IN, `p` defaults to 1; linking again changes `p`)."""
    relationship = _linkable(relation)
    if p is not None and relationship is not _FAILS_IN:
        raise InvalidEditError("p is a property of FAILS_IN only")
    probability = _check(_P, 1.0 if p is None else p)

    def work(edit: _Edit) -> str:
        _link_in(edit, relationship, source, target, probability)
        return source

    _, revision, _ = _edit(database, workspace, work)
    return EditResult(revision=revision, id=source)


def _link_in(
    edit: _Edit, relationship: Relationship, source: str, target: str, p: float = 1.0
) -> None:
    if source == target:
        raise InvalidEditError(f"{source!r} cannot be linked to itself")
    source_row = edit.require(source, relationship.sources, relationship.sources_text)
    edit.require(target, relationship.targets, relationship.targets_text)
    type_ = relationship.type
    exists = edit.run("api/relationship_exists", source=source, target=target, type=type_)
    if exists[0]["exists"]:
        if relationship is _FAILS_IN:
            edit.run("api/set_fails_in_p", source=source, target=target, p=p)
            return
        raise InvalidEditError(f"{source!r} is already linked {type_} to {target!r}")
    acyclic = relationship is _SUPPORTED_BY or (
        relationship is _RELIES_ON and "Assumption" in source_row["labels"]
    )
    if acyclic:
        statement = (
            "api/supported_by_path" if relationship is _SUPPORTED_BY else "api/relies_on_path"
        )
        cycle = edit.run(statement, **{"from": target, "to": source})
        if cycle:
            path = " -> ".join([source, *cycle[0]["path"]])
            raise InvalidEditError(f"this would close a cycle in {type_}: {path}")
    props: dict[str, Any] = {}
    if relationship is _SUPPORTED_BY:
        props["ref"] = True
        edit.check_arguments = True
    elif relationship is _FAILS_IN:
        props["p"] = p
    edit.link(type_, source, target, **props)


def unlink(
    database: Database, workspace: str, relation: str, source: str, target: str
) -> EditResult:
    """Remove a relationship. Unlinking an argument node from its last parent is refused."""
    relationship = _linkable(relation)

    def work(edit: _Edit) -> str:
        removed = edit.run("api/unlink", source=source, target=target, type=relationship.type)
        if not removed or removed[0]["removed"] == 0:
            raise NotFoundError(
                f"no {relationship.type} relationship from {source!r} to {target!r} in "
                f"workspace {edit.workspace!r}"
            )
        if relationship is _SUPPORTED_BY:
            edit.check_arguments = True
            edit.touched_nodes.add(target)
        return source

    _, revision, _ = _edit(database, workspace, work)
    return EditResult(revision=revision, id=source)
