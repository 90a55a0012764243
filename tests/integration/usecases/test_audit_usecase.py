"""The audit of a workspace runs on the circuit kept by graph revision, and finds what a fresh
audit of the stored portfolio finds, rejected cases left out as the policy says."""

from __future__ import annotations

import pytest

from service.audit import Policy, run_audit
from service.authoring.generator import generate_portfolio
from service.model import CaseStatus
from service.store.database import Database
from service.store.portfolio_reader import read_portfolio
from service.store.portfolio_writer import write_portfolio
from service.usecases import analysis as usecases
from service.usecases.portfolios import WorkspaceSource

pytestmark = pytest.mark.integration


@pytest.mark.parametrize("policy_text", [None, "exclude_case_statuses: []\n"])
def test_audit_on_the_kept_circuit_equals_a_fresh_audit_with_rejected_cases(
    database: Database, policy_text: str | None
) -> None:
    portfolio = generate_portfolio(30, 3)
    assert any(c.status is CaseStatus.REJECTED for c in portfolio.cases)
    write_portfolio(database, portfolio, workspace="audited", document="generated")
    policy = Policy.from_yaml_text(policy_text, "policy") if policy_text else Policy.defaults()
    expected = run_audit(read_portfolio(database, "audited"), policy).to_json()["findings"]
    for _ in range(2):  # the second audit reuses the kept circuit and its memoised plans
        found = usecases.audit(WorkspaceSource(database, "audited"), policy).to_json()["findings"]
        assert found == expected
