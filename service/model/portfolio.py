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

    notes: str | None = Field(default=None, description="Free text, kept and exported.")


class Source(Entity):
    """Provenance: a paper, report or post (cited with CITES)."""

    id: Id
    title: str
    url: str | None = Field(default=None, description="Where to read it.")


class WorldModel(Entity):
    """One mutually exclusive answer of a Question."""

    id: Id
    statement: str
    prior: Probability = Field(description="Prior probability that this answer is the true one.")


class Question(Entity):
    id: Id
    text: str = Field(description="One uncertainty about world structure.")
    answers: list[WorldModel] = Field(
        description="Mutually exclusive world models; their priors sum to 1."
    )


class FailsIn(BaseModel):
    """If `world` is true, the assumption or technique fails with probability `p`."""

    model_config = ConfigDict(extra="forbid")

    world: Id
    p: Probability = Field(
        default=1.0, description="Chance of failing if that world model is true."
    )


class Technique(Entity):
    id: Id
    name: str
    p_fail: Probability = Field(
        default=0.0, description="Baseline chance it fails for reasons of its own."
    )
    fails_in: list[FailsIn] = Field(default_factory=list)
    sources: list[Id] = Field(default_factory=list)


class Assumption(Entity):
    id: Id
    statement: str
    kind: str | None = Field(
        default=None, description="Free classification (method, empirical, security, ...)."
    )
    p_fail: Probability = Field(
        default=0.0, description="Baseline chance it is false for reasons of its own."
    )
    techniques: list[Id] = Field(default_factory=list)
    relies_on: list[Id] = Field(default_factory=list)
    fails_in: list[FailsIn] = Field(default_factory=list)
    sources: list[Id] = Field(default_factory=list)


class Deployment(Entity):
    id: Id
    name: str
    description: str | None = Field(default=None, description="What is deployed, where.")
    stakes: Stakes = Stakes.MEDIUM
    prior_risk: Probability = Field(
        default=1.0,
        description="Probability of an unacceptable outcome with no safety case holding.",
    )
    risk_threshold: Probability = Field(default=0.0, description="Acceptable residual risk.")
    sources: list[Id] = Field(default_factory=list)


class Statement(BaseModel):
    """A GSN context statement or justification of an argument node (display only). Files
    write them as plain strings of the node (`context`, `justification`); the graph keeps each
    as a node of its own."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    statement: str


def support_problem(support: Support, k: int | None) -> str | None:
    """What is wrong with an argument node's support rule: k goes with at_least, only."""
    if support is Support.AT_LEAST and k is None:
        return "support at_least needs k"
    if support is not Support.AT_LEAST and k is not None:
        return "k is only meaningful with support at_least"
    return None


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
    k: int | None = Field(default=None, ge=1, description="How many children must hold (AT_LEAST).")
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
        problem = support_problem(self.support, self.k)
        if problem is not None:
            raise ValueError(problem)
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
    effectiveness: float = Field(
        default=1.0,
        gt=0.0,
        le=1.0,
        description="Share of residual risk removed when the case holds (0.9 = a 10x update).",
    )
    p_unsound: float = Field(
        default=0.0,
        ge=0.0,
        lt=1.0,
        description="Chance the argument is wrong even when every premise holds.",
    )
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
    description: str | None = Field(default=None, description="Whose priors these are, and why.")
    priors: dict[Id, Probability] = Field(default_factory=dict)
    sources: list[Id] = Field(default_factory=list)


class Portfolio(BaseModel):
    """A whole authoring document (version 1)."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    version: Literal[1] = 1
    title: str | None = Field(default=None, description="Title of the portfolio.")
    description: str | None = Field(default=None, description="What the portfolio is about.")
    sources: list[Source] = Field(default_factory=list)
    questions: list[Question] = Field(default_factory=list)
    techniques: list[Technique] = Field(default_factory=list)
    assumptions: list[Assumption] = Field(default_factory=list)
    deployments: list[Deployment] = Field(default_factory=list)
    cases: list[SafetyCase] = Field(default_factory=list)
    defeaters: list[Defeater] = Field(default_factory=list)
    prior_profiles: list[PriorProfile] = Field(default_factory=list)
    risk_budget: Probability | None = Field(
        default=None,
        description="Lifetime risk budget: the most total expected risk the deployments may carry.",
    )

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
