"""The Query type: lists and single entities of a workspace, analyses, export, keys.

Every field checks the caller's key first (`ApiContext.authorize`): reading needs a viewer key
scoped to the workspace; `workspace` defaults to the key's only workspace, else `default`.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import Annotated, Any, TypeVar, cast

import strawberry
from starlette.concurrency import run_in_threadpool

from service.analysis import Scenario as ScenarioModel
from service.api import analysis_adapter
from service.api.context import Info
from service.api.graphql_analysis import (
    AlignedHoles,
    AuditReport,
    CaseCorrelation,
    EventKind,
    Impact,
    Outcome,
    PortfolioRisk,
    RiskMethod,
    SwissCheeseMatrix,
)
from service.api.graphql_dashboard import DashboardQuery
from service.api.graphql_inputs import (
    ArgumentNodeFilter,
    AssumptionFilter,
    DefeaterFilter,
    DeploymentFilter,
    EntityFilterInput,
    EntitySort,
    SafetyCaseFilter,
    ScenarioInput,
    WorldModelFilter,
)
from service.api.graphql_keys import ApiKeyType, key_type
from service.api.graphql_priors import (
    DeploymentQuestions,
    Importance,
    RiskAcrossPriors,
    RiskBudget,
)
from service.api.graphql_types import (
    KIND_TYPES,
    Connection,
    Node,
    PriorProfile,
    connection,
    to_node,
    window_of,
)
from service.api.security import require_role
from service.errors import InvalidInputError
from service.model.kinds import ENTITY, Kind
from service.usecases.graph_reads import list_entities
from service.usecases.keys import Role, list_keys
from service.usecases.portfolios import export_workspace, workspace_revision

MAX_SAMPLES = 5_000_000
C = TypeVar("C", bound=type)
MAX_SEED = 2**31 - 1  # GraphQL's Int; Monte Carlo seeds are non-negative

#: The `priors:` argument of every quantitative field: a prior profile id (DESIGN §4.8).
PRIORS = Annotated[
    strawberry.ID | None,
    strawberry.argument(description="Prior profile id (default: the portfolio's own priors)."),
]


def _id(value: strawberry.ID | None) -> str | None:
    return None if value is None else str(value)


def _check_samples(samples: int) -> None:
    if not 1 <= samples <= MAX_SAMPLES:
        raise InvalidInputError(f"samples must be between 1 and {MAX_SAMPLES}, got {samples}")


@strawberry.enum
class PortfolioFormat(Enum):
    YAML = "yaml"
    JSON = "json"


async def _page(
    info: Info,
    label: str,
    workspace: str | None,
    filter: Any,
    sort: EntitySort | None,
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
) -> Connection[Any]:
    ws = info.context.authorize(Role.VIEWER, workspace)
    window = window_of(first, after, last, before)
    page = await run_in_threadpool(
        list_entities,
        info.context.database,
        label=label,
        workspace=ws,
        filter=filter.to_filter() if filter is not None else None,
        sort=sort.to_sort() if sort is not None else None,
        window=window,
    )
    loaders = info.context.loaders
    for row in page.rows:
        loaders.nodes.prime((ws, row["id"]), row)
    return connection([to_node(row) for row in page.rows], page.offset, page.total)


async def _one(info: Info, workspace: str | None, id_: str, label: str) -> Any:
    ws = info.context.authorize(Role.VIEWER, workspace)
    row = await info.context.loaders.nodes.load((ws, id_))
    if row is None or label not in row["labels"]:
        return None
    return to_node(row)


def _list_field(label: str, filter_type: type, node_type: Any, description: str) -> Any:
    """A top-level list field of one label (resolver with Relay and filter arguments)."""

    async def resolve(
        info: Info,
        workspace: str | None = None,
        filter: Any = None,
        sort: EntitySort | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Any]:
        return await _page(info, label, workspace, filter, sort, first, after, last, before)

    # Real types (not strings): they are local to this factory.
    resolve.__annotations__ = {
        "info": Info,
        "workspace": str | None,
        "filter": filter_type | None,
        "sort": EntitySort | None,
        "first": int | None,
        "after": str | None,
        "last": int | None,
        "before": str | None,
        "return": Connection[node_type],
    }
    return strawberry.field(resolver=resolve, description=description)


def _one_field(label: str, node_type: Any, description: str) -> Any:
    async def resolve(info: Info, id: strawberry.ID, workspace: str | None = None) -> Any:
        return await _one(info, workspace, str(id), label)

    resolve.__annotations__ = {
        "info": Info,
        "id": strawberry.ID,
        "workspace": str | None,
        "return": node_type | None,
    }
    return strawberry.field(resolver=resolve, description=description)


async def _analysis(
    info: Info, workspace: str | None, run: Callable[[str], Any]
) -> tuple[str, Any]:
    """Run an analysis on the bounded analysis pool (off the event loop)."""
    ws = info.context.authorize(Role.VIEWER, workspace)
    return ws, await info.context.state.analysis_pool.run(lambda: run(ws))


#: The filter of a kind's list field (the others take the filters every list has).
_FILTERS: dict[Kind, type] = {
    Kind.DEPLOYMENT: DeploymentFilter,
    Kind.SAFETY_CASE: SafetyCaseFilter,
    Kind.ARGUMENT_NODE: ArgumentNodeFilter,
    Kind.ASSUMPTION: AssumptionFilter,
    Kind.WORLD_MODEL: WorldModelFilter,
    Kind.DEFEATER: DefeaterFilter,
}


def with_entity_fields(cls: C) -> C:
    """`cls` with a list field per kind, `node`, and a by-id field per kind, before its own."""
    fields: dict[str, Any] = {}
    for kind in Kind:
        spec = kind.spec
        filter_type = _FILTERS.get(kind, EntityFilterInput)
        fields[spec.plural] = _list_field(
            spec.label, filter_type, KIND_TYPES[kind], spec.list_description
        )
    fields["node"] = _one_field(ENTITY, Node, "Any entity of the workspace by id.")
    for kind in Kind:
        spec = kind.spec
        if spec.by_id:
            description = f"{spec.article.title()} {spec.noun} by id."
            fields[spec.snake] = _one_field(spec.label, KIND_TYPES[kind], description)
    body = {k: v for k, v in vars(cls).items() if k not in ("__dict__", "__weakref__")}
    return cast(C, type(cls.__name__, cls.__bases__, {**fields, **body}))


@strawberry.type
@with_entity_fields
class Query(DashboardQuery):
    prior_profiles = _list_field(
        "PriorProfile", EntityFilterInput, PriorProfile, "Prior profiles: reviewers' priors."
    )

    @strawberry.field(description="The workspace's graph revision: every write bumps it.")
    async def workspace_revision(self, info: Info, workspace: str | None = None) -> int:
        ws = info.context.authorize(Role.VIEWER, workspace)
        return await run_in_threadpool(workspace_revision, info.context.database, ws)

    @strawberry.field(description="The API key of this request.")
    def me(self, info: Info) -> ApiKeyType:
        return key_type(info.context.principal)

    @strawberry.field(
        description="What-if: which cases fail, and which deployments stay covered; "
        "`outcomes` keeps only the cases with those outcomes (e.g. [FAILS, DEGRADED])."
    )
    async def impact(
        self,
        info: Info,
        scenario: ScenarioInput,
        workspace: str | None = None,
        priors: PRIORS = None,
        outcomes: list[Outcome] | None = None,
    ) -> Impact:
        model = ScenarioModel.of(
            [str(a) for a in scenario.fail_assumptions],
            [str(t) for t in scenario.fail_techniques],
            [str(w) for w in scenario.worlds],
        )
        db = info.context.database
        ws, (revision, result) = await _analysis(
            info, workspace, lambda ws: analysis_adapter.impact(db, ws, model, _id(priors))
        )
        return await Impact.resolve(info, result, ws, revision, outcomes)

    @strawberry.field(
        description="Minimal cut sets: the smallest sets of events that defeat "
        "every case of a deployment."
    )
    async def aligned_holes(
        self,
        info: Info,
        deployment: strawberry.ID,
        max_order: int = 3,
        over: list[EventKind] | None = None,
        workspace: str | None = None,
        priors: PRIORS = None,
    ) -> AlignedHoles:
        if not 0 <= max_order <= 10:
            raise InvalidInputError(f"maxOrder must be between 0 and 10, got {max_order}")
        kinds = None if over is None else [kind.value for kind in over]
        db = info.context.database
        ws, result = await _analysis(
            info,
            workspace,
            lambda ws: analysis_adapter.aligned_holes(
                db, ws, str(deployment), max_order=max_order, over=kinds, priors=_id(priors)
            ),
        )
        return AlignedHoles.of(result, ws)

    @strawberry.field(
        description="P(every case of the deployment fails), naive estimate, "
        "correlation penalty, residual risk and robustness."
    )
    async def risk(
        self,
        info: Info,
        deployment: strawberry.ID,
        method: RiskMethod = RiskMethod.AUTO,
        samples: int = 100_000,
        seed: int | None = None,
        workspace: str | None = None,
        priors: PRIORS = None,
    ) -> PortfolioRisk:
        if not 1 <= samples <= MAX_SAMPLES:
            raise InvalidInputError(f"samples must be between 1 and {MAX_SAMPLES}, got {samples}")
        if seed is not None and not 0 <= seed <= MAX_SEED:
            raise InvalidInputError(f"seed must be between 0 and {MAX_SEED}, got {seed}")
        db = info.context.database
        ws, result = await _analysis(
            info,
            workspace,
            lambda ws: analysis_adapter.risk(
                db,
                ws,
                str(deployment),
                method=method.value,
                samples=samples,
                seed=seed,
                priors=_id(priors),
            ),
        )
        return PortfolioRisk.of(result, ws)

    @strawberry.field(description="Pairwise failure correlation of the deployment's cases.")
    async def correlation(
        self,
        info: Info,
        deployment: strawberry.ID,
        workspace: str | None = None,
        priors: PRIORS = None,
    ) -> CaseCorrelation:
        db = info.context.database
        ws, result = await _analysis(
            info,
            workspace,
            lambda ws: analysis_adapter.correlation(db, ws, str(deployment), _id(priors)),
        )
        return CaseCorrelation.of(result, ws)

    @strawberry.field(description="P(case holds | world model true) for every case x world.")
    async def swiss_cheese_matrix(
        self,
        info: Info,
        deployment: strawberry.ID,
        workspace: str | None = None,
        priors: PRIORS = None,
    ) -> SwissCheeseMatrix:
        db = info.context.database
        ws, result = await _analysis(
            info,
            workspace,
            lambda ws: analysis_adapter.swiss_cheese_matrix(db, ws, str(deployment), _id(priors)),
        )
        return SwissCheeseMatrix.of(result, ws)

    @strawberry.field(
        description="A diversity audit; `policy` is a policy document (YAML or "
        "JSON text), the built-in rules when omitted."
    )
    async def audit(
        self,
        info: Info,
        policy: str | None = None,
        workspace: str | None = None,
        priors: PRIORS = None,
    ) -> AuditReport:
        db = info.context.database
        _, report = await _analysis(
            info, workspace, lambda ws: analysis_adapter.audit(db, ws, policy, _id(priors))
        )
        return AuditReport.of(report)

    @strawberry.field(
        description="The deployment's P(uncovered), expected risk, robustness and verdict under "
        "the portfolio's priors and every prior profile (DESIGN §4.8)."
    )
    async def risk_across_priors(
        self,
        info: Info,
        deployment: strawberry.ID,
        method: RiskMethod = RiskMethod.AUTO,
        samples: int = 100_000,
        workspace: str | None = None,
    ) -> RiskAcrossPriors:
        _check_samples(samples)
        db = info.context.database
        ws, result = await _analysis(
            info,
            workspace,
            lambda ws: analysis_adapter.risk_across_priors(
                db, ws, str(deployment), method=method.value, samples=samples
            ),
        )
        return RiskAcrossPriors.of(result, ws)

    @strawberry.field(
        description="Which open question, once answered, would most move the deployment's "
        "safety (DESIGN §4.9)."
    )
    async def question_sensitivity(
        self,
        info: Info,
        deployment: strawberry.ID,
        priors: PRIORS = None,
        method: RiskMethod = RiskMethod.AUTO,
        workspace: str | None = None,
        seed: int = 0,
    ) -> DeploymentQuestions:
        db = info.context.database
        ws, result = await _analysis(
            info,
            workspace,
            lambda ws: analysis_adapter.question_sensitivity(
                db, ws, str(deployment), priors=_id(priors), method=method.value, seed=seed
            ),
        )
        return DeploymentQuestions.of(result, ws)

    @strawberry.field(
        description="Importance measures (Birnbaum, Fussell-Vesely, RAW, RRW) of the basic "
        "events for the deployment being uncovered (DESIGN §4.10)."
    )
    async def importance(
        self,
        info: Info,
        deployment: strawberry.ID,
        over: list[EventKind] | None = None,
        method: RiskMethod = RiskMethod.AUTO,
        priors: PRIORS = None,
        samples: int = 100_000,
        seed: int | None = None,
        workspace: str | None = None,
    ) -> Importance:
        _check_samples(samples)
        kinds = None if over is None else [kind.value for kind in over]
        db = info.context.database
        ws, result = await _analysis(
            info,
            workspace,
            lambda ws: analysis_adapter.importance(
                db,
                ws,
                str(deployment),
                over=kinds,
                priors=_id(priors),
                method=method.value,
                samples=samples,
                seed=seed,
            ),
        )
        return Importance.of(result, ws)

    @strawberry.field(
        description="Every deployment's expected risk, the total against the portfolio's risk "
        "budget, and each deployment's share (DESIGN §4.11)."
    )
    async def risk_budget(
        self,
        info: Info,
        priors: PRIORS = None,
        method: RiskMethod = RiskMethod.AUTO,
        workspace: str | None = None,
    ) -> RiskBudget:
        db = info.context.database
        ws, result = await _analysis(
            info,
            workspace,
            lambda ws: analysis_adapter.risk_budget(
                db, ws, priors=_id(priors), method=method.value
            ),
        )
        return RiskBudget.of(result, ws)

    @strawberry.field(description="The workspace in the authoring format (YAML or JSON).")
    async def export_portfolio(
        self,
        info: Info,
        workspace: str | None = None,
        format: PortfolioFormat = PortfolioFormat.YAML,
    ) -> str:
        ws = info.context.authorize(Role.VIEWER, workspace)
        db = info.context.database
        return await run_in_threadpool(export_workspace, db, ws, format.value)

    @strawberry.field(description="API keys within the caller's scope (admins only).")
    async def api_keys(
        self,
        info: Info,
        include_revoked: bool = False,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[ApiKeyType]:
        principal = require_role(info.context.principal, Role.ADMIN)
        keys = await run_in_threadpool(
            list_keys, info.context.database, include_revoked=include_revoked
        )
        visible = [key_type(k) for k in keys if principal.covers_scope(k.workspaces)]
        start, end = window_of(first, after, last, before).bounds(len(visible))
        return connection(visible[start:end], start, len(visible))
