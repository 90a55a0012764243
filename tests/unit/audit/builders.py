"""Small portfolios for audit tests, written as documents of the authoring format."""

from __future__ import annotations

from typing import Any

from service.model import Portfolio


def case(
    case_id: str,
    covers: list[str],
    relies_on: list[str] | None = None,
    *,
    status: str = "draft",
    children: list[dict[str, Any]] | None = None,
    effectiveness: float = 1.0,
) -> dict[str, Any]:
    """A case whose root goal relies on `relies_on` and is supported by one evidence node
    (so it is developed) unless `children` says otherwise."""
    if children is None:
        children = [{"id": f"{case_id}-e1", "type": "evidence", "statement": "Evidence"}]
    return {
        "id": case_id,
        "title": case_id,
        "category": "control",
        "status": status,
        "covers": covers,
        "effectiveness": effectiveness,
        "argument": {
            "id": f"{case_id}-g1",
            "type": "goal",
            "statement": "Safe",
            "relies_on": relies_on or [],
            "children": children,
        },
    }


def assumption(
    assumption_id: str,
    fails_in: list[str] | None = None,
    *,
    techniques: list[str] | None = None,
    relies_on: list[str] | None = None,
    p: float = 1.0,
) -> dict[str, Any]:
    return {
        "id": assumption_id,
        "statement": assumption_id,
        "fails_in": [{"world": w, "p": p} for w in fails_in or []],
        "techniques": techniques or [],
        "relies_on": relies_on or [],
    }


QUESTIONS = [
    {
        "id": "q",
        "text": "Which world?",
        "answers": [
            {"id": "w1", "statement": "w1", "prior": 0.5},
            {"id": "w2", "statement": "w2", "prior": 0.5},
        ],
    },
    {
        "id": "r",
        "text": "Which other world?",
        "answers": [
            {"id": "x1", "statement": "x1", "prior": 0.5},
            {"id": "x2", "statement": "x2", "prior": 0.5},
        ],
    },
]


def portfolio(
    *,
    cases: list[dict[str, Any]],
    assumptions: list[dict[str, Any]] | None = None,
    techniques: list[dict[str, Any]] | None = None,
    deployments: list[dict[str, Any]] | None = None,
    defeaters: list[dict[str, Any]] | None = None,
) -> Portfolio:
    """Default: deployment `d` (high stakes, prior risk 1, threshold 0.5); assumptions `a1`
    (fails in w1), `a2` (fails in x1) and `a3` (fails in w1)."""
    return Portfolio.model_validate(
        {
            "version": 1,
            "questions": QUESTIONS,
            "techniques": techniques or [],
            "assumptions": assumptions
            if assumptions is not None
            else [assumption("a1", ["w1"]), assumption("a2", ["x1"]), assumption("a3", ["w1"])],
            "deployments": deployments
            or [
                {
                    "id": "d",
                    "name": "D",
                    "stakes": "high",
                    "prior_risk": 1.0,
                    "risk_threshold": 0.5,
                }
            ],
            "cases": cases,
            "defeaters": defeaters or [],
        }
    )


def deployment(deployment_id: str, stakes: str = "high", **extra: Any) -> dict[str, Any]:
    return {
        "id": deployment_id,
        "name": deployment_id,
        "stakes": stakes,
        "prior_risk": 1.0,
        "risk_threshold": 0.5,
        **extra,
    }
