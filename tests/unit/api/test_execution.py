"""The fast paths complete exactly as graphql-core does (no database)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from enum import Enum
from typing import Any

import pytest
import strawberry
from graphql import GraphQLID, GraphQLList, GraphQLNonNull, GraphQLOutputType
from hypothesis import given
from hypothesis import strategies as st

from service.api.execution import FastPathExecutionContext, _plain, completer


@strawberry.enum
class Colour(Enum):
    RED = "red"


@strawberry.type
class Plain:
    name: str
    score: float
    colour: Colour
    note: str | None
    when: datetime
    required: str


@strawberry.type
class Lists:
    ids: list[list[strawberry.ID]]
    names: list[str]
    maybe: list[str | None]
    numbers: list[int]
    bad: list[strawberry.ID]


def _run(value: Any, query: str) -> dict[str, Any]:
    @strawberry.type
    class Query:
        @strawberry.field
        def lists(self) -> Lists:
            return value  # type: ignore[no-any-return]

        @strawberry.field
        def plain(self) -> list[Plain]:
            return value  # type: ignore[no-any-return]

    results = []
    for context_class in (None, FastPathExecutionContext):
        schema = strawberry.Schema(query=Query, execution_context_class=context_class)
        result = schema.execute_sync(query)
        results.append({"data": result.data, "errors": [str(e) for e in result.errors or []]})
    assert results[0] == results[1]
    return results[1]


def test_lists_of_strings_and_everything_else_complete_as_graphql_core_does() -> None:
    value = Lists(
        ids=[[strawberry.ID("a"), strawberry.ID("b")], [], [strawberry.ID("c")]],
        names=["x", "y"],
        maybe=["x", None],
        numbers=[1, 2],
        bad=[strawberry.ID("a"), None],  # type: ignore[list-item]  # a null where none may be
    )
    result = _run(value, "{ lists { ids names maybe numbers } }")
    assert result["data"] == {
        "lists": {
            "ids": [["a", "b"], [], ["c"]],
            "names": ["x", "y"],
            "maybe": ["x", None],
            "numbers": [1, 2],
        }
    }
    failed = _run(value, "{ lists { bad } }")
    assert failed["data"] is None
    assert "Cannot return null" in failed["errors"][0]


def test_ids_given_as_numbers_are_still_serialised() -> None:
    value = Lists(ids=[[7, "a"]], names=[], maybe=[], numbers=[], bad=[])  # type: ignore[list-item]
    assert _run(value, "{ lists { ids } }")["data"] == {"lists": {"ids": [["7", "a"]]}}


def test_plain_fields_complete_as_graphql_core_does() -> None:
    when = datetime(2026, 1, 2, tzinfo=UTC)
    good = [Plain(name="a", score=0.5, colour=Colour.RED, note=None, when=when, required="r")]
    result = _run(good, "{ plain { name score colour note when required } }")
    assert result["data"] == {
        "plain": [
            {
                "name": "a",
                "score": 0.5,
                "colour": "RED",
                "note": None,
                "when": "2026-01-02T00:00:00+00:00",
                "required": "r",
            }
        ]
    }
    for bad in (
        Plain(name="a", score=float("nan"), colour=Colour.RED, note=None, when=when, required="r"),
        Plain(name="a", score=1.0, colour="green", note=None, when=when, required="r"),  # type: ignore[arg-type]
        Plain(name="a", score=1.0, colour=Colour.RED, note=None, when=when, required=None),  # type: ignore[arg-type]
    ):
        errors = _run([bad], "{ plain { name score colour required } }")["errors"]
        assert errors


@strawberry.interface
class Named:
    name: str


@strawberry.type
class Leaf(Named):
    score: float


@strawberry.type
class Row:
    name: str
    tags: list[list[strawberry.ID]]
    leaves: list[Leaf]
    maybe: Leaf | None
    seen: strawberry.Private[list[Any]]  # the resolve infos `first` was given (kept alive)

    @strawberry.field
    def first(self, info: strawberry.Info) -> Leaf:
        self.seen.append(info._raw_info)
        return self.leaves[0]

    @strawberry.field
    async def later(self) -> str:
        return self.name

    @strawberry.field
    def broken(self) -> str:
        raise ValueError(f"{self.name} is broken")

    @strawberry.field
    def named(self) -> Named:
        return self.leaves[0]


def _rows(count: int) -> list[Row]:
    return [
        Row(
            name=f"r{i}",
            tags=[[strawberry.ID(f"t{i}")], []],
            leaves=[Leaf(name=f"l{i}", score=i / 2), Leaf(name="x", score=1.0)],
            maybe=None if i % 2 else Leaf(name="m", score=0.0),
            seen=[],
        )
        for i in range(count)
    ]


def _run_rows(query: str) -> tuple[list[dict[str, Any]], list[set[int]]]:
    """Each context's result for the query on fresh rows, and the resolve infos `first` saw."""

    results = []
    infos = []
    for context_class in (None, FastPathExecutionContext):
        rows = _rows(3)

        @strawberry.type
        class Query:
            @strawberry.field
            def rows(self) -> list[Row]:
                return rows  # noqa: B023 - each schema runs at once, in this iteration

        schema = strawberry.Schema(query=Query, execution_context_class=context_class)
        result = asyncio.run(schema.execute(query))
        results.append({"data": result.data, "errors": [str(e) for e in result.errors or []]})
        infos.append({id(info) for row in rows for info in row.seen})
    assert results[0] == results[1]
    return results, infos


