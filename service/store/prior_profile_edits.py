"""Editing prior profiles (DESIGN §4.8) in the graph: create, replace, delete, in one
transaction each that bumps the workspace's revision.

A profile is written whole (its priors are one consistent assignment), and checked as a file's
profile is: every world model it names exists, it names every answer of each question it
touches, those priors sum to 1, the id `default` is reserved, and cited sources exist. A bad
profile writes nothing and the error names what is wrong.

Creating a profile that is already there, identical (name, description, notes, priors and
sources), succeeds with `existed=True` and writes nothing, as creating an entity does.
"""

from __future__ import annotations

from typing import Any

import neo4j

from service.model import PriorProfile
from service.model.validation import RESERVED_PROFILE, check_document
from service.store.database import Database
from service.store.entity_edits import EditResult, InvalidEditError, check_id
from service.store.query_log import run_statement
from service.store.workspace import check_workspace_name


def write_prior_profile(
    database: Database, workspace: str, profile: PriorProfile, *, create: bool
) -> EditResult:
    """Create (`create`: the id must be new) or replace (it must exist) a prior profile."""
    check_workspace_name(workspace)
    check_id(profile.id)
    if profile.id == RESERVED_PROFILE:
        raise InvalidEditError(
            f"the profile id {RESERVED_PROFILE!r} is reserved for the portfolio's own priors"
        )

    def transaction(tx: neo4j.ManagedTransaction) -> EditResult:
        existing = run_statement(tx, "api/entity_labels", workspace=workspace, id=profile.id)
        if existing and "PriorProfile" not in existing[0]["labels"]:
            raise InvalidEditError(f"id {profile.id!r} is already used by another entity")
        if create and existing:
            differences = _differences(tx, workspace, profile)
            if not differences:
                current = run_statement(tx, "portfolio/workspace_revision", workspace=workspace)
                return EditResult(revision=int(current[0]["revision"]), id=profile.id, existed=True)
            raise InvalidEditError(
                f"prior profile {profile.id!r} already exists (update it): it differs from "
                f"this create in {'; '.join(differences)}"
            )
        if not create and not existing:
            raise InvalidEditError(f"prior profile {profile.id!r} not found: create it")
        _check(tx, workspace, profile)
        revision = run_statement(tx, "portfolio/bump_revision", workspace=workspace)
        run_statement(
            tx,
            "api/set_prior_profile",
            workspace=workspace,
            id=profile.id,
            name=profile.name,
            description=profile.description,
            notes=profile.notes,
            priors=[
                {"world": w, "prior": p, "ord": i}
                for i, (w, p) in enumerate(profile.priors.items())
            ],
            sources=[{"source": s, "ord": i} for i, s in enumerate(profile.sources)],
        )
        return EditResult(revision=int(revision[0]["revision"]), id=profile.id)

    return database.write(transaction)


def delete_prior_profile(database: Database, workspace: str, id_: str) -> EditResult:
    check_workspace_name(workspace)

    def transaction(tx: neo4j.ManagedTransaction) -> EditResult:
        revision = run_statement(tx, "portfolio/bump_revision", workspace=workspace)
        if not run_statement(tx, "api/delete_prior_profile", workspace=workspace, id=id_):
            raise InvalidEditError(f"prior profile {id_!r} not found")
        return EditResult(revision=int(revision[0]["revision"]), id=id_, deleted=(id_,))

    return database.write(transaction)


def _differences(tx: neo4j.ManagedTransaction, workspace: str, profile: PriorProfile) -> list[str]:
    """How the stored profile with `profile`'s id differs from `profile`; empty: identical."""
    stored = run_statement(tx, "api/prior_profile", workspace=workspace, id=profile.id)[0]
    found = [
        f"{name} ({stored[name]!r} stored, {getattr(profile, name)!r} given)"
        for name in ("name", "description", "notes")
        if stored[name] != getattr(profile, name)
    ]
    priors = {row["world"]: row["prior"] for row in stored["priors"]}
    if priors != profile.priors:
        changed = sorted(
            w
            for w in priors.keys() | profile.priors.keys()
            if priors.get(w) != profile.priors.get(w)
        )
        found.append(f"priors (of {', '.join(repr(w) for w in changed)})")
    sources = [row["id"] for row in sorted(stored["sources"], key=lambda row: row["ord"])]
    if sources != profile.sources:
        found.append(f"sources ({sources} stored, {profile.sources} given)")
    return found


def _check(tx: neo4j.ManagedTransaction, workspace: str, profile: PriorProfile) -> None:
    """The authoring format's checks of a profile, against the workspace's questions."""
    questions = run_statement(tx, "api/question_answers", workspace=workspace)
    document: dict[str, Any] = {
        "questions": [
            {
                "id": q["question"],
                "answers": [{"id": a, "prior": 1.0 / len(q["answers"])} for a in q["answers"]],
            }
            for q in questions
            if q["answers"]
        ],
        "sources": [{"id": s} for s in profile.sources],  # checked to exist below
        "prior_profiles": [profile.model_dump(mode="json", exclude_none=True)],
    }
    problems = [
        f"{issue.path.removeprefix('prior_profiles[0].')}: {issue.message}"
        for issue in check_document(document)
        if issue.path.startswith("prior_profiles")
    ]
    for source in profile.sources:
        rows = run_statement(tx, "api/entity_labels", workspace=workspace, id=source)
        if not rows or "Source" not in rows[0]["labels"]:
            problems.append(f"sources: unknown source {source!r}")
    if problems:
        raise InvalidEditError(f"prior profile {profile.id!r}: " + "; ".join(problems))
