"""`scg validate` and `scg generate` (no database)."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from service.authoring import load_portfolio_file
from service.cli.main import app

REPO = Path(__file__).resolve().parents[3]
EXAMPLE = REPO / "schema" / "examples" / "frontier-portfolio.yaml"
INVALID = REPO / "tests" / "data" / "invalid"

runner = CliRunner()


def test_validate_ok() -> None:
    result = runner.invoke(app, ["validate", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    assert result.output == f"ok {EXAMPLE}\n"


def test_validate_prints_every_problem_and_exits_1() -> None:
    broken = INVALID / "several-errors.yaml"
    result = runner.invoke(app, ["validate", str(EXAMPLE), str(broken)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == f"ok {EXAMPLE}"
    assert len(lines) == 6
    assert (
        lines[3]
        == f"{broken}:43: cases[0].argument.children[1].relies_on[1]: unknown assumption 'foo'"
    )


def test_generate_writes_a_valid_file_deterministically(tmp_path: Path) -> None:
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    for target in (first, second):
        result = runner.invoke(app, ["generate", "--cases", "20", "--seed", "4", "-o", str(target)])
        assert result.exit_code == 0, result.output
    assert first.read_text() == second.read_text()
    portfolio = load_portfolio_file(first)
    assert len(portfolio.cases) == 20
    assert runner.invoke(app, ["validate", str(first)]).exit_code == 0


def test_generate_with_overrides_and_json(tmp_path: Path) -> None:
    target = tmp_path / "p.json"
    result = runner.invoke(
        app,
        [
            "generate",
            "--cases",
            "50",
            "--seed",
            "1",
            "--assumptions",
            "1000",
            "--questions",
            "12",
            "-o",
            str(target),
        ],
    )
    assert result.exit_code == 0, result.output
    assert target.read_text().startswith("{")
    portfolio = load_portfolio_file(target)
    assert (len(portfolio.cases), len(portfolio.assumptions), len(portfolio.questions)) == (
        50,
        1000,
        12,
    )


def test_generate_to_stdout() -> None:
    result = runner.invoke(app, ["generate", "--cases", "2", "--seed", "9", "--format", "json"])
    assert result.exit_code == 0
    assert result.stdout.startswith("{")


def test_generate_refuses_bad_flags() -> None:
    assert runner.invoke(app, ["generate", "--cases", "-1"]).exit_code != 0
    assert runner.invoke(app, ["generate", "--cases", "3", "--format", "xml"]).exit_code != 0
