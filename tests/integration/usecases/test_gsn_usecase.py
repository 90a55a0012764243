"""gsn2x files into a workspace and a workspace's diagram, against a real Neo4j."""

from __future__ import annotations

import shutil

import pytest

from service.authoring import InvalidPortfolioError
from service.interop.gsn2x_import import import_gsn
from service.store.database import Database
from service.store.portfolio_reader import read_portfolio
from service.store.workspace import workspace_revision
from service.usecases.gsn import DiagramRequest, draw, draw_in_workspace, load_gsn_files
from tests.conftest import REPOSITORY_ROOT

pytestmark = pytest.mark.integration

EXAMPLE = REPOSITORY_ROOT / "schema" / "examples" / "gsn2x" / "index.gsn.yaml"
BAD = REPOSITORY_ROOT / "tests" / "data" / "gsn2x" / "bad"


def test_gsn2x_modules_load_into_a_workspace(database: Database) -> None:
    assert load_gsn_files([EXAMPLE], "gsn", database=database) == 1
    assert read_portfolio(database, "gsn").to_document() == import_gsn([EXAMPLE]).to_document()
    if shutil.which("dot"):
        request = DiagramRequest(case="case-G1")
        expected = draw(import_gsn([EXAMPLE]), request)
        assert draw_in_workspace(database, "gsn", request) == expected


def test_a_bad_file_writes_nothing(database: Database) -> None:
    before = workspace_revision(database, "gsn")
    with pytest.raises(InvalidPortfolioError):
        load_gsn_files([EXAMPLE, BAD / "cycle.gsn.yaml"], "gsn", database=database)
    assert workspace_revision(database, "gsn") == before
    assert read_portfolio(database, "gsn").cases == []
