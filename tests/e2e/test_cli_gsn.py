"""`scg diagram`, `scg import-gsn`, `scg export-gsn` as a user runs them (no server: --file)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE_PORTFOLIO
from tests.unit.gsn.svg_geometry import drawn_elements, overlapping_pairs

pytestmark = pytest.mark.e2e

SCG = [sys.executable, "-m", "service.cli"]


def _scg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*SCG, *args], capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.skipif(shutil.which("dot") is None, reason="needs Graphviz dot")
def test_diagram_of_the_headline_scenario(tmp_path: Path) -> None:
    out = tmp_path / "d.svg"
    args = [
        "diagram",
        "--case",
        "asl4-interp",
        "--fail-technique",
        "interpretability",
        "--file",
        str(EXAMPLE_PORTFOLIO),
    ]
    done = _scg(*args, "-o", str(out))
    assert done.returncode == 0, done.stderr
    svg = out.read_text(encoding="utf-8")
    ET.fromstring(svg)
    drawn = drawn_elements(svg)
    assert len(drawn) == 6
    assert overlapping_pairs(drawn) == []
    assert {i for i, e in drawn.items() if "gsn-failed" in e.classes} == {
        "asl4-interp-g1",
        "asl4-interp-s1",
        "asl4-interp-e1",
        "interp-detects-deception",
    }
    again = _scg(*args)  # stdout, byte for byte the same
    assert again.returncode == 0
    assert again.stdout == svg


def test_diagram_bad_input_is_one_line_and_exit_2(tmp_path: Path) -> None:
    out = tmp_path / "d.svg"
    done = _scg("diagram", "--case", "nope", "--file", str(EXAMPLE_PORTFOLIO), "-o", str(out))
    assert done.returncode == 2
    assert done.stderr.strip() == "error: no safety case 'nope' in the portfolio"
    assert not out.exists()
    done = _scg(
        "diagram", "--case", "asl4-interp", "--format", "png", "--file", str(EXAMPLE_PORTFOLIO)
    )
    assert done.returncode == 2
    assert "unknown diagram format 'png'" in done.stderr


GSN_DATA = Path(__file__).parents[1] / "data" / "gsn2x"


def test_import_gsn_bad_files_write_nothing(tmp_path: Path) -> None:
    out = tmp_path / "p.yaml"
    done = _scg(
        "import-gsn",
        str(GSN_DATA / "bad" / "unresolved.gsn.yaml"),
        "-o",
        str(out),
    )
    assert done.returncode == 2
    headline, *lines = done.stderr.strip().splitlines()
    assert headline.startswith("error: invalid portfolio (1 problem in ")
    assert lines == [
        f"{GSN_DATA / 'bad' / 'unresolved.gsn.yaml'}:3: G1: C03: unresolved reference "
        "'Sn9' in supportedBy",
    ]
    assert not out.exists()


def test_export_then_import_gives_the_portfolio_back(tmp_path: Path) -> None:
    out = tmp_path / "gsn"
    done = _scg("export-gsn", "--file", str(EXAMPLE_PORTFOLIO), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert (out / "index.gsn.yaml").is_file()
    back = tmp_path / "back.yaml"
    done = _scg("import-gsn", str(out / "index.gsn.yaml"), "-o", str(back))
    assert done.returncode == 0, done.stderr
    done = _scg("validate", str(back))
    assert done.returncode == 0, done.stderr
    example = _scg(
        "import-gsn",
        str(Path(__file__).parents[2] / "schema" / "examples" / "gsn2x" / "index.gsn.yaml"),
    )
    assert example.returncode == 0, example.stderr
    assert "id: case-G1" in example.stdout
