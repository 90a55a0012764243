"""GraphQL input types: filters and sorting of lists, and the inputs of the edit mutations.

Update inputs leave out what they do not change (an omitted field is not touched; an explicit
null clears an optional field such as `notes`).
"""

from __future__ import annotations

from enum import Enum
from typing import Any

import strawberry
from pydantic import ValidationError

from service.api.graphql_types import (
    ArgumentNodeType,
    CaseCategory,
    CaseStatus,
    DefeaterStatus,
    Stakes,
    Support,
)
from service.errors import InvalidInputError
from service.model import PriorProfile as PriorProfileModel
from service.store.graph_queries import EntityFilter, Sort, SortField

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
    return None if items is None else [item.value for item in items]


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


# --- edits ------------------------------------------------------------------------------------

UNSET: Any = strawberry.UNSET


def given(**fields: Any) -> dict[str, Any]:
    """The fields that were given (not UNSET), enum members as their values."""
    out: dict[str, Any] = {}
    for name, value in fields.items():
        if value is strawberry.UNSET:
            continue
        out[name] = value.value if isinstance(value, Enum) else value
    return out


@strawberry.input
class CreateDeploymentInput:
    id: strawberry.ID
    name: str
    description: str | None = None
    stakes: Stakes = Stakes.MEDIUM
    prior_risk: float = 1.0
    risk_threshold: float = 0.0
    notes: str | None = None

    def props(self) -> dict[str, Any]:
        return given(
            name=self.name,
            description=self.description,
            stakes=self.stakes,
            priorRisk=self.prior_risk,
            riskThreshold=self.risk_threshold,
            notes=self.notes,
        )


@strawberry.input
class UpdateDeploymentInput:
    name: str | None = UNSET
    description: str | None = UNSET
    stakes: Stakes | None = UNSET
    prior_risk: float | None = UNSET
    risk_threshold: float | None = UNSET
    notes: str | None = UNSET

    def props(self) -> dict[str, Any]:
        return given(
            name=self.name,
            description=self.description,
            stakes=self.stakes,
            priorRisk=self.prior_risk,
            riskThreshold=self.risk_threshold,
            notes=self.notes,
        )


@strawberry.input(description="An argument node created as the root goal of a new case.")
class RootGoalInput:
    id: strawberry.ID
    statement: str
    type: ArgumentNodeType = ArgumentNodeType.GOAL
    support: Support = Support.ALL
    k: int | None = None
    notes: str | None = None

    def props(self) -> dict[str, Any]:
        return given(
            statement=self.statement,
            type=self.type,
            support=self.support,
            k=self.k,
            notes=self.notes,
        )


@strawberry.input
class CreateSafetyCaseInput:
    id: strawberry.ID
    title: str
    category: CaseCategory
    root: RootGoalInput
    status: CaseStatus = CaseStatus.DRAFT
    effectiveness: float = 1.0
    p_unsound: float = 0.0
    covers: list[strawberry.ID] = strawberry.field(default_factory=list)
    notes: str | None = None

    def props(self) -> dict[str, Any]:
        return given(
            title=self.title,
            category=self.category,
            status=self.status,
            effectiveness=self.effectiveness,
            pUnsound=self.p_unsound,
            notes=self.notes,
        )


@strawberry.input
class UpdateSafetyCaseInput:
    title: str | None = UNSET
    category: CaseCategory | None = UNSET
    status: CaseStatus | None = UNSET
    effectiveness: float | None = UNSET
    p_unsound: float | None = UNSET
    notes: str | None = UNSET

    def props(self) -> dict[str, Any]:
        return given(
            title=self.title,
            category=self.category,
            status=self.status,
            effectiveness=self.effectiveness,
            pUnsound=self.p_unsound,
            notes=self.notes,
        )


@strawberry.input
class CreateArgumentNodeInput:
    id: strawberry.ID
    parent: strawberry.ID = strawberry.field(description="The goal or strategy it supports.")
    statement: str
    type: ArgumentNodeType = ArgumentNodeType.GOAL
    support: Support = Support.ALL
    k: int | None = None
    notes: str | None = None

    def props(self) -> dict[str, Any]:
        return given(
            statement=self.statement,
            type=self.type,
            support=self.support,
            k=self.k,
            notes=self.notes,
        )


@strawberry.input
class UpdateArgumentNodeInput:
    statement: str | None = UNSET
    type: ArgumentNodeType | None = UNSET
    support: Support | None = UNSET
    k: int | None = UNSET
    notes: str | None = UNSET

    def props(self) -> dict[str, Any]:
        return given(
            statement=self.statement,
            type=self.type,
            support=self.support,
            k=self.k,
            notes=self.notes,
        )


