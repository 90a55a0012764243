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
from enum import Enum
from typing import Any, Generic, TypeVar

import strawberry

from service.api.context import Info
from service.api.graphql_diagram import diagram_field
from service.api.loaders import NOT_LOADED, RelatedKey
from service.api.selection import below, children_levels
from service.errors import InvalidInputError
from service.store.graph_queries import (
    CHILDREN,
    MAX_PAGE_SIZE,
    RELIES_ON_OUT,
    ROOT_OUT,
    Direction,
    Pair,
    Relation,
    Row,
    Window,
)

T = TypeVar("T")
DEFAULT_PAGE_SIZE = 50

# --- enums ----------------------------------------------------------------------------------


@strawberry.enum(description="How much is at stake if the deployment goes wrong.")
class Stakes(Enum):
    LOW = "LOW"
    MEDIUM = "MEDIUM"
    HIGH = "HIGH"
    CRITICAL = "CRITICAL"


@strawberry.enum(description="The kind of argument a safety case makes (Clymer et al. 2024).")
class CaseCategory(Enum):
    INABILITY = "INABILITY"
    CONTROL = "CONTROL"
    TRUSTWORTHINESS = "TRUSTWORTHINESS"
    DEFERENCE = "DEFERENCE"


@strawberry.enum
class CaseStatus(Enum):
    DRAFT = "DRAFT"
    SUBMITTED = "SUBMITTED"
    ACCEPTED = "ACCEPTED"
    REJECTED = "REJECTED"


@strawberry.enum(description="GSN node types that take part in the failure logic.")
class ArgumentNodeType(Enum):
    GOAL = "GOAL"
    STRATEGY = "STRATEGY"
    EVIDENCE = "EVIDENCE"


@strawberry.enum(description="How many children of an argument node must hold for it to hold.")
class Support(Enum):
    ALL = "ALL"
    ANY = "ANY"
    AT_LEAST = "AT_LEAST"


@strawberry.enum
class DefeaterStatus(Enum):
    OPEN = "OPEN"
    RESOLVED = "RESOLVED"


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


def encode_cursor(position: int) -> str:
    return base64.urlsafe_b64encode(f"position:{position}".encode()).decode()


def decode_cursor(cursor: str) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor.encode()).decode()
        prefix, _, number = text.partition(":")
        position = int(number)
        if prefix != "position" or position < 0:
            raise ValueError(cursor)
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

COVERS_OUT = Relation("COVERS", Direction.OUT, "Deployment")
COVERS_IN = Relation("COVERS", Direction.IN, "SafetyCase")
ROOT_IN = Relation("ROOT", Direction.IN, "SafetyCase")
PARENTS = Relation("SUPPORTED_BY", Direction.IN, "ArgumentNode")
RELIES_ON_IN = Relation("RELIES_ON", Direction.IN, "Entity")
CONTEXT_OUT = Relation("IN_CONTEXT_OF", Direction.OUT, "Context")
JUSTIFICATION_OUT = Relation("IN_CONTEXT_OF", Direction.OUT, "Justification")
CONTEXT_IN = Relation("IN_CONTEXT_OF", Direction.IN, "ArgumentNode")
USES_OUT = Relation("USES", Direction.OUT, "Technique")
USES_IN = Relation("USES", Direction.IN, "Assumption")
FAILS_IN_OUT = Relation("FAILS_IN", Direction.OUT, "WorldModel")
FAILING_ASSUMPTIONS = Relation("FAILS_IN", Direction.IN, "Assumption")
FAILING_TECHNIQUES = Relation("FAILS_IN", Direction.IN, "Technique")
ANSWERS = Relation("HAS_ANSWER", Direction.OUT, "WorldModel")
QUESTION_IN = Relation("HAS_ANSWER", Direction.IN, "Question")
CHALLENGES_OUT = Relation("CHALLENGES", Direction.OUT, "Entity")
CHALLENGED_BY = Relation("CHALLENGES", Direction.IN, "Defeater")
CITES_OUT = Relation("CITES", Direction.OUT, "Source")
CITED_BY = Relation("CITES", Direction.IN, "Entity")
ASSIGNS_OUT = Relation("ASSIGNS", Direction.OUT, "WorldModel")


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


# --- entities -------------------------------------------------------------------------------

PageArgs = dict[str, Any]


@strawberry.interface(description="Every entity of the graph: an id unique in its workspace.")
class Node:
    id: strawberry.ID
    workspace: str
    document: str | None = strawberry.field(
        description="The portfolio document that owns it (null: created by a direct edit)."
    )
    created_at: datetime | None
    updated_at: datetime | None
    row: strawberry.Private[Row]

    @strawberry.field(description="Doubts raised against this node.")
    def defeaters(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Defeater]:
        return related_connection(info, self, CHALLENGED_BY, first, after, last, before)


