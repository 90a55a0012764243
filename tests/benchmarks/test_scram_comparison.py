"""`make compare-scram`: the independent MEF probability, the precision rule, and the harness
end to end (against SCRAM on two small Aralia trees when `scram` is installed)."""

from __future__ import annotations

import itertools
import json
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.mef_probability import read_fault_tree, top_probability
from benchmarks.scram_comparison import (
    compare,
    main,
    render_markdown,
    within_printed_precision,
)

ARALIA = Path(__file__).resolve().parents[4] / "shared" / "benchmarks" / "aralia"
OPERATORS = ("and", "or", "atleast", "not", "xor", "nand", "nor")


def _tree(gates: dict[str, tuple[str, list[str], int]], p: dict[str, float]) -> str:
    body = []
    for name, (op, args, k) in gates.items():
        refs = "".join(f'<{"gate" if a in gates else "basic-event"} name="{a}"/>' for a in args)
        minimum = f' min="{k}"' if op == "atleast" else ""
        body.append(f'<define-gate name="{name}"><{op}{minimum}>{refs}</{op}></define-gate>')
    events = "".join(
        f'<define-basic-event name="{e}"><float value="{v}"/></define-basic-event>'
        for e, v in p.items()
    )
    return (
        '<?xml version="1.0"?><opsa-mef><define-fault-tree name="t">'
        + "".join(body)
        + f"</define-fault-tree><model-data>{events}</model-data></opsa-mef>"
    )


@st.composite
def small_trees(draw: st.DrawFn) -> tuple[dict[str, tuple[str, list[str], int]], dict[str, float]]:
    n_events = draw(st.integers(1, 5))
    events = [f"e{i}" for i in range(n_events)]
    p = {e: draw(st.sampled_from([1e-3, 0.1, 0.3, 0.5, 0.9])) for e in events}
    n_gates = draw(st.integers(1, 4))
    gates: dict[str, tuple[str, list[str], int]] = {}
    for g in range(n_gates - 1, -1, -1):  # g0 is the top; gate g uses only gates above g
        op = draw(st.sampled_from(OPERATORS))
        pool = events + [f"g{j}" for j in range(g + 1, n_gates)]
        size = 1 if op == "not" else draw(st.integers(2, 4))
        args = draw(st.lists(st.sampled_from(pool), min_size=size, max_size=size))
        unused = [f"g{j}" for j in range(g + 1, n_gates) if not _uses(gates, args, f"g{j}")]
        args += unused if op != "not" else []
        gates[f"g{g}"] = (op, args, draw(st.integers(1, len(args))))
    if gates["g0"][0] == "not":
        gates["g0"] = ("or", gates["g0"][1] + [f"g{j}" for j in range(1, n_gates)], 1)
    return gates, p


def _uses(gates: dict[str, tuple[str, list[str], int]], args: list[str], target: str) -> bool:
    stack = list(args)
    while stack:
        a = stack.pop()
        if a == target:
            return True
        stack.extend(gates[a][1] if a in gates else ())
    return False


def _value(gates: dict[str, tuple[str, list[str], int]], name: str, on: dict[str, bool]) -> bool:
    if name in on:
        return on[name]
    op, args, k = gates[name]
    v = [_value(gates, a, on) for a in args]
    return {
        "and": all(v),
        "or": any(v),
        "not": not v[0],
        "xor": sum(v) % 2 == 1,
        "nand": not all(v),
        "nor": not any(v),
        "atleast": sum(v) >= k,
    }[op]


@settings(max_examples=80, deadline=None)
@given(small_trees())
def test_the_independent_probability_equals_brute_force_on_any_gates(
    drawn: tuple[dict[str, tuple[str, list[str], int]], dict[str, float]],
) -> None:
    gates, p = drawn
    path = Path("/dev/shm" if Path("/dev/shm").is_dir() else "/tmp") / "scg-mef-check.xml"
    path.write_text(_tree(gates, p))
    events = list(p)
    exact = 0.0
    for bits in itertools.product([False, True], repeat=len(events)):
        on = dict(zip(events, bits, strict=True))
        weight = 1.0
        for e, b in on.items():
            weight *= p[e] if b else 1.0 - p[e]
        if _value(gates, "g0", on):
            exact += weight
    tree = read_fault_tree(path)
    rational, floating = top_probability(tree), top_probability(tree, exact_limit=0)
    assert rational.arithmetic == "exact"
    assert floating.arithmetic == "float"
    assert rational.probability == pytest.approx(exact, abs=1e-12)
    assert floating.probability == pytest.approx(exact, abs=1e-12)


def test_agreement_with_scram_is_judged_at_its_printed_precision() -> None:
    assert within_printed_precision(0.0007130182597903101, "0.000713018")
    assert not within_printed_precision(0.0007130192, "0.000713018")
    assert within_printed_precision(2.169415e-11, "2.16942e-11")
    assert not within_printed_precision(2.16943e-11, "2.16942e-11")


def test_the_harness_refuses_non_coherent_trees_naming_the_gate(tmp_path: Path) -> None:
    p = {"a": 0.1, "b": 0.2, "c": 0.3}
    (tmp_path / "good.xml").write_text(_tree({"top": ("atleast", ["a", "b", "c"], 2)}, p))
    (tmp_path / "bad.xml").write_text(
        _tree({"top": ("or", ["a", "neg"], 1), "neg": ("not", ["b"], 1)}, p)
    )
    rows = compare(sorted(tmp_path.glob("*.xml")), scram=None, timeout=60, echo=False)
    bad, good = rows
    assert good.ours.status == "ok"
    assert good.ours.count == 3
    expected = 0.1 * 0.2 + 0.1 * 0.3 + 0.2 * 0.3 - 2 * 0.1 * 0.2 * 0.3
    assert good.ours.probability == pytest.approx(expected, rel=1e-12)
    assert good.check_relative_difference is not None
    assert good.check_relative_difference <= 1e-9
    assert bad.ours.status == "refused"
    assert "'neg'" in (bad.ours.message or "")
    assert bad.check.probability == pytest.approx(0.1 + 0.8 - 0.1 * 0.8)
    assert all(r.accepted for r in rows)
    text = render_markdown(
        rows,
        {"date": "d", "machine": "m", "scram_version": "none"} | {"timeout_s": 60, "memory_gb": 8},
    )
    assert "| good | 3 | 1 | 3 | not run |" in text
    assert "## Refused: not coherent" in text


@pytest.mark.skipif(shutil.which("scram") is None, reason="scram is not installed")
@pytest.mark.skipif(not ARALIA.is_dir(), reason="no Aralia benchmark directory")
def test_two_small_aralia_trees_agree_with_scram(tmp_path: Path) -> None:
    arguments = ["--aralia-dir", str(ARALIA), "--models", "baobab2,chinese", "--timeout", "60"]
    code = main([*arguments, "--out-dir", str(tmp_path)])
    assert code == 0
    data = json.loads((tmp_path / "scram-comparison.json").read_text())
    trees = {t["model"]: t for t in data["trees"]}
    assert trees["baobab2"]["scram"]["products"] == trees["baobab2"]["ours"]["count"] == 4805
    assert trees["chinese"]["scram"]["products"] == trees["chinese"]["ours"]["count"] == 392
    for tree in trees.values():
        assert tree["mcs_agree"]
        assert tree["probability_agrees_with_scram"]
        assert tree["relative_difference_vs_independent"] <= 1e-9
    assert "| baobab2 | 32 | 40 | 4,805 | 4,805 |" in (tmp_path / "scram-comparison.md").read_text()
