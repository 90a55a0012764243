"""The Mutation type: edits (editor keys), imports, defeaters, and API keys (admin keys).

Each mutation is one Neo4j transaction (`service.store.entity_edits`, `write_portfolio`):
invalid input writes nothing, and every write bumps the workspace's revision.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum

import strawberry
from starlette.concurrency import run_in_threadpool

from service.api.context import Info
from service.api.graphql_inputs import (
    CreateArgumentNodeInput,
    CreateAssumptionInput,
    CreateDeploymentInput,
    CreateQuestionInput,
    CreateSafetyCaseInput,
    CreateSourceInput,
    CreateStatementInput,
    CreateTechniqueInput,
    CreateWorldModelInput,
    PriorProfileInput,
    RaiseDefeaterInput,
    UpdateArgumentNodeInput,
    UpdateAssumptionInput,
    UpdateDefeaterInput,
    UpdateDeploymentInput,
    UpdateQuestionInput,
    UpdateSafetyCaseInput,
    UpdateSourceInput,
    UpdateTechniqueInput,
    UpdateWorldModelInput,
)
from service.api.graphql_keys import ApiKeyType as ApiKeyObject
from service.api.graphql_keys import CreatedApiKey, KeyRole, key_type
from service.api.graphql_types import Node, to_node
from service.api.queries import PortfolioFormat
from service.api.security import ForbiddenError, require_role
from service.authoring import load_portfolio_text
from service.errors import InvalidInputError
from service.store import entity_edits as edits
from service.store.api_keys import Role, create_key, list_keys, revoke_key
from service.store.database import Database
from service.store.entity_edits import Kind
from service.store.portfolio_writer import write_portfolio
from service.store.prior_profile_edits import delete_prior_profile, write_prior_profile

MAX_DOCUMENT_NAME = 200


@strawberry.enum(description="Relationships `link` and `unlink` edit directly.")
class LinkRelation(Enum):
    COVERS = "COVERS"
    SUPPORTED_BY = "SUPPORTED_BY"
    RELIES_ON = "RELIES_ON"
    USES = "USES"
    FAILS_IN = "FAILS_IN"
    CITES = "CITES"


@strawberry.type(description="What an edit did.")
class EditResult:
    revision: int = strawberry.field(description="The workspace's revision after the edit.")
    deleted_ids: list[strawberry.ID] = strawberry.field(
        description="Everything the edit deleted (with what could not exist alone)."
    )
    workspace: str
    node_id: strawberry.Private[str | None]

    @strawberry.field(description="The created or edited entity, as it is now.")
    async def node(self, info: Info) -> Node | None:
        if self.node_id is None:
            return None
        row = await info.context.loaders.nodes.load((self.workspace, self.node_id))
        node: Node | None = to_node(row) if row is not None else None
        return node


@strawberry.type(description="What an import wrote.")
class ImportResult:
    workspace: str
    document: str
    nodes: int
    relationships: int
    removed: int = strawberry.field(
        description="Entities of an earlier load of the document that it no longer has."
    )
    revision: int


async def _edit(
    info: Info,
    workspace: str | None,
    work: Callable[[Database, str], edits.EditResult],
    *,
    keeps_node: bool = True,
) -> EditResult:
    ws = info.context.authorize(Role.EDITOR, workspace)
    result = await run_in_threadpool(work, info.context.database, ws)
    loaders = info.context.loaders
    loaders.nodes.clear_all()  # later fields of this request see the edit
    loaders.related.clear_all()
    return EditResult(
        revision=result.revision,
        deleted_ids=[strawberry.ID(i) for i in result.deleted],
        workspace=ws,
        node_id=result.id if keeps_node else None,
    )


def _create(
    kind: Kind,
    id_: str | None,
    props: dict[str, object],
    **options: object,
) -> Callable[[Database, str], edits.EditResult]:
    return lambda db, ws: edits.create_entity(db, ws, kind, id_, props, **options)  # type: ignore[arg-type]


def _update(
    kind: Kind, id_: str, props: dict[str, object], **options: object
) -> Callable[[Database, str], edits.EditResult]:
    return lambda db, ws: edits.update_entity(db, ws, kind, id_, props, **options)  # type: ignore[arg-type]


def _delete(kind: Kind, id_: str) -> Callable[[Database, str], edits.EditResult]:
    return lambda db, ws: edits.delete_entity(db, ws, kind, id_)


@strawberry.type
class Mutation:
    # -- deployments ------------------------------------------------------------------------
    @strawberry.mutation
    async def create_deployment(
        self, info: Info, input: CreateDeploymentInput, workspace: str | None = None
    ) -> EditResult:
        return await _edit(info, workspace, _create(Kind.DEPLOYMENT, str(input.id), input.props()))

    @strawberry.mutation
    async def update_deployment(
        self,
        info: Info,
        id: strawberry.ID,
        input: UpdateDeploymentInput,
        workspace: str | None = None,
    ) -> EditResult:
        return await _edit(info, workspace, _update(Kind.DEPLOYMENT, str(id), input.props()))

    @strawberry.mutation
    async def delete_deployment(
        self, info: Info, id: strawberry.ID, workspace: str | None = None
    ) -> EditResult:
        return await _edit(info, workspace, _delete(Kind.DEPLOYMENT, str(id)), keeps_node=False)

    # -- safety cases ---------------------------------------------------------------------
    @strawberry.mutation(description="Create a case with its root goal, covering deployments.")
    async def create_safety_case(
        self, info: Info, input: CreateSafetyCaseInput, workspace: str | None = None
    ) -> EditResult:
        root = (str(input.root.id), input.root.props())
        covers = [str(d) for d in input.covers]
        return await _edit(
            info,
            workspace,
            _create(Kind.SAFETY_CASE, str(input.id), input.props(), root=root, covers=covers),
        )

    @strawberry.mutation
    async def update_safety_case(
        self,
        info: Info,
        id: strawberry.ID,
        input: UpdateSafetyCaseInput,
        workspace: str | None = None,
    ) -> EditResult:
        return await _edit(info, workspace, _update(Kind.SAFETY_CASE, str(id), input.props()))

    @strawberry.mutation(
        description="Delete a case, its argument nodes that no other case "
        "shares, and the defeaters challenging them."
    )
    async def delete_safety_case(
        self, info: Info, id: strawberry.ID, workspace: str | None = None
    ) -> EditResult:
        return await _edit(info, workspace, _delete(Kind.SAFETY_CASE, str(id)), keeps_node=False)

    # -- argument nodes -------------------------------------------------------------------
    @strawberry.mutation(description="Create a goal, strategy or evidence under a parent.")
    async def create_argument_node(
        self, info: Info, input: CreateArgumentNodeInput, workspace: str | None = None
    ) -> EditResult:
        return await _edit(
            info,
            workspace,
            _create(Kind.ARGUMENT_NODE, str(input.id), input.props(), parent=str(input.parent)),
        )

    @strawberry.mutation
    async def update_argument_node(
        self,
        info: Info,
        id: strawberry.ID,
        input: UpdateArgumentNodeInput,
        workspace: str | None = None,
    ) -> EditResult:
        return await _edit(info, workspace, _update(Kind.ARGUMENT_NODE, str(id), input.props()))

    @strawberry.mutation(
        description="Delete an argument node and the nodes below it that "
        "no longer belong to any case."
    )
    async def delete_argument_node(
        self, info: Info, id: strawberry.ID, workspace: str | None = None
    ) -> EditResult:
        return await _edit(info, workspace, _delete(Kind.ARGUMENT_NODE, str(id)), keeps_node=False)

    # -- context statements and justifications ---------------------------------------------
    @strawberry.mutation
    async def create_context(
        self, info: Info, input: CreateStatementInput, workspace: str | None = None
    ) -> EditResult:
        props: dict[str, object] = {"statement": input.statement}
        id_ = str(input.id) if input.id is not None else None
        return await _edit(
            info, workspace, _create(Kind.CONTEXT, id_, props, parent=str(input.node))
        )

    @strawberry.mutation
    async def update_context(
        self, info: Info, id: strawberry.ID, statement: str, workspace: str | None = None
    ) -> EditResult:
        props: dict[str, object] = {"statement": statement}
        return await _edit(info, workspace, _update(Kind.CONTEXT, str(id), props))

    @strawberry.mutation
    async def delete_context(
        self, info: Info, id: strawberry.ID, workspace: str | None = None
    ) -> EditResult:
        return await _edit(info, workspace, _delete(Kind.CONTEXT, str(id)), keeps_node=False)

    @strawberry.mutation
    async def create_justification(
        self, info: Info, input: CreateStatementInput, workspace: str | None = None
    ) -> EditResult:
        props: dict[str, object] = {"statement": input.statement}
        id_ = str(input.id) if input.id is not None else None
        return await _edit(
            info, workspace, _create(Kind.JUSTIFICATION, id_, props, parent=str(input.node))
        )

    @strawberry.mutation
    async def update_justification(
        self, info: Info, id: strawberry.ID, statement: str, workspace: str | None = None
    ) -> EditResult:
        props: dict[str, object] = {"statement": statement}
        return await _edit(info, workspace, _update(Kind.JUSTIFICATION, str(id), props))

    @strawberry.mutation
    async def delete_justification(
        self, info: Info, id: strawberry.ID, workspace: str | None = None
    ) -> EditResult:
        return await _edit(info, workspace, _delete(Kind.JUSTIFICATION, str(id)), keeps_node=False)

    # -- assumptions and techniques -------------------------------------------------------
    @strawberry.mutation
    async def create_assumption(
        self, info: Info, input: CreateAssumptionInput, workspace: str | None = None
    ) -> EditResult:
        return await _edit(info, workspace, _create(Kind.ASSUMPTION, str(input.id), input.props()))

    @strawberry.mutation
    async def update_assumption(
        self,
        info: Info,
        id: strawberry.ID,
        input: UpdateAssumptionInput,
        workspace: str | None = None,
    ) -> EditResult:
        return await _edit(info, workspace, _update(Kind.ASSUMPTION, str(id), input.props()))

    @strawberry.mutation
    async def delete_assumption(
        self, info: Info, id: strawberry.ID, workspace: str | None = None
    ) -> EditResult:
        return await _edit(info, workspace, _delete(Kind.ASSUMPTION, str(id)), keeps_node=False)

    @strawberry.mutation
    async def create_technique(
        self, info: Info, input: CreateTechniqueInput, workspace: str | None = None
    ) -> EditResult:
        return await _edit(info, workspace, _create(Kind.TECHNIQUE, str(input.id), input.props()))

    @strawberry.mutation
    async def update_technique(
        self,
        info: Info,
        id: strawberry.ID,
        input: UpdateTechniqueInput,
        workspace: str | None = None,
    ) -> EditResult:
        return await _edit(info, workspace, _update(Kind.TECHNIQUE, str(id), input.props()))

    @strawberry.mutation
    async def delete_technique(
        self, info: Info, id: strawberry.ID, workspace: str | None = None
    ) -> EditResult:
        return await _edit(info, workspace, _delete(Kind.TECHNIQUE, str(id)), keeps_node=False)

    # -- questions and world models ---------------------------------------------------------
    @strawberry.mutation(description="Create a question with its answers (priors sum to 1).")
    async def create_question(
        self, info: Info, input: CreateQuestionInput, workspace: str | None = None
    ) -> EditResult:
        answers = [(str(a.id), a.props()) for a in input.answers]
        return await _edit(
            info,
            workspace,
            _create(Kind.QUESTION, str(input.id), input.props(), answers=answers),
        )

    @strawberry.mutation
    async def update_question(
        self,
        info: Info,
        id: strawberry.ID,
        input: UpdateQuestionInput,
        workspace: str | None = None,
    ) -> EditResult:
        answers = (
            None
            if input.answers is None or input.answers is strawberry.UNSET
            else [(str(a.id), a.props()) for a in input.answers]
        )
        return await _edit(
            info, workspace, _update(Kind.QUESTION, str(id), input.props(), answers=answers)
        )

    @strawberry.mutation(description="Delete a question and its answers.")
    async def delete_question(
        self, info: Info, id: strawberry.ID, workspace: str | None = None
    ) -> EditResult:
        return await _edit(info, workspace, _delete(Kind.QUESTION, str(id)), keeps_node=False)

    @strawberry.mutation(
        description="Add an answer (the priors must still sum to 1: usually "
        "updateQuestion(answers:) is what you want)."
    )
    async def create_world_model(
        self, info: Info, input: CreateWorldModelInput, workspace: str | None = None
    ) -> EditResult:
        return await _edit(
            info,
            workspace,
            _create(Kind.WORLD_MODEL, str(input.id), input.props(), parent=str(input.question)),
        )

    @strawberry.mutation
    async def update_world_model(
        self,
        info: Info,
        id: strawberry.ID,
        input: UpdateWorldModelInput,
        workspace: str | None = None,
    ) -> EditResult:
        return await _edit(info, workspace, _update(Kind.WORLD_MODEL, str(id), input.props()))

    @strawberry.mutation
    async def delete_world_model(
        self, info: Info, id: strawberry.ID, workspace: str | None = None
    ) -> EditResult:
        return await _edit(info, workspace, _delete(Kind.WORLD_MODEL, str(id)), keeps_node=False)

    # -- defeaters ------------------------------------------------------------------------
    @strawberry.mutation(description="Raise a doubt against a node (status OPEN).")
    async def raise_defeater(
        self, info: Info, input: RaiseDefeaterInput, workspace: str | None = None
    ) -> EditResult:
        return await _edit(
            info,
            workspace,
            _create(Kind.DEFEATER, str(input.id), input.props(), parent=str(input.challenges)),
        )

    @strawberry.mutation(description="Mark a defeater RESOLVED.")
    async def resolve_defeater(
        self, info: Info, id: strawberry.ID, workspace: str | None = None
    ) -> EditResult:
        props: dict[str, object] = {"status": "RESOLVED"}
        return await _edit(info, workspace, _update(Kind.DEFEATER, str(id), props))

    @strawberry.mutation
    async def update_defeater(
        self,
        info: Info,
        id: strawberry.ID,
        input: UpdateDefeaterInput,
        workspace: str | None = None,
    ) -> EditResult:
        return await _edit(info, workspace, _update(Kind.DEFEATER, str(id), input.props()))

    @strawberry.mutation
    async def delete_defeater(
        self, info: Info, id: strawberry.ID, workspace: str | None = None
    ) -> EditResult:
        return await _edit(info, workspace, _delete(Kind.DEFEATER, str(id)), keeps_node=False)

    # -- sources --------------------------------------------------------------------------
    @strawberry.mutation
    async def create_source(
        self, info: Info, input: CreateSourceInput, workspace: str | None = None
    ) -> EditResult:
        return await _edit(info, workspace, _create(Kind.SOURCE, str(input.id), input.props()))

    @strawberry.mutation
    async def update_source(
        self,
        info: Info,
        id: strawberry.ID,
        input: UpdateSourceInput,
        workspace: str | None = None,
    ) -> EditResult:
        return await _edit(info, workspace, _update(Kind.SOURCE, str(id), input.props()))

    @strawberry.mutation
    async def delete_source(
        self, info: Info, id: strawberry.ID, workspace: str | None = None
    ) -> EditResult:
        return await _edit(info, workspace, _delete(Kind.SOURCE, str(id)), keeps_node=False)

    # -- prior profiles (DESIGN §4.8) --------------------------------------------------------
    @strawberry.mutation(description="Create a prior profile (a reviewer's priors).")
    async def create_prior_profile(
        self, info: Info, input: PriorProfileInput, workspace: str | None = None
    ) -> EditResult:
        profile = input.model()
        return await _edit(
            info, workspace, lambda db, ws: write_prior_profile(db, ws, profile, create=True)
        )

    @strawberry.mutation(description="Replace a prior profile: its priors, text and sources.")
    async def update_prior_profile(
        self, info: Info, input: PriorProfileInput, workspace: str | None = None
    ) -> EditResult:
        profile = input.model()
        return await _edit(
            info, workspace, lambda db, ws: write_prior_profile(db, ws, profile, create=False)
        )

    @strawberry.mutation
    async def delete_prior_profile(
        self, info: Info, id: strawberry.ID, workspace: str | None = None
    ) -> EditResult:
        return await _edit(
            info,
            workspace,
            lambda db, ws: delete_prior_profile(db, ws, str(id)),
            keeps_node=False,
        )

    # -- relationships ----------------------------------------------------------------------
    @strawberry.mutation(
        description="Add a relationship (FAILS_IN: `p`, default 1; linking "
        "an existing FAILS_IN again changes its p)."
    )
    async def link(
        self,
        info: Info,
        relation: LinkRelation,
        source: strawberry.ID,
        target: strawberry.ID,
        p: float | None = None,
        workspace: str | None = None,
    ) -> EditResult:
        rel = edits.Relation(relation.value)
        return await _edit(
            info, workspace, lambda db, ws: edits.link(db, ws, rel, str(source), str(target), p=p)
        )

    @strawberry.mutation(description="Remove a relationship.")
    async def unlink(
        self,
        info: Info,
        relation: LinkRelation,
        source: strawberry.ID,
        target: strawberry.ID,
        workspace: str | None = None,
    ) -> EditResult:
        rel = edits.Relation(relation.value)
        return await _edit(
            info, workspace, lambda db, ws: edits.unlink(db, ws, rel, str(source), str(target))
        )

    # -- documents ----------------------------------------------------------------------------
    @strawberry.mutation(
        description="Validate a portfolio document (YAML or JSON text) as "
        "`scg load` does and load it into the workspace under `documentName`. "
        "Errors carry the path and line of every problem; nothing is written."
    )
    async def import_portfolio(
        self,
        info: Info,
        document: str,
        format: PortfolioFormat | None = None,
        workspace: str | None = None,
        document_name: str = "graphql-import",
    ) -> ImportResult:
        ws = info.context.authorize(Role.EDITOR, workspace)
        if not document_name.strip() or len(document_name) > MAX_DOCUMENT_NAME:
            raise InvalidInputError(f"documentName must be 1 to {MAX_DOCUMENT_NAME} characters")
        db = info.context.database

        def work() -> ImportResult:
            portfolio = load_portfolio_text(
                document, format.value if format is not None else None, document_name
            )
            report = write_portfolio(db, portfolio, workspace=ws, document=document_name)
            return ImportResult(
                workspace=report.workspace,
                document=report.document,
                nodes=report.nodes,
                relationships=report.edges,
                removed=report.removed,
                revision=report.revision,
            )

        result = await run_in_threadpool(work)
        info.context.loaders.nodes.clear_all()
        info.context.loaders.related.clear_all()
        return result

    # -- API keys -------------------------------------------------------------------------
    @strawberry.mutation(
        description="Create an API key (admins; within their own scope). "
        "The token is in the result, once."
    )
    async def create_api_key(
        self,
        info: Info,
        role: KeyRole,
        workspaces: list[str] | None = None,
        name: str | None = None,
    ) -> CreatedApiKey:
        principal = require_role(info.context.principal, Role.ADMIN)
        scope = list(workspaces) if workspaces is not None else list(principal.workspaces)
        if not principal.covers_scope(scope):
            raise ForbiddenError(
                f"this key ({principal.id}) can only create keys within its own workspaces: "
                f"{', '.join(principal.workspaces)}"
            )
        created = await run_in_threadpool(
            lambda: create_key(
                info.context.database, role=Role(role.value), workspaces=scope, name=name
            )
        )
        return CreatedApiKey(token=created.token, api_key=key_type(created.key))

    @strawberry.mutation(description="Revoke an API key (admins; keys within their scope).")
    async def revoke_api_key(self, info: Info, id: strawberry.ID) -> ApiKeyObject:
        principal = require_role(info.context.principal, Role.ADMIN)
        db = info.context.database
        keys = {
            k.id: k for k in await run_in_threadpool(lambda: list_keys(db, include_revoked=True))
        }
        target = keys.get(str(id))
        if target is not None and not principal.covers_scope(target.workspaces):
            raise ForbiddenError(f"key {id!r} is outside the scope of this key ({principal.id})")
        revoked = await run_in_threadpool(revoke_key, db, str(id))
        info.context.verifier.forget(revoked.id)
        return key_type(revoked)
