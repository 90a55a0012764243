"""Diversity audits (DESIGN §4.7): a policy of rules run over a portfolio, as findings with
remedies, and reporters for CI (text, JSON, SARIF 2.1.0, JUnit XML).

    from service.audit import Policy, run_audit
    report = run_audit(portfolio, Policy.from_yaml_text(text))   # or Policy.defaults()
    report.to_json()["findings"]   # [{"rule", "severity", "message", "nodes", "remedy", ...}]
"""

from service.audit.context import scoped_portfolio
from service.audit.engine import run_audit
from service.audit.findings import AuditReport, Check, CheckStatus, Finding, RuleInfo, Severity
from service.audit.policy import InvalidPolicyError, Policy, PolicyIssue
from service.audit.rules import ALL_RULES, RULES_BY_ID, RuleSettings, Scope

__all__ = [
    "ALL_RULES",
    "RULES_BY_ID",
    "AuditReport",
    "Check",
    "CheckStatus",
    "Finding",
    "InvalidPolicyError",
    "Policy",
    "PolicyIssue",
    "RuleInfo",
    "RuleSettings",
    "Scope",
    "Severity",
    "run_audit",
    "scoped_portfolio",
]
