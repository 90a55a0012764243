"""JUnit XML output: one test suite per rule, one test case per rule and deployment.

A test case fails (one `<failure>` listing every finding, its `type` the worst severity) when
the rule has findings concerning the deployment, is `<skipped>` when the policy does not apply
the rule to it (disabled, or outside its stakes), and passes otherwise. Findings that concern
no deployment (e.g. an assumption no case reaches) go to an extra test case named
`(portfolio)`.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from service.audit.findings import AuditReport, Check, CheckStatus, Severity
from service.audit.locations import PortfolioFile

PORTFOLIO_CASE = "(portfolio)"


def _case(check: Check, source: PortfolioFile | None) -> ET.Element:
    element = ET.Element(
        "testcase",
        {"classname": f"scg.audit.{check.rule}", "name": check.deployment or PORTFOLIO_CASE},
    )
    if source is not None:
        element.set("file", source.display)
    if check.status is CheckStatus.SKIPPED:
        ET.SubElement(element, "skipped", {"message": check.reason or "skipped"})
    elif check.status is CheckStatus.FAILED:
        worst = max((f.severity for f in check.findings), key=lambda s: s.rank)
        body = []
        for f in check.findings:
            line = source.line_of(f.nodes[0]) if source is not None and f.nodes else None
            where = f"{source.display}:{line}: " if source is not None and line else ""
            body.append(f"{where}{f.severity.value}: {f.message}\nremedy: {f.remedy}")
        failure = ET.SubElement(
            element, "failure", {"type": worst.value, "message": check.findings[0].message}
        )
        failure.text = "\n\n".join(body)
    return element


def render_junit(
    report: AuditReport, source: PortfolioFile | None = None, fail_on: Severity = Severity.ERROR
) -> str:
    del fail_on  # every finding is a failure; the exit code applies --fail-on
    root = ET.Element("testsuites", {"name": "scg audit"})
    totals = {"tests": 0, "failures": 0, "skipped": 0}
    for rule in report.rules:
        checks = [c for c in report.checks if c.rule == rule.id]
        counts = {
            "tests": len(checks),
            "failures": sum(c.status is CheckStatus.FAILED for c in checks),
            "skipped": sum(c.status is CheckStatus.SKIPPED for c in checks),
        }
        suite = ET.SubElement(
            root,
            "testsuite",
            {"name": rule.id, **{k: str(v) for k, v in counts.items()}, "errors": "0"},
        )
        for check in checks:
            suite.append(_case(check, source))
        for k, v in counts.items():
            totals[k] += v
    for k, v in totals.items():
        root.set(k, str(v))
    root.set("errors", "0")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
