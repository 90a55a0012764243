"""Semantic checks on portfolios built in code (no file): the same rules as for files."""

from __future__ import annotations

import pytest

from service.model import (
    ArgumentNode,
    ArgumentRef,
    Assumption,
    Deployment,
    FailsIn,
    NodeType,
    Portfolio,
    Question,
    SafetyCase,
    Support,
    Technique,
    WorldModel,
)
from service.model.validation import (
    PortfolioIssue,
    check_document,
    check_portfolio,
    format_path,
    parse_path,
)


def _portfolio() -> Portfolio:
    return Portfolio(
        questions=[
            Question(
                id="q",
                text="Q?",
                answers=[
                    WorldModel(id="w1", statement="yes", prior=0.25),
                    WorldModel(id="w2", statement="no", prior=0.75),
                ],
            )
        ],
        techniques=[Technique(id="t", name="T", fails_in=[FailsIn(world="w2", p=0.5)])],
        assumptions=[
            Assumption(id="a1", statement="A1", techniques=["t"], fails_in=[FailsIn(world="w2")]),
            Assumption(id="a2", statement="A2", relies_on=["a1"]),
        ],
        deployments=[Deployment(id="d", name="D")],
        cases=[
            SafetyCase(
                id="c",
                title="C",
                category="control",
                covers=["d"],
                argument=ArgumentNode(
                    id="g",
                    statement="G",
                    support=Support.AT_LEAST,
                    k=1,
                    children=[
                        ArgumentNode(
                            id="e1", type=NodeType.EVIDENCE, statement="E1", relies_on=["a2"]
                        ),
                        ArgumentNode(id="e2", type=NodeType.EVIDENCE, statement="E2"),
                    ],
                ),
            )
        ],
    )


def _messages(portfolio: Portfolio) -> list[tuple[str, str]]:
    return [(issue.path, issue.message) for issue in check_portfolio(portfolio)]


def test_consistent_portfolio_has_no_issues() -> None:
    assert check_portfolio(_portfolio()) == []


def test_unknown_reference() -> None:
    portfolio = _portfolio()
    portfolio.cases[0].argument.children[0].relies_on.append("nope")  # type: ignore[union-attr]
    assert _messages(portfolio) == [
        ("cases[0].argument.children[0].relies_on[1]", "unknown assumption 'nope'")
    ]


def test_reference_of_the_wrong_kind() -> None:
    portfolio = _portfolio()
    portfolio.assumptions[0].techniques = ["a2"]
    assert _messages(portfolio) == [
        ("assumptions[0].techniques[0]", "'a2' is an assumption, not a technique")
    ]


def test_relies_on_cycle_is_named() -> None:
    portfolio = _portfolio()
    portfolio.assumptions[0].relies_on = ["a2"]
    assert _messages(portfolio) == [
        ("assumptions[1].relies_on[0]", "cycle in relies_on: a1 -> a2 -> a1")
    ]


def test_self_reference_is_a_cycle() -> None:
    portfolio = _portfolio()
    portfolio.cases[0].argument.children.append(ArgumentRef(ref="g"))
    assert _messages(portfolio) == [
        ("cases[0].argument.children[2]", "cycle in the argument (SUPPORTED_BY): g -> g")
    ]


def test_shared_subargument_is_not_a_cycle() -> None:
    portfolio = _portfolio()
    second = SafetyCase(
        id="c2",
        title="C2",
        category="inability",
        argument=ArgumentNode(
            id="g2", statement="G2", children=[ArgumentRef(ref="e1"), ArgumentRef(ref="g")]
        ),
    )
    portfolio.cases.append(second)
    assert check_portfolio(portfolio) == []


def test_cycle_through_refs_across_cases() -> None:
    portfolio = _portfolio()
    portfolio.cases.append(
        SafetyCase(
            id="c2",
            title="C2",
            category="inability",
            argument=ArgumentNode(id="g2", statement="G2", children=[ArgumentRef(ref="g")]),
        )
    )
    e2 = portfolio.cases[0].argument.children[1]
    assert isinstance(e2, ArgumentNode)
    e2.children = [ArgumentRef(ref="g2")]
    # Reported once, at the reference that closes the cycle.
    assert _messages(portfolio) == [
        (
            "cases[1].argument.children[0]",
            "cycle in the argument (SUPPORTED_BY): g -> e2 -> g2 -> g",
        )
    ]


