"""Look-ahead on the selection set: fields asked for below a resolver (no database)."""

from __future__ import annotations

from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField, Selection

from service.api.selection import children_levels, selects


def field(name: str, *selections: Selection) -> SelectedField:
    return SelectedField(
        name=name, directives={}, arguments={}, selections=list(selections), alias=None
    )


def levels(depth: int, *, edges: bool = False) -> list[Selection]:
    """`children { nodes { id children { nodes { ... } } } }`, `depth` levels."""
    inner: list[Selection] = [field("id")]
    for _ in range(depth):
        page = field("edges", field("node", *inner)) if edges else field("nodes", *inner)
        inner = [field("id"), field("children", page)]
    return inner


def test_levels_of_children_are_counted_through_nodes_edges_and_fragments() -> None:
    assert children_levels([field("id")]) == 0
    assert children_levels(levels(1)) == 1
    assert children_levels(levels(5)) == 5
    assert children_levels(levels(3, edges=True)) == 3
    spread = FragmentSpread(name="F", type_condition="Goal", directives={}, selections=levels(4))
    inline = InlineFragment(type_condition="Goal", directives={}, selections=levels(2))
    assert children_levels([field("id"), spread, inline]) == 4


def test_selects_follows_a_path_of_field_names() -> None:
    selections: list[Selection] = [
        field("cases", field("outcome")),
        InlineFragment(
            type_condition="Impact",
            directives={},
            selections=[field("deployments", field("deployment", field("id")))],
        ),
    ]
    assert selects(selections, "cases")
    assert not selects(selections, "cases", "case")
    assert selects(selections, "deployments", "deployment")
    assert selects(selections, "deployments", "deployment", "id")
    assert not selects(selections, "deployments", "survivingCases")
