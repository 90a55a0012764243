"""The Mutation type: edits (editor keys), imports, defeaters, and API keys (admin keys).

Each mutation is one Neo4j transaction (`service.usecases.edits`):
invalid input writes nothing, and every write bumps the workspace's revision. A create that
finds its entity already there, identical, writes nothing and says so (`CreateResult`), so a
retried create succeeds.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any, TypeVar, cast

import strawberry
from starlette.concurrency import run_in_threadpool

from service.api.context import Info
from service.api.graphql_inputs import CREATE_INPUTS, UPDATE_INPUTS, PriorProfileInput, given
from service.api.graphql_keys import ApiKeyType as ApiKeyObject
from service.api.graphql_keys import CreatedApiKey, KeyRole, key_type
from service.api.graphql_types import Node, to_node
from service.api.queries import PortfolioFormat
from service.api.security import ForbiddenError, require_role
from service.errors import InvalidInputError
from service.model.enums import DefeaterStatus
from service.model.kinds import Kind
from service.usecases import edits
from service.usecases.edits import Database
from service.usecases.keys import Role, create_key, list_keys, revoke_key

MAX_DOCUMENT_NAME = 200


LinkRelation = strawberry.enum(
    edits.Relation, name="LinkRelation", description=edits.Relation.__doc__
)


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


@strawberry.type(description="What a create did.")
class CreateResult(EditResult):
    already_existed: bool = strawberry.field(
        description="The entity was already there, identical to what this create would write "
        "(the same properties, parent, root goal, answers and covered deployments): nothing "
        "was written and `revision` is the current one. A retried create gets this answer."
    )


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


Work = Callable[[Database, str], edits.EditResult]


async def _write(info: Info, workspace: str | None, work: Work) -> tuple[str, edits.EditResult]:
    ws = info.context.authorize(Role.EDITOR, workspace)
    result = await run_in_threadpool(work, info.context.database, ws)
    loaders = info.context.loaders
    loaders.nodes.clear_all()  # later fields of this request see the edit
    loaders.related.clear_all()
    return ws, result


async def _edit(
    info: Info, workspace: str | None, work: Work, *, keeps_node: bool = True
) -> EditResult:
    ws, result = await _write(info, workspace, work)
    return EditResult(
        revision=result.revision,
        deleted_ids=[strawberry.ID(i) for i in result.deleted],
        workspace=ws,
        node_id=result.id if keeps_node else None,
    )


async def _create(info: Info, workspace: str | None, work: Work) -> CreateResult:
    """`_edit` for a create, which also says whether the entity was already there."""
    ws, result = await _write(info, workspace, work)
    return CreateResult(
        revision=result.revision,
        deleted_ids=[strawberry.ID(i) for i in result.deleted],
        workspace=ws,
        node_id=result.id,
        already_existed=result.existed,
    )


def _options(kind: Kind, input: Any) -> dict[str, Any]:
    """What a create or update input gives beyond the kind's properties: the parent it is
    created under, a case's root goal and covered deployments, a question's answers."""
    spec = kind.spec
    options: dict[str, Any] = {}
    if spec.parent is not None and hasattr(input, spec.parent.input_field):
        options["parent"] = str(getattr(input, spec.parent.input_field))
    root = getattr(input, "root", None)
    if root is not None:
        options["root"] = (str(root.id), given(Kind.ARGUMENT_NODE, root))
    if hasattr(input, "covers"):
        options["covers"] = [str(d) for d in input.covers]
    answers = getattr(input, "answers", strawberry.UNSET)
    if answers is not strawberry.UNSET and answers is not None:
        options["answers"] = [(str(a.id), given(Kind.WORLD_MODEL, a)) for a in answers]
    return options


def _resolver(
    name: str,
    parameters: list[tuple[str, Any, Any]],
    body: Callable[..., Any],
    returns: type = EditResult,
) -> Callable[..., Any]:
    """An async resolver `name(self, info, *parameters, workspace=None) -> returns` calling
    `body`."""

    async def resolve(self: Any, info: Info, workspace: str | None = None, **args: Any) -> Any:
        return await body(info, workspace, **args)

    signature = [
        inspect.Parameter("self", inspect.Parameter.POSITIONAL_OR_KEYWORD),
        inspect.Parameter("info", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=Info),
        *(
            inspect.Parameter(p, inspect.Parameter.KEYWORD_ONLY, annotation=t, default=d)
            for p, t, d in parameters
        ),
        inspect.Parameter(
            "workspace", inspect.Parameter.KEYWORD_ONLY, annotation=str | None, default=None
        ),
    ]
    resolve.__signature__ = inspect.Signature(signature, return_annotation=returns)  # type: ignore[attr-defined]
    resolve.__annotations__ = {
        **{p: t for p, t, _ in parameters},
        "info": Info,
        "workspace": str | None,
        "return": returns,
    }
    resolve.__name__ = name
    return resolve


def _kind_mutations(kind: Kind) -> dict[str, Any]:
    """Create, update and delete of one kind, from its description and its inputs."""
    spec = kind.spec
    empty = inspect.Parameter.empty
    id_ = [("id", strawberry.ID, empty)]

    async def create(info: Info, workspace: str | None, input: Any) -> CreateResult:
        new_id = None if input.id is None else str(input.id)
        props, options = given(kind, input), _options(kind, input)
        return await _create(
            info, workspace, lambda db, ws: edits.create(db, ws, kind, new_id, props, **options)
        )

    async def update(info: Info, workspace: str | None, id: Any, **args: Any) -> EditResult:
        values = args.get("input") or SimpleNamespace(**args)
        props, options = given(kind, values), _options(kind, values)
        options.pop("parent", None)
        return await _edit(
            info, workspace, lambda db, ws: edits.update(db, ws, kind, str(id), props, **options)
        )

    async def delete(info: Info, workspace: str | None, id: Any) -> EditResult:
        work: Work = lambda db, ws: edits.delete(db, ws, kind, str(id))  # noqa: E731
        return await _edit(info, workspace, work, keeps_node=False)

    if spec.update_by_arguments:
        updated = [(p.name, p.value_type, empty) for p in spec.properties]
    else:
        updated = [("input", UPDATE_INPUTS[kind], empty)]
    made = {
        f"{spec.create_verb}_{spec.snake}": (
            _resolver(
                f"{spec.create_verb}_{spec.snake}",
                [("input", CREATE_INPUTS[kind], empty)],
                create,
                CreateResult,
            ),
            spec.create_description,
        ),
        f"update_{spec.snake}": (_resolver(f"update_{spec.snake}", id_ + updated, update), None),
        f"delete_{spec.snake}": (
            _resolver(f"delete_{spec.snake}", id_, delete),
            spec.delete_description,
        ),
    }
    return {
        name: strawberry.mutation(resolver=resolver, description=description)
        for name, (resolver, description) in made.items()
    }


C = TypeVar("C", bound=type)


def with_kind_mutations(cls: C) -> C:
    """`cls` with the create, update and delete mutations of every kind before its own."""
    namespace: dict[str, Any] = {}
    for kind in Kind:
        namespace.update(_kind_mutations(kind))
    body = {k: v for k, v in vars(cls).items() if k not in ("__dict__", "__weakref__")}
    return cast(C, type(cls.__name__, cls.__bases__, {**namespace, **body}))


@strawberry.type
@with_kind_mutations
class Mutation:
    @strawberry.mutation(description="Mark a defeater RESOLVED.")
    async def resolve_defeater(
        self, info: Info, id: strawberry.ID, workspace: str | None = None
    ) -> EditResult:
        props = {"status": DefeaterStatus.RESOLVED.name}
        return await _edit(
            info, workspace, lambda db, ws: edits.update(db, ws, Kind.DEFEATER, str(id), props)
        )

    # -- prior profiles (DESIGN §4.8) --------------------------------------------------------
    @strawberry.mutation(description="Create a prior profile (a reviewer's priors).")
    async def create_prior_profile(
        self, info: Info, input: PriorProfileInput, workspace: str | None = None
    ) -> CreateResult:
        profile = input.model()
        return await _create(
            info, workspace, lambda db, ws: edits.write_prior_profile(db, ws, profile, create=True)
        )

    @strawberry.mutation(description="Replace a prior profile: its priors, text and sources.")
    async def update_prior_profile(
        self, info: Info, input: PriorProfileInput, workspace: str | None = None
    ) -> EditResult:
        profile = input.model()
        return await _edit(
            info,
            workspace,
            lambda db, ws: edits.write_prior_profile(db, ws, profile, create=False),
        )

    @strawberry.mutation
    async def delete_prior_profile(
        self, info: Info, id: strawberry.ID, workspace: str | None = None
    ) -> EditResult:
        return await _edit(
            info,
            workspace,
            lambda db, ws: edits.delete_prior_profile(db, ws, str(id)),
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
        relation: LinkRelation,  # type: ignore[valid-type]
        source: strawberry.ID,
        target: strawberry.ID,
        p: float | None = None,
        workspace: str | None = None,
    ) -> EditResult:
        rel = str(relation.value)  # type: ignore[attr-defined]
        return await _edit(
            info, workspace, lambda db, ws: edits.link(db, ws, rel, str(source), str(target), p)
        )

    @strawberry.mutation(description="Remove a relationship.")
    async def unlink(
        self,
        info: Info,
        relation: LinkRelation,  # type: ignore[valid-type]
        source: strawberry.ID,
        target: strawberry.ID,
        workspace: str | None = None,
    ) -> EditResult:
        rel = str(relation.value)  # type: ignore[attr-defined]
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
            format_ = format.value if format is not None else None
            report = edits.import_document(db, ws, document, format_, document_name)
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
