"""GraphQL input types: filters and sorting of lists, and the inputs of the edit mutations.

Update inputs leave out what they do not change (an omitted field is not touched; an explicit
null clears an optional field such as `notes`).
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from typing import Any, cast

import strawberry
from pydantic import ValidationError

from service.api.graphql_enums import (
    ArgumentNodeType,
    CaseCategory,
    CaseStatus,
    DefeaterStatus,
    Stakes,
    graphql_enum_of,
)
from service.errors import InvalidInputError
from service.model import PriorProfile as PriorProfileModel
from service.model.kinds import Kind
from service.usecases.graph_reads import EntityFilter, Sort, SortField

# --- lists ------------------------------------------------------------------------------------


@strawberry.enum(description="What to sort a list by (fields a kind lacks sort as null).")
class EntitySortField(Enum):
    ID = "ID"
    TEXT = "TEXT"
    AUTHORED = "AUTHORED"
    CREATED_AT = "CREATED_AT"
    UPDATED_AT = "UPDATED_AT"
    STAKES = "STAKES"
    P_FAIL = "P_FAIL"
    PRIOR = "PRIOR"


@strawberry.enum
class SortDirection(Enum):
    ASC = "ASC"
    DESC = "DESC"


@strawberry.input(description="Sort order of a list; ties are broken by id.")
class EntitySort:
    field: EntitySortField = EntitySortField.AUTHORED
    direction: SortDirection = SortDirection.ASC

    def to_sort(self) -> Sort:
        return Sort(
            field=SortField(self.field.value), descending=self.direction is SortDirection.DESC
        )


def _values(items: list[Any] | None) -> list[str] | None:
    return None if items is None else [item.name for item in items]


@strawberry.input(description="Filters shared by every list: ids and a text search.")
class EntityFilterInput:
    ids: list[strawberry.ID] | None = None
    text: str | None = strawberry.field(
        default=None, description="Case-insensitive search in names, titles and statements."
    )

    def to_filter(self) -> EntityFilter:
        return EntityFilter(ids=self.ids, text=self.text)


@strawberry.input
class DeploymentFilter:
    ids: list[strawberry.ID] | None = None
    text: str | None = None
    stakes: list[Stakes] | None = None
    technique: strawberry.ID | None = strawberry.field(
        default=None, description="Only deployments a covering case of which relies on it."
    )

    def to_filter(self) -> EntityFilter:
        return EntityFilter(
            ids=self.ids, text=self.text, stakes=_values(self.stakes), technique=self.technique
        )


@strawberry.input
class SafetyCaseFilter:
    ids: list[strawberry.ID] | None = None
    text: str | None = None
    category: list[CaseCategory] | None = None
    status: list[CaseStatus] | None = None
    deployment: strawberry.ID | None = strawberry.field(
        default=None, description="Only cases that cover this deployment."
    )
    technique: strawberry.ID | None = strawberry.field(
        default=None, description="Only cases whose argument relies on this technique."
    )

    def to_filter(self) -> EntityFilter:
        return EntityFilter(
            ids=self.ids,
            text=self.text,
            categories=_values(self.category),
            statuses=_values(self.status),
            deployment=self.deployment,
            technique=self.technique,
        )


@strawberry.input
class ArgumentNodeFilter:
    ids: list[strawberry.ID] | None = None
    text: str | None = None
    type: list[ArgumentNodeType] | None = None
    technique: strawberry.ID | None = None

    def to_filter(self) -> EntityFilter:
        return EntityFilter(
            ids=self.ids, text=self.text, types=_values(self.type), technique=self.technique
        )


@strawberry.input
class AssumptionFilter:
    ids: list[strawberry.ID] | None = None
    text: str | None = None
    kind: list[str] | None = None
    technique: strawberry.ID | None = strawberry.field(
        default=None, description="Only assumptions that use it (directly or through others)."
    )

    def to_filter(self) -> EntityFilter:
        return EntityFilter(ids=self.ids, text=self.text, kinds=self.kind, technique=self.technique)


@strawberry.input
class WorldModelFilter:
    ids: list[strawberry.ID] | None = None
    text: str | None = None
    question: strawberry.ID | None = None

    def to_filter(self) -> EntityFilter:
        return EntityFilter(ids=self.ids, text=self.text, question=self.question)


@strawberry.input
class DefeaterFilter:
    ids: list[strawberry.ID] | None = None
    text: str | None = None
    status: list[DefeaterStatus] | None = None
    challenges: strawberry.ID | None = None

    def to_filter(self) -> EntityFilter:
        return EntityFilter(
            ids=self.ids,
            text=self.text,
            statuses=_values(self.status),
            challenges=self.challenges,
        )


# --- edits: derived from the kinds' descriptions (`service.model.kinds`) --------------------

UNSET: Any = strawberry.UNSET


def given(kind: Kind, values: Any) -> dict[str, Any]:
    """The properties of `kind` an input gives (not UNSET), as graph properties and values."""
    out: dict[str, Any] = {}
    for prop in kind.spec.properties:
        value = getattr(values, prop.name, UNSET)
        if value is not UNSET:
            out[prop.graph] = prop.to_graph(value)
    return out


def _input(name: str, fields: list[tuple[str, Any, Any]], description: str | None = None) -> Any:
    """A GraphQL input type of (name, type, strawberry.field) triples, in that order."""
    namespace: dict[str, Any] = {
        "__module__": __name__,
        "__qualname__": name,
        "__annotations__": {field_name: type_ for field_name, type_, _ in fields},
        **{field_name: made for field_name, _, made in fields},
    }
    return strawberry.input(type(name, (), namespace), description=description)


def _property_fields(kind: Kind, *, update: bool) -> list[tuple[str, Any, Any]]:
    """An input field per property: on create, required where the model requires it, else
    with the model's default; on update, every one optional and UNSET unless given."""
    spec = kind.spec
    fields = []
    for prop in spec.properties:
        if not update and prop.name in spec.create_excludes:
            continue
        value_type: Any = graphql_enum_of(prop.value_type)
        if update or prop.optional:
            value_type = value_type | None
        if update:
            made = strawberry.field(default=UNSET, description=prop.description)
        elif prop.required:
            made = strawberry.field(description=prop.description)
        else:
            made = strawberry.field(default=prop.default, description=prop.description)
        fields.append((prop.name, value_type, made))
    return fields


