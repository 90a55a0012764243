"""GraphQL types of the graph (DESIGN §3): one per node kind, relationships as fields.

Relationship fields are Relay-style connections resolved through the request's DataLoaders
(`service.api.loaders`), so nested queries stay a bounded number of Neo4j round trips.
Fields are camelCase and enum values UPPER_CASE, as stored in the graph.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from datetime import datetime
from typing import Any, Generic, TypeVar, cast

import strawberry

from service.api.context import Info
from service.api.graphql_diagram import diagram_field
from service.api.graphql_enums import graphql_enum_of
from service.api.loaders import NOT_LOADED, RelatedKey
from service.api.selection import below, children_levels
from service.errors import InvalidInputError
from service.model.kinds import ENTITY, In, Kind, Out, Property, Relationship, navigation_of
from service.usecases.graph_reads import (
    MAX_PAGE_SIZE,
    ROOT_OUT,
    Direction,
    Pair,
    Relation,
    Row,
    Window,
)

T = TypeVar("T")
DEFAULT_PAGE_SIZE = 50

# --- connections ------------------------------------------------------------------------------


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Edge(Generic[T]):
    cursor: str
    node: T


@strawberry.type(description="A page of a list, Relay style: edges, pageInfo and totalCount.")
class Connection(Generic[T]):
    edges: list[Edge[T]]
    page_info: PageInfo
    total_count: int = strawberry.field(description="How many items the whole list has.")

    @strawberry.field(description="The nodes of the edges (a shortcut).")
    def nodes(self) -> list[T]:
        return [edge.node for edge in self.edges]


#: The largest position a cursor may name (the next one still fits a 32-bit integer).
MAX_CURSOR_POSITION = 2**31 - 2


def encode_cursor(position: int) -> str:
    return base64.urlsafe_b64encode(f"position:{position}".encode()).decode()


def decode_cursor(cursor: str) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor.encode()).decode()
        prefix, _, number = text.partition(":")
        position = int(number)
        if prefix != "position" or not 0 <= position <= MAX_CURSOR_POSITION:
            raise ValueError(cursor)  # past 2^31 the database's integers overflow
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise InvalidInputError(
            f"invalid cursor {cursor!r}: pass a cursor returned by this API"
        ) from None
    return position


def window_of(first: int | None, after: str | None, last: int | None, before: str | None) -> Window:
    """The window of a list that Relay arguments ask for (first 50 when none is given)."""
    for name, size in (("first", first), ("last", last)):
        if size is not None and not 0 <= size <= MAX_PAGE_SIZE:
            raise InvalidInputError(f"{name} must be between 0 and {MAX_PAGE_SIZE}, got {size}")
    if first is None and last is None:
        first = DEFAULT_PAGE_SIZE
    start = decode_cursor(after) + 1 if after is not None else 0
    end = decode_cursor(before) if before is not None else None
    return Window(start=start, end=end, first=first, last=last)


def connection(items: list[T], offset: int, total: int) -> Connection[T]:
    edges = [Edge(cursor=encode_cursor(offset + i), node=item) for i, item in enumerate(items)]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=offset + len(items) < total,
            has_previous_page=offset > 0,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        total_count=total,
    )


# --- relationships ------------------------------------------------------------------------


def related_connection(
    info: Info,
    owner: Node,
    relation: Relation,
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
    convert: Callable[[Row, Row], Any] | None = None,
) -> Any:
    """The page of a relationship field: the Connection itself when the request has already
    loaded the relationship (an argument tree primes it), else an awaitable of it. Answering
    at once spares graphql-core a coroutine and a task per field, which a nested read of a
    whole tree would otherwise pay for every node."""
    window = window_of(first, after, last, before)
    key = (owner.workspace, relation, owner.id)
    pairs = info.context.loaders.known_related(key)
    if pairs is NOT_LOADED:
        return _loaded_connection(info, key, window, convert)
    return _page_of(pairs, window, convert)


async def _loaded_connection(
    info: Info, key: RelatedKey, window: Window, convert: Callable[[Row, Row], Any] | None
) -> Connection[Any]:
    return _page_of(await info.context.loaders.related.load(key), window, convert)


def _page_of(
    pairs: list[Pair], window: Window, convert: Callable[[Row, Row], Any] | None
) -> Connection[Any]:
    start, end = window.bounds(len(pairs))
    make = convert or (lambda _edge, row: to_node(row))
    return connection([make(edge, row) for edge, row in pairs[start:end]], start, len(pairs))


async def related_one(info: Info, owner: Node, relation: Relation) -> Any:
    pairs = await info.context.loaders.related.load((owner.workspace, relation, owner.id))
    return to_node(pairs[0][1]) if pairs else None


#: From this many levels of `children` below a case's root, the root resolver fetches the
#: whole argument tree in one query rather than one query per level.
TREE_FETCH_LEVELS = 2


# --- entities: derived from their descriptions (`service.model.kinds`) ----------------------

C = TypeVar("C", bound=type)


def _graphql_type(prop: Property) -> Any:
    value_type = graphql_enum_of(prop.value_type)
    return value_type | None if prop.optional else value_type


def _relation(relationship: Relationship, nav: Out) -> Relation:
    direction = Direction.IN if isinstance(nav, In) else Direction.OUT
    return Relation(relationship.type, direction, relationship.label_of(nav))


def _target_type(relationship: Relationship, nav: Out) -> str:
    """The GraphQL type a relationship field lists (by name: it may be defined later)."""
    if relationship.edge is not None:
        return relationship.edge
    label = relationship.label_of(nav)
    return "Node" if label == ENTITY else label


def _edge_converter(owner: Node, nav: Out) -> Callable[[Row, Row], FailsIn]:
    """FailsIn objects of a FAILS_IN field: `owner` is their source (Out) or world (In)."""
    if isinstance(nav, In):
        world = owner

        def failing(edge: Row, row: Row) -> FailsIn:
            return FailsIn(p=edge.get("p", 1.0), world=world, source=to_node(row))  # type: ignore[arg-type]

        return failing

    def fails_in(edge: Row, row: Row) -> FailsIn:
        return FailsIn(p=edge.get("p", 1.0), world=to_node(row), source=owner)

    return fails_in


def _navigation_field(relationship: Relationship, nav: Out, custom: Any = None) -> Any:
    """The field that follows a relationship: a connection (Relay arguments), or the one
    neighbour. `custom` replaces the resolver (with the description kept)."""
    relation = _relation(relationship, nav)
    target = _target_type(relationship, nav)
    if custom is not None:
        return strawberry.field(resolver=custom, description=nav.description)
    if not nav.many:

        async def one(self: Node, info: Info) -> Any:
            return await related_one(info, self, relation)

        one.__annotations__ = {"self": Node, "info": Info, "return": f"{target} | None"}
        return strawberry.field(resolver=one, description=nav.description)
    edges = relationship.edge is not None

    # UNSET, not None: an argument with no default is not passed when a query leaves it out,
    # and Strawberry converts every argument passed on every call (a nested read calls these
    # fields hundreds of times); `first: null` still means the same as leaving it out.
    def many(
        self: Node,
        info: Info,
        first: int | None = strawberry.UNSET,
        after: str | None = strawberry.UNSET,
        last: int | None = strawberry.UNSET,
        before: str | None = strawberry.UNSET,
    ) -> Any:
        convert = _edge_converter(self, nav) if edges else None
        window = (_given(first), _given(after), _given(last), _given(before))
        return related_connection(info, self, relation, *window, convert)

    many.__annotations__ = {**many.__annotations__, "return": f"Connection[{target}]"}
    return strawberry.field(resolver=many, description=nav.description)


def _given(value: T | None) -> T | None:
    """An argument as None when it was left out (UNSET)."""
    return None if value is strawberry.UNSET else value


def _base(row: Row) -> dict[str, Any]:
    return {
        "id": strawberry.ID(row["id"]),
        "workspace": row["workspace"],
        "document": row.get("document"),
        "created_at": row.get("createdAt"),
        "updated_at": row.get("updatedAt"),
        "row": row,
    }


#: The GraphQL type of each kind, by label, as `entity_type` makes them.
_KIND_TYPES: dict[str, Any] = {}


def entity_type(kind: Kind, *, interface: bool = False) -> Callable[[C], C]:
    """A GraphQL type of an entity kind: a field per property of its model and a field per
    relationship that follows it (`service.model.kinds`), and `from_row`. The class body may
    give a relationship field's resolver (a plain function of the same name)."""
    spec = kind.spec

    def build(cls: C) -> C:
        annotations: dict[str, Any] = {}
        namespace: dict[str, Any] = {"__module__": __name__, "__qualname__": cls.__name__}
        for prop in spec.properties:
            annotations[prop.name] = _graphql_type(prop)
            namespace[prop.name] = strawberry.field(description=prop.description)
        body = dict(vars(cls))
        for relationship, nav in navigation_of(spec.label):
            namespace[nav.name] = _navigation_field(relationship, nav, body.pop(nav.name, None))
        properties = spec.properties

        def from_row(cls: Any, row: Row) -> Any:
            values = {p.name: p.from_graph(row.get(p.graph)) for p in properties}
            return cls(**_base(row), **values)

        namespace["from_row"] = classmethod(from_row)
        annotations.update(body.pop("__annotations__", {}))  # fields the body adds
        for name in ("__dict__", "__weakref__", "__doc__"):
            body.pop(name, None)
        namespace.update(body)
        namespace["__annotations__"] = annotations
        made = type(cls.__name__, cls.__bases__, namespace)
        decorate = strawberry.interface if interface else strawberry.type
        _KIND_TYPES[spec.label] = decorate(made, description=spec.description)
        return cast(C, _KIND_TYPES[spec.label])

    return build


