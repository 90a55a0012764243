"""The query budget measures the expanded document with each fragment measured once."""

from __future__ import annotations

import pytest
from graphql import parse

from service.api.query_budget import Limits, Measures, measure, over_limits

LIMITS = Limits(max_depth=15, max_aliases=30, max_fields=5000, max_cost=50_000)


def fragment_bomb(levels: int) -> str:
    """`{...F0}` where each fragment spreads the next twice: 2^levels fields expanded."""
    parts = ["query{...F0}"]
    for i in range(levels):
        parts.append(f"fragment F{i} on Query{{...F{i + 1} ...F{i + 1}}}")
    parts.append(f"fragment F{levels} on Query{{__typename}}")
    return " ".join(parts)


def test_the_863_byte_fragment_bomb_is_measured_at_once_and_refused() -> None:
    text = fragment_bomb(21)
    assert len(text) < 1000
    measures = measure(parse(text))
    assert measures.fields == 2**21
    error = over_limits(measures, LIMITS)
    assert error is not None
    assert error.extensions is not None
    assert error.extensions["code"] == "QUERY_TOO_COMPLEX"
    assert "5000" in error.message
    assert str(2**21) in error.message


def test_sixty_fragments_deep_still_measure_in_linear_time() -> None:
    """2^60 fields expanded: only measuring each fragment once can finish this."""
    measures = measure(parse(fragment_bomb(60)))
    assert measures.fields == 2**60


def test_thirty_million_sample_monte_carlo_aliases_are_too_costly() -> None:
    fields = " ".join(
        f'r{i}: risk(deployment: "d", method: MC, samples: 1000000) {{ pUncovered }}'
        for i in range(30)
    )
    error = over_limits(measure(parse("{" + fields + "}")), LIMITS)
    assert error is not None
    assert error.extensions is not None
    assert error.extensions["code"] == "QUERY_TOO_COSTLY"
    assert "cost" in error.message
    assert "50000" in error.message


def test_cost_reads_variables_and_scales_by_workspace_size() -> None:
    document = parse('query($n: Int) { risk(deployment: "d", method: MC, samples: $n) { naive } }')
    small = measure(document, variables={"n": 1000})
    large = measure(document, variables={"n": 10_000_000})
    assert small.cost < large.cost
    assert over_limits(large, LIMITS) is not None
    exact = measure(parse('{ risk(deployment: "d", method: EXACT) { naive } }'))
    assert measure(
        parse('{ risk(deployment: "d", method: EXACT) { naive } }'), case_thousands=10
    ).cost == (10 * (exact.cost - 1) + 1)


def test_aligned_holes_cost_doubles_with_each_order() -> None:
    def cost(order: int) -> int:
        text = f'{{ alignedHoles(deployment: "d", maxOrder: {order}) {{ cutSets {{ p }} }} }}'
        return measure(parse(text)).cost

    assert cost(4) - 2 == 2 * (cost(3) - 2)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{ me { id } }", Measures(depth=1, aliases=0, fields=2, cost=2)),
        ("{ a: me { id } b: me { id } }", Measures(depth=1, aliases=2, fields=4, cost=4)),
        (
            "query { ...F ...F } fragment F on Query { me { id role } }",
            Measures(depth=1, aliases=0, fields=6, cost=6),
        ),
        (
            "{ safetyCases(first: 10) { edges { node { id } } } }",
            Measures(depth=3, aliases=0, fields=4, cost=31),
        ),
    ],
)
def test_measures_of_small_queries(text: str, expected: Measures) -> None:
    assert measure(parse(text)) == expected


def test_cyclic_fragments_do_not_loop() -> None:
    text = "query { ...A } fragment A on Query { ...B me { id } } fragment B on Query { ...A }"
    assert measure(parse(text)).fields == 2


def test_only_the_named_operation_is_measured() -> None:
    text = "query Small { me { id } } query Big { a: me { id } b: me { id } }"
    assert measure(parse(text), operation_name="Small").fields == 2
