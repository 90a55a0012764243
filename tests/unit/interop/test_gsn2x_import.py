"""gsn2x files in (DESIGN §10): the mapping, modules and dialectic, and every refusal as one
line naming the file, the line and the element."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.authoring import InvalidPortfolioError
from service.interop.gsn2x_import import import_gsn, split_notes
from service.model import Portfolio
from service.model.enums import DefeaterStatus, NodeType
from service.model.portfolio import ArgumentNode
from tests.conftest import REPOSITORY_ROOT

DATA = REPOSITORY_ROOT / "tests" / "data" / "gsn2x"
BAD = DATA / "bad"
EXAMPLE = REPOSITORY_ROOT / "schema" / "examples" / "gsn2x" / "index.gsn.yaml"


def _nodes(portfolio: Portfolio) -> dict[str, ArgumentNode]:
    return {n.id: n for n in portfolio.argument_nodes()}


def test_every_key_of_the_mapping() -> None:
    portfolio = import_gsn([DATA / "good" / "features.gsn.yaml"])
    (case,) = portfolio.cases
    assert case.argument.id == "G1"
    nodes = _nodes(portfolio)
    assert nodes["S1"].type is NodeType.STRATEGY
    assert nodes["G1"].child_ids() == ["S1"]  # supportedBy as a scalar
    assert nodes["S1"].child_ids() == ["G2", "G3", "G4"]
    assert nodes["E1"].type is NodeType.EVIDENCE  # typed by nodeType, not by prefix
    assert nodes["G4"].children == []  # undeveloped: a leaf goal
    assert nodes["G1"].relies_on == ["A1"]
    assert nodes["G1"].context == ["Enterprise deployment with rate limits and monitoring"]
    assert nodes["S1"].justification == ["Hazard classes follow the developer's risk taxonomy"]
    assert [a.id for a in portfolio.assumptions] == ["A1"]
    assert portfolio.assumptions[0].p_fail == 0.0
    sources = {s.id: s for s in portfolio.sources}
    assert sources[nodes["Sn1"].sources[0]].url == "https://example.org/ctf-report"
    # classes, layers and layout keys ride in notes
    assert split_notes(nodes["G1"].notes)[1] == {
        "classes": ["top", "reviewed"],
        "layer1": "Reviewed by the safety board on 2025-03-01",
    }
    assert split_notes(nodes["S1"].notes)[1] == {"rankIncrement": 1}
    assert split_notes(nodes["G2"].notes)[1] == {"horizontalIndex": {"relative": -1}}
    assert split_notes(nodes["G3"].notes)[1] == {"charWrap": 30}
    defeaters = {d.id: d for d in portfolio.defeaters}
    assert defeaters["CG1"].challenges == "Sn1"
    assert defeaters["CG1"].status is DefeaterStatus.OPEN
    assert "CSn1: Survey of professional penetration testers" in defeaters["CG1"].statement
    assert defeaters["CSn2"].challenges == "G3"
    assert defeaters["CSn2"].status is DefeaterStatus.RESOLVED  # itself defeated by CG2
    assert defeaters["CG2"].challenges == "CSn2"


def test_modules_used_and_extended_form_one_case() -> None:
    portfolio = import_gsn([EXAMPLE])
    (case,) = portfolio.cases
    assert case.title == "Control safety case for an internal research agent"  # module brief
    nodes = _nodes(portfolio)
    assert nodes["G-Monitoring"].child_ids() == ["S2"]  # developed by the Monitoring module
    assert nodes["G5"].relies_on == ["A2"]  # an assumption from the Evaluations module
    assert nodes["G6"].relies_on == ["A3"]
    assert {d.id: d.challenges for d in portfolio.defeaters} == {"CG1": "Sn1"}
    assert len(nodes) == 14


def test_every_top_goal_becomes_a_case(tmp_path: Path) -> None:
    file = tmp_path / "two.gsn.yaml"
    file.write_text(
        "G1: {text: One, supportedBy: Sn1}\nG2: {text: Two, supportedBy: [Sn1]}\n"
        "Sn1: {text: Shared evidence}\n",
        encoding="utf-8",
    )
    portfolio = import_gsn([file])
    assert [c.argument.id for c in portfolio.cases] == ["G1", "G2"]
    assert portfolio.cases[1].argument.child_ids() == ["Sn1"]  # the shared node, by {ref}


# (files, [(file, line, element, what the message says)]) -- gsn2x refuses each of these too,
# except where noted: we are stricter where our mapping cannot carry what gsn2x only warns of.
BAD_CASES = [
    (["syntax.gsn.yaml"], [("syntax.gsn.yaml", 4, "", "invalid YAML")]),
    (["not-a-map.gsn.yaml"], [("not-a-map.gsn.yaml", 1, "", "a gsn2x file is a map")]),
    (["element-not-a-map.gsn.yaml"], [("element-not-a-map.gsn.yaml", 1, "G1", "is a map")]),
    (["duplicate-key.gsn.yaml"], [("duplicate-key.gsn.yaml", 6, "Sn1", "duplicate key")]),
    (["empty-module.gsn.yaml"], [("empty-module.gsn.yaml", 1, "", "no elements")]),
    (["unknown-type.gsn.yaml"], [("unknown-type.gsn.yaml", 4, "X1", "V01: element type")]),
    (["bad-node-type.gsn.yaml"], [("bad-node-type.gsn.yaml", 6, "E1", "V01: unknown nodeType")]),
    (["unresolved.gsn.yaml"], [("unresolved.gsn.yaml", 3, "G1", "C03: unresolved reference")]),
    (["list-as-string.gsn.yaml"], [("list-as-string.gsn.yaml", 3, "G1", "write [Sn1, Sn2]")]),
    (["cycle.gsn.yaml"], [("cycle.gsn.yaml", 9, "S1", "C04: supportedBy cycle: G2 -> S1 -> G2")]),
    (
        ["context-in-supported-by.gsn.yaml"],
        [("context-in-supported-by.gsn.yaml", 3, "G1", "V04: 'C1' is a Context")],
    ),
    (
        ["goal-in-context.gsn.yaml"],
        [("goal-in-context.gsn.yaml", 4, "G1", "V04: 'G2' is a Goal and cannot be in inContextOf")],
    ),
    (
        ["solution-with-support.gsn.yaml"],
        [("solution-with-support.gsn.yaml", 6, "Sn1", "V04: a Solution cannot have supportedBy")],
    ),
    (
        ["counter-in-supported-by.gsn.yaml"],  # gsn2x accepts this; a defeater cannot support
        [("counter-in-supported-by.gsn.yaml", 3, "G1", "challenges what it doubts")],
    ),
    (
        ["duplicate-a.gsn.yaml", "duplicate-b.gsn.yaml"],
        [("duplicate-b.gsn.yaml", 6, "Sn1", "C07: duplicate id: also defined in")],
    ),
    (
        ["undeveloped-with-support.gsn.yaml"],
        [("undeveloped-with-support.gsn.yaml", 4, "G1", "V03")],
    ),
    (["self-reference.gsn.yaml"], [("self-reference.gsn.yaml", 3, "G1", "V06")]),
    (["duplicate-entry.gsn.yaml"], [("duplicate-entry.gsn.yaml", 3, "G1", "V05")]),  # stricter
    (["challenge-by-goal.gsn.yaml"], [("challenge-by-goal.gsn.yaml", 9, "G2", "V12")]),
    (["challenge-unknown.gsn.yaml"], [("challenge-unknown.gsn.yaml", 8, "CG1", "C14")]),
    (
        ["relation-without-relation.gsn.yaml"],
        [("relation-without-relation.gsn.yaml", 11, "CSn1", "C16")],
    ),
    (["defeated-unchallenged.gsn.yaml"], [("defeated-unchallenged.gsn.yaml", 6, "Sn1", "V10")]),
    (["orphan-solution.gsn.yaml"], [("orphan-solution.gsn.yaml", 6, "Sn2", "only a goal")]),
    (
        ["missing-used-module.gsn.yaml"],
        [("missing-used-module.gsn.yaml", 3, "module.uses", "'no-such-module.gsn.yaml' not found")],
    ),
    (
        ["same-module-name-a.gsn.yaml"],
        [("same-module-name-b.gsn.yaml", 1, "module", "C06: module 'Shared' is also in")],
    ),
    (
        ["extends-unknown-module.gsn.yaml"],
        [("extends-unknown-module.gsn.yaml", 4, "module.extends", "C09")],
    ),
    (
        ["extends-developed.gsn.yaml"],
        [
            (
                "extends-developed.gsn.yaml",
                5,
                "module.extends",
                "C10: element 'G1' is not undeveloped",
            )
        ],
    ),
]


@pytest.mark.parametrize(("files", "expected"), BAD_CASES, ids=[c[0][0] for c in BAD_CASES])
def test_bad_files_give_one_line_each_with_file_line_and_element(
    files: list[str], expected: list[tuple[str, int, str, str]]
) -> None:
    with pytest.raises(InvalidPortfolioError) as caught:
        import_gsn([BAD / f for f in files])
    issues = caught.value.issues
    assert len(issues) == len(expected), str(caught.value)
    for issue, (file, line, element, says) in zip(issues, expected, strict=True):
        text = str(issue)
        assert "\n" not in text
        assert issue.file == str(BAD / file)
        assert issue.line == line, text
        assert issue.path == element, text
        assert says in issue.message, text
        assert text.startswith(f"{BAD / file}:{line}: ")


def test_at_least_twelve_kinds_of_bad_file() -> None:
    assert len(BAD_CASES) >= 12
