"""What the benchmark runs on: a generated portfolio per size, and the inputs its operations
use, chosen from the portfolio the way a reviewer would pick the interesting ones:

- the deployment covered by the most cases (aligned holes, risk);
- the assumption the most argument nodes rely on (the impact scenario: the widest blast);
- the next most relied-on assumption, whose pFail the cold-impact-after-an-edit figure edits;
- the largest argument trees that one nested GraphQL read can fetch whole.

The target instance of issue 7 is its own workload: one deployment covered by 50 cases over
1,000 assumptions and 12 questions.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from service.authoring.generator import generate_portfolio
from service.errors import InvalidInputError
from service.model import ArgumentNode, Portfolio

NESTED_READ_LEVELS = 5  # argument levels one nested read fetches (the generator draws 3-5)
NESTED_READ_CASES = 10  # the read cycles over this many of the largest trees
TARGET_CASES = 50
TARGET_ASSUMPTIONS = 1000
TARGET_QUESTIONS = 12


@dataclass(frozen=True)
class Workload:
    name: str  # e.g. "1000 cases"
    workspace: str
    portfolio: Portfolio
    deployment: str
    deployment_cases: int
    failed_assumption: str
    edited_assumption: str  # one node a reviewer edits (its pFail) before a cold impact
    nested_read_cases: tuple[str, ...]

    @property
    def cases(self) -> int:
        return len(self.portfolio.cases)


def size_workload(cases: int, seed: int) -> Workload:
    """The generator's portfolio of `cases` cases (its default shape for that size)."""
    portfolio = generate_portfolio(cases, seed)
    return _workload(f"{cases} cases", f"bench-{cases}", portfolio)


def target_workload(seed: int) -> Workload:
    """One deployment covered by exactly 50 cases, over 1,000 assumptions and 12 questions."""
    portfolio = generate_portfolio(
        TARGET_CASES,
        seed,
        assumptions=TARGET_ASSUMPTIONS,
        questions=TARGET_QUESTIONS,
        deployments=1,
    )
    workload = _workload("target: 50-case deployment", "bench-target-50", portfolio)
    if workload.deployment_cases != TARGET_CASES:
        raise InvalidInputError(
            f"the target instance needs one deployment covered by {TARGET_CASES} cases, "
            f"the generator gave {workload.deployment_cases}"
        )
    return workload


def _workload(name: str, workspace: str, portfolio: Portfolio) -> Workload:
    if not portfolio.cases:
        raise InvalidInputError(f"{name}: the benchmark needs at least one case")
    coverage = Counter(d for case in portfolio.cases for d in case.covers)
    deployment, deployment_cases = coverage.most_common(1)[0]
    reliance = Counter(a for node in portfolio.argument_nodes() for a in node.relies_on)
    relied_on = [a for a, _ in reliance.most_common(2)] or [portfolio.assumptions[0].id]
    failed_assumption, edited_assumption = relied_on[0], relied_on[-1]
    return Workload(
        name=name,
        workspace=workspace,
        portfolio=portfolio,
        deployment=deployment,
        deployment_cases=deployment_cases,
        failed_assumption=failed_assumption,
        edited_assumption=edited_assumption,
        nested_read_cases=largest_trees(portfolio, NESTED_READ_LEVELS, NESTED_READ_CASES),
    )


def largest_trees(portfolio: Portfolio, max_levels: int, count: int) -> tuple[str, ...]:
    """Ids of the `count` cases with the most argument nodes (shared `ref` nodes included)
    whose tree is at most `max_levels` deep, largest first."""
    nodes = {n.id: n for n in portfolio.argument_nodes()}
    depth: dict[str, int] = {}

    def levels(node: ArgumentNode) -> int:  # the support graph is a DAG: memoise, no cycles
        if node.id not in depth:
            depth[node.id] = 1 + max((levels(nodes[c]) for c in node.child_ids()), default=0)
        return depth[node.id]

    def size(root: ArgumentNode) -> int:
        seen: set[str] = set()
        stack = [root.id]
        while stack:
            n = stack.pop()
            if n not in seen:
                seen.add(n)
                stack.extend(nodes[n].child_ids())
        return len(seen)

    fitting = [
        (size(case.argument), case.id)
        for case in portfolio.cases
        if levels(case.argument) <= max_levels
    ]
    fitting.sort(key=lambda item: (-item[0], item[1]))
    return tuple(case_id for _, case_id in fitting[:count])
