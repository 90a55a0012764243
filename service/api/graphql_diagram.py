"""`SafetyCase.diagram(scenario:, format:)`: the case's GSN diagram (DESIGN §10) as text.

The dashboard's case view inlines the SVG. It is drawn by `service.usecases.gsn`, the same
door `scg diagram` uses, on the workspace's circuit cached by graph revision.
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from starlette.concurrency import run_in_threadpool

from service.analysis import Scenario
from service.api.context import Info
from service.usecases.gsn import DiagramRequest, draw_in_workspace
from service.usecases.keys import Role

if TYPE_CHECKING:
    from service.api.graphql_inputs import ScenarioInput


@strawberry.enum(description="What `diagram` returns.")
class DiagramFormat(Enum):
    SVG = "svg"
    DOT = "dot"


async def _diagram(
    root: strawberry.Parent[Any],
    info: Info,
    scenario: Annotated[ScenarioInput, strawberry.lazy("service.api.graphql_inputs")] | None = None,
    format: DiagramFormat = DiagramFormat.SVG,
) -> str:
    workspace = info.context.authorize(Role.VIEWER, root.workspace)
    model = Scenario()
    if scenario is not None:
        model = Scenario.of(
            [str(a) for a in scenario.fail_assumptions],
            [str(t) for t in scenario.fail_techniques],
            [str(w) for w in scenario.worlds],
        )
    request = DiagramRequest(case=str(root.id), scenario=model, format=format.value)
    database = info.context.database
    text: str = await run_in_threadpool(draw_in_workspace, database, workspace, request)
    return text


diagram_field: Any = strawberry.field(
    resolver=_diagram,
    description="The case's GSN diagram (SVG text, or Graphviz DOT), with the scenario's "
    "failed elements and failed legs up to the root marked.",
)
