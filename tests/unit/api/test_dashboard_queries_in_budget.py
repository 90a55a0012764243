"""Every GraphQL document the dashboard sends fits the default query budget: a dashboard query
refused as QUERY_TOO_COSTLY leaves its view empty."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from graphql import parse

from service.api.query_budget import Limits, measure, over_limits
from service.config import Settings
from tests.conftest import REPOSITORY_ROOT

DOCUMENT = re.compile(r"/\* GraphQL \*/ `(.*?)`", re.DOTALL)


def _dashboard_documents() -> list[tuple[str, str]]:
    found = []
    for path in sorted((REPOSITORY_ROOT / "web" / "src").rglob("*.ts*")):
        for n, text in enumerate(DOCUMENT.findall(path.read_text(encoding="utf-8"))):
            found.append((f"{path.relative_to(REPOSITORY_ROOT)}#{n}", text))
    return found


DOCUMENTS = _dashboard_documents()


def test_the_dashboard_has_query_documents_to_check() -> None:
    assert len(DOCUMENTS) >= 10


@pytest.mark.parametrize(("where", "text"), DOCUMENTS, ids=[w for w, _ in DOCUMENTS])
def test_a_dashboard_query_fits_the_default_budget(where: str, text: str) -> None:
    settings = Settings()
    limits = Limits(
        max_depth=settings.graphql_max_depth,
        max_aliases=settings.graphql_max_aliases,
        max_fields=settings.graphql_max_fields,
        max_cost=settings.graphql_max_cost,
    )
    error = over_limits(measure(parse(text)), limits)
    assert error is None, f"{where}: {error.message if error else ''}"


def test_the_check_reads_the_file_it_names() -> None:
    assert all(Path(REPOSITORY_ROOT / w.split("#")[0]).is_file() for w, _ in DOCUMENTS)
