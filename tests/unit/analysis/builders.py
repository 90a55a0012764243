"""Terse constructors for hand-written test portfolios."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from service.authoring import load_portfolio_file
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
from service.model.enums import CaseCategory

EXAMPLE = Path(__file__).resolve().parents[3] / "schema" / "examples" / "frontier-portfolio.yaml"


def example_portfolio() -> Portfolio:
    return load_portfolio_file(EXAMPLE)


def question(qid: str, **priors: float) -> Question:
    return Question(
        id=qid,
        text=qid,
        answers=[WorldModel(id=w, statement=w, prior=p) for w, p in priors.items()],
    )


def technique(tid: str, p_fail: float = 0.0, fails_in: dict[str, float] | None = None) -> Technique:
    return Technique(
        id=tid,
        name=tid,
        p_fail=p_fail,
        fails_in=[FailsIn(world=w, p=p) for w, p in (fails_in or {}).items()],
    )


def assumption(
    aid: str,
    p_fail: float = 0.0,
    *,
    techniques: list[str] | None = None,
    relies_on: list[str] | None = None,
    fails_in: dict[str, float] | None = None,
) -> Assumption:
    return Assumption(
        id=aid,
        statement=aid,
        p_fail=p_fail,
        techniques=techniques or [],
        relies_on=relies_on or [],
        fails_in=[FailsIn(world=w, p=p) for w, p in (fails_in or {}).items()],
    )


def node(nid: str, *children: Any, relies_on: list[str] | None = None, **kw: Any) -> ArgumentNode:
    return ArgumentNode(
        id=nid, statement=nid, relies_on=relies_on or [], children=list(children), **kw
    )


def case(
    cid: str,
    argument: ArgumentNode,
    covers: list[str],
    *,
    effectiveness: float = 1.0,
    p_unsound: float = 0.0,
) -> SafetyCase:
    return SafetyCase(
        id=cid,
        title=cid,
        category=CaseCategory.CONTROL,
        covers=covers,
        effectiveness=effectiveness,
        p_unsound=p_unsound,
        argument=argument,
    )


def deployment(did: str, prior_risk: float = 1.0, risk_threshold: float = 0.0) -> Deployment:
    return Deployment(id=did, name=did, prior_risk=prior_risk, risk_threshold=risk_threshold)


def portfolio(**parts: Any) -> Portfolio:
    return Portfolio(**parts)
