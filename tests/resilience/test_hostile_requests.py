"""A hostile-request corpus: whatever a careless or hostile client sends, the answer is never
a 5xx, and every error carries `extensions.code` in a GraphQL-shaped JSON body."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import from_schema

from service.api.schema import schema_sdl
from tests.e2e.api.conftest import Api

pytestmark = [pytest.mark.e2e, pytest.mark.integration]

ME = "{ me { id } }"


def fragment_bomb(levels: int) -> str:
    parts = ["query{...F0}"]
    parts += [f"fragment F{i} on Query{{...F{i + 1} ...F{i + 1}}}" for i in range(levels)]
    parts.append(f"fragment F{levels} on Query{{__typename}}")
    return " ".join(parts)


def cursor(position: int) -> str:
    return base64.urlsafe_b64encode(f"position:{position}".encode()).decode()


def nested_json(depth: int) -> bytes:
    return b'{"query": "{ me { id } }", "variables": {"x": ' + b"[" * depth + b"]" * depth + b"}}"


# (name, method, path, raw body or None, content type, expected status, expected code)
RAW: list[tuple[str, str, str, bytes | None, str | None, int, str]] = [
    ("null body", "POST", "/graphql", b"null", "application/json", 400, "BAD_REQUEST"),
    ("string body", "POST", "/graphql", b'"x"', "application/json", 400, "BAD_REQUEST"),
    ("number body", "POST", "/graphql", b"42", "application/json", 400, "BAD_REQUEST"),
    ("true body", "POST", "/graphql", b"true", "application/json", 400, "BAD_REQUEST"),
    ("empty body", "POST", "/graphql", b"", "application/json", 400, "BAD_REQUEST"),
    ("invalid JSON", "POST", "/graphql", b'{"query": ', "application/json", 400, "BAD_REQUEST"),
    (
        "batch",
        "POST",
        "/graphql",
        b'[{"query": "{ me { id } }"}]',
        "application/json",
        400,
        "BAD_REQUEST",
    ),
    ("empty object", "POST", "/graphql", b"{}", "application/json", 400, "BAD_REQUEST"),
    ("query number", "POST", "/graphql", b'{"query": 5}', "application/json", 400, "BAD_REQUEST"),
    (
        "variables string",
        "POST",
        "/graphql",
        b'{"query": "{ me { id } }", "variables": "x"}',
        "application/json",
        400,
        "BAD_REQUEST",
    ),
    (
        "variables list",
        "POST",
        "/graphql",
        b'{"query": "{ me { id } }", "variables": []}',
        "application/json",
        400,
        "BAD_REQUEST",
    ),
    (
        "operationName number",
        "POST",
        "/graphql",
        b'{"query": "{ me { id } }", "operationName": 3}',
        "application/json",
        400,
        "BAD_REQUEST",
    ),
    (
        "NaN variable",
        "POST",
        "/graphql",
        b'{"query": "query($s: Int) { me { id } }", "variables": {"s": NaN}}',
        "application/json",
        400,
        "BAD_USER_INPUT",
    ),
    (
        "Infinity variable",
        "POST",
        "/graphql",
        b'{"query": "query($s: Float) { me { id } }", "variables": {"s": Infinity}}',
        "application/json",
        400,
        "BAD_USER_INPUT",
    ),
    (
        "-Infinity variable",
        "POST",
        "/graphql",
        b'{"query": "{ me { id } }", "variables": {"s": -Infinity}}',
        "application/json",
        400,
        "BAD_USER_INPUT",
    ),
    (
        "5,000-digit integer",
        "POST",
        "/graphql",
        b'{"query": "{ me { id } }", "variables": {"s": ' + b"9" * 5000 + b"}}",
        "application/json",
        400,
        "BAD_USER_INPUT",
    ),
    (
        "JSON nested 100,000 deep",
        "POST",
        "/graphql",
        nested_json(100_000),
        "application/json",
        400,
        "BAD_REQUEST",
    ),
    ("text/plain", "POST", "/graphql", b"{ me { id } }", "text/plain", 400, "BAD_REQUEST"),
    (
        "no content type",
        "POST",
        "/graphql",
        b'{"query": "{ me { id } }"}',
        None,
        400,
        "BAD_REQUEST",
    ),
    (
        "form",
        "POST",
        "/graphql",
        b"query=%7B%20me%20%7D",
        "application/x-www-form-urlencoded",
        400,
        "BAD_REQUEST",
    ),
    ("GET without query", "GET", "/graphql", None, None, 404, "NOT_FOUND"),
    (
        "GET mutation",
        "GET",
        "/graphql?query=mutation%7BresolveDefeater(id%3A%22x%22)%7Bid%7D%7D",
        None,
        None,
        400,
        "BAD_REQUEST",
    ),
    ("unknown path", "POST", "/nope", b"{}", "application/json", 405, "METHOD_NOT_ALLOWED"),
    ("PUT", "PUT", "/graphql", b"{}", "application/json", 405, "METHOD_NOT_ALLOWED"),
    ("DELETE", "DELETE", "/graphql", None, None, 405, "METHOD_NOT_ALLOWED"),
    ("PATCH", "PATCH", "/graphql", b"{}", "application/json", 405, "METHOD_NOT_ALLOWED"),
    (
        "unknown operationName",
        "POST",
        "/graphql",
        b'{"query": "query A { me { id } }", "operationName": "B"}',
        "application/json",
        400,
        "BAD_REQUEST",
    ),
    ("POST healthz", "POST", "/healthz", b"{}", "application/json", 405, "METHOD_NOT_ALLOWED"),
]


@pytest.mark.parametrize(
    ("method", "path", "body", "content_type", "status", "code"),
    [case[1:] for case in RAW],
    ids=[case[0] for case in RAW],
)
def test_transport_errors_are_graphql_shaped(
    hostile_api: Api,
    method: str,
    path: str,
    body: bytes | None,
    content_type: str | None,
    status: int,
    code: str,
) -> None:
    headers = {"Authorization": f"Bearer {hostile_api.keys.admin}"}
    if content_type is not None:
        headers["Content-Type"] = content_type
    response = hostile_api.client.request(method, path, content=body, headers=headers)
    payload = response.json()
    assert response.status_code == status, payload
    assert payload["errors"][0]["extensions"]["code"] == code, payload
    assert payload["errors"][0]["message"]


# (name, query, variables, expected code)
GRAPHQL: list[tuple[str, str, dict[str, Any] | None, str]] = [
    ("syntax error", "{ me { id ", None, "GRAPHQL_VALIDATION_FAILED"),
    ("unknown field", "{ nope }", None, "GRAPHQL_VALIDATION_FAILED"),
    (
        "two anonymous operations",
        "{ me { id } } { me { role } }",
        None,
        "GRAPHQL_VALIDATION_FAILED",
    ),
    (
        "wrong variable type",
        'query($n: Int) { risk(deployment: "x", samples: $n) { naive } }',
        {"n": "many"},
        "BAD_USER_INPUT",
    ),
    (
        "missing variable",
        'query($n: Int!) { risk(deployment: "x", samples: $n) { naive } }',
        {},
        "BAD_USER_INPUT",
    ),
    (
        "null for non-null",
        "query($d: ID!) { deployment(id: $d) { id } }",
        {"d": None},
        "BAD_USER_INPUT",
    ),
    (
        "variable object for ID",
        "query($d: ID!) { deployment(id: $d) { id } }",
        {"d": {"a": 1}},
        "BAD_USER_INPUT",
    ),
    (
        "variable float for Int",
        "query($n: Int) { deployments(first: $n) { totalCount } }",
        {"n": 1.5},
        "BAD_USER_INPUT",
    ),
    (
        "variable past 2^31",
        "query($n: Int) { deployments(first: $n) { totalCount } }",
        {"n": 2**40},
        "BAD_USER_INPUT",
    ),
    (
        "bad enum variable",
        'query($m: RiskMethod) { risk(deployment: "x", method: $m) { naive } }',
        {"m": "FAST"},
        "BAD_USER_INPUT",
    ),
    (
        "literal past 2^31",
        "{ deployments(first: 3000000000) { totalCount } }",
        None,
        "BAD_USER_INPUT",
    ),
    (
        "cursor past 2^31",
        "query($c: String) { deployments(after: $c) { totalCount } }",
        {"c": cursor(2**31)},
        "BAD_USER_INPUT",
    ),
    (
        "cursor 2^62",
        "query($c: String) { deployments(before: $c) { totalCount } }",
        {"c": cursor(2**62)},
        "BAD_USER_INPUT",
    ),
    ("garbage cursor", '{ deployments(after: "%%%") { totalCount } }', None, "BAD_USER_INPUT"),
    ("negative first", "{ deployments(first: -1) { totalCount } }", None, "BAD_USER_INPUT"),
    (
        "seed -1",
        '{ risk(deployment: "asl4-internal-rd", method: MC, seed: -1) { naive } }',
        None,
        "BAD_USER_INPUT",
    ),
    (
        "samples 0",
        '{ risk(deployment: "asl4-internal-rd", method: MC, samples: 0) { naive } }',
        None,
        "BAD_USER_INPUT",
    ),
    (
        "maxOrder 11",
        '{ alignedHoles(deployment: "asl4-internal-rd", maxOrder: 11) '
        "{ cutSets { probability } } }",
        None,
        "BAD_USER_INPUT",
    ),
    (
        "maxOrder 99",
        '{ alignedHoles(deployment: "asl4-internal-rd", maxOrder: 99) '
        "{ cutSets { probability } } }",
        None,
        "QUERY_TOO_COSTLY",
    ),
    ("unknown deployment", '{ risk(deployment: "nope") { naive } }', None, "NOT_FOUND"),
    (
        "workspace with newline",
        "query($w: String) { deployments(workspace: $w) { totalCount } }",
        {"w": "default\n"},
        "BAD_USER_INPUT",
    ),
    (
        "workspace 10 KB",
        "query($w: String) { deployments(workspace: $w) { totalCount } }",
        {"w": "w" * 10_000},
        "BAD_USER_INPUT",
    ),
    ("fragment bomb", fragment_bomb(21), None, "QUERY_TOO_COMPLEX"),
    (
        "alias bomb",
        "{ " + " ".join(f"a{i}: me {{ id }}" for i in range(40)) + " }",
        None,
        "QUERY_TOO_COMPLEX",
    ),
    (
        "deep query",
        "{ safetyCases { nodes { root { "
        + "children { nodes { " * 12
        + "id"
        + " } }" * 12
        + " } } } }",
        None,
        "QUERY_TOO_COMPLEX",
    ),
    (
        "thirty million samples",
        "{ "
        + " ".join(
            f'r{i}: risk(deployment: "asl4-internal-rd", method: MC, samples: 1000000) '
            "{ pUncovered }"
            for i in range(30)
        )
        + " }",
        None,
        "QUERY_TOO_COSTLY",
    ),
    ("unknown directive", "{ me @nope { id } }", None, "GRAPHQL_VALIDATION_FAILED"),
    ("subscription", "subscription { me { id } }", None, "GRAPHQL_VALIDATION_FAILED"),
    (
        "import billion laughs",
        "mutation($d: String!) { importPortfolio(document: $d, "
        'documentName: "laughs.yaml") { revision } }',
        None,
        "INVALID_PORTFOLIO",
    ),
    (
        "import self alias",
        "mutation($d: String!) { importPortfolio(document: $d, "
        'documentName: "self.yaml") { revision } }',
        None,
        "INVALID_PORTFOLIO",
    ),
    (
        "import 5,000-digit integer",
        "mutation($d: String!) { importPortfolio(document: $d, "
        'documentName: "big.json", format: JSON) { revision } }',
        None,
        "INVALID_PORTFOLIO",
    ),
    (
        "import JSON 100,000 deep",
        "mutation($d: String!) { importPortfolio(document: $d, "
        'documentName: "deep.json", format: JSON) { revision } }',
        None,
        "INVALID_PORTFOLIO",
    ),
    (
        "import YAML 10,000 deep",
        "mutation($d: String!) { importPortfolio(document: $d, "
        'documentName: "deep.yaml") { revision } }',
        None,
        "INVALID_PORTFOLIO",
    ),
    (
        "policy with alias bomb",
        "query($p: String) { audit(policy: $p) { findings { rule } } }",
        None,
        "BAD_USER_INPUT",
    ),
]

BILLION_LAUGHS = "\n".join(
    ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    + [f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 10)}]" for i in range(8)]
)
DOCUMENTS = {
    "import billion laughs": "version: 1\n" + BILLION_LAUGHS,
    "import self alias": (
        "version: 1\ncases:\n  - id: c\n    title: t\n    argument: &g\n"
        "      id: g\n      type: goal\n      statement: s\n      children: [*g]\n"
    ),
    "import 5,000-digit integer": '{"version": ' + "1" * 5000 + "}",
    "import JSON 100,000 deep": '{"version": 1, "notes": ' + "[" * 100_000 + "]" * 100_000 + "}",
    "import YAML 10,000 deep": "version: 1\nnotes: " + "[" * 10_000 + "]" * 10_000 + "\n",
}
POLICIES = {"policy with alias bomb": "version: 1\n" + BILLION_LAUGHS}


@pytest.mark.parametrize(
    ("query", "variables", "code"),
    [case[1:] for case in GRAPHQL],
    ids=[case[0] for case in GRAPHQL],
)
def test_hostile_operations_get_a_coded_error_and_no_5xx(
    hostile_api: Api, request: pytest.FixtureRequest, query: str, variables: Any, code: str
) -> None:
    name = request.node.callspec.id
    if name in DOCUMENTS:
        variables = {"d": DOCUMENTS[name]}
    if name in POLICIES:
        variables = {"p": POLICIES[name]}
    response = hostile_api.post(query, variables, key=hostile_api.keys.admin)
    assert response.status_code < 500, response.text[:500]
    payload = response.json()
    assert payload.get("errors"), payload
    codes = [error["extensions"]["code"] for error in payload["errors"]]
    assert codes[0] == code, payload["errors"][0]
    assert "Traceback" not in response.text


def _assert_shaped(status: int, text: str) -> None:
    assert status < 500, text[:500]
    payload = json.loads(text)
    for error in payload.get("errors") or []:
        assert error["extensions"]["code"], error
        assert "internal error" not in error["message"], error


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_generated_queries_from_the_sdl_never_fail_the_server(hostile_api: Api, data: Any) -> None:
    """Queries hypothesis-graphql builds from the schema, with arbitrary arguments."""
    query = data.draw(from_schema(schema_sdl(), fields=_GENERATED_ROOTS))
    response = hostile_api.post(query, key=hostile_api.keys.viewer)
    _assert_shaped(response.status_code, response.text)


#: Root fields whose generated arguments are bounded in work (no Monte Carlo of 2^31 samples:
#: the cost limit refuses those, which is tested above).
_GENERATED_ROOTS = [
    "deployments",
    "safetyCases",
    "assumptions",
    "deployment",
    "node",
    "impact",
    "correlation",
    "swissCheeseMatrix",
    "workspaceRevision",
    "me",
]