def _entity_fields(owner: str) -> Callable[[C], C]:
    """Relationship fields of an interface that is not a kind (Node: every entity)."""

    def build(cls: C) -> C:
        for relationship, nav in navigation_of(owner):
            setattr(cls, nav.name, _navigation_field(relationship, nav))
        return cls

    return build


@strawberry.interface(description="Every entity of the graph: an id unique in its workspace.")
@_entity_fields(ENTITY)
class Node:
    id: strawberry.ID
    workspace: str
    document: str | None = strawberry.field(
        description="The portfolio document that owns it (null: created by a direct edit)."
    )
    created_at: datetime | None
    updated_at: datetime | None
    row: strawberry.Private[Row]


@entity_type(Kind.DEPLOYMENT)
class Deployment(Node):
    pass


@entity_type(Kind.SAFETY_CASE)
class SafetyCase(Node):
    diagram: str = diagram_field

    async def root(self, info: Info) -> ArgumentNode | None:
        if children_levels(below(info)) >= TREE_FETCH_LEVELS:
            await info.context.loaders.argument_tree(self.workspace, self.id)
        node: ArgumentNode | None = await related_one(info, self, ROOT_OUT)
        return node


@entity_type(Kind.ARGUMENT_NODE, interface=True)
class ArgumentNode(Node):
    pass


