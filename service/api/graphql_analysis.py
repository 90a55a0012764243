"""GraphQL types of the analyses (DESIGN §4, §8): the CLI's JSON, with ids resolved to nodes.

Ids in a result resolve through the request's node loader, so a result's nodes cost one
batched query, whatever their number. The impact (10,000 cases on a large portfolio) goes
further: its resolver loads the nodes the query selects before returning (`objects_at`) and
attaches them to the result as plain data, so its 10,000 `case` fields complete like its
scalars, without a resolver call, an awaitable or a resolve info each.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import Enum
from typing import Any, cast

import strawberry

from service import analysis
from service.api.context import Info
from service.api.graphql_enums import EventKind
from service.api.graphql_types import Deployment, Node, SafetyCase, WorldModel, to_node
from service.api.loaders import NOT_LOADED
from service.api.selection import below, selects
from service.audit import AuditReport as AuditResult
from service.errors import NotFoundError
from service.util.gc_pause import collector_paused


async def _load(info: Info, workspace: str, id_: str) -> Any:
    row = await info.context.loaders.nodes.load((workspace, id_))
    if row is None:
        raise NotFoundError(f"{id_!r} is no longer in workspace {workspace!r}: query again")
    return to_node(row)


async def _load_many(info: Info, workspace: str, ids: Sequence[str]) -> list[Any]:
    rows = await info.context.loaders.nodes.load_many([(workspace, id_) for id_ in ids])
    return [to_node(row) for row in rows if row is not None]


async def preload(
    info: Info, workspace: str, ids: Iterable[str], revision: int | None = None
) -> None:
    """Load these nodes now, in one go, for `_node` to answer without waiting
    (from the rows kept for the graph `revision` the result describes, when given)."""
    await info.context.loaders.load_nodes(workspace, list(ids), revision)


def _built(info: Info, workspace: str, id_: str) -> Any:
    """The GraphQL object of a node the request has loaded (None: no such node; NOT_LOADED)."""
    return info.context.loaders.built((workspace, id_), to_node)


def _node(info: Info, workspace: str, id_: str) -> Any:
    """The node (at once if preloaded, else an awaitable of it); NotFoundError if it is gone."""
    node = _built(info, workspace, id_)
    if node is NOT_LOADED:
        return _load(info, workspace, id_)
    if node is None:
        raise NotFoundError(f"{id_!r} is no longer in workspace {workspace!r}: query again")
    return node


@strawberry.enum(description="HOLDS, FAILS, or DEGRADED: holds, but some node of it fails.")
class Outcome(Enum):
    HOLDS = "HOLDS"
    FAILS = "FAILS"
    DEGRADED = "DEGRADED"


_OUTCOMES = {outcome.value: outcome for outcome in Outcome}


@strawberry.enum(description="EXACT (decision diagrams), MC (Monte Carlo) or AUTO.")
class RiskMethod(Enum):
    EXACT = "exact"
    MC = "mc"
    AUTO = "auto"


@strawberry.type
class Scenario:
    fail_assumptions: list[strawberry.ID]
    fail_techniques: list[strawberry.ID]
    worlds: list[strawberry.ID]


@strawberry.type(description="What a scenario does to one safety case.")
class CaseImpact:
    outcome: Outcome
    p_holds: float = strawberry.field(
        description="P(the case holds | the scenario), other events at their probabilities."
    )
    explanation: list[list[strawberry.ID]] = strawberry.field(
        description="Each failed leg: the chain of ids from a failed basic event to the root."
    )
    # Attached by the impact resolver when the query selects it (None otherwise): plain data,
    # so 10,000 cases complete without a resolver call each (see `service.api.execution`).
    safety_case: SafetyCase | None = strawberry.field(name="case", graphql_type=SafetyCase)


@strawberry.type(description="What a scenario does to one deployment.")
class DeploymentImpact:
    covered: bool = strawberry.field(description="Some case covering it still holds.")
    # Attached like `CaseImpact.safety_case`.
    deployment: Deployment | None = strawberry.field(graphql_type=Deployment)
    surviving_cases: list[SafetyCase] | None = strawberry.field(
        description="The covering cases that do not fail.", graphql_type=list[SafetyCase]
    )


@strawberry.type(description="Which cases hold, fail or degrade under a scenario, and why.")
class Impact:
    scenario: Scenario
    cases: list[CaseImpact]
    deployments: list[DeploymentImpact]

    @classmethod
    async def resolve(
        cls,
        info: Info,
        result: analysis.Impact,
        workspace: str,
        revision: int | None,
        outcomes: Iterable[Outcome] | None = None,
    ) -> Impact:
        """The result as GraphQL, with only the cases of `outcomes` when given, and the nodes
        the query selects loaded in one go (from the rows kept for the graph `revision` of
        the result) and attached."""
        selections = below(info)
        with_case = selects(selections, "cases", "case")
        with_deployment = selects(selections, "deployments", "deployment")
        with_surviving = selects(selections, "deployments", "survivingCases")
        wanted = None if outcomes is None else {outcome.value for outcome in outcomes}
        kept = [c for c in result.cases if wanted is None or c.outcome.value in wanted]
        ids: list[str] = []
        if with_case:
            ids += [c.id for c in kept]
        if with_deployment:
            ids += [d.id for d in result.deployments]
        if with_surviving:
            ids += [c for d in result.deployments for c in d.surviving_cases]
        nodes = await info.context.loaders.objects_at(workspace, ids, revision, to_node)

        def node(id_: str) -> Any:
            found = nodes[id_]
            if found is None:
                raise NotFoundError(f"{id_!r} is no longer in workspace {workspace!r}: query again")
            return found

        def existing(ids: Sequence[str]) -> list[Any]:
            return [found for found in map(nodes.__getitem__, ids) if found is not None]

        s = result.scenario
        with collector_paused():  # tens of thousands of objects, none in a cycle
            return cls(
                scenario=Scenario(
                    fail_assumptions=[strawberry.ID(a) for a in s.failed_assumptions],
                    fail_techniques=[strawberry.ID(t) for t in s.failed_techniques],
                    worlds=[strawberry.ID(w) for w in s.worlds],
                ),
                cases=[
                    CaseImpact(
                        outcome=_OUTCOMES[c.outcome.value],
                        p_holds=c.p_holds,
                        # tuples of `str` (what strawberry.ID is): completed as they are
                        explanation=cast("list[list[strawberry.ID]]", c.explanation),
                        safety_case=node(c.id) if with_case else None,
                    )
                    for c in kept
                ],
                deployments=[
                    DeploymentImpact(
                        covered=d.covered,
                        deployment=node(d.id) if with_deployment else None,
                        surviving_cases=existing(d.surviving_cases) if with_surviving else None,
                    )
                    for d in result.deployments
                ],
            )


@strawberry.type(description="A basic event: an assumption or technique fails, a world is true.")
class Event:
    kind: EventKind
    id: strawberry.ID
    workspace: strawberry.Private[str]

    @strawberry.field(description="The assumption, technique or world model.")
    async def node(self, info: Info) -> Node | None:
        row = await info.context.loaders.nodes.load((self.workspace, str(self.id)))
        node: Node | None = to_node(row) if row is not None else None
        return node


def _event(event: analysis.Event, workspace: str) -> Event:
    return Event(kind=event.kind, id=strawberry.ID(event.id), workspace=workspace)


@strawberry.type(description="A minimal set of basic events that leaves the deployment uncovered.")
class CutSet:
    events: list[Event]
    probability: float = strawberry.field(description="Product of the events' probabilities.")
    order: int = strawberry.field(description="Number of events.")


@strawberry.type(description="The aligned holes of a deployment: its minimal cut sets.")
class AlignedHoles:
    max_order: int = strawberry.field(description="Largest set size searched (0: unlimited).")
    over: list[EventKind]
    cut_sets: list[CutSet]
    single_points_of_failure: list[Event]
    workspace: strawberry.Private[str]
    deployment_id: strawberry.Private[str]

    @strawberry.field
    async def deployment(self, info: Info) -> Deployment:
        deployment: Deployment = await _load(info, self.workspace, self.deployment_id)
        return deployment

    @classmethod
    def of(cls, result: analysis.CutSets, workspace: str) -> AlignedHoles:
        return cls(
            max_order=result.max_order,
            over=list(result.over),
            cut_sets=[
                CutSet(
                    events=[_event(e, workspace) for e in cs.events],
                    probability=cs.probability,
                    order=cs.order,
                )
                for cs in result.cut_sets
            ],
            single_points_of_failure=[
                _event(e, workspace) for e in result.single_points_of_failure
            ],
            workspace=workspace,
            deployment_id=result.deployment,
        )


@strawberry.type
class CaseProbability:
    probability: float
    workspace: strawberry.Private[str]
    case_id: strawberry.Private[str]

    @strawberry.field(name="case")
    async def safety_case(self, info: Info) -> SafetyCase:
        case: SafetyCase = await _load(info, self.workspace, self.case_id)
        return case


def _case_probabilities(values: dict[str, float], workspace: str) -> list[CaseProbability]:
    return [
        CaseProbability(probability=p, workspace=workspace, case_id=case_id)
        for case_id, p in values.items()
    ]


@strawberry.type(description="A world (one answer per relevant question) and its residual risk.")
class WorldRisk:
    prior: float
    risk: float
    workspace: strawberry.Private[str]
    world_ids: strawberry.Private[tuple[str, ...]]

    @strawberry.field
    async def worlds(self, info: Info) -> list[WorldModel]:
        return await _load_many(info, self.workspace, self.world_ids)


@strawberry.type(description="P(deployment uncovered), its naive estimate, residual risk.")
class PortfolioRisk:
    method: RiskMethod = strawberry.field(description="The method actually used.")
    p_uncovered: float
    std_error: float | None = strawberry.field(description="Monte Carlo only.")
    samples: int | None = strawberry.field(description="Monte Carlo only.")
    naive: float = strawberry.field(description="Product of the cases' failure probabilities.")
    correlation_penalty: float | None = strawberry.field(description="pUncovered / naive.")
    n_eff: float | None = strawberry.field(description="Effective number of independent cases.")
    expected_risk: float
    robustness: float = strawberry.field(
        description="Prior mass of the worlds whose risk is within the threshold."
    )
    threshold_met: bool
    prior_risk: float
    risk_threshold: float
    required_update: float | None = strawberry.field(
        description="priorRisk / riskThreshold: the likelihood ratio the cases must deliver."
    )
    delivered_update: float | None = strawberry.field(
        description="priorRisk / expectedRisk: the likelihood ratio the cases deliver."
    )
    case_failure: list[CaseProbability]
    worst_worlds: list[WorldRisk]
    workspace: strawberry.Private[str]
    deployment_id: strawberry.Private[str]

    @strawberry.field
    async def deployment(self, info: Info) -> Deployment:
        deployment: Deployment = await _load(info, self.workspace, self.deployment_id)
        return deployment

    @classmethod
    def of(cls, result: analysis.PortfolioRisk, workspace: str) -> PortfolioRisk:
        residual = result.residual
        return cls(
            method=RiskMethod(result.method),
            p_uncovered=result.p_uncovered,
            std_error=result.std_error,
            samples=result.samples,
            naive=result.naive,
            correlation_penalty=result.correlation_penalty,
            n_eff=result.n_eff,
            expected_risk=residual.expected_risk,
            robustness=residual.robustness,
            threshold_met=residual.threshold_met,
            prior_risk=residual.prior_risk,
            risk_threshold=residual.risk_threshold,
            required_update=result.required_update,
            delivered_update=result.delivered_update,
            case_failure=_case_probabilities(result.case_failure, workspace),
            worst_worlds=[
                WorldRisk(prior=w.prior, risk=w.risk, workspace=workspace, world_ids=w.worlds)
                for w in residual.worst_worlds
            ],
            workspace=workspace,
            deployment_id=result.deployment,
        )


@strawberry.type(description="Jaccard overlap of what two cases reach (null: neither reaches any).")
class Overlap:
    worlds: float | None
    techniques: float | None
    assumptions: float | None


@strawberry.type(description="How two covering cases fail together.")
class CasePair:
    p_both_fail: float
    phi: float | None = strawberry.field(
        description="Phi coefficient of the two failures (null when one is certain)."
    )
    overlap: Overlap
    workspace: strawberry.Private[str]
    case_ids: strawberry.Private[tuple[str, str]]

    @strawberry.field
    async def cases(self, info: Info) -> list[SafetyCase]:
        return await _load_many(info, self.workspace, self.case_ids)


@strawberry.type(description="Pairwise failure correlation of a deployment's cases.")
class CaseCorrelation:
    case_failure: list[CaseProbability]
    pairs: list[CasePair]
    workspace: strawberry.Private[str]
    deployment_id: strawberry.Private[str]

    @strawberry.field
    async def deployment(self, info: Info) -> Deployment:
        deployment: Deployment = await _load(info, self.workspace, self.deployment_id)
        return deployment

    @classmethod
    def of(cls, result: analysis.CaseCorrelation, workspace: str) -> CaseCorrelation:
        return cls(
            case_failure=_case_probabilities(result.case_failure, workspace),
            pairs=[
                CasePair(
                    p_both_fail=pair.p_both_fail,
                    phi=pair.phi,
                    overlap=Overlap(
                        worlds=pair.overlap.worlds,
                        techniques=pair.overlap.techniques,
                        assumptions=pair.overlap.assumptions,
                    ),
                    workspace=workspace,
                    case_ids=pair.cases,
                )
                for pair in result.pairs
            ],
            workspace=workspace,
            deployment_id=result.deployment,
        )


@strawberry.type
class WorldProbability:
    probability: float
    workspace: strawberry.Private[str]
    world_id: strawberry.Private[str]

    @strawberry.field
    async def world(self, info: Info) -> WorldModel:
        world: WorldModel = await _load(info, self.workspace, self.world_id)
        return world


@strawberry.type(description="One case's row: P(it holds | each world model is true).")
class MatrixRow:
    p_holds: list[WorldProbability]
    workspace: strawberry.Private[str]
    case_id: strawberry.Private[str]

    @strawberry.field(name="case")
    async def safety_case(self, info: Info) -> SafetyCase:
        case: SafetyCase = await _load(info, self.workspace, self.case_id)
        return case


@strawberry.type(description="Cases x world models: where the holes are (0: certain hole).")
class SwissCheeseMatrix:
    cases: list[MatrixRow]
    workspace: strawberry.Private[str]
    deployment_id: strawberry.Private[str]
    world_ids: strawberry.Private[tuple[str, ...]]

    @strawberry.field
    async def deployment(self, info: Info) -> Deployment:
        deployment: Deployment = await _load(info, self.workspace, self.deployment_id)
        return deployment

    @strawberry.field(description="The columns, in order.")
    async def worlds(self, info: Info) -> list[WorldModel]:
        return await _load_many(info, self.workspace, self.world_ids)

    @classmethod
    def of(cls, result: analysis.SwissCheeseMatrix, workspace: str) -> SwissCheeseMatrix:
        return cls(
            cases=[
                MatrixRow(
                    p_holds=[
                        WorldProbability(probability=p, workspace=workspace, world_id=w)
                        for w, p in row.p_holds.items()
                    ],
                    workspace=workspace,
                    case_id=row.id,
                )
                for row in result.cases
            ],
            workspace=workspace,
            deployment_id=result.deployment,
            world_ids=result.worlds,
        )


@strawberry.type(description="One policy violation of a diversity audit.")
class Finding:
    rule: str
    severity: str = strawberry.field(description="note, warning or error.")
    message: str
    nodes: list[strawberry.ID]
    remedy: str
    subject: str
    deployments: list[strawberry.ID]


@strawberry.type(description="Findings of a diversity audit (DESIGN §4.7).")
class AuditReport:
    policy_name: str
    findings: list[Finding]
    warnings: list[str] = strawberry.field(description="Problems of the policy itself.")
    errors: int
    warning_count: int
    notes: int

    @classmethod
    def of(cls, report: AuditResult) -> AuditReport:
        counts = report.counts()
        return cls(
            policy_name=report.policy_name,
            findings=[
                Finding(
                    rule=f.rule,
                    severity=f.severity.value,
                    message=f.message,
                    nodes=[strawberry.ID(n) for n in f.nodes],
                    remedy=f.remedy,
                    subject=f.subject,
                    deployments=[strawberry.ID(d) for d in f.deployments],
                )
                for f in report.findings
            ],
            warnings=list(report.warnings),
            errors=counts.get("error", 0),
            warning_count=counts.get("warning", 0),
            notes=counts.get("note", 0),
        )
