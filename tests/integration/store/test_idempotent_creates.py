"""Creates against a real Neo4j are idempotent: creating what is already there, identical,
succeeds, writes nothing and says so; anything different is refused naming the id and what
differs (issue 16, defect 5: a driver retry of a committed create reported 'id already used')."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import neo4j
import pytest

from service.errors import InvalidInputError
from service.store import entity_edits as edits
from service.store.database import Database
from service.store.entity_edits import EditResult, Kind
from service.store.graph_queries import nodes_by_id
from service.store.workspace import workspace_revision

pytestmark = pytest.mark.integration

T = TypeVar("T")

W = "w"
ANSWERS = [("yes", {"statement": "Yes", "prior": 0.25}), ("no", {"statement": "No", "prior": 0.75})]


class AcknowledgementLost(Database):
    """The test Neo4j, where every write commits and then runs again in a new transaction, as
    the driver does when a commit's acknowledgement is lost (a graceful stop, a dropped
    connection) and it retries the transaction function: the caller gets the retry's answer."""

    def __init__(self, database: Database) -> None:
        super().__init__(database.driver, database.database, database.uri)

    def write(self, work: Callable[[neo4j.ManagedTransaction], T]) -> T:
        super().write(work)  # committed; its answer never reaches the caller
        return super().write(work)


def _portfolio(database: Database) -> None:
    """A deployment, a case covering it with a goal under its root, an assumption, a
    technique, a question with answers and a source: something of every parent kind."""
    edits.create_entity(database, W, Kind.DEPLOYMENT, "d", {"name": "D", "stakes": "HIGH"})
    edits.create_entity(
        database,
        W,
        Kind.SAFETY_CASE,
        "c",
        {"title": "C", "category": "CONTROL"},
        root=("g", {"statement": "G", "support": "ANY"}),
        covers=["d"],
    )
    edits.create_entity(database, W, Kind.ARGUMENT_NODE, "g2", {"statement": "G2"}, parent="g")


#: A create of each kind, new in the portfolio above (kind, id, props, options).
CREATES: list[tuple[Kind, str, dict[str, Any], dict[str, Any]]] = [
    (Kind.DEPLOYMENT, "d2", {"name": "D2", "stakes": "CRITICAL", "priorRisk": 0.3}, {}),
    (
        Kind.SAFETY_CASE,
        "c2",
        {"title": "C2", "category": "INABILITY", "effectiveness": 0.9},
        {"root": ("c2-g", {"statement": "Safe", "support": "ANY"}), "covers": ["d"]},
    ),
    (Kind.ARGUMENT_NODE, "e", {"statement": "Results", "type": "EVIDENCE"}, {"parent": "g2"}),
    (Kind.CONTEXT, "g2-ctx", {"statement": "In deployment"}, {"parent": "g2"}),
    (Kind.JUSTIFICATION, "g2-why", {"statement": "Because"}, {"parent": "g2"}),
    (Kind.ASSUMPTION, "a", {"statement": "Probes work", "pFail": 0.1}, {}),
    (Kind.TECHNIQUE, "t", {"name": "interpretability", "pFail": 0.2}, {}),
    (Kind.QUESTION, "q", {"text": "Parsimonious?"}, {"answers": ANSWERS}),
    (Kind.DEFEATER, "doubt", {"statement": "Maybe not"}, {"parent": "g2"}),
    (Kind.SOURCE, "s", {"title": "Paper", "url": "https://example.org"}, {}),
]
CREATE_IDS = [kind.spec.snake for kind, *_ in CREATES]


@pytest.mark.parametrize(("kind", "id_", "props", "options"), CREATES, ids=CREATE_IDS)
def test_creating_an_entity_again_identically_reports_it_existed_and_writes_nothing(
    database: Database, kind: Kind, id_: str, props: dict[str, Any], options: dict[str, Any]
) -> None:
    _portfolio(database)
    first = edits.create_entity(database, W, kind, id_, props, **options)
    stored = nodes_by_id(database, W, [id_])[id_]

    again = edits.create_entity(database, W, kind, id_, props, **options)

    assert first == EditResult(revision=first.revision, id=id_, existed=False)
    assert again == EditResult(revision=first.revision, id=id_, existed=True)
    assert workspace_revision(database, W) == first.revision
    assert nodes_by_id(database, W, [id_])[id_] == stored  # not even updatedAt moved


