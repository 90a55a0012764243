"""Entity kinds, each described once (DESIGN §2, §3): the one place a kind is spelled out.

A kind's *fields* are its pydantic model in `service.model.portfolio`: types, enums, ranges,
defaults and descriptions (a field without a default must be given on create). This module
adds what the graph needs: the kind's label, its noun, what it is created under, and the
relationships between kinds with the fields that follow them in either direction. From these
descriptions come the GraphQL types, connection fields, inputs and mutations
(`service.api.graphql_types`, `graphql_inputs`, `mutations`), the edit validation
(`service.store.entity_edits`, with the model's own validators) and the property rows of Cypher
(`service.store.portfolio_rows`, `portfolio_reader`).

Adding a field: one line in its model (`owner: str | None = Field(default=None,
description=...)`), then regenerate `schema/portfolio.schema.json` and `schema/schema.graphql`.

Adding a kind (PriorProfile, say):
1. its model in `service.model.portfolio`, fields with `Field(description=...)` (and its list
   in `Portfolio` when files carry it);
2. a member of `Kind` below (`KindSpec`: label, model, noun, descriptions, list field; `parent`
   when it is created under another node), and its relationships in `RELATIONSHIPS` with the
   GraphQL fields that follow them (`Out`, `In`; `edge` names the GraphQL object of a
   relationship that has properties, as FAILS_IN's `FailsIn`);
3. `@entity_type(Kind.PRIOR_PROFILE) class PriorProfile(Node): pass` in
   `service.api.graphql_types` (the module refuses to load while a kind has no type).
Then its list and by-id queries, create/update/delete mutations and their inputs, and the
edit validation exist. Files need, besides the model: its `$defs` entry in
`service.authoring.schema.build_schema` (only the non-scalar fields), its rows in
`service.store.portfolio_rows` (`_props` gives the properties), a `read_*.cypher` returning
`properties: [key IN $properties | n[key]]` listed in `portfolio_reader._LISTS`, a
`portfolio/create/*.cypher`, and its cross-reference checks in `service.model.validation`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum, StrEnum
from functools import cached_property
from types import NoneType, UnionType
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo

from service.model.portfolio import (
    ArgumentNode,
    Assumption,
    Defeater,
    Deployment,
    Question,
    SafetyCase,
    Source,
    Statement,
    Technique,
    WorldModel,
)

ENTITY = "Entity"
"""The label every domain node carries."""


def camel(name: str) -> str:
    """`prior_risk` -> `priorRisk`: a file key as a graph property (and a GraphQL field)."""
    first, *rest = name.split("_")
    return first + "".join(word.title() for word in rest)


@dataclass(frozen=True)
class Property:
    """A scalar field of a kind: a node property in the graph, a field in GraphQL."""

    name: str  # snake_case: the model's field, the file's key
    info: FieldInfo

    @cached_property
    def graph(self) -> str:
        """The node property (camelCase, as GraphQL spells it too)."""
        return camel(self.name)

    @cached_property
    def optional(self) -> bool:
        """Whether it may be null."""
        return NoneType in get_args(self.info.annotation)

    @cached_property
    def value_type(self) -> type:
        """str, float, int, bool, or an enum of `service.model.enums`."""
        annotation = self.info.annotation
        if get_origin(annotation) in (Union, UnionType):
            annotation = next(a for a in get_args(annotation) if a is not NoneType)
        if get_origin(annotation) is Annotated:  # `Probability | None`
            annotation = get_args(annotation)[0]
        assert isinstance(annotation, type), annotation
        return annotation

    @cached_property
    def _constraints(self) -> list[Any]:
        """The field's constraints, and those of an annotated type inside `X | None`."""
        found = list(self.info.metadata)
        for arg in get_args(self.info.annotation):
            if get_origin(arg) is Annotated:
                for item in get_args(arg)[1:]:
                    found.extend(getattr(item, "metadata", [item]))
        return found

    @property
    def enum(self) -> type[StrEnum] | None:
        kind = self.value_type
        return kind if issubclass(kind, Enum) else None  # type: ignore[return-value]

    @property
    def required(self) -> bool:
        """Must be given on create (the model has no default for it)."""
        return self.info.is_required()

    @property
    def default(self) -> Any:
        return None if self.required else self.info.get_default(call_default_factory=True)

    @property
    def description(self) -> str | None:
        return self.info.description

    def bound(self, name: str) -> float | None:
        """A numeric bound of the model's field (`ge`, `gt`, `le`, `lt`), if it has one."""
        for item in self._constraints:
            value = getattr(item, name, None)
            if value is not None:
                return float(value)
        return None

    @property
    def interval(self) -> str | None:
        """The range as text, `[0, 1]` or `(0, 1]`, when the field has both bounds."""
        low, low_open = (
            (self.bound("ge"), False)
            if self.bound("ge") is not None
            else (
                self.bound("gt"),
                True,
            )
        )
        high, high_open = (
            (self.bound("le"), False)
            if self.bound("le") is not None
            else (
                self.bound("lt"),
                True,
            )
        )
        if low is None or high is None:
            return None
        return f"{'(' if low_open else '['}{low:g}, {high:g}{')' if high_open else ']'}"

    def to_graph(self, value: Any) -> Any:
        """A model value as the graph stores it (enums by their upper-case name)."""
        return value.name if isinstance(value, Enum) else value

    def from_graph(self, value: Any) -> Any:
        """A stored value as the model's (enums by member, a missing value as the default)."""
        if value is None:
            value = self.to_graph(self.default)
        enum = self.enum
        return enum[value] if enum is not None and value is not None else value

    @cached_property
    def _adapter(self) -> TypeAdapter[Any]:
        annotation: Any = self.info.annotation
        if self.info.metadata:
            annotation = Annotated[annotation, *self.info.metadata]
        return TypeAdapter(annotation)

    def check(self, value: Any) -> Any:
        """`value` in the graph's spelling, checked by the model's own rules (type, range,
        enum), as the graph stores it; `ValueError` says what is wrong."""
        enum = self.enum
        if enum is not None and (value is not None or not self.optional):
            if not isinstance(value, str) or value not in enum.__members__:
                names = ", ".join(enum.__members__)
                raise ValueError(f"{self.graph} must be one of {names}, got {value!r}")
            value = enum[value]
        try:
            checked = self._adapter.validate_python(value, strict=True)
        except ValidationError as error:
            raise ValueError(self._problem(value, error.errors()[0]["type"])) from None
        return self.to_graph(checked)

    def _problem(self, value: Any, error: str) -> str:
        kind = self.value_type
        if kind is float:
            if error.endswith("_type"):
                return f"{self.graph} must be a number in {self.interval}"
            return f"{self.graph} must be in {self.interval}, got {value}"
        if kind is int:
            return f"{self.graph} must be an integer >= {self.bound('ge'):g}, got {value!r}"
        if kind is str:
            return f"{self.graph} must be a string"
        return f"{self.graph} is not valid: {value!r}"


