"""The `risk-budget` rule (DESIGN §4.11) and audits under a prior profile (§4.8)."""

from __future__ import annotations

import pytest

from service.audit import Policy, run_audit
from service.authoring import load_portfolio_file
from service.errors import NotFoundError
from tests.unit.analysis.builders import EXAMPLE


def test_the_example_overspends_its_budget_and_the_remedy_names_the_largest_shares() -> None:
    portfolio = load_portfolio_file(EXAMPLE)
    report = run_audit(portfolio)
    (finding,) = [f for f in report.findings if f.rule == "risk-budget"]
    assert finding.severity.value == "error"
    assert "exceeds the risk budget 0.0025" in finding.message
    assert finding.nodes[:2] == ("asl4-internal-rd", "internal-research-agents")
    assert "`asl4-internal-rd` 35.9 %" in finding.remedy


def test_no_finding_within_budget_or_without_one() -> None:
    portfolio = load_portfolio_file(EXAMPLE)
    portfolio.risk_budget = 0.1
    assert not [f for f in run_audit(portfolio).findings if f.rule == "risk-budget"]
    portfolio.risk_budget = None
    assert not [f for f in run_audit(portfolio).findings if f.rule == "risk-budget"]


def test_a_profile_changes_the_quantitative_rules_and_an_unknown_one_is_refused() -> None:
    portfolio = load_portfolio_file(EXAMPLE)
    policy = Policy.from_yaml_text("rules: {min-robustness: {minimum: 0.2}}")

    def robustness_findings(priors: str | None) -> set[str]:
        report = run_audit(portfolio, policy, priors=priors)
        return {f.subject for f in report.findings if f.rule == "min-robustness"}

    assert "asl4-internal-rd" in robustness_findings(None)
    assert "asl4-internal-rd" not in robustness_findings("optimist")  # robustness 0.227
    with pytest.raises(NotFoundError, match="prior profile 'nobody' not found"):
        run_audit(portfolio, priors="nobody")
