"""`generate_portfolio`: valid, deterministic per seed, and of the requested, realistic shape."""

from __future__ import annotations

import math
from collections import Counter

import pytest

from service.authoring import dump_document, dump_portfolio, stream_document
from service.authoring.generator import (
    default_sizes,
    generate_document,
    generate_portfolio,
    generate_sections,
)
from service.errors import InvalidInputError
from service.model import ArgumentNode, ArgumentRef, Portfolio, Support
from service.model.validation import check_portfolio


def _depth(node: ArgumentNode) -> int:
    inline = [c for c in node.children if isinstance(c, ArgumentNode)]
    return 1 + max((_depth(c) for c in inline), default=0)


@pytest.fixture(scope="module")
def portfolio() -> Portfolio:
    return generate_portfolio(400, 7)


def test_same_seed_same_portfolio_other_seed_other_portfolio() -> None:
    assert generate_portfolio(30, 1) == generate_portfolio(30, 1)
    assert dump_portfolio(generate_portfolio(30, 1)) == dump_portfolio(generate_portfolio(30, 1))
    assert generate_portfolio(30, 1) != generate_portfolio(30, 2)


def test_generated_portfolio_is_consistent(portfolio: Portfolio) -> None:
    assert check_portfolio(portfolio) == []


def test_default_sizes() -> None:
    assert default_sizes(50).assumptions == 25
    assert default_sizes(10_000).assumptions == 1020
    assert default_sizes(50).questions == 5
    assert default_sizes(10_000).questions == 50  # capped


def test_requested_sizes(portfolio: Portfolio) -> None:
    assert len(portfolio.cases) == 400
    assert len(portfolio.assumptions) == 400 // 10 + 20
    assert 5 <= len(portfolio.questions) <= 50
    custom = generate_portfolio(50, 3, assumptions=1000, questions=12, techniques=9, deployments=1)
    assert (len(custom.cases), len(custom.assumptions), len(custom.questions)) == (50, 1000, 12)
    assert len(custom.techniques) == 9
    assert [d.id for d in custom.deployments] == ["dep-01"]
    assert all(c.covers == ["dep-01"] for c in custom.cases)


def test_questions_have_two_to_four_answers_with_priors_summing_to_one(
    portfolio: Portfolio,
) -> None:
    for question in portfolio.questions:
        assert 2 <= len(question.answers) <= 4
        assert abs(math.fsum(a.prior for a in question.answers) - 1) < 1e-9
        assert all(a.prior > 0 for a in question.answers)


def test_argument_trees_are_three_to_five_deep_and_mix_supports(portfolio: Portfolio) -> None:
    depths = Counter(_depth(case.argument) for case in portfolio.cases)
    assert set(depths) <= {3, 4, 5}
    assert set(depths) == {3, 4, 5}
    supports = Counter(node.support for node in portfolio.argument_nodes() if node.children)
    assert set(supports) == {Support.ALL, Support.ANY, Support.AT_LEAST}
    refs = [
        c
        for node in portfolio.argument_nodes()
        for c in node.children
        if isinstance(c, ArgumentRef)
    ]
    assert refs  # shared evidence and sub-arguments


def test_assumption_reuse_is_heavy_tailed(portfolio: Portfolio) -> None:
    uses = Counter(a for node in portfolio.argument_nodes() for a in node.relies_on)
    counts = sorted(uses.values(), reverse=True)
    top = sum(counts[: max(1, len(counts) // 10)])
    assert top / sum(counts) > 0.3  # the top tenth carries a large share
    assert counts[-1] < counts[0] / 10


def test_assumptions_chain_and_fail_in_worlds(portfolio: Portfolio) -> None:
    assert any(a.relies_on for a in portfolio.assumptions)
    worlds = {w.id for _, w in portfolio.world_models()}
    edges = [f for a in portfolio.assumptions for f in a.fails_in]
    edges += [f for t in portfolio.techniques for f in t.fails_in]
    assert edges
    assert all(f.world in worlds and 0 < f.p <= 1 for f in edges)
    assert sum(1 for a in portfolio.assumptions if a.fails_in) > len(portfolio.assumptions) / 2
    assert any(a.techniques for a in portfolio.assumptions)


def test_deployments_are_covered_by_several_cases_some_by_about_fifty() -> None:
    portfolio = generate_portfolio(2000, 5)
    coverage = Counter(d for case in portfolio.cases for d in case.covers)
    assert set(coverage) == {d.id for d in portfolio.deployments}
    assert min(coverage.values()) >= 2
    assert max(coverage.values()) >= 45
    assert portfolio.defeaters


def test_generated_document_is_already_in_export_form() -> None:
    # `scg generate` streams generate_sections; it must equal the exported model.
    for cases, seed in [(0, 1), (1, 2), (25, 3)]:
        for fmt in ("yaml", "json"):
            expected = dump_portfolio(generate_portfolio(cases, seed), fmt)
            assert dump_document(generate_document(cases, seed), fmt) == expected
            assert "".join(stream_document(generate_sections(cases, seed), fmt)) == expected


@pytest.mark.parametrize(
    "kwargs",
    [
        {"cases": -1},
        {"cases": 5, "assumptions": 0},
        {"cases": 5, "questions": 0},
        {"cases": 5, "deployments": 0},
    ],
)
def test_bad_sizes_are_refused(kwargs: dict[str, int]) -> None:
    with pytest.raises(InvalidInputError):
        generate_portfolio(seed=1, **kwargs)
