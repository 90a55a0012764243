"""The entity-kind descriptions: every field of a kind's model is a property or a relationship,
and edits are checked by the model's own rules."""

from __future__ import annotations

import re

import pytest

from service.model.kinds import ENTITY, RELATIONSHIPS, Kind, navigation_of

LABELS = {kind.spec.label for kind in Kind} | {ENTITY} | set(Kind.ARGUMENT_NODE.spec.variants)


@pytest.mark.parametrize("kind", list(Kind), ids=lambda k: k.name)
def test_every_field_of_a_kind_is_a_property_or_a_relationship(kind: Kind) -> None:
    links = {name for r in RELATIONSHIPS for name in r.fields}
    properties = {p.name for p in kind.spec.properties}
    assert set(kind.spec.model.model_fields) - {"id"} == properties | (
        set(kind.spec.model.model_fields) & links
    )
    assert not properties & links


def test_relationships_join_known_labels_and_their_fields_live_on_known_types() -> None:
    for relationship in RELATIONSHIPS:
        assert set(relationship.sources) <= LABELS
        assert set(relationship.targets) <= LABELS
        for nav in relationship.navigation:
            assert nav.on in LABELS
            assert relationship.label_of(nav) in LABELS
    assert [nav.name for _, nav in navigation_of("Deployment")] == ["cases", "sources"]


@pytest.mark.parametrize(
    ("kind", "name", "value", "message"),
    [
        (Kind.DEPLOYMENT, "riskThreshold", 1.5, "riskThreshold must be in [0, 1], got 1.5"),
        (Kind.SAFETY_CASE, "effectiveness", 0, "effectiveness must be in (0, 1], got 0"),
        (Kind.SAFETY_CASE, "pUnsound", 1.0, "pUnsound must be in [0, 1), got 1.0"),
        (Kind.ASSUMPTION, "pFail", True, "pFail must be a number in [0, 1]"),
        (Kind.DEPLOYMENT, "stakes", "huge", "stakes must be one of LOW, MEDIUM, HIGH, CRITICAL"),
        (Kind.DEFEATER, "status", None, "status must be one of OPEN, RESOLVED, got None"),
        (Kind.ARGUMENT_NODE, "k", 0, "k must be an integer >= 1, got 0"),
    ],
)
def test_a_value_out_of_the_models_range_is_refused_by_name(
    kind: Kind, name: str, value: object, message: str
) -> None:
    prop = kind.spec.property_named(name)
    assert prop is not None
    with pytest.raises(ValueError, match=re.escape(message)):
        prop.check(value)


def test_values_are_stored_in_the_graphs_spelling() -> None:
    stakes = Kind.DEPLOYMENT.spec.property_named("stakes")
    assert stakes is not None
    assert stakes.check("HIGH") == "HIGH"
    assert stakes.from_graph(None).name == "MEDIUM"  # the model's default
    assert Kind.ARGUMENT_NODE.spec.labels({"type": "STRATEGY"}) == [
        "Entity",
        "ArgumentNode",
        "Strategy",
    ]
