"""Stage 4: zero-suppressed decision diagrams (ZBDD) of set families, and the minimal solutions
of a monotone function given by its BDD (Rauzy 1993, "New algorithms for fault trees analysis").

A ZBDD node `(v, lo, hi)` is the family `lo | {S | {v} : S in hi}` (`|` is union) where every
set of `lo` and `hi` only holds variables below `v`; `EMPTY` (node 0) is the empty family and
`BASE` (node 1) the family holding only the empty set. Nodes are hash-consed (one node per
triple) and a node whose `hi` is `EMPTY` is never made, so every family has exactly one node
and equal families are equal integers. Variables are BDD levels: smaller is nearer the root.

Minimal solutions of a monotone f = ite(x, f1, f0) (f0 <= f1):

    MCS(f) = MCS(f0) | {S | {x} : S in MCS(f1) without MCS(f0)}

where `F without G` keeps the sets of F that contain no set of G. Every set of MCS(f0) and
MCS(f1) lies below x, so the union is one new node `(x, MCS(f0), MCS(f1) without MCS(f0))`: one
`without` per BDD node, memoised. Counting is one bottom-up pass with exact integers, so a
tree with 10^11 minimal cut sets is counted without listing any.

The operations recurse once per variable level; the recursion limit is raised to fit the
number of variables (Python 3.11+ runs Python-to-Python calls without using the C stack).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass

EMPTY = 0  # the empty family: no set
BASE = 1  # the family holding only the empty set

_KEY_SHIFT = 32  # memo keys pack two node ids (< 2^32) into one integer
MEMO_LIMIT = 1 << 23  # entries an operation cache keeps before it is cleared (~1 GB)


class ZbddTooLargeError(Exception):
    """The diagram outgrew the node limit it was built under."""


class Zbdd:
    """A store of hash-consed ZBDD nodes over variables `0 .. n_vars - 1`, with memoised
    operations. Node ids are assigned children first, so ids are a topological order."""

    def __init__(self, n_vars: int, *, node_limit: int | None = None) -> None:
        self.n_vars = n_vars
        self.node_limit = node_limit
        # Terminals sit below every variable.
        self.var: list[int] = [n_vars, n_vars]
        self.lo: list[int] = [EMPTY, BASE]
        self.hi: list[int] = [EMPTY, BASE]
        self._unique: dict[tuple[int, int, int], int] = {}
        self._without: dict[int, int] = {}
        self._union: dict[int, int] = {}
        _ensure_recursion_limit(4 * n_vars + 1000)

    def __len__(self) -> int:
        """Nodes made so far (terminals included), live or not."""
        return len(self.var)

    # -- construction --------------------------------------------------------------------------

    def node(self, v: int, lo: int, hi: int) -> int:
        """The family `lo | {S | {v} : S in hi}` (v must lie above every variable of lo and hi)."""
        if hi == EMPTY:
            return lo
        key = (v, lo, hi)
        found = self._unique.get(key)
        if found is not None:
            return found
        n = len(self.var)
        if self.node_limit is not None and n >= self.node_limit:
            raise ZbddTooLargeError(f"the ZBDD exceeded {self.node_limit} nodes")
        self.var.append(v)
        self.lo.append(lo)
        self.hi.append(hi)
        self._unique[key] = n
        return n

    def family(self, sets: Collection[Collection[int]]) -> int:
        """The node of an explicit family of sets of variables (for tests and small inputs)."""
        out = EMPTY
        for s in sets:
            f = BASE
            for v in sorted(set(s), reverse=True):
                f = self.node(v, EMPTY, f)
            out = self.union(out, f)
        return out

    # -- operations ----------------------------------------------------------------------------

    def union(self, f: int, g: int) -> int:
        """The union of families F and G."""
        if f in (EMPTY, g):
            return g
        if g == EMPTY:
            return f
        if f > g:
            f, g = g, f
        key = f << _KEY_SHIFT | g
        memo = self._union
        found = memo.get(key)
        if found is not None:
            return found
        var, lo, hi = self.var, self.lo, self.hi
        vf, vg = var[f], var[g]
        if vf < vg:
            out = self.node(vf, self.union(lo[f], g), hi[f])
        elif vf > vg:
            out = self.node(vg, self.union(f, lo[g]), hi[g])
        else:
            out = self.node(vf, self.union(lo[f], lo[g]), self.union(hi[f], hi[g]))
        if len(memo) >= MEMO_LIMIT:
            memo.clear()
        memo[key] = out
        return out

    def without(self, f: int, g: int) -> int:
        """The sets of F that contain no set of G (Rauzy's subsumption difference)."""
        if f == EMPTY or g == EMPTY:
            return f
        if g == BASE or f == g:
            return EMPTY  # every set contains the empty set; every set of F contains itself
        if f == BASE:
            return BASE  # the empty set contains only itself, which G (an antichain) lacks
        key = f << _KEY_SHIFT | g
        memo = self._without
        found = memo.get(key)
        if found is not None:
            return found
        var, lo, hi = self.var, self.lo, self.hi
        vf, vg = var[f], var[g]
        if vf < vg:  # sets of G never hold vf
            out = self.node(vf, self.without(lo[f], g), self.without(hi[f], g))
        elif vf > vg:  # sets of G holding vg are in no set of F
            out = self.without(f, lo[g])
        else:
            g0 = lo[g]
            out = self.node(
                vf, self.without(lo[f], g0), self.without(self.without(hi[f], hi[g]), g0)
            )
        if len(memo) >= MEMO_LIMIT:
            memo.clear()  # a cache: dropping it costs time, never correctness
        memo[key] = out
        return out

    def restrict_order(self, f: int, max_order: int) -> int:
        """The sets of F with at most `max_order` elements."""
        memo: dict[int, int] = {}
        var, lo, hi = self.var, self.lo, self.hi

        def up_to(n: int, k: int) -> int:
            if n <= BASE:
                return n
            if k == 0:
                while n > BASE:  # only the empty set can stay: follow the lo chain
                    n = lo[n]
                return n
            key = n << _KEY_SHIFT | k
            found = memo.get(key)
            if found is None:
                found = self.node(var[n], up_to(lo[n], k), up_to(hi[n], k - 1))
                memo[key] = found
            return found

        return up_to(f, max_order)

    def at_most_one_of(self, f: int, group: Collection[int]) -> int:
        """The sets of F holding at most one variable of `group` (mutually exclusive events)."""
        members = set(group)
        if len(members) < 2:
            return f
        last = max(members)
        memo: dict[int, int] = {}
        var, lo, hi = self.var, self.lo, self.hi

        def keep(n: int, taken: int) -> int:
            if var[n] > last:
                return n
            key = n << 1 | taken
            found = memo.get(key)
            if found is None:
                v = var[n]
                if v not in members:
                    found = self.node(v, keep(lo[n], taken), keep(hi[n], taken))
                elif taken:
                    found = keep(lo[n], 1)
                else:
                    found = self.node(v, keep(lo[n], 0), keep(hi[n], 1))
                memo[key] = found
            return found

        return keep(f, 0)

    # -- reading -------------------------------------------------------------------------------

    def reachable(self, f: int) -> list[int]:
        """The non-terminal nodes of F, in increasing (children first) order."""
        seen: set[int] = set()
        stack = [f]
        lo, hi = self.lo, self.hi
        while stack:
            n = stack.pop()
            if n <= BASE or n in seen:
                continue
            seen.add(n)
            stack.append(lo[n])
            stack.append(hi[n])
        return sorted(seen)

    def size(self, f: int) -> int:
        """Nodes of F, terminals excluded."""
        return len(self.reachable(f))

    def count(self, f: int) -> int:
        """The number of sets in F (exact)."""
        counts: dict[int, int] = {EMPTY: 0, BASE: 1}
        lo, hi = self.lo, self.hi
        for n in self.reachable(f):
            counts[n] = counts[lo[n]] + counts[hi[n]]
        return counts[f]

    def count_by_order(self, f: int) -> dict[int, int]:
        """How many sets of F have each size (sizes with no set left out)."""
        dist: dict[int, list[int]] = {EMPTY: [], BASE: [1]}
        lo, hi = self.lo, self.hi
        for n in self.reachable(f):
            low, high = dist[lo[n]], dist[hi[n]]
            out = [0] * max(len(low), len(high) + 1)
            for k, c in enumerate(low):
                out[k] += c
            for k, c in enumerate(high):
                out[k + 1] += c
            dist[n] = out
        return {k: c for k, c in enumerate(dist[f]) if c}

    def sets(self, f: int) -> Iterator[tuple[int, ...]]:
        """Every set of F, each as increasing variables (depth first, lo before hi)."""
        var, lo, hi = self.var, self.lo, self.hi
        stack: list[tuple[int, tuple[int, ...]]] = [(f, ())]
        while stack:
            n, path = stack.pop()
            if n == EMPTY:
                continue
            if n == BASE:
                yield path
                continue
            stack.append((hi[n], (*path, var[n])))
            stack.append((lo[n], path))


@dataclass(frozen=True, eq=False)
class MonotoneBdd:
    """A reduced ordered BDD with complement edges, as lists (the shape `bdd.FlatBdd` exports):
    node 0 is TRUE, node `n` tests level `var[n]`, children have smaller ids than parents."""

    var: list[int]
    lo: list[int]
    lo_neg: list[bool]
    hi: list[int]
    hi_neg: list[bool]
    root: int
    root_neg: bool
    n_vars: int


def minimal_solutions(
    bdd: MonotoneBdd,
    *,
    node_limit: int | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> tuple[Zbdd, int]:
    """The ZBDD of the minimal solutions of the monotone function `bdd` (its minimal cut sets,
    over BDD levels), built bottom-up with one `without` per BDD node."""
    zbdd = Zbdd(bdd.n_vars, node_limit=node_limit)
    if bdd.root == 0:
        return zbdd, EMPTY if bdd.root_neg else BASE
    # Every sub-function of a monotone function is monotone, so no node is reached in both
    # polarities (its function and its complement would both be monotone: a constant).
    polarity: dict[int, bool] = {bdd.root: bdd.root_neg}
    var, lo, lo_neg, hi, hi_neg = bdd.var, bdd.lo, bdd.lo_neg, bdd.hi, bdd.hi_neg
    for n in range(bdd.root, 0, -1):  # parents before children
        c = polarity.get(n)
        if c is None:
            continue
        for child, neg in ((lo[n], lo_neg[n] ^ c), (hi[n], hi_neg[n] ^ c)):
            if child:
                seen = polarity.setdefault(child, neg)
                if seen != neg:
                    raise ValueError("the diagram is not of a monotone function")
    family: dict[int, int] = {}

    def of(child: int, neg: bool) -> int:
        if child == 0:
            return EMPTY if neg else BASE
        return family[child]

    for done, n in enumerate(sorted(polarity), 1):  # children before parents
        c = polarity[n]
        f0 = of(lo[n], lo_neg[n] ^ c)
        f1 = of(hi[n], hi_neg[n] ^ c)
        family[n] = zbdd.node(var[n], f0, zbdd.without(f1, f0))
        if on_progress is not None and done % 4096 == 0:
            on_progress(done)
    return zbdd, family[bdd.root]


def _ensure_recursion_limit(depth: int) -> None:
    if sys.getrecursionlimit() < depth:
        sys.setrecursionlimit(depth)