@entity_type(Kind.CONTEXT)
class Context(Node):
    pass


@entity_type(Kind.JUSTIFICATION)
class Justification(Node):
    pass


@entity_type(Kind.ASSUMPTION)
class Assumption(Node):
    pass


@entity_type(Kind.TECHNIQUE)
class Technique(Node):
    pass


@entity_type(Kind.QUESTION)
class Question(Node):
    pass


@entity_type(Kind.WORLD_MODEL)
class WorldModel(Node):
    pass


@entity_type(Kind.DEFEATER)
class Defeater(Node):
    pass


@entity_type(Kind.SOURCE)
class Source(Node):
    pass


@strawberry.type(description="The prior a profile gives one world model (ASSIGNS).")
class WorldPrior:
    prior: float
    world: WorldModel


_ASSIGNS_OUT = Relation("ASSIGNS", Direction.OUT, "WorldModel")
_CITES_OUT = Relation("CITES", Direction.OUT, "Source")


@strawberry.type(
    description="A reviewer's priors (DESIGN §4.8): they replace the priors of every question "
    "they name (all its answers); other questions keep the portfolio's priors."
)
class PriorProfile(Node):
    """Written by hand: not yet one of the kinds of `service.model.kinds` (read-only)."""

    name: str
    description: str | None
    notes: str | None

    @strawberry.field(description="The priors it assigns, in the order written.")
    def priors(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[WorldPrior]:
        def make(edge: Row, row: Row) -> WorldPrior:
            return WorldPrior(prior=edge["prior"], world=to_node(row))

        return related_connection(info, self, _ASSIGNS_OUT, first, after, last, before, make)

    @strawberry.field(description="Where its numbers come from.")
    def sources(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Source]:
        return related_connection(info, self, _CITES_OUT, first, after, last, before)

    @classmethod
    def from_row(cls, row: Row) -> PriorProfile:
        return cls(
            **_base(row),
            name=row["name"],
            description=row.get("description"),
            notes=row.get("notes"),
        )


@strawberry.type(description="If `world` is true, `source` fails with probability `p`.")
class FailsIn:
    p: float
    world: WorldModel
    source: Node


#: The concrete types of an interface kind, by label (Goal, Strategy, Evidence).
VARIANTS: dict[str, type] = {
    label: strawberry.type(type(label, (ArgumentNode,), {}), description=description)
    for label, description in Kind.ARGUMENT_NODE.spec.variants.items()
}
_TYPES: dict[str, Any] = {**_KIND_TYPES, **VARIANTS, "PriorProfile": PriorProfile}
#: The GraphQL type of every kind (an interface for ArgumentNode).
KIND_TYPES: dict[Kind, Any] = {kind: _KIND_TYPES[kind.spec.label] for kind in Kind}
globals().update(VARIANTS)  # string annotations name them: resolved in this module
#: (label, type) in the order to_node tries them: each kind, its variants in its place.
_BY_LABEL: list[tuple[str, Any]] = [
    (label, _TYPES[label]) for kind in Kind for label in (kind.spec.variants or [kind.spec.label])
] + [("PriorProfile", PriorProfile)]


def to_node(row: Row) -> Any:
    """The GraphQL object of an entity row, chosen by its labels."""
    labels = set(row.get("labels", ()))
    for label, made in _BY_LABEL:
        if label in labels:
            return made.from_row(row)
    raise ValueError(f"entity {row.get('id')!r} has no known kind label: {sorted(labels)}")


ENTITY_TYPES: list[type] = [made for _, made in _BY_LABEL] + [FailsIn]