def test_k_larger_than_children() -> None:
    portfolio = _portfolio()
    portfolio.cases[0].argument.k = 3
    assert _messages(portfolio) == [
        (
            "cases[0].argument.support",
            "support {at_least: 3} needs at least 3 children, but 'g' has 2",
        )
    ]


def test_priors_must_sum_to_one_within_tolerance() -> None:
    portfolio = _portfolio()
    portfolio.questions[0].answers[0].prior = 0.25 + 5e-7
    assert check_portfolio(portfolio) == []
    portfolio.questions[0].answers[0].prior = 0.3
    assert _messages(portfolio) == [
        ("questions[0].answers", "priors of question 'q' sum to 1.05, not 1 (tolerance 1e-06)")
    ]


def test_question_without_answers() -> None:
    portfolio = _portfolio()
    portfolio.questions.append(Question(id="q2", text="?", answers=[]))
    assert _messages(portfolio) == [("questions[1].answers", "question 'q2' has no answers")]


def test_fails_in_must_name_a_world_model() -> None:
    portfolio = _portfolio()
    portfolio.techniques[0].fails_in = [FailsIn(world="q"), FailsIn(world="t")]
    assert _messages(portfolio) == [
        (
            "techniques[0].fails_in[0].world",
            "'q' is a question, not a world model: name one of its answers (w1, w2)",
        ),
        ("techniques[0].fails_in[1].world", "'t' is a technique, not a world model"),
    ]


def test_ids_are_unique_across_kinds_and_must_be_slugs() -> None:
    portfolio = _portfolio()
    portfolio.deployments.append(Deployment(id="a1", name="clash"))
    portfolio.deployments.append(Deployment(id="bad id", name="spaces"))
    assert _messages(portfolio) == [
        (
            "deployments[1].id",
            "duplicate id 'a1': already used by an assumption at assumptions[0] "
            "(ids are unique across the portfolio)",
        ),
        (
            "deployments[2].id",
            "invalid id 'bad id': use letters, digits and . _ : - "
            "(starting with a letter or digit)",
        ),
    ]


def test_probabilities_out_of_range_in_objects_that_skipped_validation() -> None:
    portfolio = _portfolio()
    portfolio.cases[0] = SafetyCase.model_construct(
        **{**portfolio.cases[0].__dict__, "effectiveness": 0.0}
    )
    portfolio.deployments[0] = Deployment.model_construct(
        id="d", name="D", risk_threshold=float("nan")
    )
    assert _messages(portfolio) == [
        ("deployments[0].risk_threshold", "risk_threshold must be in [0, 1], got nan"),
        ("cases[0].effectiveness", "effectiveness must be in (0, 1], got 0.0"),
    ]


def test_documents_of_the_wrong_shape_are_skipped_not_crashed_on() -> None:
    document = {
        "assumptions": [
            {"id": 5, "relies_on": "a"},
            "junk",
            {"id": "a", "fails_in": [{"world": 3}]},
        ],
        "cases": [
            {
                "id": "c",
                "argument": {
                    "id": "g",
                    "children": [None, {"ref": 7}],
                    "support": {"at_least": "2"},
                },
            }
        ],
        "questions": [{"id": "q", "answers": [{"id": "w", "prior": "x"}]}],
    }
    assert check_document(document) == []
    assert check_document(["not", "a", "mapping"]) == []


@pytest.mark.parametrize(
    ("segments", "text"),
    [
        ((), ""),
        (("cases",), "cases"),
        (
            ("cases", 3, "argument", "children", 1, "relies_on", 0),
            "cases[3].argument.children[1].relies_on[0]",
        ),
    ],
)
def test_paths_format_and_parse(segments: tuple[str | int, ...], text: str) -> None:
    assert format_path(segments) == text
    assert parse_path(text) == segments


def test_issue_text() -> None:
    issue = PortfolioIssue(file="p.yaml", path="cases[0]", line=4, message="bad")
    assert str(issue) == "p.yaml:4: cases[0]: bad"
    assert str(issue.located(None, None)) == "cases[0]: bad"
    assert (
        str(PortfolioIssue(file="p.json", path="", line=None, message="empty")) == "p.json: empty"
    )