@dataclass(frozen=True)
class Parent:
    """What an entity of a kind is created under: the input field naming it, the relationship
    that joins them, and the labels the parent may have."""

    input_field: str
    relationship: str
    labels: frozenset[str]
    what: str  # "a goal or strategy": for messages
    description: str | None = None
    child_is_target: bool = True  # (parent)-[rel]->(child); False: (child)-[rel]->(parent)
    edge: dict[str, Any] = field(default_factory=dict)  # properties of the new relationship


@dataclass(frozen=True)
class KindSpec:
    """One entity kind: its label and model (its fields), and how the API names it."""

    label: str
    model: type[BaseModel]
    noun: str
    description: str
    plural: str  # the list field of Query, e.g. `deployments`
    list_description: str
    by_id: bool = True  # a `deployment(id:)` field on Query
    parent: Parent | None = None
    #: Label of a node of this kind beside Entity and `label`, named by a property's value
    #: (an argument node of type GOAL is also a Goal).
    label_property: str | None = None
    variants: dict[str, str] = field(default_factory=dict)  # extra label -> description
    create_verb: str = "create"
    create_description: str | None = None
    delete_description: str | None = None
    create_excludes: tuple[str, ...] = ()  # properties a create cannot set (status OPEN)
    generated_id: str | None = None  # the id is optional on create: how it is made
    update_by_arguments: bool = False  # `update(id, statement)` rather than an input
    input_name: str | None = None  # a shared create input (CreateStatementInput)
    #: Properties every node of the kind stores as they are (which statement it is).
    constant_properties: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """The GraphQL name (and Python name) of the kind: its label."""
        return self.label

    @property
    def snake(self) -> str:
        return "".join(f"_{c.lower()}" if c.isupper() else c for c in self.label).lstrip("_")

    @property
    def article(self) -> str:
        return "an" if self.noun[0] in "aeiou" else "a"

    @cached_property
    def properties(self) -> tuple[Property, ...]:
        """Its scalar fields in file order, notes last (relationship fields are not here)."""
        links = {name for r in RELATIONSHIPS for name in r.fields}
        fields = [
            Property(name, info)
            for name, info in self.model.model_fields.items()
            if name != "id" and name not in links
        ]
        return tuple(sorted(fields, key=lambda p: p.name == "notes"))

    def property_named(self, name: str) -> Property | None:
        return next((p for p in self.properties if p.name == name or p.graph == name), None)

    def labels(self, props: dict[str, Any]) -> list[str]:
        """The labels of a new node of this kind with graph properties `props`."""
        labels = [ENTITY, self.label]
        if self.label_property is not None:
            labels.append(str(props[self.label_property]).title())
        return labels