@strawberry.input(description="A context statement or justification of an argument node.")
class CreateStatementInput:
    node: strawberry.ID = strawberry.field(description="The argument node it belongs to.")
    statement: str
    id: strawberry.ID | None = strawberry.field(
        default=None, description="Default: `<node>#context-<n>` / `<node>#justification-<n>`."
    )


@strawberry.input
class CreateAssumptionInput:
    id: strawberry.ID
    statement: str
    kind: str | None = None
    p_fail: float = 0.0
    notes: str | None = None

    def props(self) -> dict[str, Any]:
        return given(statement=self.statement, kind=self.kind, pFail=self.p_fail, notes=self.notes)


@strawberry.input
class UpdateAssumptionInput:
    statement: str | None = UNSET
    kind: str | None = UNSET
    p_fail: float | None = UNSET
    notes: str | None = UNSET

    def props(self) -> dict[str, Any]:
        return given(statement=self.statement, kind=self.kind, pFail=self.p_fail, notes=self.notes)


@strawberry.input
class CreateTechniqueInput:
    id: strawberry.ID
    name: str
    p_fail: float = 0.0
    notes: str | None = None

    def props(self) -> dict[str, Any]:
        return given(name=self.name, pFail=self.p_fail, notes=self.notes)


@strawberry.input
class UpdateTechniqueInput:
    name: str | None = UNSET
    p_fail: float | None = UNSET
    notes: str | None = UNSET

    def props(self) -> dict[str, Any]:
        return given(name=self.name, pFail=self.p_fail, notes=self.notes)


@strawberry.input(description="An answer of a question (a world model).")
class AnswerInput:
    id: strawberry.ID
    statement: str | None = UNSET
    prior: float | None = UNSET
    notes: str | None = UNSET

    def props(self) -> dict[str, Any]:
        return given(statement=self.statement, prior=self.prior, notes=self.notes)


@strawberry.input
class CreateQuestionInput:
    id: strawberry.ID
    text: str
    answers: list[AnswerInput] = strawberry.field(
        description="Its mutually exclusive answers; their priors must sum to 1."
    )
    notes: str | None = None

    def props(self) -> dict[str, Any]:
        return given(text=self.text, notes=self.notes)


@strawberry.input
class UpdateQuestionInput:
    text: str | None = UNSET
    notes: str | None = UNSET
    answers: list[AnswerInput] | None = strawberry.field(
        default=UNSET,
        description="When given, the question's answers become exactly these: existing ones "
        "are updated, new ones created, the others deleted. Priors must sum to 1.",
    )

    def props(self) -> dict[str, Any]:
        return given(text=self.text, notes=self.notes)


@strawberry.input
class CreateWorldModelInput:
    id: strawberry.ID
    question: strawberry.ID
    statement: str
    prior: float
    notes: str | None = None

    def props(self) -> dict[str, Any]:
        return given(statement=self.statement, prior=self.prior, notes=self.notes)


@strawberry.input
class UpdateWorldModelInput:
    statement: str | None = UNSET
    prior: float | None = UNSET
    notes: str | None = UNSET

    def props(self) -> dict[str, Any]:
        return given(statement=self.statement, prior=self.prior, notes=self.notes)


@strawberry.input
class RaiseDefeaterInput:
    id: strawberry.ID
    challenges: strawberry.ID = strawberry.field(description="The node it challenges.")
    statement: str
    notes: str | None = None

    def props(self) -> dict[str, Any]:
        return given(statement=self.statement, notes=self.notes)


@strawberry.input
class UpdateDefeaterInput:
    statement: str | None = UNSET
    status: DefeaterStatus | None = UNSET
    notes: str | None = UNSET

    def props(self) -> dict[str, Any]:
        return given(statement=self.statement, status=self.status, notes=self.notes)


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


@strawberry.input
class CreateSourceInput:
    id: strawberry.ID
    title: str
    url: str | None = None
    notes: str | None = None

    def props(self) -> dict[str, Any]:
        return given(title=self.title, url=self.url, notes=self.notes)


@strawberry.input
class UpdateSourceInput:
    title: str | None = UNSET
    url: str | None = UNSET
    notes: str | None = UNSET

    def props(self) -> dict[str, Any]:
        return given(title=self.title, url=self.url, notes=self.notes)


# --- analyses -----------------------------------------------------------------------------


@strawberry.input(description="A what-if: failed assumptions and techniques, true world models.")
class ScenarioInput:
    fail_assumptions: list[strawberry.ID] = strawberry.field(default_factory=list)
    fail_techniques: list[strawberry.ID] = strawberry.field(default_factory=list)
    worlds: list[strawberry.ID] = strawberry.field(default_factory=list)