#: Descriptions of the create inputs that several kinds share.
_SHARED_INPUTS = {
    "CreateStatementInput": "A context statement or justification of an argument node."
}


def create_input(kind: Kind, extra: Sequence[tuple[str, Any, Any]] = ()) -> Any:
    """The input of a kind's create mutation: id, the parent it is created under, properties."""
    spec = kind.spec
    fields: list[tuple[str, Any, Any]] = []
    if spec.generated_id is not None:
        fields.append(
            (
                "id",
                strawberry.ID | None,
                strawberry.field(default=None, description=spec.generated_id),
            )
        )
    else:
        fields.append(("id", strawberry.ID, strawberry.field()))
    if spec.parent is not None:
        fields.append(
            (
                spec.parent.input_field,
                strawberry.ID,
                strawberry.field(description=spec.parent.description),
            )
        )
    fields += _property_fields(kind, update=False) + list(extra)
    name = spec.input_name or f"{spec.create_verb.title()}{spec.label}Input"
    return _input(name, fields, _SHARED_INPUTS.get(name))


def update_input(
    kind: Kind,
    extra: Sequence[tuple[str, Any, Any]] = (),
    *,
    name: str | None = None,
    with_id: bool = False,
    description: str | None = None,
) -> Any:
    """The input of a kind's update mutation: every property optional (an omitted field is not
    touched; an explicit null clears an optional one)."""
    spec = kind.spec
    head = [("id", strawberry.ID, strawberry.field())] if with_id else []
    fields = head + _property_fields(kind, update=True) + list(extra)
    return _input(name or f"Update{spec.label}Input", fields, description)


