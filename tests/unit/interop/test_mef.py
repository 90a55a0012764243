"""Open-PSA MEF fault trees read as portfolios: the dual translation and its refusals."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.analysis import compile_circuit, minimal_cut_sets, portfolio_risk
from service.authoring import validate_portfolio
from service.interop.mef import InvalidMefError, import_mef
from service.model import ArgumentNode, ArgumentRef, Support

ARALIA = Path(__file__).resolve().parents[4] / "shared" / "benchmarks" / "aralia"


def _write(tmp_path: Path, body: str, name: str = "tree.xml") -> Path:
    path = tmp_path / name
    path.write_text(f'<?xml version="1.0"?>\n<opsa-mef>\n{body}\n</opsa-mef>\n')
    return path


def _events(names: str, p: float = 0.1) -> str:
    return "".join(
        f'<define-basic-event name="{n}"><float value="{p}"/></define-basic-event>'
        for n in names.split()
    )


def _node(root: ArgumentNode, node_id: str) -> ArgumentNode:
    return next(n for n in root.walk() if n.id == node_id)


def test_or_and_atleast_gates_become_all_any_and_at_least_n_minus_m_plus_1(
    tmp_path: Path,
) -> None:
    path = _write(
        tmp_path,
        '<define-fault-tree name="t">'
        '<define-gate name="top"><or><gate name="g_and"/><gate name="g_k"/>'
        '<basic-event name="a"/></or></define-gate>'
        '<define-gate name="g_and"><and><basic-event name="b"/><basic-event name="c"/></and>'
        "</define-gate>"
        '<define-gate name="g_k"><atleast min="2"><basic-event name="a"/>'
        '<basic-event name="b"/><basic-event name="c"/></atleast></define-gate>'
        "</define-fault-tree>" + _events("a b c"),
    )
    portfolio = validate_portfolio(import_mef(path))
    root = portfolio.cases[0].argument
    assert root.support is Support.ALL
    assert root.relies_on == ["a"]
    assert _node(root, "gate:g_and").support is Support.ANY
    k_node = _node(root, "gate:g_k")
    assert (k_node.support, k_node.k) == (Support.AT_LEAST, 2)  # fails when 2 of 3 fail
    assert [a.p_fail for a in portfolio.assumptions] == [0.1, 0.1, 0.1]
    assert portfolio.cases[0].covers == ["t"]


def test_a_gate_used_twice_stays_one_shared_node(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        '<define-gate name="top"><and><gate name="s"/><gate name="x"/></and></define-gate>'
        '<define-gate name="x"><or><gate name="s"/><basic-event name="b"/></or></define-gate>'
        '<define-gate name="s"><or><basic-event name="a"/><basic-event name="c"/></or>'
        "</define-gate>" + _events("a b c"),
    )
    root = validate_portfolio(import_mef(path)).cases[0].argument
    defined = [n.id for n in root.walk()]
    assert defined.count("gate:s") == 1
    assert ArgumentRef(ref="gate:s") in _node(root, "gate:x").children


@pytest.mark.parametrize("operator", ["not", "xor", "nand", "nor"])
def test_non_coherent_gates_are_refused_naming_the_gate(tmp_path: Path, operator: str) -> None:
    path = _write(
        tmp_path,
        f'<define-gate name="top"><{operator}><basic-event name="a"/>'
        f'<basic-event name="b"/></{operator}></define-gate>' + _events("a b"),
    )
    with pytest.raises(InvalidMefError, match=f"gate 'top' uses <{operator}>"):
        import_mef(path)


def test_house_events_are_folded_into_the_logic(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        '<define-gate name="top"><and><basic-event name="a"/><house-event name="on"/>'
        '<gate name="g"/></and></define-gate>'
        '<define-gate name="g"><or><basic-event name="b"/><house-event name="off"/></or>'
        "</define-gate>"
        '<define-house-event name="on"><constant value="true"/></define-house-event>'
        '<define-house-event name="off"><constant value="false"/></define-house-event>'
        + _events("a b"),
    )
    portfolio = validate_portfolio(import_mef(path))
    circuit = compile_circuit(portfolio)
    cut_sets = minimal_cut_sets(circuit, portfolio.deployments[0].id, max_order=0)
    assert sorted(tuple(e.id for e in c.events) for c in cut_sets.cut_sets) == [("a", "b")]


def test_missing_probabilities_are_named_and_can_come_from_a_second_file(
    tmp_path: Path,
) -> None:
    tree = _write(
        tmp_path,
        '<define-gate name="top"><or><basic-event name="a"/>'
        '<basic-event name="b"/></or></define-gate>',
    )
    with pytest.raises(InvalidMefError, match="without a probability: a, b"):
        import_mef(tree)
    probabilities = _write(
        tmp_path, "<model-data>" + _events("a b", 0.2) + "</model-data>", "p.xml"
    )
    assert [a.p_fail for a in import_mef(tree, probabilities).assumptions] == [0.2, 0.2]


def test_several_top_gates_ask_for_one(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        '<define-gate name="t1"><or><basic-event name="a"/></or></define-gate>'
        '<define-gate name="t2"><or><basic-event name="a"/></or></define-gate>' + _events("a"),
    )
    with pytest.raises(InvalidMefError, match="several top gates"):
        import_mef(path)
    assert import_mef(path, top="t2").cases[0].argument.id == "gate:t2"


def test_unreadable_xml_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.xml"
    path.write_text("<opsa-mef><define-gate name='x'>")
    with pytest.raises(InvalidMefError, match="not a readable MEF XML file"):
        import_mef(path)


# -- semantics: the portfolio's P(uncovered) is the tree's top-event probability -------------
@st.composite
def fault_trees(draw: st.DrawFn) -> tuple[str, list[str], dict[str, tuple[str, int, list[str]]]]:
    events = [f"e{i}" for i in range(draw(st.integers(2, 6)))]
    gates: dict[str, tuple[str, int, list[str]]] = {}
    names: list[str] = []
    for g in range(draw(st.integers(1, 5))):
        pool = events + names  # earlier gates only: a DAG
        args = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=4, unique=True))
        operator = draw(st.sampled_from(["and", "or", "atleast"]))
        minimum = draw(st.integers(1, len(args))) if operator == "atleast" else 0
        name = f"g{g}"
        gates[name] = (operator, minimum, args)
        names.append(name)
    return names[-1], events, gates


def _mef(top: str, events: list[str], gates: dict[str, tuple[str, int, list[str]]]) -> str:
    body = []
    for name, (operator, minimum, args) in gates.items():
        refs = "".join(
            f'<gate name="{a}"/>' if a in gates else f'<basic-event name="{a}"/>' for a in args
        )
        attr = f' min="{minimum}"' if operator == "atleast" else ""
        body.append(
            f'<define-gate name="{name}"><{operator}{attr}>{refs}</{operator}></define-gate>'
        )
    return "".join(body) + "".join(
        f'<define-basic-event name="{e}"><float value="{0.05 * (i + 1)}"/></define-basic-event>'
        for i, e in enumerate(events)
    )


def _top_fails(name: str, failed: set[str], gates: dict[str, tuple[str, int, list[str]]]) -> bool:
    if name not in gates:
        return name in failed
    operator, minimum, args = gates[name]
    count = sum(_top_fails(a, failed, gates) for a in args)
    return {"and": count == len(args), "or": count >= 1, "atleast": count >= minimum}[operator]


@settings(max_examples=60, deadline=None)
@given(tree=fault_trees())
def test_top_event_probability_equals_the_deployments_p_uncovered(
    tmp_path_factory: pytest.TempPathFactory,
    tree: tuple[str, list[str], dict[str, tuple[str, int, list[str]]]],
) -> None:
    top, events, gates = tree
    path = _write(tmp_path_factory.mktemp("mef"), _mef(top, events, gates))
    portfolio = validate_portfolio(import_mef(path, top=top))
    used = [a.id for a in portfolio.assumptions]
    p = {e: 0.05 * (i + 1) for i, e in enumerate(events)}
    expected = 0.0
    for bits in itertools.product([False, True], repeat=len(used)):
        failed = {e for e, bit in zip(used, bits, strict=True) if bit}
        if _top_fails(top, failed, gates):
            weight = 1.0
            for e, bit in zip(used, bits, strict=True):
                weight *= p[e] if bit else 1 - p[e]
            expected += weight
    risk = portfolio_risk(compile_circuit(portfolio), portfolio.deployments[0].id, method="exact")
    assert risk.p_uncovered == pytest.approx(expected, rel=1e-9, abs=1e-15)


@pytest.mark.skipif(
    not ARALIA.exists(), reason="the Aralia benchmark trees are not beside the repo"
)
def test_every_coherent_aralia_tree_imports_and_validates() -> None:
    imported, refused = 0, []
    for path in sorted(ARALIA.glob("*.xml")):
        try:
            portfolio = import_mef(path)
        except InvalidMefError as error:
            refused.append(str(error))
            continue
        validate_portfolio(portfolio)
        imported += 1
    assert imported == 40
    assert all("uses <not>" in e or "uses <xor>" in e for e in refused)
