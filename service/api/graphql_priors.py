"""GraphQL types of DESIGN §4.8-4.11: risk across prior profiles, which question matters,
importance and the risk budget (the CLI's JSON, with ids resolved to nodes). The profiles
themselves are entities (`graphql_types.PriorProfile`)."""

from __future__ import annotations

import strawberry

from service import analysis
from service.api.context import Info
from service.api.graphql_analysis import EventKind, RiskMethod, _load
from service.api.graphql_types import Deployment, Node, Question, WorldModel, to_node


@strawberry.type(description="A deployment's risk under one prior profile.")
class ProfileVerdict:
    profile: strawberry.ID = strawberry.field(description="`default`: the portfolio's priors.")
    name: str
    method: RiskMethod
    p_uncovered: float
    expected_risk: float
    robustness: float
    threshold_met: bool


@strawberry.type(description="A deployment's verdict under every prior profile.")
class RiskAcrossPriors:
    profiles: list[ProfileVerdict] = strawberry.field(description="`default` first, then by id.")
    verdicts_agree: bool = strawberry.field(
        description="True when every profile gives the same threshold verdict."
    )
    workspace: strawberry.Private[str]
    deployment_id: strawberry.Private[str]

    @strawberry.field
    async def deployment(self, info: Info) -> Deployment:
        deployment: Deployment = await _load(info, self.workspace, self.deployment_id)
        return deployment

    @classmethod
    def of(cls, result: analysis.RiskAcrossPriors, workspace: str) -> RiskAcrossPriors:
        return cls(
            profiles=[
                ProfileVerdict(
                    profile=strawberry.ID(p.id),
                    name=p.name,
                    method=RiskMethod(p.method),
                    p_uncovered=p.p_uncovered,
                    expected_risk=p.expected_risk,
                    robustness=p.robustness,
                    threshold_met=p.threshold_met,
                )
                for p in result.profiles
            ],
            verdicts_agree=result.verdicts_agree,
            workspace=workspace,
            deployment_id=result.deployment,
        )


@strawberry.type(description="A deployment's risk with a question conditioned on one answer.")
class AnswerRisk:
    prior: float
    expected_risk: float
    p_uncovered: float
    threshold_met: bool
    world_id: strawberry.Private[str]
    workspace: strawberry.Private[str]

    @strawberry.field(description="The answer.")
    async def world(self, info: Info) -> WorldModel:
        world: WorldModel = await _load(info, self.workspace, self.world_id)
        return world


@strawberry.type(description="How much answering one open question would move the deployment.")
class QuestionSensitivity:
    swing: float = strawberry.field(description="max - min of the expected risk over answers.")
    flip_probability: float = strawberry.field(
        description="The chance that answering the question changes the threshold verdict."
    )
    answers: list[AnswerRisk]
    question_id: strawberry.Private[str]
    workspace: strawberry.Private[str]

    @strawberry.field
    async def question(self, info: Info) -> Question:
        question: Question = await _load(info, self.workspace, self.question_id)
        return question


@strawberry.type(description="Which open question matters for a deployment (DESIGN §4.9).")
class DeploymentQuestions:
    method: RiskMethod
    expected_risk: float
    p_uncovered: float
    risk_threshold: float
    threshold_met: bool
    questions: list[QuestionSensitivity] = strawberry.field(
        description="By flip probability, then swing (both descending), then id."
    )
    workspace: strawberry.Private[str]
    deployment_id: strawberry.Private[str]

    @strawberry.field
    async def deployment(self, info: Info) -> Deployment:
        deployment: Deployment = await _load(info, self.workspace, self.deployment_id)
        return deployment

    @classmethod
    def of(cls, result: analysis.DeploymentQuestions, workspace: str) -> DeploymentQuestions:
        return cls(
            method=RiskMethod(result.method),
            expected_risk=result.expected_risk,
            p_uncovered=result.p_uncovered,
            risk_threshold=result.risk_threshold,
            threshold_met=result.threshold_met,
            questions=[
                QuestionSensitivity(
                    swing=q.swing,
                    flip_probability=q.flip_probability,
                    answers=[
                        AnswerRisk(
                            prior=a.prior,
                            expected_risk=a.expected_risk,
                            p_uncovered=a.p_uncovered,
                            threshold_met=a.threshold_met,
                            world_id=a.id,
                            workspace=workspace,
                        )
                        for a in q.answers
                    ],
                    question_id=q.id,
                    workspace=workspace,
                )
                for q in result.questions
            ],
            workspace=workspace,
            deployment_id=result.deployment,
        )


