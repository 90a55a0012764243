"""Edits of a workspace's graph, the one door the API (and any other front end) goes through
to change entities: create, update, delete, link, unlink, and load a portfolio document.

Each edit is one transaction of `service.store.entity_edits` (invalid input writes nothing,
every write bumps the workspace's revision); the kinds and relationships come from
`service.model.kinds`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from service.authoring import load_portfolio_text
from service.model import EventKind
from service.model.kinds import Kind
from service.store import entity_edits
from service.store.database import Database
from service.store.entity_edits import EditResult, InvalidEditError, Relation
from service.store.portfolio_writer import LoadReport, write_portfolio
from service.store.prior_profile_edits import delete_prior_profile, write_prior_profile
from service.usecases.circuits import circuits

__all__ = [
    "Database",
    "EditResult",
    "InvalidEditError",
    "Kind",
    "LoadReport",
    "Relation",
    "create",
    "delete",
    "delete_prior_profile",
    "import_document",
    "link",
    "unlink",
    "update",
    "write_prior_profile",
]


def create(
    database: Database,
    workspace: str,
    kind: Kind,
    id_: str | None,
    props: Mapping[str, Any],
    **options: Any,
) -> EditResult:
    """A new entity of `kind` (`options`: its parent, a case's root and covers, a question's
    answers; see `entity_edits.create_entity`)."""
    return entity_edits.create_entity(database, workspace, kind, id_, props, **options)


def update(
    database: Database,
    workspace: str,
    kind: Kind,
    id_: str,
    props: Mapping[str, Any],
    **options: Any,
) -> EditResult:
    result = entity_edits.update_entity(database, workspace, kind, id_, props, **options)
    own = _OWN_P_FAIL.get(kind)
    if own is not None and not options and set(props) == {"pFail"}:
        p_fail = entity_edits.check_properties(kind, props)["pFail"]
        circuits.edited_own_p_fail(workspace, own, id_, p_fail, result.revision)
    return result


#: The kinds whose pFail edit a cached circuit takes as a patch (a reviewer's common edit).
_OWN_P_FAIL = {Kind.ASSUMPTION: EventKind.ASSUMPTION, Kind.TECHNIQUE: EventKind.TECHNIQUE}


def delete(database: Database, workspace: str, kind: Kind, id_: str) -> EditResult:
    return entity_edits.delete_entity(database, workspace, kind, id_)


def link(
    database: Database, workspace: str, relation: str, source: str, target: str, p: float | None
) -> EditResult:
    return entity_edits.link(database, workspace, relation, source, target, p=p)


def unlink(
    database: Database, workspace: str, relation: str, source: str, target: str
) -> EditResult:
    return entity_edits.unlink(database, workspace, relation, source, target)


def import_document(
    database: Database, workspace: str, text: str, format_: str | None, document: str
) -> LoadReport:
    """Validate a portfolio document (YAML or JSON text) as `scg load` does, and load it into
    the workspace as `document`: all of it, or nothing when anything is wrong."""
    portfolio = load_portfolio_text(text, format_, document)
    return write_portfolio(database, portfolio, workspace=workspace, document=document)
