"""Query fields that dashboards need (DESIGN §9): the overview in one round trip, and flat row
lists that table-reading data sources (Grafana's Infinity, spreadsheets) take from one root
selector. The reviewer dashboard uses these like any other integration: nothing private.
"""

from __future__ import annotations

import math
from collections.abc import Awaitable

import strawberry
from starlette.concurrency import run_in_threadpool

from service.analysis import Scenario as ScenarioModel
from service.api import analysis_adapter
from service.api.context import Info
from service.api.graphql_analysis import Outcome, PortfolioRisk, _node, preload
from service.api.graphql_inputs import ScenarioInput
from service.api.graphql_types import Connection, Deployment, connection, window_of
from service.errors import InvalidInputError
from service.usecases import overview as overview_usecase
from service.usecases.keys import Role


@strawberry.type(
    description="One deployment's figures on the overview. `coveringCases`, `covered` and "
    "`naive` are known for every deployment at once; `risk`, `singlePointsOfFailure` and "
    "`auditFindings` are computed when selected (seconds each on a large workspace: ask for "
    "them a page at a time), and kept per graph revision."
)
class DeploymentSummary:
    covering_cases: int = strawberry.field(description="How many safety cases cover it.")
    covered: bool = strawberry.field(description="Some covering case holds with nothing failed.")
    naive: float = strawberry.field(
        description="P(every covering case fails) if the cases failed independently."
    )
    naive_over_threshold: float | None = strawberry.field(
        description="priorRisk x naive over the risk threshold: the overview's sort key "
        "(null: the threshold is 0 and the risk is not)."
    )
    workspace: strawberry.Private[str]
    deployment_id: strawberry.Private[str]
    samples: strawberry.Private[int]

    @strawberry.field(graphql_type=Deployment)
    def deployment(self, info: Info) -> Deployment | Awaitable[Deployment]:
        deployment: Deployment | Awaitable[Deployment] = _node(
            info, self.workspace, self.deployment_id
        )
        return deployment

    async def _risk(self, info: Info) -> overview_usecase.RiskOrRefusal:
        return await run_in_threadpool(
            overview_usecase.deployment_risk,
            info.context.database,
            self.workspace,
            self.deployment_id,
            self.samples,
        )

    @strawberry.field(
        description="`risk(method: AUTO)` of the deployment (Monte Carlo with the overview's "
        "samples and seed 0 when exact is too costly); null when even AUTO refused."
    )
    async def risk(self, info: Info) -> PortfolioRisk | None:
        result = await self._risk(info)
        return PortfolioRisk.of(result.risk, self.workspace) if result.risk else None

    @strawberry.field(description="Why `risk` is null.")
    async def risk_error(self, info: Info) -> str | None:
        return (await self._risk(info)).refusal

    @strawberry.field(
        description="How many single events leave it uncovered (aligned holes of order 1)."
    )
    async def single_points_of_failure(self, info: Info) -> int:
        return await run_in_threadpool(
            overview_usecase.single_points_of_failure,
            info.context.database,
            self.workspace,
            self.deployment_id,
        )

    @strawberry.field(description="Findings of the built-in diversity audit that name it.")
    async def audit_findings(self, info: Info) -> int:
        counts = await run_in_threadpool(
            overview_usecase.audit_findings, info.context.database, self.workspace
        )
        return counts.get(self.deployment_id, 0)


@strawberry.type(description="One cell of a Swiss-cheese matrix, as a flat row.")
class MatrixCell:
    deployment: strawberry.ID
    case: strawberry.ID = strawberry.field(description="The safety case (row).")
    world: strawberry.ID = strawberry.field(description="The world model (column).")
    p_holds: float = strawberry.field(description="P(the case holds | the world model is true).")
    certain_hole: bool = strawberry.field(
        description="pHolds is 0 (up to rounding): the case surely fails in that world."
    )


