"""What a query asks for below a field (look-ahead), so a resolver can fetch it all at once.

A resolver that knows the fields selected below it can load their data in one query instead
of letting each nested resolver load its own: a case's whole argument tree, or the nodes of
an analysis result. Fragments are flattened; directives (@skip, @include) are ignored, so a
look-ahead may fetch a little more than is returned, never less.
"""

from __future__ import annotations

from collections.abc import Iterable

from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField, Selection

from service.api.context import Info


def fields(selections: Iterable[Selection]) -> list[SelectedField]:
    """The fields of a selection set, fragments flattened."""
    found: list[SelectedField] = []
    for selection in selections:
        if isinstance(selection, SelectedField):
            found.append(selection)
        elif isinstance(selection, FragmentSpread | InlineFragment):
            found += fields(selection.selections)
    return found


def below(info: Info) -> list[Selection]:
    """The selections below the field being resolved (all its occurrences merged)."""
    return [selection for field in info.selected_fields for selection in field.selections]


def selects(selections: Iterable[Selection], *path: str) -> bool:
    """Whether the selection set asks for the field at `path` (GraphQL names), e.g.
    `selects(below(info), "cases", "case")`."""
    if not path:
        return True
    head, *rest = path
    return any(selects(f.selections, *rest) for f in fields(selections) if f.name == head)


def children_levels(selections: Iterable[Selection]) -> int:
    """How many levels of `children` a selection on an argument node asks for (through the
    connection's `nodes` or `edges { node }`)."""
    levels = 0
    for field in fields(selections):
        if field.name != "children":
            continue
        nodes: list[Selection] = []
        for part in fields(field.selections):
            if part.name == "nodes":
                nodes += part.selections
            elif part.name == "edges":
                nodes += [
                    s for f in fields(part.selections) if f.name == "node" for s in f.selections
                ]
        levels = max(levels, 1 + children_levels(nodes))
    return levels