class Kind(Enum):
    """Every entity kind (DESIGN §3), in the order the API lists them."""

    DEPLOYMENT = KindSpec(
        "Deployment",
        Deployment,
        "deployment",
        "A deployment a portfolio of safety cases argues is safe.",
        "deployments",
        "Deployments.",
    )
    SAFETY_CASE = KindSpec(
        "SafetyCase",
        SafetyCase,
        "safety case",
        "A structured argument that some deployments are safe.",
        "safety_cases",
        "Safety cases.",
        create_description="Create a case with its root goal, covering deployments.",
        delete_description="Delete a case, its argument nodes that no other case shares, "
        "and the defeaters challenging them.",
    )
    ARGUMENT_NODE = KindSpec(
        "ArgumentNode",
        ArgumentNode,
        "argument node",
        "A Goal, Strategy or Evidence node of a GSN argument.",
        "argument_nodes",
        "Goals, strategies and evidence.",
        parent=Parent(
            "parent",
            "SUPPORTED_BY",
            frozenset({"Goal", "Strategy"}),
            "a goal or strategy",
            "The goal or strategy it supports.",
            edge={"ref": False},
        ),
        label_property="type",
        variants={
            "Goal": "A claim.",
            "Strategy": "How a goal is broken down into sub-goals.",
            "Evidence": "A piece of evidence (a leaf of the argument).",
        },
        create_description="Create a goal, strategy or evidence under a parent.",
        delete_description="Delete an argument node and the nodes below it that no longer "
        "belong to any case.",
    )
    CONTEXT = KindSpec(
        "Context",
        Statement,
        "context statement",
        "A GSN context statement of an argument node (no logic).",
        "contexts",
        "GSN context statements.",
        by_id=False,
        parent=Parent(
            "node",
            "IN_CONTEXT_OF",
            frozenset({"ArgumentNode"}),
            "an argument node",
            "The argument node it belongs to.",
        ),
        generated_id="Default: `<node>#context-<n>` / `<node>#justification-<n>`.",
        update_by_arguments=True,
        input_name="CreateStatementInput",
        constant_properties={"kind": "CONTEXT"},
    )
    JUSTIFICATION = KindSpec(
        "Justification",
        Statement,
        "justification",
        "A GSN justification of an argument node (no logic).",
        "justifications",
        "GSN justifications.",
        by_id=False,
        parent=CONTEXT.parent,
        generated_id=CONTEXT.generated_id,
        update_by_arguments=True,
        input_name="CreateStatementInput",
        constant_properties={"kind": "JUSTIFICATION"},
    )
    ASSUMPTION = KindSpec(
        "Assumption",
        Assumption,
        "assumption",
        "Something a safety case needs to be true.",
        "assumptions",
        "Assumptions.",
    )
    TECHNIQUE = KindSpec(
        "Technique",
        Technique,
        "technique",
        "A safety technique: interpretability, evals, control, ...",
        "techniques",
        "Techniques.",
    )
    QUESTION = KindSpec(
        "Question",
        Question,
        "question",
        "One uncertainty about how the world is.",
        "questions",
        "Questions about the world.",
        create_description="Create a question with its answers (priors sum to 1).",
        delete_description="Delete a question and its answers.",
    )
    WORLD_MODEL = KindSpec(
        "WorldModel",
        WorldModel,
        "world model",
        "One answer of a question: a hypothesis about the world.",
        "world_models",
        "World models (answers of questions).",
        parent=Parent("question", "HAS_ANSWER", frozenset({"Question"}), "a question"),
        create_description="Add an answer (the priors must still sum to 1: usually "
        "updateQuestion(answers:) is what you want).",
    )
    DEFEATER = KindSpec(
        "Defeater",
        Defeater,
        "defeater",
        "A reviewer's doubt raised against a node.",
        "defeaters",
        "Defeaters.",
        parent=Parent(
            "challenges",
            "CHALLENGES",
            frozenset({ENTITY}),
            "an entity",
            "The node it challenges.",
            child_is_target=False,
        ),
        create_verb="raise",
        create_description="Raise a doubt against a node (status OPEN).",
        create_excludes=("status",),
    )
    SOURCE = KindSpec(
        "Source",
        Source,
        "source",
        "Provenance: a paper, report or post.",
        "sources",
        "Sources.",
    )

    @property
    def spec(self) -> KindSpec:
        spec: KindSpec = self.value
        return spec

    @classmethod
    def of_labels(cls, labels: Any) -> Kind | None:
        """The kind of a node with `labels`."""
        present = set(labels)
        return next((kind for kind in cls if kind.spec.label in present), None)