def test_a_create_is_identical_when_it_spells_out_the_defaults(database: Database) -> None:
    edits.create_entity(database, W, Kind.TECHNIQUE, "t", {"name": "evals"})
    again = edits.create_entity(
        database, W, Kind.TECHNIQUE, "t", {"name": "evals", "pFail": 0.0, "notes": None}
    )
    assert again.existed


@pytest.mark.parametrize(
    ("kind", "props", "options", "differs"),
    [
        (Kind.DEPLOYMENT, {"name": "Other", "stakes": "HIGH"}, {}, "name ('D' stored, 'Other'"),
        (Kind.DEPLOYMENT, {"name": "D"}, {}, "stakes ('HIGH' stored, 'MEDIUM' given)"),
        (
            Kind.SAFETY_CASE,
            {"title": "C", "category": "CONTROL"},
            {"root": ("g", {"statement": "G", "support": "ANY"}), "covers": []},
            "covers ('d' stored, none given)",
        ),
        (
            Kind.SAFETY_CASE,
            {"title": "C", "category": "CONTROL"},
            {"root": ("g", {"statement": "Other"}), "covers": ["d"]},
            "root goal 'g': statement ('G' stored, 'Other' given); root goal 'g': support",
        ),
        (
            Kind.SAFETY_CASE,
            {"title": "C", "category": "CONTROL"},
            {"root": ("g-new", {"statement": "G", "support": "ANY"}), "covers": ["d"]},
            "its root goal ('g' stored, 'g-new' given)",
        ),
        (Kind.ARGUMENT_NODE, {"statement": "G2"}, {"parent": "g2"}, "parent ('g' stored, 'g2'"),
        (Kind.TECHNIQUE, {"name": "D"}, {}, "its kind (a deployment, not a technique)"),
    ],
    ids=["name", "default-stakes", "covers", "root-props", "root-id", "parent", "kind"],
)
def test_a_create_that_differs_from_what_is_there_is_refused_naming_the_id_and_the_difference(
    database: Database, kind: Kind, props: dict[str, Any], options: dict[str, Any], differs: str
) -> None:
    _portfolio(database)
    id_ = {Kind.SAFETY_CASE: "c", Kind.ARGUMENT_NODE: "g2"}.get(kind, "d")
    before = workspace_revision(database, W)
    with pytest.raises(InvalidInputError) as refused:
        edits.create_entity(database, W, kind, id_, props, **options)
    assert f"id {id_!r} is already used by" in str(refused.value)
    assert differs in str(refused.value)
    assert workspace_revision(database, W) == before


def test_a_question_created_again_with_other_answers_is_refused(database: Database) -> None:
    edits.create_entity(database, W, Kind.QUESTION, "q", {"text": "?"}, answers=ANSWERS)
    other_prior = [ANSWERS[0], ("no", {"statement": "No", "prior": 0.7499})]
    with pytest.raises(InvalidInputError, match=r"answer 'no': prior \(0.75 stored, 0.7499"):
        edits.create_entity(database, W, Kind.QUESTION, "q", {"text": "?"}, answers=other_prior)
    with pytest.raises(InvalidInputError, match=r"its answers \('no', 'yes' stored, 'yes' given"):
        edits.create_entity(database, W, Kind.QUESTION, "q", {"text": "?"}, answers=ANSWERS[:1])


def test_a_defeater_raised_again_after_it_was_resolved_is_refused(database: Database) -> None:
    _portfolio(database)
    edits.create_entity(database, W, Kind.DEFEATER, "doubt", {"statement": "?"}, parent="g")
    edits.update_entity(database, W, Kind.DEFEATER, "doubt", {"status": "RESOLVED"})
    with pytest.raises(InvalidInputError, match=r"status \('RESOLVED' stored, 'OPEN' given\)"):
        edits.create_entity(database, W, Kind.DEFEATER, "doubt", {"statement": "?"}, parent="g")


@pytest.mark.parametrize(("kind", "id_", "props", "options"), CREATES, ids=CREATE_IDS)
def test_a_create_retried_after_its_commit_lost_its_acknowledgement_succeeds(
    database: Database, kind: Kind, id_: str, props: dict[str, Any], options: dict[str, Any]
) -> None:
    _portfolio(database)
    before = workspace_revision(database, W)
    lossy = AcknowledgementLost(database)

    result = edits.create_entity(lossy, W, kind, id_, props, **options)

    assert result == EditResult(revision=before + 1, id=id_, existed=True)
    assert workspace_revision(database, W) == before + 1  # written once
    assert id_ in nodes_by_id(database, W, [id_])
