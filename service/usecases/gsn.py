"""GSN diagrams and gsn2x files: the one door the CLI and the GraphQL API both use (DESIGN §10).

A portfolio comes from a file (analysed in memory) or a workspace (read through the store, the
circuit taken from the shared cache by graph revision), so `scg diagram` and the GraphQL field
`SafetyCase.diagram` draw the same picture from the same analysis.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from service.analysis import Circuit, Scenario, compile_circuit
from service.errors import InvalidInputError
from service.gsn import case_diagram, deployment_diagram, dot_source, render_svg
from service.interop.gsn2x_export import export_gsn
from service.interop.gsn2x_import import import_gsn
from service.model import Portfolio
from service.store.database import Database
from service.usecases.circuits import circuits
from service.usecases.database import open_database
from service.usecases.portfolios import (
    WorkspaceSource,
    check_workspace_name,
    load_portfolio,
    opened_source,
)

DIAGRAM_FORMATS = ("svg", "dot")


@dataclass(frozen=True)
class DiagramRequest:
    """What to draw: one case, or every case covering a deployment; under which scenario."""

    case: str | None = None
    deployment: str | None = None
    scenario: Scenario = field(default_factory=Scenario)
    format: str = "svg"

    @classmethod
    def of(
        cls,
        *,
        case: str | None = None,
        deployment: str | None = None,
        fail_assumptions: Sequence[str] = (),
        fail_techniques: Sequence[str] = (),
        worlds: Sequence[str] = (),
        format: str = "svg",
    ) -> DiagramRequest:
        scenario = Scenario.of(fail_assumptions, fail_techniques, worlds)
        return cls(case=case, deployment=deployment, scenario=scenario, format=format)

    def check(self) -> None:
        if (self.case is None) == (self.deployment is None):
            raise InvalidInputError("give exactly one of --case or --deployment")
        if self.format not in DIAGRAM_FORMATS:
            raise InvalidInputError(
                f"unknown diagram format {self.format!r}: use one of {', '.join(DIAGRAM_FORMATS)}"
            )


def draw(portfolio: Portfolio, request: DiagramRequest, circuit: Circuit | None = None) -> str:
    """The diagram as SVG or DOT text."""
    request.check()
    if request.scenario != Scenario() and circuit is None:
        circuit = compile_circuit(portfolio)
    if request.case is not None:
        diagram = case_diagram(portfolio, request.case, request.scenario, circuit)
    else:
        assert request.deployment is not None
        diagram = deployment_diagram(portfolio, request.deployment, request.scenario, circuit)
    return dot_source(diagram) if request.format == "dot" else render_svg(diagram)


def draw_in_workspace(database: Database, workspace: str, request: DiagramRequest) -> str:
    """The diagram of a workspace's case, on the circuit cached by graph revision."""
    portfolio, circuit = circuits.derived(
        database, workspace, ("portfolio",), lambda portfolio, circuit: (portfolio, circuit)
    )
    return draw(portfolio, request, circuit)


def draw_from(file: Path | None, workspace: str | None, request: DiagramRequest) -> str:
    """`scg diagram`: from a file in memory, or from a workspace of the graph."""
    request.check()
    with opened_source(file, workspace) as source:
        if isinstance(source, WorkspaceSource):
            return draw_in_workspace(source.database, source.workspace, request)
        return draw(source.portfolio(), request)


def portfolio_from(file: Path | None, workspace: str | None) -> Portfolio:
    """The portfolio of `--file` or `--workspace` (default: the `default` workspace)."""
    with opened_source(file, workspace) as source:
        return source.portfolio()


def import_gsn_files(paths: Sequence[Path]) -> Portfolio:
    """gsn2x files (and the modules they use) as a validated portfolio; raises listing every
    problem with file, line and element."""
    return import_gsn(paths)


def load_gsn_files(
    paths: Sequence[Path],
    workspace: str,
    document: str | None = None,
    database: Database | None = None,
) -> int:
    """Import gsn2x files into a workspace, as one document (default: the first file's name);
    nothing is written when anything is wrong. Returns the number of cases loaded. Without
    `database`, the configured one is opened for the call."""
    check_workspace_name(workspace)
    portfolio = import_gsn(paths)
    name = document or Path(paths[0]).name
    if database is not None:
        load_portfolio(database, portfolio, workspace=workspace, document=name)
    else:
        with open_database() as opened:
            load_portfolio(opened, portfolio, workspace=workspace, document=name)
    return len(portfolio.cases)


def export_gsn_files(portfolio: Portfolio, output: Path) -> list[Path]:
    """Write the portfolio as gsn2x files: one module per case and an index into directory
    `output`, or one module in `output` when it names a `.yaml`/`.yml` file. Every text is
    made before anything is written."""
    single = output.suffix.lower() in (".yaml", ".yml")
    module = output.name.split(".")[0] if single else None
    files = export_gsn(portfolio, single_module=module)
    if single:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(files[0].text, encoding="utf-8")
        return [output]
    output.mkdir(parents=True, exist_ok=True)
    written = []
    for file in files:
        path = output / file.name
        path.write_text(file.text, encoding="utf-8")
        written.append(path)
    return written