@strawberry.type(description="Monte Carlo standard errors of an event's importance figures.")
class ImportanceStdError:
    birnbaum: float | None
    fussell_vesely: float | None
    raw: float | None
    rrw: float | None
    p_given: float | None
    p_given_not: float | None


@strawberry.type(
    description="Importance of one basic event for the deployment being uncovered (null: "
    "undefined, DESIGN §4.10)."
)
class EventImportance:
    kind: EventKind
    id: strawberry.ID
    birnbaum: float | None
    fussell_vesely: float | None
    raw: float | None = strawberry.field(description="Risk achievement worth.")
    rrw: float | None = strawberry.field(description="Risk reduction worth.")
    p_given: float | None = strawberry.field(description="P(uncovered | the event).")
    p_given_not: float | None = strawberry.field(description="P(uncovered | not the event).")
    std_error: ImportanceStdError | None = strawberry.field(description="Monte Carlo only.")
    workspace: strawberry.Private[str]

    @strawberry.field(description="The assumption, technique or world model.")
    async def node(self, info: Info) -> Node | None:
        row = await info.context.loaders.nodes.load((self.workspace, str(self.id)))
        node: Node | None = to_node(row) if row is not None else None
        return node


@strawberry.type(description="Importance measures of a deployment's basic events.")
class Importance:
    method: RiskMethod = strawberry.field(description="The method actually used.")
    p_uncovered: float
    std_error: float | None = strawberry.field(description="Monte Carlo only.")
    samples: int | None = strawberry.field(description="Monte Carlo only.")
    events: list[EventImportance] = strawberry.field(
        description="By Birnbaum importance (descending), then kind, then id."
    )
    workspace: strawberry.Private[str]
    deployment_id: strawberry.Private[str]

    @strawberry.field
    async def deployment(self, info: Info) -> Deployment:
        deployment: Deployment = await _load(info, self.workspace, self.deployment_id)
        return deployment

    @classmethod
    def of(cls, result: analysis.Importance, workspace: str) -> Importance:
        return cls(
            method=RiskMethod(result.method),
            p_uncovered=result.p_uncovered,
            std_error=result.std_error,
            samples=result.samples,
            events=[
                EventImportance(
                    kind=EventKind(e.kind.value),
                    id=strawberry.ID(e.id),
                    birnbaum=e.birnbaum,
                    fussell_vesely=e.fussell_vesely,
                    raw=e.raw,
                    rrw=e.rrw,
                    p_given=e.p_given,
                    p_given_not=e.p_given_not,
                    std_error=None if e.std_error is None else ImportanceStdError(**e.std_error),
                    workspace=workspace,
                )
                for e in result.events
            ],
            workspace=workspace,
            deployment_id=result.deployment,
        )


@strawberry.type(description="One deployment's part of the total expected risk.")
class DeploymentShare:
    method: RiskMethod
    expected_risk: float
    share: float | None = strawberry.field(description="Of the total (null when it is 0).")
    workspace: strawberry.Private[str]
    deployment_id: strawberry.Private[str]

    @strawberry.field
    async def deployment(self, info: Info) -> Deployment:
        deployment: Deployment = await _load(info, self.workspace, self.deployment_id)
        return deployment


@strawberry.type(description="The deployments' total expected risk against the risk budget.")
class RiskBudget:
    risk_budget: float | None = strawberry.field(description="Null: the portfolio sets none.")
    total_expected_risk: float
    within_budget: bool | None
    deployments: list[DeploymentShare] = strawberry.field(description="Largest share first.")

    @classmethod
    def of(cls, result: analysis.RiskBudget, workspace: str) -> RiskBudget:
        return cls(
            risk_budget=result.risk_budget,
            total_expected_risk=result.total_expected_risk,
            within_budget=result.within_budget,
            deployments=[
                DeploymentShare(
                    method=RiskMethod(d.method),
                    expected_risk=d.expected_risk,
                    share=d.share,
                    workspace=workspace,
                    deployment_id=d.id,
                )
                for d in result.deployments
            ],
        )
