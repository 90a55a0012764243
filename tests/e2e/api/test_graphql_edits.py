"""Editing the graph over HTTP: every mutation, the invariants it keeps, and that invalid input
writes nothing while every write bumps the workspace revision."""

from __future__ import annotations

from typing import Any

import pytest

from service.authoring import load_portfolio_text
from tests.e2e.api.conftest import Api

pytestmark = [pytest.mark.e2e, pytest.mark.integration]

REVISION = "{ workspaceRevision }"


def revision(api: Api) -> int:
    return int(api.query(REVISION)["workspaceRevision"])


def edit(api: Api, mutation: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    data = api.query(mutation, variables, key=api.keys.editor)
    return next(iter(data.values()))  # type: ignore[no-any-return]


def exported(api: Api) -> str:
    return str(api.query("{ exportPortfolio }")["exportPortfolio"])


def test_create_update_delete_of_a_deployment_bump_the_revision_each(api: Api) -> None:
    start = revision(api)
    created = edit(
        api,
        """mutation { createDeployment(input: {id: "d-new", name: "New",
        stakes: HIGH, priorRisk: 0.5, riskThreshold: 0.01}) {
        revision node { ... on Deployment { id name stakes priorRisk } } } }""",
    )
    assert created["node"] == {"id": "d-new", "name": "New", "stakes": "HIGH", "priorRisk": 0.5}
    assert created["revision"] == start + 1
    updated = edit(
        api,
        """mutation { updateDeployment(id: "d-new",
        input: {name: "Renamed", description: "x"}) {
        revision node { ... on Deployment { name description stakes } } } }""",
    )
    assert updated["node"] == {"name": "Renamed", "description": "x", "stakes": "HIGH"}
    deleted = edit(api, 'mutation { deleteDeployment(id: "d-new") { revision deletedIds } }')
    assert deleted["deletedIds"] == ["d-new"]
    assert revision(api) == start + 3
    assert api.query('{ deployment(id: "d-new") { id } }')["deployment"] is None


CREATE_CASE = """mutation { createSafetyCase(input: {id: "c-again", title: "Again",
    category: CONTROL, covers: ["asl4-internal-rd"], root: {id: "c-again-g1", statement: "Safe"}})
    { revision alreadyExisted node { id } } }"""


def test_a_create_sent_again_identically_succeeds_reporting_it_already_existed(api: Api) -> None:
    first = edit(api, CREATE_CASE)
    again = edit(api, CREATE_CASE)
    assert first == {
        "revision": first["revision"],
        "alreadyExisted": False,
        "node": {"id": "c-again"},
    }
    assert again == {**first, "alreadyExisted": True}
    assert revision(api) == first["revision"]


def test_a_create_of_a_used_id_with_other_properties_says_what_differs(api: Api) -> None:
    edit(api, CREATE_CASE)
    start = revision(api)
    errors = api.errors(
        CREATE_CASE.replace('title: "Again"', 'title: "Changed"'), key=api.keys.editor
    )
    assert errors[0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "id 'c-again' is already used by a safety case" in errors[0]["message"]
    assert "title ('Again' stored, 'Changed' given)" in errors[0]["message"]
    assert revision(api) == start


def test_a_case_built_through_the_api_exports_as_a_valid_portfolio(api: Api) -> None:
    edit(
        api,
        """mutation { createSafetyCase(input: {id: "c-new", title: "New case",
        category: CONTROL, covers: ["asl4-internal-rd"], effectiveness: 0.8,
        root: {id: "c-new-g1", statement: "Safe", support: ANY}}) { revision } }""",
    )
    edit(
        api,
        """mutation { createArgumentNode(input: {id: "c-new-e1", parent: "c-new-g1",
        type: EVIDENCE, statement: "Red-team results"}) { revision } }""",
    )
    edit(
        api,
        """mutation { createArgumentNode(input: {id: "c-new-g2", parent: "c-new-g1",
        statement: "Monitors catch sabotage"}) { revision } }""",
    )
    edit(
        api,
        """mutation { link(relation: RELIES_ON, source: "c-new-g2",
        target: "interp-detects-deception") { revision } }""",
    )
    edit(
        api,
        """mutation { link(relation: SUPPORTED_BY, source: "c-new-g2",
        target: "asl4-interp-g1") { revision } }""",
    )  # a shared sub-argument (a ref)
    edit(
        api, 'mutation { createContext(input: {node: "c-new-g1", statement: "ctx"}) { revision } }'
    )
    edit(
        api,
        """mutation { createJustification(input: {node: "c-new-g1", statement: "why"}) {
        revision } }""",
    )
    edit(api, 'mutation { createSource(input: {id: "s-new", title: "Paper"}) { revision } }')
    edit(api, 'mutation { link(relation: CITES, source: "c-new", target: "s-new") { revision } }')
    case = api.query("""{ safetyCase(id: "c-new") { effectiveness covers { nodes { id } }
        sources { nodes { id } } root { support children { nodes { id type } }
        context { nodes { id statement } } justifications { nodes { statement } } } } }""")
    root = case["safetyCase"]["root"]
    assert root["support"] == "ANY"
    assert {n["id"] for n in root["children"]["nodes"]} == {"c-new-e1", "c-new-g2"}
    assert root["context"]["nodes"] == [{"id": "c-new-g1#context-0", "statement": "ctx"}]
    portfolio = load_portfolio_text(exported(api), "yaml")  # full validation of the export
    new_case = next(c for c in portfolio.cases if c.id == "c-new")
    assert new_case.covers == ["asl4-internal-rd"]
    assert new_case.sources == ["s-new"]


def test_linking_a_supported_by_cycle_is_refused_and_writes_nothing(api: Api) -> None:
    edit(
        api,
        """mutation { createArgumentNode(input: {id: "loop-a", parent: "asl4-interp-g1",
        statement: "a"}) { revision } }""",
    )
    start = revision(api)
    errors = api.errors(
        'mutation { link(relation: SUPPORTED_BY, source: "loop-a", target: "asl4-interp-g1") '
        "{ revision } }",
        key=api.keys.editor,
    )
    assert errors[0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "cycle" in errors[0]["message"]
    assert "loop-a" in errors[0]["message"]
    assert revision(api) == start


def test_relies_on_cycles_between_assumptions_are_refused(api: Api) -> None:
    edit(api, 'mutation { createAssumption(input: {id: "ra", statement: "a"}) { revision } }')
    edit(api, 'mutation { createAssumption(input: {id: "rb", statement: "b"}) { revision } }')
    edit(api, 'mutation { link(relation: RELIES_ON, source: "ra", target: "rb") { revision } }')
    errors = api.errors(
        'mutation { link(relation: RELIES_ON, source: "rb", target: "ra") { revision } }',
        key=api.keys.editor,
    )
    assert "cycle in RELIES_ON" in errors[0]["message"]


def test_out_of_range_probabilities_and_bad_k_are_refused_with_nothing_written(api: Api) -> None:
    start = revision(api)
    bad = [
        'mutation { createTechnique(input: {id: "t-bad", name: "x", pFail: 1.5}) { revision } }',
        'mutation { updateSafetyCase(id: "asl4-interp", input: {effectiveness: 0}) { revision } }',
        'mutation { updateSafetyCase(id: "asl4-interp", input: {pUnsound: 1}) { revision } }',
        'mutation { updateArgumentNode(id: "asl4-interp-g1", input: {support: AT_LEAST, k: 5}) '
        "{ revision } }",
        'mutation { updateWorldModel(id: "parsimonious", input: {prior: 0.5}) { revision } }',
        'mutation { createDeployment(input: {id: "bad id!", name: "x"}) { revision } }',
        'mutation { createDeployment(input: {id: "asl4-interp", name: "dup"}) { revision } }',
        'mutation { unlink(relation: COVERS, source: "asl4-interp", target: "nowhere") '
        "{ revision } }",
    ]
    for mutation in bad:
        errors = api.errors(mutation, key=api.keys.editor)
        assert errors[0]["extensions"]["code"] in ("BAD_USER_INPUT", "NOT_FOUND"), mutation
    assert revision(api) == start
    assert api.query('{ technique(id: "t-bad") { id } }')["technique"] is None


def test_update_question_replaces_answers_keeping_priors_summing_to_one(api: Api) -> None:
    result = edit(
        api,
        """mutation { updateQuestion(id: "parsimony", input: {answers: [
        {id: "parsimonious", prior: 0.2}, {id: "opaque", prior: 0.5},
        {id: "partly", statement: "Partly", prior: 0.3}]}) { revision } }""",
    )
    assert result["revision"] > 0
    answers = api.query('{ question(id: "parsimony") { answers { nodes { id prior } } } }')
    priors = {a["id"]: a["prior"] for a in answers["question"]["answers"]["nodes"]}
    assert priors == {"parsimonious": 0.2, "opaque": 0.5, "partly": 0.3}
    removed = edit(
        api,
        """mutation { updateQuestion(id: "parsimony", input: {answers: [
        {id: "parsimonious", prior: 0.4}, {id: "opaque", prior: 0.6}]}) { deletedIds } }""",
    )
    assert removed["deletedIds"] == ["partly"]


def test_question_created_with_answers_and_deleted_with_them(api: Api) -> None:
    edit(
        api,
        """mutation { createQuestion(input: {id: "q-new", text: "?", answers: [
        {id: "yes", statement: "Yes", prior: 0.25}, {id: "no", statement: "No", prior: 0.75}]})
        { revision } }""",
    )
    edit(
        api,
        'mutation { link(relation: FAILS_IN, source: "interpretability", target: "yes", '
        "p: 0.5) { revision } }",
    )
    fails = api.query(
        '{ worldModel(id: "yes") { failingTechniques { nodes { p source { id } } } } }'
    )
    assert fails["worldModel"]["failingTechniques"]["nodes"] == [
        {"p": 0.5, "source": {"id": "interpretability"}}
    ]
    deleted = edit(api, 'mutation { deleteQuestion(id: "q-new") { deletedIds } }')
    assert set(deleted["deletedIds"]) == {"q-new", "yes", "no"}


def test_deleting_a_case_removes_its_unshared_argument_and_keeps_shared_nodes(api: Api) -> None:
    edit(
        api,
        """mutation { createSafetyCase(input: {id: "c2", title: "t", category: INABILITY,
        root: {id: "c2-g1", statement: "s"}}) { revision } }""",
    )
    edit(
        api,
        """mutation { createArgumentNode(input: {id: "c2-g2", parent: "c2-g1",
        statement: "own"}) { revision } }""",
    )
    edit(
        api,
        """mutation { link(relation: SUPPORTED_BY, source: "c2-g1",
        target: "asl4-interp-s1") { revision } }""",
    )
    edit(
        api,
        """mutation { raiseDefeater(input: {id: "c2-doubt", challenges: "c2-g2",
        statement: "really?"}) { revision } }""",
    )
    deleted = edit(api, 'mutation { deleteSafetyCase(id: "c2") { deletedIds } }')
    assert set(deleted["deletedIds"]) == {"c2", "c2-g1", "c2-g2", "c2-doubt"}
    assert api.query('{ argumentNode(id: "asl4-interp-s1") { id } }')["argumentNode"]
    load_portfolio_text(exported(api), "yaml")


def test_unlinking_the_last_parent_of_a_node_is_refused(api: Api) -> None:
    errors = api.errors(
        'mutation { unlink(relation: SUPPORTED_BY, source: "asl4-interp-g1", '
        'target: "asl4-interp-s1") { revision } }',
        key=api.keys.editor,
    )
    assert "outside every safety case" in errors[0]["message"]


def test_raise_and_resolve_a_defeater(api: Api) -> None:
    raised = edit(
        api,
        """mutation { raiseDefeater(input: {id: "d-doubt",
        challenges: "interp-detects-deception", statement: "Probes may not generalise"}) {
        node { ... on Defeater { status challenges { id } } } } }""",
    )
    assert raised["node"] == {"status": "OPEN", "challenges": {"id": "interp-detects-deception"}}
    resolved = edit(
        api, 'mutation { resolveDefeater(id: "d-doubt") { node { ... on Defeater { status } } } }'
    )
    assert resolved["node"] == {"status": "RESOLVED"}
    on_node = api.query(
        '{ assumption(id: "interp-detects-deception") { defeaters { nodes { id } } } }'
    )
    assert {"id": "d-doubt"} in on_node["assumption"]["defeaters"]["nodes"]
    edit(api, 'mutation { deleteDefeater(id: "d-doubt") { revision } }')


def test_techniques_assumptions_sources_world_models_and_statements_are_editable(
    api: Api,
) -> None:
    for mutation in (
        'mutation { createTechnique(input: {id: "t1", name: "T"}) { revision } }',
        'mutation { updateTechnique(id: "t1", input: {pFail: 0.1}) { revision } }',
        'mutation { createAssumption(input: {id: "a1", statement: "A"}) { revision } }',
        'mutation { updateAssumption(id: "a1", input: {kind: "k", notes: "n"}) { revision } }',
        'mutation { link(relation: USES, source: "a1", target: "t1") { revision } }',
        'mutation { unlink(relation: USES, source: "a1", target: "t1") { revision } }',
        'mutation { createSource(input: {id: "s1", title: "S"}) { revision } }',
        'mutation { updateSource(id: "s1", input: {url: "https://example.org"}) { revision } }',
        'mutation { createWorldModel(input: {id: "w0", question: "parsimony", statement: "zero",'
        " prior: 0}) { revision } }",
        'mutation { updateWorldModel(id: "w0", input: {statement: "nil"}) { revision } }',
        'mutation { deleteWorldModel(id: "w0") { revision } }',
        'mutation { createContext(input: {node: "asl4-interp-g1", statement: "c", id: "ctx1"}) '
        "{ revision } }",
        'mutation { updateContext(id: "ctx1", statement: "c2") { revision } }',
        'mutation { deleteContext(id: "ctx1") { revision } }',
        'mutation { createJustification(input: {node: "asl4-interp-g1", statement: "j", '
        'id: "j1"}) { revision } }',
        'mutation { updateJustification(id: "j1", statement: "j2") { revision } }',
        'mutation { deleteJustification(id: "j1") { revision } }',
        'mutation { updateArgumentNode(id: "asl4-interp-g1", input: {notes: "n"}) { revision } }',
        'mutation { deleteAssumption(id: "a1") { revision } }',
        'mutation { deleteTechnique(id: "t1") { revision } }',
        'mutation { deleteSource(id: "s1") { revision } }',
    ):
        edit(api, mutation)
    data = api.query('{ techniques(filter: {ids: ["t1"]}) { totalCount } }')
    assert data["techniques"]["totalCount"] == 0
    source = api.query('{ source(id: "s1") { id } }')
    assert source["source"] is None


def test_import_portfolio_loads_a_document_and_reports_what_it_wrote(api: Api) -> None:
    document = """version: 1
questions:
  - id: q
    text: Q?
    answers: [{id: w1, statement: one, prior: 0.4}, {id: w2, statement: two, prior: 0.6}]
assumptions: [{id: a, statement: A, fails_in: [{world: w1}]}]
deployments: [{id: d, name: D}]
cases:
  - {id: c, title: C, category: control, covers: [d],
     argument: {id: g, type: goal, statement: G, relies_on: [a]}}
"""
    result = api.query(
        """mutation($doc: String!) { importPortfolio(document: $doc, format: YAML,
           workspace: "imported", documentName: "mini.yaml") {
           workspace document nodes relationships revision } }""",
        {"doc": document},
    )["importPortfolio"]
    assert result["workspace"] == "imported"
    assert result["nodes"] == 7
    impact = api.query(
        '{ impact(workspace: "imported", scenario: {worlds: ["w1"]}) { cases { outcome } } }'
    )
    assert impact["impact"]["cases"] == [{"outcome": "FAILS"}]


def test_an_invalid_document_gives_structured_errors_with_paths_and_lines(api: Api) -> None:
    document = """version: 1
assumptions:
  - id: a
    statement: A
    p_fail: 2
cases:
  - id: c
    title: C
    category: control
    argument: {id: g, type: goal, statement: G, relies_on: [missing]}
"""
    response = api.post(
        'mutation($doc: String!) { importPortfolio(document: $doc, workspace: "bad") { nodes } }',
        {"doc": document},
        key=api.keys.admin,
    )
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "INVALID_PORTFOLIO"
    issues = error["extensions"]["issues"]
    paths = {issue["path"] for issue in issues}
    assert "cases[0].argument.relies_on[0]" in paths
    assert any(issue["line"] == 10 for issue in issues if "relies_on" in issue["path"])
    assert (
        api.query('{ deployments(workspace: "bad") { totalCount } }')["deployments"]["totalCount"]
        == 0
    )
    assert api.query('{ workspaceRevision(workspace: "bad") }')["workspaceRevision"] == 0


def test_malformed_graphql_arguments_are_rejected_before_anything_runs(api: Api) -> None:
    start = revision(api)
    for mutation in (
        'mutation { createDeployment(input: {id: "x", name: "x", stakes: EXTREME}) { revision } }',
        'mutation { createDeployment(input: {id: "x"}) { revision } }',
        'mutation { link(relation: LOVES, source: "a", target: "b") { revision } }',
        "mutation { createDeployment(",
    ):
        errors = api.errors(mutation, key=api.keys.editor)
        assert errors[0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED", mutation
    assert revision(api) == start
    bad_cursor = api.errors('{ deployments(after: "nonsense") { totalCount } }')
    assert bad_cursor[0]["extensions"]["code"] == "BAD_USER_INPUT"
    too_many = api.errors("{ deployments(first: 100000) { totalCount } }")
    assert too_many[0]["extensions"]["code"] == "BAD_USER_INPUT"
