"""A portfolio as rows for UNWIND batches: one list of node rows per kind, one of edges per type.

Graph properties are camelCase and enums upper case (DESIGN §3). Every row carries `ord`, its
position in the document, so an export lists things in the order they were written.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from service.model import ArgumentNode, ArgumentRef, FailsIn, Portfolio
from service.model.kinds import Kind
from service.util.gc_pause import collector_paused

Row = dict[str, Any]

#: Graph labels of each node kind (besides :Entity, which every domain node has).
LABELS: dict[str, list[str]] = {
    "source": ["Source"],
    "question": ["Question"],
    "world_model": ["WorldModel"],
    "technique": ["Technique"],
    "assumption": ["Assumption"],
    "deployment": ["Deployment"],
    "safety_case": ["SafetyCase"],
    "goal": ["ArgumentNode", "Goal"],
    "strategy": ["ArgumentNode", "Strategy"],
    "evidence": ["ArgumentNode", "Evidence"],
    "context": ["Context"],
    "justification": ["Justification"],
    "defeater": ["Defeater"],
    "prior_profile": ["PriorProfile"],
}


#: (graph property, model field, is an enum) of every property of each kind, once.
_FIELDS: dict[Kind, tuple[tuple[str, str, bool], ...]] = {
    kind: tuple((p.graph, p.name, p.enum is not None) for p in kind.spec.properties)
    for kind in Kind
}
#: What a context statement or justification stores besides its statement.
_STATEMENTS = {
    "context": Kind.CONTEXT.spec.constant_properties,
    "justification": Kind.JUSTIFICATION.spec.constant_properties,
}


def _props(kind: Kind, entity: BaseModel) -> dict[str, Any]:
    """The node properties of an entity: every property of its kind (`service.model.kinds`),
    camelCase, enums by their upper-case name."""
    return {
        graph: getattr(entity, name).name if is_enum else getattr(entity, name)
        for graph, name, is_enum in _FIELDS[kind]
    }


#: Every property an edge row may carry (create_relationships.cypher writes exactly these).
EDGE_PROPERTIES = frozenset({"ord", "p", "ref", "prior"})

#: `json.dumps(value, sort_keys=True)` without building an encoder per call (the same text,
#: so the same content hashes; 170,000 rows for 10,000 cases hash several times faster).
_CANONICAL_JSON = json.JSONEncoder(sort_keys=True)


def context_id(node_id: str, kind: str, index: int) -> str:
    """Id of a context or justification statement (`#` cannot appear in an authored id)."""
    return f"{node_id}#{kind}-{index}"


@dataclass
class PortfolioRows:
    """Node rows `{kind, id, labels, props, hash}` and edge rows `{source, type, target, props}`."""

    nodes: list[Row] = field(default_factory=list)
    edges: list[Row] = field(default_factory=list)
    _ords: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def node(self, node_kind: str, id_: str, /, **props: Any) -> None:
        props["ord"] = self._ords[node_kind]
        self._ords[node_kind] += 1
        labels = LABELS[node_kind]
        digest = hashlib.sha1(_CANONICAL_JSON.encode([labels, props]).encode()).hexdigest()
        self.nodes.append(
            {"kind": node_kind, "id": id_, "labels": labels, "props": props, "hash": digest}
        )

    def edge(self, type_: str, source: str, target: str, ord_: int, **props: Any) -> None:
        self.edges.append(
            {
                "source": source,
                "type": type_.upper(),
                "target": target,
                "props": {"ord": ord_, **props},
            }
        )

    def cites(self, source: str, sources: list[str]) -> None:
        for i, cited in enumerate(sources):
            self.edge("cites", source, cited, i)

    def fails_in(self, source: str, fails_in: list[FailsIn]) -> None:
        for i, edge in enumerate(fails_in):
            self.edge("fails_in", source, edge.world, i, p=edge.p)


def portfolio_rows(portfolio: Portfolio) -> PortfolioRows:
    with collector_paused():  # hundreds of thousands of small dicts and no reference cycles
        return _portfolio_rows(portfolio)


def _portfolio_rows(portfolio: Portfolio) -> PortfolioRows:
    rows = PortfolioRows()
    for source in portfolio.sources:
        rows.node("source", source.id, **_props(Kind.SOURCE, source))
    for question in portfolio.questions:
        rows.node("question", question.id, **_props(Kind.QUESTION, question))
        for i, answer in enumerate(question.answers):
            rows.node("world_model", answer.id, **_props(Kind.WORLD_MODEL, answer))
            rows.edge("has_answer", question.id, answer.id, i)
    for technique in portfolio.techniques:
        rows.node("technique", technique.id, **_props(Kind.TECHNIQUE, technique))
        rows.fails_in(technique.id, technique.fails_in)
        rows.cites(technique.id, technique.sources)
    for assumption in portfolio.assumptions:
        rows.node("assumption", assumption.id, **_props(Kind.ASSUMPTION, assumption))
        for i, technique_id in enumerate(assumption.techniques):
            rows.edge("uses", assumption.id, technique_id, i)
        for i, relied_on in enumerate(assumption.relies_on):
            rows.edge("relies_on", assumption.id, relied_on, i)
        rows.fails_in(assumption.id, assumption.fails_in)
        rows.cites(assumption.id, assumption.sources)
    for deployment in portfolio.deployments:
        rows.node("deployment", deployment.id, **_props(Kind.DEPLOYMENT, deployment))
        rows.cites(deployment.id, deployment.sources)
    for case in portfolio.cases:
        rows.node("safety_case", case.id, **_props(Kind.SAFETY_CASE, case))
        for i, deployment_id in enumerate(case.covers):
            rows.edge("covers", case.id, deployment_id, i)
        rows.edge("root", case.id, case.argument.id, 0)
        rows.cites(case.id, case.sources)
        for node in case.argument.walk():
            _argument_node_rows(rows, node)
    for defeater in portfolio.defeaters:
        rows.node("defeater", defeater.id, **_props(Kind.DEFEATER, defeater))
        rows.edge("challenges", defeater.id, defeater.challenges, 0)
    for profile in portfolio.prior_profiles:
        rows.node(
            "prior_profile",
            profile.id,
            name=profile.name,
            description=profile.description,
            notes=profile.notes,
        )
        for i, (world, prior) in enumerate(profile.priors.items()):
            rows.edge("assigns", profile.id, world, i, prior=prior)
        rows.cites(profile.id, profile.sources)
    return rows


def _argument_node_rows(rows: PortfolioRows, node: ArgumentNode) -> None:
    rows.node(node.type.value, node.id, **_props(Kind.ARGUMENT_NODE, node))
    for i, child in enumerate(node.children):
        is_ref = isinstance(child, ArgumentRef)
        target = child.ref if isinstance(child, ArgumentRef) else child.id
        rows.edge("supported_by", node.id, target, i, ref=is_ref)
    for i, relied_on in enumerate(node.relies_on):
        rows.edge("relies_on", node.id, relied_on, i)
    position = 0
    for kind, statements in (("context", node.context), ("justification", node.justification)):
        for i, statement in enumerate(statements):
            id_ = context_id(node.id, kind, i)
            rows.node(kind, id_, **_STATEMENTS[kind], statement=statement)
            rows.edge("in_context_of", node.id, id_, position)
            position += 1
    rows.cites(node.id, node.sources)