def test_lists_of_objects_complete_as_graphql_core_does_with_one_resolve_info() -> None:
    query = """{ rows { __typename name tags alias: name leaves { name score }
        maybe { name } first { name ...F } } } fragment F on Leaf { score }"""
    results, infos = _run_rows(query)
    assert results[1]["data"]["rows"][0] == {
        "__typename": "Row",
        "name": "r0",
        "tags": [["t0"], []],
        "alias": "r0",
        "leaves": [{"name": "l0", "score": 0.0}, {"name": "x", "score": 1.0}],
        "maybe": {"name": "m"},
        "first": {"name": "l0", "score": 0.0},
    }
    assert results[1]["data"]["rows"][1]["maybe"] is None
    assert len(infos[0]) == 3  # graphql-core: one resolve info per row
    assert len(infos[1]) == 1  # the fast path: one for the list


def test_awaitables_errors_directives_and_interfaces_take_graphql_cores_path() -> None:
    for query in (
        "{ rows { name later first { name } } }",
        "{ rows { name broken first { name } } }",
        "{ rows { name first @skip(if: true) { name } } }",
        "{ rows { name named { name } first { name } } }",
    ):
        _, infos = _run_rows(query)
        assert len(infos[1]) in (0, 3), query  # never the fast path's shared info
    results, _ = _run_rows("{ rows { broken } }")
    assert "r0 is broken" in results[1]["errors"][0]


def _leaf_types() -> list[GraphQLOutputType]:
    """Strawberry's own scalar and enum types (they differ from graphql-core's objects),
    nullable or not, bare or in lists of one or two levels."""

    @strawberry.type
    class Query:
        text: str
        id: strawberry.ID
        number: float
        count: int
        flag: bool
        colour: Colour

    type_map = strawberry.Schema(query=Query)._schema.type_map
    leaves = [type_map[name] for name in ("String", "ID", "Float", "Int", "Boolean", "Colour")]
    types: list[GraphQLOutputType] = []
    for leaf in leaves:
        for wrap in (
            lambda t: t,
            GraphQLNonNull,
            lambda t: GraphQLList(GraphQLNonNull(t)),
            lambda t: GraphQLNonNull(GraphQLList(t)),
            lambda t: GraphQLList(GraphQLNonNull(GraphQLList(GraphQLNonNull(t)))),
        ):
            types.append(wrap(leaf))
    return types


_LEAF_TYPES = _leaf_types()
_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**40), max_value=2**40)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=3)
    | st.sampled_from(Colour)
    | st.just("RED"),
    lambda items: st.lists(items, max_size=3) | st.tuples(items, items),
    max_leaves=6,
)


def _as_json(value: Any) -> Any:
    """A completed value as its JSON reads it: a tuple is a list."""
    if isinstance(value, list | tuple):
        return [_as_json(item) for item in value]
    return value


def _outcome(complete: Any, value: Any) -> str:
    try:
        return repr(_as_json(complete(value)))  # repr: 1, 1.0 and True differ
    except Exception as error:  # the coercion refused it: both must refuse alike
        return f"raised {type(error).__name__}"


def test_a_tuple_of_completed_items_is_kept_as_it_is_not_copied() -> None:
    explanation = (("asm-1", "goal-1"), ("asm-2", "goal-1"))
    type_ = GraphQLNonNull(GraphQLList(GraphQLNonNull(GraphQLList(GraphQLNonNull(GraphQLID)))))
    assert completer(type_)(explanation) is explanation
    assert completer(type_)([("asm-1",)]) == [("asm-1",)]  # a list is still a fresh list


@given(type_=st.sampled_from(_LEAF_TYPES), value=_VALUES)
def test_a_fields_completer_completes_every_value_as_the_general_path_does(
    type_: GraphQLOutputType, value: Any
) -> None:
    general = _outcome(lambda v: _plain(type_, v), value)
    assert _outcome(completer(type_), value) == general
    complete = completer(type_)  # a second value through the same completer (enum memo)
    assert _outcome(complete, value) == _outcome(complete, value) == general


_EDGE_VALUES = [None, True, 0, 2**31, -(2**31) - 1, 1.5, float("nan"), float("inf"), -0.0, "", "x"]
_EDGE_VALUES += [Colour.RED, "RED", [None], ["x", 1], [[1.5, "x"], []], ("x",), [Colour.RED]]


@pytest.mark.parametrize("type_", _LEAF_TYPES, ids=str)
def test_a_fields_completer_refuses_and_coerces_the_edge_values_as_the_general_path_does(
    type_: GraphQLOutputType,
) -> None:
    complete = completer(type_)
    for value in _EDGE_VALUES * 2:  # twice: what the enum completer remembers changes nothing
        assert _outcome(complete, value) == _outcome(lambda v: _plain(type_, v), value), value