RootGoalInput = _input(
    "RootGoalInput",
    [
        ("id", strawberry.ID, strawberry.field()),
        *_property_fields(Kind.ARGUMENT_NODE, update=False),
    ],
    "An argument node created as the root goal of a new case.",
)
AnswerInput = update_input(
    Kind.WORLD_MODEL,
    name="AnswerInput",
    with_id=True,
    description="An answer of a question (a world model).",
)

_ANSWERS: Any = cast(Any, list)[AnswerInput]

#: Inputs beyond a kind's properties: what a create or update makes or links with it.
_CREATE_EXTRA: dict[Kind, list[tuple[str, Any, Any]]] = {
    Kind.SAFETY_CASE: [
        ("root", RootGoalInput, strawberry.field()),
        ("covers", list[strawberry.ID], strawberry.field(default_factory=list)),
    ],
    Kind.QUESTION: [
        (
            "answers",
            _ANSWERS,
            strawberry.field(
                description="Its mutually exclusive answers; their priors must sum to 1."
            ),
        )
    ],
}
_UPDATE_EXTRA: dict[Kind, list[tuple[str, Any, Any]]] = {
    Kind.QUESTION: [
        (
            "answers",
            _ANSWERS | None,
            strawberry.field(
                default=UNSET,
                description="When given, the question's answers become exactly these: existing "
                "ones are updated, new ones created, the others deleted. Priors must sum to 1.",
            ),
        )
    ]
}
#: The create and update inputs of every kind (kinds that share a create input share one type).
CREATE_INPUTS: dict[Kind, Any] = {}
UPDATE_INPUTS: dict[Kind, Any] = {}
for _kind in Kind:
    _shared = next(
        (
            made
            for k, made in CREATE_INPUTS.items()
            if _kind.spec.input_name and k.spec.input_name == _kind.spec.input_name
        ),
        None,
    )
    CREATE_INPUTS[_kind] = _shared or create_input(_kind, _CREATE_EXTRA.get(_kind, []))
    if not _kind.spec.update_by_arguments:
        UPDATE_INPUTS[_kind] = update_input(_kind, _UPDATE_EXTRA.get(_kind, []))


@strawberry.input(description="The prior a profile gives one world model.")
class WorldPriorInput:
    world: strawberry.ID
    prior: float


@strawberry.input(
    description="A prior profile, written whole: for every question it touches it names every "
    "answer, with priors summing to 1 (DESIGN §4.8)."
)
class PriorProfileInput:
    id: strawberry.ID
    name: str
    description: str | None = None
    notes: str | None = None
    priors: list[WorldPriorInput] = strawberry.field(default_factory=list)
    sources: list[strawberry.ID] = strawberry.field(default_factory=list)

    def model(self) -> PriorProfileModel:
        """The profile as the domain model (ranges checked: priors in [0, 1])."""
        priors: dict[str, float] = {}
        for entry in self.priors:
            world = str(entry.world)
            if world in priors:
                raise InvalidInputError(f"priors: world model {world!r} is given twice")
            priors[world] = entry.prior
        try:
            return PriorProfileModel(
                id=str(self.id),
                name=self.name,
                description=self.description,
                notes=self.notes,
                priors=priors,
                sources=[str(s) for s in self.sources],
            )
        except ValidationError as error:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors()
            )
            raise InvalidInputError(f"prior profile {str(self.id)!r}: {problems}") from None


# --- analyses -----------------------------------------------------------------------------


@strawberry.input(description="A what-if: failed assumptions and techniques, true world models.")
class ScenarioInput:
    fail_assumptions: list[strawberry.ID] = strawberry.field(default_factory=list)
    fail_techniques: list[strawberry.ID] = strawberry.field(default_factory=list)
    worlds: list[strawberry.ID] = strawberry.field(default_factory=list)
