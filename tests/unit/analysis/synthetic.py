"""Generated portfolios of a chosen size, shaped like the example portfolio: most assumptions
belong to one case; cases share world models (every question), techniques (which fail in world
models, a sixth of them also on their own) and 1 % popular assumptions (30 % of cases lean on
one, 3 % of assumptions rely on one). Arguments are a goal over two or three strategies over
evidence leaves (some ANY / AT_LEAST). Deterministic for a seed. Used by medium-size tests and
for measuring.
"""

from __future__ import annotations

import random

from service.model import (
    ArgumentNode,
    Assumption,
    Deployment,
    FailsIn,
    Portfolio,
    Question,
    SafetyCase,
    Technique,
    WorldModel,
)
from service.model.enums import CaseCategory, NodeType, Support


def synthetic_portfolio(
    *,
    cases: int,
    assumptions: int,
    questions: int,
    techniques: int = 12,
    cases_per_deployment: int | None = None,
    seed: int = 0,
) -> Portfolio:
    """`cases` cases over `assumptions` assumptions; deployments of `cases_per_deployment`
    consecutive cases each (default: one deployment `d0` covered by every case)."""
    rng = random.Random(seed)
    qs: list[Question] = []
    for qi in range(questions):
        k = rng.choice([2, 2, 3])
        weights = [rng.uniform(0.2, 1.0) for _ in range(k)]
        total = sum(weights)
        priors = [w / total for w in weights]
        priors[-1] = 1.0 - sum(priors[:-1])
        qs.append(
            Question(
                id=f"q{qi}",
                text=f"question {qi}",
                answers=[
                    WorldModel(id=f"q{qi}w{j}", statement=f"answer {j}", prior=p)
                    for j, p in enumerate(priors)
                ],
            )
        )
    # The last answer of each question is the "bad" world most things fail in.
    bad_worlds = [q.answers[-1].id for q in qs]
    all_worlds = [a.id for q in qs for a in q.answers]

    def fails_in(count: int) -> list[FailsIn]:
        if not all_worlds:
            return []
        out = []
        for _ in range(count):
            world = rng.choice(bad_worlds) if rng.random() < 0.8 else rng.choice(all_worlds)
            out.append(FailsIn(world=world, p=rng.choice([1.0, 0.9, 0.7, 0.5, 0.3])))
        return out

    # Techniques fail in world models (as in the example portfolio); a few also on their own.
    techs = [
        Technique(
            id=f"t{i}",
            name=f"technique {i}",
            p_fail=0.02 if i < techniques // 6 else 0.0,
            fails_in=[FailsIn(world=f.world) for f in fails_in(rng.choice([0, 1, 1, 2]))],
        )
        for i in range(techniques)
    ]
    n_popular = max(1, assumptions // 100)
    assms: list[Assumption] = []
    for i in range(assumptions):
        relies = []
        if i > n_popular and rng.random() < 0.03:
            relies = [f"a{rng.randrange(n_popular)}"]  # lean on a popular assumption
        assms.append(
            Assumption(
                id=f"a{i}",
                statement=f"assumption {i}",
                p_fail=rng.choice([0.01, 0.02, 0.05, 0.1, 0.2]),
                techniques=[f"t{rng.randrange(techniques)}"]
                if techniques and rng.random() < 0.3
                else [],
                relies_on=relies,
                fails_in=fails_in(rng.choice([0, 0, 1, 1, 2])),
            )
        )
    private = list(range(n_popular, assumptions))
    rng.shuffle(private)
    per_case = max(1, len(private) // max(1, cases))
    group = cases_per_deployment or cases
    n_deployments = max(1, -(-cases // group))
    deployments = [
        Deployment(id=f"d{i}", name=f"deployment {i}", prior_risk=0.05, risk_threshold=0.0025)
        for i in range(n_deployments)
    ]
    case_list: list[SafetyCase] = []
    for ci in range(cases):
        mine = [f"a{a}" for a in private[ci * per_case : (ci + 1) * per_case]] or [
            f"a{rng.randrange(assumptions)}"
        ]
        if rng.random() < 0.3:
            mine.append(f"a{rng.randrange(n_popular)}")
        case_list.append(
            SafetyCase(
                id=f"c{ci}",
                title=f"case {ci}",
                category=rng.choice(list(CaseCategory)),
                covers=[f"d{ci // group}"],
                effectiveness=rng.choice([0.5, 0.75, 0.9, 0.95]),
                p_unsound=rng.choice([0.02, 0.05, 0.1, 0.2]),
                argument=_argument(rng, f"c{ci}", mine),
            )
        )
    return Portfolio(
        questions=qs,
        techniques=techs,
        assumptions=assms,
        deployments=deployments,
        cases=case_list,
    )


def _argument(rng: random.Random, prefix: str, assumptions: list[str]) -> ArgumentNode:
    """Root goal over 2-3 strategies over evidence leaves, spreading `assumptions` on leaves."""
    n_strategies = rng.choice([2, 3])
    leaves_per = max(1, -(-len(assumptions) // (2 * n_strategies)))
    chunks = [assumptions[i : i + 2] for i in range(0, len(assumptions), 2)]
    strategies = []
    for s in range(n_strategies):
        mine = chunks[s * leaves_per : (s + 1) * leaves_per]
        if not mine:
            break
        leaves = [
            ArgumentNode(
                id=f"{prefix}-s{s}-e{j}",
                type=NodeType.EVIDENCE,
                statement="evidence",
                relies_on=chunk,
            )
            for j, chunk in enumerate(mine)
        ]
        support = Support.ALL
        k = None
        roll = rng.random()
        if len(leaves) >= 2 and roll < 0.2:
            support = Support.ANY
        elif len(leaves) >= 3 and roll < 0.35:
            support, k = Support.AT_LEAST, len(leaves) - 1
        strategies.append(
            ArgumentNode(
                id=f"{prefix}-s{s}",
                type=NodeType.STRATEGY,
                statement="strategy",
                support=support,
                k=k,
                children=leaves,
            )
        )
    return ArgumentNode(id=f"{prefix}-g", statement="goal", children=strategies)
