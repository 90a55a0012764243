"""ZBDD set families and Rauzy's minimal solutions against brute force on small random inputs."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import Any

import dd.cudd
from hypothesis import given, settings
from hypothesis import strategies as st

from service.analysis.cutsets_zbdd import _export
from service.analysis.zbdd import BASE, EMPTY, Zbdd, minimal_solutions

N_VARS = 6
SETS = st.lists(st.frozensets(st.integers(0, N_VARS - 1), max_size=N_VARS), max_size=12)
FAST = settings(max_examples=150, deadline=None)


def minimal(family: Iterable[frozenset[int]]) -> set[frozenset[int]]:
    sets = set(family)
    return {s for s in sets if not any(t < s for t in sets)}


def read(zbdd: Zbdd, node: int) -> set[frozenset[int]]:
    found = [frozenset(s) for s in zbdd.sets(node)]
    assert len(found) == len(set(found))  # every set once
    return set(found)


def test_terminals_are_the_empty_family_and_the_family_of_the_empty_set() -> None:
    zbdd = Zbdd(3)
    assert read(zbdd, EMPTY) == set()
    assert read(zbdd, BASE) == {frozenset()}
    assert (zbdd.count(EMPTY), zbdd.count(BASE)) == (0, 1)
    assert zbdd.family([]) == EMPTY
    assert zbdd.family([[]]) == BASE


@FAST
@given(SETS, SETS)
def test_union_and_without_are_the_set_operations(
    f: list[frozenset[int]], g: list[frozenset[int]]
) -> None:
    zbdd = Zbdd(N_VARS)
    nf, ng = zbdd.family(f), zbdd.family(g)
    assert read(zbdd, nf) == set(f)
    assert zbdd.family(list(reversed(f))) == nf  # hash-consed: one node per family
    assert read(zbdd, zbdd.union(nf, ng)) == set(f) | set(g)
    # `without` is defined for antichains G (Rauzy): the families it is applied to.
    antichain = minimal(g)
    expected = {s for s in f if not any(t <= s for t in antichain)}
    assert read(zbdd, zbdd.without(nf, zbdd.family(list(antichain)))) == expected


@FAST
@given(SETS, st.integers(0, N_VARS), st.sets(st.integers(0, N_VARS - 1)))
def test_order_restriction_counts_and_mutual_exclusion(
    f: list[frozenset[int]], k: int, group: set[int]
) -> None:
    zbdd = Zbdd(N_VARS)
    node = zbdd.family(f)
    assert zbdd.count(node) == len(set(f))
    by_order: dict[int, int] = {}
    for s in set(f):
        by_order[len(s)] = by_order.get(len(s), 0) + 1
    assert zbdd.count_by_order(node) == by_order
    assert read(zbdd, zbdd.restrict_order(node, k)) == {s for s in f if len(s) <= k}
    assert read(zbdd, zbdd.at_most_one_of(node, group)) == {s for s in f if len(s & group) <= 1}


def _manager(n_vars: int) -> Any:
    manager = dd.cudd.BDD(memory_estimate=1 << 24, initial_cache_size=1 << 10)
    manager.configure(reordering=False)
    if n_vars:
        manager.declare(*(f"x{v}" for v in range(n_vars)))
    return manager


def _bdd_of_dnf(manager: Any, terms: list[frozenset[int]]) -> Any:
    u = manager.false
    for term in terms:
        cube = manager.true
        for v in term:
            cube &= manager.var(f"x{v}")
        u |= cube
    return u


@FAST
@given(SETS)
def test_minimal_solutions_of_a_monotone_bdd_are_its_minimal_cut_sets(
    terms: list[frozenset[int]],
) -> None:
    manager = _manager(N_VARS)
    root = _bdd_of_dnf(manager, terms)
    zbdd, node = minimal_solutions(_export(manager, root, N_VARS))
    # Brute force over the truth table: S is minimal when f(S) and no proper subset is a cut.
    cuts = {
        frozenset(s)
        for r in range(N_VARS + 1)
        for s in itertools.combinations(range(N_VARS), r)
        if any(t <= set(s) for t in terms)
    }
    assert read(zbdd, node) == minimal(cuts) == minimal(terms)
    assert zbdd.count(node) == len(minimal(terms))


def test_minimal_solutions_of_constants() -> None:
    manager = _manager(0)
    for constant, expected in ((manager.false, set()), (manager.true, {frozenset()})):
        zbdd, node = minimal_solutions(_export(manager, constant, 0))
        assert read(zbdd, node) == expected


def test_counts_are_exact_beyond_what_could_be_listed() -> None:
    # (a1 | b1) & (a2 | b2) & ... & (a40 | b40): 2^40 minimal cut sets of order 40.
    manager = _manager(80)
    names = [f"x{i}" for i in range(80)]
    root = manager.true
    for i in range(40):
        root &= manager.var(names[2 * i]) | manager.var(names[2 * i + 1])
    zbdd, node = minimal_solutions(_export(manager, root, 80))
    assert zbdd.count(node) == 2**40
    assert zbdd.count_by_order(node) == {40: 2**40}
    assert zbdd.size(node) == 80