# --- relationships ------------------------------------------------------------------------


@dataclass(frozen=True)
class Out:
    """A field of `on` that follows the relationship from its source to its targets."""

    name: str
    on: str  # the kind (or interface: Entity, ArgumentNode) that has the field
    description: str | None = None
    label: str | None = None  # the neighbours' label (default: the relationship's only one)
    many: bool = True  # a connection; False: at most one neighbour


@dataclass(frozen=True)
class In(Out):
    """A field of `on` that follows the relationship back from its target to its sources."""


@dataclass(frozen=True)
class Relationship:
    """A relationship type (DESIGN §3): which labels it joins, whether `link` / `unlink` edit
    it directly, the file fields that list it, and the GraphQL fields that follow it."""

    type: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    sources_text: str
    targets_text: str
    fields: tuple[str, ...] = ()  # keys of the source's file entry that list it
    linkable: bool = False
    edge: str | None = None  # the GraphQL object of a relationship with properties
    navigation: tuple[Out, ...] = ()

    def label_of(self, nav: Out) -> str:
        if nav.label is not None:
            return nav.label
        ends = self.sources if isinstance(nav, In) else self.targets
        return ends[0] if len(ends) == 1 else ENTITY


_CITING = ("Deployment", "SafetyCase", "ArgumentNode", "Assumption", "Technique")

