"""Cost before work: measure a query over its expanded document before anything runs.

A fragment spread stands for its fragment's whole selection, so a document of a few hundred
bytes can expand to millions of fields (`...F0` where F0 spreads F1 twice, F1 spreads F2
twice, ...). Walking spreads as they occur costs as much as the expansion; here each fragment
is measured once and its measures are reused wherever it is spread (memoised), so measuring
costs in proportion to the text, whatever it expands to.

Measures of the operation that would run, over the expanded document:
- depth: the longest chain of nested fields;
- aliases: fields written with an alias;
- fields: every field selection;
- cost: each field counts 1, its children times the page it asks for (`first`/`last`), and the
  analyses count their work: Monte Carlo `samples`, `maxOrder` (cut sets grow as
  2^maxOrder), and, for analyses over every case, the size of the largest workspace analysed
  so far (in thousands of cases).

A query over any limit is refused before validation and execution, with the measure, the limit
and the environment variable that sets it in the message (`QUERY_TOO_COMPLEX` for depth,
aliases and fields; `QUERY_TOO_COSTLY` for cost).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValueNode,
    VariableNode,
    value_from_ast_untyped,
)
from strawberry.extensions import SchemaExtension

from service.api.workload import HeavySlots

#: Base cost of an analysis field, before its arguments scale it.
ANALYSIS_BASE_COST = 10
#: Fields whose work grows with the number of cases of the workspace.
CASE_SCALED_FIELDS = frozenset(
    {
        "impact",
        "alignedHoles",
        "risk",
        "correlation",
        "swissCheeseMatrix",
        "audit",
        "riskAcrossPriors",
        "questionSensitivity",
        "importance",
        "riskBudget",
    }
)
DEFAULT_SAMPLES = 100_000
DEFAULT_MAX_ORDER = 3
MAX_PAGE_FACTOR = 10_000


@dataclass(frozen=True)
class Limits:
    max_depth: int
    max_aliases: int
    max_fields: int
    max_cost: int


@dataclass(frozen=True)
class Measures:
    depth: int = 0
    aliases: int = 0
    fields: int = 0
    cost: int = 0

    def __add__(self, other: Measures) -> Measures:
        return Measures(
            max(self.depth, other.depth),
            self.aliases + other.aliases,
            self.fields + other.fields,
            self.cost + other.cost,
        )


class _Measurer:
    def __init__(
        self,
        document: DocumentNode,
        variables: Mapping[str, Any] | None,
        case_thousands: int,
    ) -> None:
        self.fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        self.variables = dict(variables or {})
        self.case_scale = max(1, case_thousands)
        self.memo: dict[str, Measures] = {}
        self.open: set[str] = set()

    def selection_set(self, selection_set: SelectionSetNode | None) -> Measures:
        total = Measures()
        if selection_set is None:
            return total
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total = total + self.field(selection)
            elif isinstance(selection, InlineFragmentNode):
                total = total + self.selection_set(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                total = total + self.fragment(selection.name.value)
        return total

    def fragment(self, name: str) -> Measures:
        known = self.memo.get(name)
        if known is not None:
            return known
        definition = self.fragments.get(name)
        if definition is None or name in self.open:  # unknown or cyclic: validation says so
            return Measures()
        self.open.add(name)
        measures = self.selection_set(definition.selection_set)
        self.open.discard(name)
        self.memo[name] = measures
        return measures

    def field(self, node: FieldNode) -> Measures:
        arguments = {arg.name.value: arg.value for arg in node.arguments or ()}
        children = self.selection_set(node.selection_set)
        factor = self.page_factor(arguments)
        own = self.own_cost(node.name.value, arguments)
        if node.name.value.startswith("__"):  # introspection (GraphiQL's is deep): no depth
            depth = 0
        else:
            depth = children.depth + 1 if node.selection_set is not None else 0
        return Measures(
            depth=depth,
            aliases=children.aliases + (1 if node.alias is not None else 0),
            fields=children.fields + 1,
            cost=own + children.cost * factor,
        )

    def argument(self, value: ValueNode | None) -> Any:
        if value is None:
            return None
        if isinstance(value, VariableNode):
            return self.variables.get(value.name.value)
        try:
            return value_from_ast_untyped(value, self.variables)
        except Exception:  # a malformed literal: validation reports it
            return None

    def number(self, value: ValueNode | None, default: int, ceiling: int) -> int:
        found = self.argument(value)
        if isinstance(found, bool) or not isinstance(found, int | float):
            return default
        if found != found:  # NaN: coercion refuses it later
            return default
        return int(max(0, min(found, ceiling)))

    def page_factor(self, arguments: Mapping[str, ValueNode]) -> int:
        factor = 1
        for name in ("first", "last"):
            if name in arguments:
                factor = max(factor, self.number(arguments[name], 1, MAX_PAGE_FACTOR))
        return factor

    def own_cost(self, name: str, arguments: Mapping[str, ValueNode]) -> int:
        if name not in CASE_SCALED_FIELDS:
            return 1
        work = ANALYSIS_BASE_COST
        if name == "risk" or name == "importance":
            method = self.argument(arguments.get("method"))
            if method is None or str(method).upper() in ("MC", "AUTO"):
                work += self.number(arguments.get("samples"), DEFAULT_SAMPLES, 10**9) // 100
        if name == "alignedHoles":
            order = self.number(arguments.get("maxOrder"), DEFAULT_MAX_ORDER, 30)
            work *= 2**order
        return work * self.case_scale


def measure(
    document: DocumentNode,
    operation_name: str | None = None,
    variables: Mapping[str, Any] | None = None,
    case_thousands: int = 0,
) -> Measures:
    """The measures of the operation that would run (every operation when it is ambiguous)."""
    measurer = _Measurer(document, variables, case_thousands)
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    chosen = [
        op
        for op in operations
        if operation_name is None or (op.name and op.name.value == operation_name)
    ]
    total = Measures()
    for operation in chosen or operations:
        total = total + measurer.selection_set(operation.selection_set)
    return total


def over_limits(measures: Measures, limits: Limits) -> GraphQLError | None:
    """The error refusing a query over a limit, or None."""
    checks = (
        ("depth", measures.depth, limits.max_depth, "SCG_GRAPHQL_MAX_DEPTH", "QUERY_TOO_COMPLEX"),
        (
            "aliases",
            measures.aliases,
            limits.max_aliases,
            "SCG_GRAPHQL_MAX_ALIASES",
            "QUERY_TOO_COMPLEX",
        ),
        (
            "fields",
            measures.fields,
            limits.max_fields,
            "SCG_GRAPHQL_MAX_FIELDS",
            "QUERY_TOO_COMPLEX",
        ),
        ("cost", measures.cost, limits.max_cost, "SCG_GRAPHQL_MAX_COST", "QUERY_TOO_COSTLY"),
    )
    for what, value, limit, variable, code in checks:
        if value > limit:
            advice = (
                "ask for fewer samples, a lower maxOrder or fewer analyses per request"
                if what == "cost"
                else "split the query, or use fewer fragments and aliases"
            )
            return GraphQLError(
                f"query {what} {value} exceeds the limit of {limit} ({variable}): {advice}",
                extensions={"code": code, "measure": what, "value": value, "limit": limit},
            )
    return None


class QueryBudget(SchemaExtension):
    """Refuse queries over `limits` before validation and execution (list it after
    `QueryCache`, so that a cached text is measured too: cost depends on variables).

    A query of cost `heavy_cost` or more also needs a slot of its API key in `slots`
    (`workload.HeavySlots`), held until the operation ends; without one it is refused with
    `RATE_LIMITED` (HTTP 429, Retry-After: `ErrorShaping`)."""

    def __init__(
        self,
        limits: Limits,
        case_thousands: Callable[[], int] = lambda: 0,
        heavy_cost: int | None = None,
        slots: HeavySlots | None = None,
    ) -> None:
        super().__init__()
        self.limits = limits
        self.case_thousands = case_thousands
        self.heavy_cost = heavy_cost
        self.slots = slots
        self._held: str | None = None

    def on_operation(self) -> Iterator[None]:
        try:
            yield
        finally:
            if self._held is not None and self.slots is not None:
                self.slots.release(self._held)
                self._held = None

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None:
            measures = measure(
                document, context.operation_name, context.variables, self.case_thousands()
            )
            error = over_limits(measures, self.limits) or self._heavy_slot(measures.cost)
            if error is not None:
                context.pre_execution_errors = [error]
        yield

    def _heavy_slot(self, cost: int) -> GraphQLError | None:
        if self.slots is None or self.heavy_cost is None or cost < self.heavy_cost:
            return None
        principal = getattr(self.execution_context.context, "_principal", None)
        key = getattr(principal, "id", None)
        if key is None:
            return None
        if not self.slots.acquire(key):
            return GraphQLError(
                f"this API key already runs {self.slots.per_key} heavy queries (cost >= "
                f"{self.heavy_cost}; SCG_HEAVY_QUERIES_PER_KEY): retry when one has finished",
                extensions={"code": "RATE_LIMITED", "retryAfter": 1},
            )
        self._held = key
        return None