@strawberry.type(description="One case's outcome under a scenario, as a flat row.")
class ImpactRow:
    case: strawberry.ID
    outcome: Outcome
    p_holds: float
    failed_chains: int = strawberry.field(description="How many failed legs explain it.")


MAX_OVERVIEW_SAMPLES = 1_000_000

#: A P(holds) below this is 0 up to floating-point rounding (1 - 1 can come out as 1e-16).
CERTAIN_HOLE_BELOW = 1e-12


def _outcome_filter(outcomes: list[Outcome] | None) -> set[str] | None:
    return None if outcomes is None else {outcome.value for outcome in outcomes}


@strawberry.type
class DashboardQuery:
    """Mixed into `Query`."""

    @strawberry.field(
        description="Every deployment with its summary figures, worst first: uncovered ones, "
        "then by the independent-cases estimate of residual risk over its threshold. "
        "`samples`: Monte Carlo samples of `risk` where exact is too costly."
    )
    async def overview(
        self,
        info: Info,
        workspace: str | None = None,
        samples: int = overview_usecase.OVERVIEW_SAMPLES,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[DeploymentSummary]:
        ws = info.context.authorize(Role.VIEWER, workspace)
        if not 1 <= samples <= MAX_OVERVIEW_SAMPLES:
            raise InvalidInputError(
                f"samples must be between 1 and {MAX_OVERVIEW_SAMPLES}, got {samples}"
            )
        window = window_of(first, after, last, before)
        rows = await run_in_threadpool(overview_usecase.overview, info.context.database, ws)
        start, end = window.bounds(len(rows))
        page = rows[start:end]
        await preload(info, ws, [row.deployment for row in page])
        items = [
            DeploymentSummary(
                covering_cases=row.covering_cases,
                covered=row.covered,
                naive=row.naive,
                naive_over_threshold=(
                    row.naive_over_threshold if math.isfinite(row.naive_over_threshold) else None
                ),
                workspace=ws,
                deployment_id=row.deployment,
                samples=samples,
            )
            for row in page
        ]
        return connection(items, start, len(rows))

    @strawberry.field(
        description="The Swiss-cheese matrix of a deployment as flat rows "
        "{deployment, case, world, pHolds}, one per cell."
    )
    async def swiss_cheese_matrix_rows(
        self, info: Info, deployment: strawberry.ID, workspace: str | None = None
    ) -> list[MatrixCell]:
        ws = info.context.authorize(Role.VIEWER, workspace)
        db = info.context.database
        matrix = await run_in_threadpool(
            analysis_adapter.swiss_cheese_matrix, db, ws, str(deployment)
        )
        return [
            MatrixCell(
                deployment=strawberry.ID(matrix.deployment),
                case=strawberry.ID(row.id),
                world=strawberry.ID(world),
                p_holds=p,
                certain_hole=p < CERTAIN_HOLE_BELOW,
            )
            for row in matrix.cases
            for world, p in row.p_holds.items()
        ]

    @strawberry.field(
        description="The impact of a scenario as flat rows {case, outcome, pHolds}; "
        "`outcomes` keeps only those outcomes (e.g. [FAILS, DEGRADED])."
    )
    async def impact_rows(
        self,
        info: Info,
        scenario: ScenarioInput,
        outcomes: list[Outcome] | None = None,
        workspace: str | None = None,
    ) -> list[ImpactRow]:
        ws = info.context.authorize(Role.VIEWER, workspace)
        model = ScenarioModel.of(
            [str(a) for a in scenario.fail_assumptions],
            [str(t) for t in scenario.fail_techniques],
            [str(w) for w in scenario.worlds],
        )
        _, result = await run_in_threadpool(
            analysis_adapter.impact, info.context.database, ws, model
        )
        wanted = _outcome_filter(outcomes)
        return [
            ImpactRow(
                case=strawberry.ID(c.id),
                outcome=Outcome(c.outcome.value),
                p_holds=c.p_holds,
                failed_chains=len(c.explanation),
            )
            for c in result.cases
            if wanted is None or c.outcome.value in wanted
        ]