RELATIONSHIPS: tuple[Relationship, ...] = (
    Relationship(
        "CHALLENGES",
        ("Defeater",),
        (ENTITY,),
        "a defeater",
        "an entity",
        fields=("challenges",),
        navigation=(
            In("defeaters", ENTITY, "Doubts raised against this node."),
            Out("challenges", "Defeater", "The node it challenges.", many=False),
        ),
    ),
    Relationship(
        "COVERS",
        ("SafetyCase",),
        ("Deployment",),
        "a safety case",
        "a deployment",
        fields=("covers",),
        linkable=True,
        navigation=(
            In("cases", "Deployment", "The safety cases that cover this deployment."),
            Out("covers", "SafetyCase", "The deployments this case argues are safe."),
        ),
    ),
    Relationship(
        "SUPPORTED_BY",
        ("Goal", "Strategy"),
        ("ArgumentNode",),
        "a goal or strategy",
        "an argument node",
        fields=("children",),
        linkable=True,
        navigation=(
            Out(
                "children",
                "ArgumentNode",
                "The nodes that support this one (SUPPORTED_BY).",
                label="ArgumentNode",
            ),
            In(
                "parents",
                "ArgumentNode",
                "The goals and strategies this node supports.",
                label="ArgumentNode",
            ),
        ),
    ),
    Relationship(
        "USES",
        ("Assumption",),
        ("Technique",),
        "an assumption",
        "a technique",
        fields=("techniques",),
        linkable=True,
        navigation=(
            Out("techniques", "Assumption", "The techniques this assumption is about working."),
            In("assumptions", "Technique", "The assumptions that this technique works."),
        ),
    ),
    Relationship(
        "RELIES_ON",
        ("ArgumentNode", "Assumption"),
        ("Assumption",),
        "an argument node or assumption",
        "an assumption",
        fields=("relies_on",),
        linkable=True,
        navigation=(
            Out("relies_on", "ArgumentNode", "The assumptions this node needs to hold."),
            Out("relies_on", "Assumption", "The assumptions this one needs."),
            In(
                "relied_on_by",
                "Assumption",
                "The argument nodes and assumptions that rely on this one.",
                label=ENTITY,
            ),
        ),
    ),
    Relationship(
        "IN_CONTEXT_OF",
        ("ArgumentNode",),
        ("Context", "Justification"),
        "an argument node",
        "a context statement or justification",
        fields=("context", "justification"),
        navigation=(
            Out(
                "context", "ArgumentNode", "GSN context statements (display only).", label="Context"
            ),
            Out(
                "justifications",
                "ArgumentNode",
                "GSN justifications (display only).",
                label="Justification",
            ),
            In("node", "Context", "The argument node it is the context of.", many=False),
            In("node", "Justification", "The argument node it justifies.", many=False),
        ),
    ),
    Relationship(
        "ROOT",
        ("SafetyCase",),
        ("ArgumentNode",),
        "a safety case",
        "an argument node",
        fields=("argument",),
        navigation=(
            Out("root", "SafetyCase", "The top claim of the case.", many=False),
            In(
                "root_of",
                "ArgumentNode",
                "The safety case whose root this node is, if any.",
                many=False,
            ),
        ),
    ),
    Relationship(
        "HAS_ANSWER",
        ("Question",),
        ("WorldModel",),
        "a question",
        "a world model",
        fields=("answers",),
        navigation=(
            Out("answers", "Question", "Its mutually exclusive answers, priors summing to 1."),
            In("question", "WorldModel", "The question this world model answers.", many=False),
        ),
    ),
    Relationship(
        "FAILS_IN",
        ("Assumption", "Technique"),
        ("WorldModel",),
        "an assumption or technique",
        "a world model",
        fields=("fails_in",),
        linkable=True,
        edge="FailsIn",
        navigation=(
            Out("fails_in", "Assumption", "The world models in which this assumption fails."),
            Out("fails_in", "Technique", "The world models in which this technique fails."),
            In(
                "failing_assumptions",
                "WorldModel",
                "The assumptions that fail if this world model is true.",
                label="Assumption",
            ),
            In(
                "failing_techniques",
                "WorldModel",
                "The techniques that fail if this world model is true.",
                label="Technique",
            ),
        ),
    ),
    Relationship(
        "CITES",
        _CITING,
        ("Source",),
        "a deployment, safety case, argument node, assumption or technique",
        "a source",
        fields=("sources",),
        linkable=True,
        navigation=(
            *(Out("sources", kind) for kind in _CITING),
            In("cited_by", "Source", "The nodes that cite this source.", label=ENTITY),
        ),
    ),
)

RELATIONSHIP: dict[str, Relationship] = {r.type: r for r in RELATIONSHIPS}
LINKABLE: tuple[Relationship, ...] = tuple(r for r in RELATIONSHIPS if r.linkable)


def navigation_of(owner: str) -> list[tuple[Relationship, Out]]:
    """The relationship fields of a kind or interface, in the order they are described."""
    return [(r, nav) for r in RELATIONSHIPS for nav in r.navigation if nav.on == owner]
