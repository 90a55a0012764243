"""Hypothesis strategies for small random portfolios (for the brute-force oracle).

They cover at_least k, assumptions shared between cases, acyclic relies_on chains, noisy-OR
FAILS_IN edges with p < 1 (and p = 0), technique failures, unsound cases, mutually exclusive
answers (priors summing to 1, some 0), argument nodes shared through `{ref: ID}` and
deployments no case covers. Sizes stay small so that enumerating every world and every event
assignment is cheap: at most `max_events` assumptions + techniques and `max_questions`
questions.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from service.model import (
    ArgumentNode,
    ArgumentRef,
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

P_FAIL = st.sampled_from([0.0, 0.0, 0.1, 0.2, 0.3, 0.5, 1.0])
P_EDGE = st.sampled_from([1.0, 1.0, 0.5, 0.2, 0.0])
P_UNSOUND = st.sampled_from([0.0, 0.0, 0.1, 0.5])
EFFECTIVENESS = st.sampled_from([1.0, 0.9, 0.5])
PRIOR_RISK = st.sampled_from([1.0, 0.5, 0.1])
THRESHOLD = st.sampled_from([0.0, 0.01, 0.05, 0.1, 0.2, 0.3, 0.5, 1.0])


@st.composite
def portfolios(
    draw: st.DrawFn,
    max_events: int = 6,
    max_questions: int = 2,
    max_cases: int = 3,
    max_deployments: int = 2,
) -> Portfolio:
    questions = []
    n_questions = draw(st.sampled_from([0, *range(1, max_questions + 1), max_questions]))
    for qi in range(n_questions):
        k = draw(st.integers(2, 3))
        weights = [draw(st.sampled_from([0, 1, 1, 2, 3])) for _ in range(k)]
        if sum(weights) == 0:
            weights[0] = 1
        priors = [w / sum(weights) for w in weights]
        priors[-1] = max(0.0, 1.0 - sum(priors[:-1]))
        questions.append(
            Question(
                id=f"q{qi}",
                text=f"question {qi}",
                answers=[
                    WorldModel(id=f"q{qi}w{j}", statement=f"answer {j}", prior=prior)
                    for j, prior in enumerate(priors)
                ],
            )
        )
    world_ids = [a.id for q in questions for a in q.answers]

    def fails_in() -> list[FailsIn]:
        if not world_ids:
            return []
        worlds = [draw(st.sampled_from(world_ids)) for _ in range(draw(st.integers(0, 2)))]
        return [FailsIn(world=w, p=draw(P_EDGE)) for w in worlds]

    n_techniques = draw(st.integers(0, min(2, max_events - 1)))
    n_assumptions = draw(st.integers(1, max_events - n_techniques))
    techniques = [
        Technique(id=f"t{i}", name=f"technique {i}", p_fail=draw(P_FAIL), fails_in=fails_in())
        for i in range(n_techniques)
    ]
    technique_ids = [t.id for t in techniques]
    assumptions: list[Assumption] = []
    for i in range(n_assumptions):
        earlier = [a.id for a in assumptions]
        assumptions.append(
            Assumption(
                id=f"a{i}",
                statement=f"assumption {i}",
                p_fail=draw(P_FAIL),
                techniques=draw(st.lists(st.sampled_from(technique_ids), max_size=2, unique=True))
                if technique_ids
                else [],
                relies_on=draw(st.lists(st.sampled_from(earlier), max_size=2, unique=True))
                if earlier
                else [],
                fails_in=fails_in(),
            )
        )
    assumption_ids = [a.id for a in assumptions]

    n_deployments = draw(st.integers(1, max_deployments))
    deployment_ids = [f"d{i}" for i in range(n_deployments)]
    deployments = [
        Deployment(
            id=d,
            name=f"deployment {d}",
            prior_risk=draw(PRIOR_RISK),
            risk_threshold=draw(THRESHOLD),
        )
        for d in deployment_ids
    ]

    shared: list[str] = []  # nodes of earlier (complete) cases, which later cases may reuse
    cases: list[SafetyCase] = []
    counter = [0]

    def node(case_index: int, depth: int) -> ArgumentNode:
        counter[0] += 1
        nid = f"c{case_index}n{counter[0]}"
        children: list[ArgumentNode | ArgumentRef] = []
        n_children = draw(st.integers(0, 3)) if depth < 2 else 0
        for _ in range(n_children):
            if shared and draw(st.integers(0, 3)) == 0:
                children.append(ArgumentRef(ref=draw(st.sampled_from(shared))))
            else:
                children.append(node(case_index, depth + 1))
        support = draw(
            st.sampled_from([Support.ALL, Support.ANY, Support.AT_LEAST, Support.AT_LEAST])
        )
        kwargs: dict[str, Any] = {}
        if support is Support.AT_LEAST:
            if children:
                kwargs["k"] = draw(st.integers(1, len(children)))
            else:
                support = Support.ALL
        return ArgumentNode(
            id=nid,
            type=NodeType.GOAL if children else NodeType.EVIDENCE,
            statement=nid,
            support=support,
            relies_on=draw(
                st.lists(
                    st.sampled_from(assumption_ids),
                    min_size=0 if children else 1,
                    max_size=2,
                    unique=True,
                )
            ),
            children=children,
            **kwargs,
        )

    for ci in range(draw(st.integers(1, max_cases))):
        root = node(ci, 0)
        cases.append(
            SafetyCase(
                id=f"c{ci}",
                title=f"case {ci}",
                category=CaseCategory.CONTROL,
                # The first deployment is always covered; others may be left uncovered.
                covers=sorted(
                    {*draw(st.lists(st.sampled_from(deployment_ids), max_size=2)), "d0"}
                    if ci == 0 or draw(st.booleans())
                    else set(draw(st.lists(st.sampled_from(deployment_ids), max_size=2)))
                ),
                effectiveness=draw(EFFECTIVENESS),
                p_unsound=draw(P_UNSOUND),
                argument=root,
            )
        )
        shared.extend(n.id for n in root.walk())
    return Portfolio(
        questions=questions,
        techniques=techniques,
        assumptions=assumptions,
        deployments=deployments,
        cases=cases,
    )


@st.composite
def portfolio_and_scenario(
    draw: st.DrawFn,
) -> tuple[Portfolio, set[str], set[str], set[str]]:
    """A portfolio and a valid scenario: failed assumptions, failed techniques, true worlds
    (at most one answer per question)."""
    portfolio = draw(portfolios())
    failed_a = set(draw(st.lists(st.sampled_from([a.id for a in portfolio.assumptions]))))
    failed_t = (
        set(draw(st.lists(st.sampled_from([t.id for t in portfolio.techniques]))))
        if portfolio.techniques
        else set()
    )
    worlds: set[str] = set()
    for q in portfolio.questions:
        choice = draw(st.sampled_from([None, *[a.id for a in q.answers]]))
        if choice is not None:
            worlds.add(choice)
    return portfolio, failed_a, failed_t, worlds