def _base(row: Row) -> dict[str, Any]:
    return {
        "id": strawberry.ID(row["id"]),
        "workspace": row["workspace"],
        "document": row.get("document"),
        "created_at": row.get("createdAt"),
        "updated_at": row.get("updatedAt"),
        "row": row,
    }


@strawberry.type(description="A deployment a portfolio of safety cases argues is safe.")
class Deployment(Node):
    name: str
    description: str | None
    stakes: Stakes
    prior_risk: float = strawberry.field(
        description="Probability of an unacceptable outcome with no safety case holding."
    )
    risk_threshold: float
    notes: str | None

    @strawberry.field(description="The safety cases that cover this deployment.")
    def cases(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[SafetyCase]:
        return related_connection(info, self, COVERS_IN, first, after, last, before)

    @strawberry.field
    def sources(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Source]:
        return related_connection(info, self, CITES_OUT, first, after, last, before)

    @classmethod
    def from_row(cls, row: Row) -> Deployment:
        return cls(
            **_base(row),
            name=row["name"],
            description=row.get("description"),
            stakes=Stakes(row["stakes"]),
            prior_risk=row["priorRisk"],
            risk_threshold=row["riskThreshold"],
            notes=row.get("notes"),
        )


@strawberry.type(description="A structured argument that some deployments are safe.")
class SafetyCase(Node):
    title: str
    category: CaseCategory
    status: CaseStatus
    effectiveness: float = strawberry.field(
        description="Share of residual risk removed when the case holds (0.9 = a 10x update)."
    )
    p_unsound: float = strawberry.field(
        description="Chance the argument is wrong even when every premise holds."
    )
    notes: str | None
    diagram: str = diagram_field

    @strawberry.field(description="The deployments this case argues are safe.")
    def covers(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Deployment]:
        return related_connection(info, self, COVERS_OUT, first, after, last, before)

    @strawberry.field(description="The top claim of the case.")
    async def root(self, info: Info) -> ArgumentNode | None:
        if children_levels(below(info)) >= TREE_FETCH_LEVELS:
            await info.context.loaders.argument_tree(self.workspace, self.id)
        node: ArgumentNode | None = await related_one(info, self, ROOT_OUT)
        return node

    @strawberry.field
    def sources(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Source]:
        return related_connection(info, self, CITES_OUT, first, after, last, before)

    @classmethod
    def from_row(cls, row: Row) -> SafetyCase:
        return cls(
            **_base(row),
            title=row["title"],
            category=CaseCategory(row["category"]),
            status=CaseStatus(row["status"]),
            effectiveness=row["effectiveness"],
            p_unsound=row["pUnsound"],
            notes=row.get("notes"),
        )


@strawberry.interface(description="A Goal, Strategy or Evidence node of a GSN argument.")
class ArgumentNode(Node):
    statement: str
    type: ArgumentNodeType
    support: Support
    k: int | None = strawberry.field(description="How many children must hold (AT_LEAST).")
    notes: str | None

    @strawberry.field(description="The nodes that support this one (SUPPORTED_BY).")
    def children(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[ArgumentNode]:
        return related_connection(info, self, CHILDREN, first, after, last, before)

    @strawberry.field(description="The goals and strategies this node supports.")
    def parents(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[ArgumentNode]:
        return related_connection(info, self, PARENTS, first, after, last, before)

    @strawberry.field(description="The assumptions this node needs to hold.")
    def relies_on(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Assumption]:
        return related_connection(info, self, RELIES_ON_OUT, first, after, last, before)

    @strawberry.field(description="GSN context statements (display only).")
    def context(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Context]:
        return related_connection(info, self, CONTEXT_OUT, first, after, last, before)

    @strawberry.field(description="GSN justifications (display only).")
    def justifications(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Justification]:
        return related_connection(info, self, JUSTIFICATION_OUT, first, after, last, before)

    @strawberry.field(description="The safety case whose root this node is, if any.")
    async def root_of(self, info: Info) -> SafetyCase | None:
        case: SafetyCase | None = await related_one(info, self, ROOT_IN)
        return case

    @strawberry.field
    def sources(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Source]:
        return related_connection(info, self, CITES_OUT, first, after, last, before)


def _argument(row: Row) -> dict[str, Any]:
    return {
        **_base(row),
        "statement": row["statement"],
        "type": ArgumentNodeType(row["type"]),
        "support": Support(row.get("support") or "ALL"),
        "k": row.get("k"),
        "notes": row.get("notes"),
    }


@strawberry.type(description="A claim.")
class Goal(ArgumentNode):
    @classmethod
    def from_row(cls, row: Row) -> Goal:
        return cls(**_argument(row))


@strawberry.type(description="How a goal is broken down into sub-goals.")
class Strategy(ArgumentNode):
    @classmethod
    def from_row(cls, row: Row) -> Strategy:
        return cls(**_argument(row))


@strawberry.type(description="A piece of evidence (a leaf of the argument).")
class Evidence(ArgumentNode):
    @classmethod
    def from_row(cls, row: Row) -> Evidence:
        return cls(**_argument(row))


@strawberry.type(description="A GSN context statement of an argument node (no logic).")
class Context(Node):
    statement: str

    @strawberry.field(description="The argument node it is the context of.")
    async def node(self, info: Info) -> ArgumentNode | None:
        node: ArgumentNode | None = await related_one(info, self, CONTEXT_IN)
        return node

    @classmethod
    def from_row(cls, row: Row) -> Context:
        return cls(**_base(row), statement=row["statement"])


@strawberry.type(description="A GSN justification of an argument node (no logic).")
class Justification(Node):
    statement: str

    @strawberry.field(description="The argument node it justifies.")
    async def node(self, info: Info) -> ArgumentNode | None:
        node: ArgumentNode | None = await related_one(info, self, CONTEXT_IN)
        return node

    @classmethod
    def from_row(cls, row: Row) -> Justification:
        return cls(**_base(row), statement=row["statement"])


@strawberry.type(description="If `world` is true, `source` fails with probability `p`.")
class FailsIn:
    p: float
    world: WorldModel
    source: Node


def _fails_in_from(owner: Node) -> Callable[[Row, Row], FailsIn]:
    def make(edge: Row, row: Row) -> FailsIn:
        return FailsIn(p=edge.get("p", 1.0), world=WorldModel.from_row(row), source=owner)

    return make


def _failing_in(world: WorldModel) -> Callable[[Row, Row], FailsIn]:
    def make(edge: Row, row: Row) -> FailsIn:
        return FailsIn(p=edge.get("p", 1.0), world=world, source=to_node(row))

    return make


@strawberry.type(description="Something a safety case needs to be true.")
class Assumption(Node):
    statement: str
    kind: str | None
    p_fail: float = strawberry.field(description="Baseline chance it is false on its own.")
    notes: str | None

    @strawberry.field(description="The techniques this assumption is about working.")
    def techniques(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Technique]:
        return related_connection(info, self, USES_OUT, first, after, last, before)

    @strawberry.field(description="The assumptions this one needs.")
    def relies_on(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Assumption]:
        return related_connection(info, self, RELIES_ON_OUT, first, after, last, before)

    @strawberry.field(description="The argument nodes and assumptions that rely on this one.")
    def relied_on_by(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Node]:
        return related_connection(info, self, RELIES_ON_IN, first, after, last, before)

    @strawberry.field(description="The world models in which this assumption fails.")
    def fails_in(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[FailsIn]:
        return related_connection(
            info, self, FAILS_IN_OUT, first, after, last, before, _fails_in_from(self)
        )

    @strawberry.field
    def sources(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Source]:
        return related_connection(info, self, CITES_OUT, first, after, last, before)

    @classmethod
    def from_row(cls, row: Row) -> Assumption:
        return cls(
            **_base(row),
            statement=row["statement"],
            kind=row.get("kind"),
            p_fail=row.get("pFail") or 0.0,
            notes=row.get("notes"),
        )


@strawberry.type(description="A safety technique: interpretability, evals, control, ...")
class Technique(Node):
    name: str
    p_fail: float = strawberry.field(description="Baseline chance it fails on its own.")
    notes: str | None

    @strawberry.field(description="The assumptions that this technique works.")
    def assumptions(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Assumption]:
        return related_connection(info, self, USES_IN, first, after, last, before)

    @strawberry.field(description="The world models in which this technique fails.")
    def fails_in(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[FailsIn]:
        return related_connection(
            info, self, FAILS_IN_OUT, first, after, last, before, _fails_in_from(self)
        )

    @strawberry.field
    def sources(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Source]:
        return related_connection(info, self, CITES_OUT, first, after, last, before)

    @classmethod
    def from_row(cls, row: Row) -> Technique:
        return cls(
            **_base(row),
            name=row["name"],
            p_fail=row.get("pFail") or 0.0,
            notes=row.get("notes"),
        )


@strawberry.type(description="One uncertainty about how the world is.")
class Question(Node):
    text: str
    notes: str | None

    @strawberry.field(description="Its mutually exclusive answers, priors summing to 1.")
    def answers(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[WorldModel]:
        return related_connection(info, self, ANSWERS, first, after, last, before)

    @classmethod
    def from_row(cls, row: Row) -> Question:
        return cls(**_base(row), text=row["text"], notes=row.get("notes"))


@strawberry.type(description="One answer of a question: a hypothesis about the world.")
class WorldModel(Node):
    statement: str
    prior: float
    notes: str | None

    @strawberry.field(description="The question this world model answers.")
    async def question(self, info: Info) -> Question | None:
        question: Question | None = await related_one(info, self, QUESTION_IN)
        return question

    @strawberry.field(description="The assumptions that fail if this world model is true.")
    def failing_assumptions(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[FailsIn]:
        return related_connection(
            info, self, FAILING_ASSUMPTIONS, first, after, last, before, _failing_in(self)
        )

    @strawberry.field(description="The techniques that fail if this world model is true.")
    def failing_techniques(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[FailsIn]:
        return related_connection(
            info, self, FAILING_TECHNIQUES, first, after, last, before, _failing_in(self)
        )

    @classmethod
    def from_row(cls, row: Row) -> WorldModel:
        return cls(
            **_base(row), statement=row["statement"], prior=row["prior"], notes=row.get("notes")
        )


@strawberry.type(description="A reviewer's doubt raised against a node.")
class Defeater(Node):
    statement: str
    status: DefeaterStatus
    notes: str | None

    @strawberry.field(description="The node it challenges.")
    async def challenges(self, info: Info) -> Node | None:
        node: Node | None = await related_one(info, self, CHALLENGES_OUT)
        return node

    @classmethod
    def from_row(cls, row: Row) -> Defeater:
        return cls(
            **_base(row),
            statement=row["statement"],
            status=DefeaterStatus(row["status"]),
            notes=row.get("notes"),
        )


@strawberry.type(description="The prior a profile gives one world model (ASSIGNS).")
class WorldPrior:
    prior: float
    world: WorldModel


@strawberry.type(
    description="A reviewer's priors (DESIGN §4.8): they replace the priors of every question "
    "they name (all its answers); other questions keep the portfolio's priors."
)
class PriorProfile(Node):
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
            return WorldPrior(prior=edge["prior"], world=WorldModel.from_row(row))

        return related_connection(info, self, ASSIGNS_OUT, first, after, last, before, make)

    @strawberry.field(description="Where its numbers come from.")
    def sources(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Source]:
        return related_connection(info, self, CITES_OUT, first, after, last, before)

    @classmethod
    def from_row(cls, row: Row) -> PriorProfile:
        return cls(
            **_base(row),
            name=row["name"],
            description=row.get("description"),
            notes=row.get("notes"),
        )


@strawberry.type(description="Provenance: a paper, report or post.")
class Source(Node):
    title: str
    url: str | None
    notes: str | None

    @strawberry.field(description="The nodes that cite this source.")
    def cited_by(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Node]:
        return related_connection(info, self, CITED_BY, first, after, last, before)

    @classmethod
    def from_row(cls, row: Row) -> Source:
        return cls(**_base(row), title=row["title"], url=row.get("url"), notes=row.get("notes"))


_BY_LABEL: list[tuple[str, Callable[[Row], Node]]] = [
    ("Deployment", Deployment.from_row),
    ("SafetyCase", SafetyCase.from_row),
    ("Goal", Goal.from_row),
    ("Strategy", Strategy.from_row),
    ("Evidence", Evidence.from_row),
    ("Context", Context.from_row),
    ("Justification", Justification.from_row),
    ("Assumption", Assumption.from_row),
    ("Technique", Technique.from_row),
    ("Question", Question.from_row),
    ("WorldModel", WorldModel.from_row),
    ("Defeater", Defeater.from_row),
    ("Source", Source.from_row),
    ("PriorProfile", PriorProfile.from_row),
]


def to_node(row: Row) -> Any:
    """The GraphQL object of an entity row, chosen by its labels."""
    labels = set(row.get("labels", ()))
    for label, make in _BY_LABEL:
        if label in labels:
            return make(row)
    raise ValueError(f"entity {row.get('id')!r} has no known kind label: {sorted(labels)}")


ENTITY_TYPES: list[type] = [
    Deployment,
    SafetyCase,
    Goal,
    Strategy,
    Evidence,
    Context,
    Justification,
    Assumption,
    Technique,
    Question,
    WorldModel,
    Defeater,
    Source,
    PriorProfile,
    FailsIn,
]
