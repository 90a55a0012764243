"""Portfolio rows agree with the statements that write them (no database)."""

from __future__ import annotations

import re

from service.authoring.generator import generate_portfolio
from service.store.cypher import cypher
from service.store.portfolio_rows import EDGE_PROPERTIES, LABELS, portfolio_rows


def test_each_kind_is_created_with_its_labels() -> None:
    for kind, labels in LABELS.items():
        created = re.search(r"CREATE \(n:([A-Za-z:]+)\)", cypher(f"portfolio/create/{kind}"))
        assert created is not None, kind
        assert sorted(created.group(1).split(":")) == sorted(["Entity", *labels]), kind


def test_edge_rows_carry_only_the_properties_the_create_statement_writes() -> None:
    rows = portfolio_rows(generate_portfolio(20, 3))
    statement = cypher("portfolio/create_relationships")
    assert {key for edge in rows.edges for key in edge["props"]} <= EDGE_PROPERTIES
    for name in EDGE_PROPERTIES:
        assert f"{name}: row.{name}" in statement


def test_node_rows_name_their_kind() -> None:
    rows = portfolio_rows(generate_portfolio(5, 1))
    assert {row["kind"] for row in rows.nodes} <= set(LABELS)
    assert all(row["labels"] == LABELS[row["kind"]] for row in rows.nodes)
