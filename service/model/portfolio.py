"""The portfolio: the authoring format (DESIGN §5) as typed, I/O-free domain objects.

Field names follow the file format (snake_case) so a document maps onto the model one to one.
Range checks live here too, so objects built in code (GraphQL, generators) obey the same rules
as files; cross-references are checked by `service.model.validation`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_serializer, model_validator

from service.model.enums import (
    CaseCategory,
    CaseStatus,
    DefeaterStatus,
    NodeType,
    Stakes,
    Support,
)

Probability = Annotated[float, Field(ge=0.0, le=1.0)]
Id = Annotated[str, Field(min_length=1)]


class Entity(BaseModel):
    """Common base: forbids unknown keys and carries free-text notes."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    notes: str | None = None


class Source(Entity):
    id: Id
    title: str
    url: str | None = None


class WorldModel(Entity):
    """One mutually exclusive answer of a Question."""

    id: Id
    statement: str
    prior: Probability


class Question(Entity):
    id: Id
    text: str
    answers: list[WorldModel]


class FailsIn(BaseModel):
    """If `world` is true, the assumption or technique fails with probability `p`."""

    model_config = ConfigDict(extra="forbid")

    world: Id
    p: Probability = 1.0


class Technique(Entity):
    id: Id
    name: str
    p_fail: Probability = 0.0
    fails_in: list[FailsIn] = Field(default_factory=list)
    sources: list[Id] = Field(default_factory=list)


class Assumption(Entity):
    id: Id
    statement: str
    kind: str | None = None
    p_fail: Probability = 0.0
    techniques: list[Id] = Field(default_factory=list)
    relies_on: list[Id] = Field(default_factory=list)
    fails_in: list[FailsIn] = Field(default_factory=list)
    sources: list[Id] = Field(default_factory=list)


class Deployment(Entity):
    id: Id
    name: str
    description: str | None = None
    stakes: Stakes = Stakes.MEDIUM
    prior_risk: Probability = 1.0
    risk_threshold: Probability = 0.0
    sources: list[Id] = Field(default_factory=list)


class ArgumentRef(BaseModel):
    """A child written `{ref: ID}`: reuses an argument node defined elsewhere."""

    model_config = ConfigDict(extra="forbid")

    ref: Id


class ArgumentNode(Entity):
    """A Goal, Strategy or Evidence node of a GSN argument."""

    id: Id
    type: NodeType = NodeType.GOAL
    statement: str
    support: Support = Support.ALL
    k: int | None = Field(default=None, ge=1)
    relies_on: list[Id] = Field(default_factory=list)
    context: list[str] = Field(default_factory=list)
    justification: list[str] = Field(default_factory=list)
    sources: list[Id] = Field(default_factory=list)
    children: list[ArgumentNode | ArgumentRef] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _read_support(cls, data: Any) -> Any:
        """Accept the file spelling `support: {at_least: k}` as support=at_least, k=k."""
        if isinstance(data, dict) and isinstance(data.get("support"), dict):
            data = dict(data)
            spec = data.pop("support")
            data["support"] = Support.AT_LEAST
            data["k"] = spec.get("at_least")
        return data

    @model_validator(mode="after")
    def _k_only_for_at_least(self) -> ArgumentNode:
        if self.support is Support.AT_LEAST and self.k is None:
            raise ValueError("support at_least needs k")
        if self.support is not Support.AT_LEAST and self.k is not None:
            raise ValueError("k is only meaningful with support at_least")
        return self

    @model_serializer(mode="wrap")
    def _write_support(self, handler: Any) -> dict[str, Any]:
        data: dict[str, Any] = handler(self)
        data.pop("k", None)
        if self.support is Support.AT_LEAST and "support" in data:
            data["support"] = {"at_least": self.k}
        return data

    def child_ids(self) -> list[str]:
        return [c.ref if isinstance(c, ArgumentRef) else c.id for c in self.children]

    def walk(self) -> Iterator[ArgumentNode]:
        """This node and every node defined (not merely referenced) beneath it, pre-order."""
        yield self
        for child in self.children:
            if isinstance(child, ArgumentNode):
                yield from child.walk()


class SafetyCase(Entity):
    id: Id
    title: str
    category: CaseCategory
    status: CaseStatus = CaseStatus.DRAFT
    covers: list[Id] = Field(default_factory=list)
    effectiveness: float = Field(default=1.0, gt=0.0, le=1.0)
    p_unsound: float = Field(default=0.0, ge=0.0, lt=1.0)
    sources: list[Id] = Field(default_factory=list)
    argument: ArgumentNode


class Defeater(Entity):
    id: Id
    statement: str
    challenges: Id
    status: DefeaterStatus = DefeaterStatus.OPEN


class PriorProfile(Entity):
    """One reviewer's priors (DESIGN §4.8): it replaces the priors of every question any of
    whose answers it names (and must then name all of them); other questions keep the
    portfolio's priors. The id `default` is reserved for the portfolio's own priors."""

    id: Id
    name: str
    description: str | None = None
    priors: dict[Id, Probability] = Field(default_factory=dict)
    sources: list[Id] = Field(default_factory=list)


class Portfolio(BaseModel):
    """A whole authoring document (version 1)."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    version: Literal[1] = 1
    title: str | None = None
    description: str | None = None
    sources: list[Source] = Field(default_factory=list)
    questions: list[Question] = Field(default_factory=list)
    techniques: list[Technique] = Field(default_factory=list)
    assumptions: list[Assumption] = Field(default_factory=list)
    deployments: list[Deployment] = Field(default_factory=list)
    cases: list[SafetyCase] = Field(default_factory=list)
    defeaters: list[Defeater] = Field(default_factory=list)
    prior_profiles: list[PriorProfile] = Field(default_factory=list)
    risk_budget: Probability | None = None

    def argument_nodes(self) -> Iterator[ArgumentNode]:
        """Every argument node defined in the portfolio, once each."""
        for case in self.cases:
            yield from case.argument.walk()

    def world_models(self) -> Iterator[tuple[Question, WorldModel]]:
        for question in self.questions:
            for answer in question.answers:
                yield question, answer

    def to_document(self) -> dict[str, Any]:
        """The authoring-format document, with defaults filled in and no nulls."""
        return self.model_dump(mode="json", exclude_none=True)
