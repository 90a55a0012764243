"""SARIF 2.1.0 output, as code-scanning dashboards (e.g. GitHub code scanning) ingest it.

One run; `tool.driver.rules` describes every rule with its configured level; each finding is a
result with `ruleId`, `level`, a message that ends with the remedy, and, when the audit read a
file, a physical location at the line of the finding's first node (other nodes with a line
become `relatedLocations`). Every result also carries the node ids as `logicalLocations`, and a
`partialFingerprints` entry built from the rule and node ids, so an alert keeps its identity
when lines move.
"""

from __future__ import annotations

import hashlib
import json
from importlib import metadata
from typing import Any

from service.audit.findings import AuditReport, Finding, RuleInfo, Severity
from service.audit.locations import PortfolioFile

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
TOOL_NAME = "scg-audit"
FINGERPRINT = "scgAuditFinding/v1"


def _version() -> str:
    try:
        return metadata.version("safety-case-graph")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "0.0.0"


def _rule(info: RuleInfo) -> dict[str, Any]:
    return {
        "id": info.id,
        "name": "".join(part.capitalize() for part in info.id.split("-")),
        "shortDescription": {"text": info.title},
        "fullDescription": {"text": info.description},
        "help": {"text": info.help, "markdown": info.help},
        "defaultConfiguration": {"level": info.severity.value, "enabled": info.enabled},
        "properties": {"tags": ["safety-case", "diversity-audit"]},
    }


def _artifact(source: PortfolioFile) -> dict[str, Any]:
    uri, relative = source.uri()
    location: dict[str, Any] = {"uri": uri}
    if relative:
        location["uriBaseId"] = "%SRCROOT%"
    return location


def _physical(source: PortfolioFile, node: str) -> dict[str, Any]:
    line = source.line_of(node) or 1
    return {"artifactLocation": {**_artifact(source), "index": 0}, "region": {"startLine": line}}


def _result(
    finding: Finding, rule_index: dict[str, int], report: AuditReport, source: PortfolioFile | None
) -> dict[str, Any]:
    location: dict[str, Any] = {
        "logicalLocations": [
            {
                "name": node,
                "fullyQualifiedName": f"{report.kinds.get(node, 'node')}:{node}",
                "kind": report.kinds.get(node, "node"),
            }
            for node in finding.nodes
        ]
    }
    first = finding.nodes[0] if finding.nodes else None
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index[finding.rule],
        "level": finding.severity.value,
        "message": {"text": f"{finding.message} Remedy: {finding.remedy}"},
        "locations": [location],
        "partialFingerprints": {
            FINGERPRINT: hashlib.sha256(
                "\0".join((finding.rule, *finding.nodes)).encode()
            ).hexdigest()
        },
        "properties": {
            "remedy": finding.remedy,
            "nodes": list(finding.nodes),
            "deployments": list(finding.deployments),
            "subject": finding.subject,
        },
    }
    if source is not None and first is not None:
        location["physicalLocation"] = _physical(source, first)
        related: list[dict[str, Any]] = []
        for node in dict.fromkeys(finding.nodes[1:]):
            if source.line_of(node) is not None:
                related.append(
                    {
                        "id": len(related) + 1,
                        "physicalLocation": _physical(source, node),
                        "message": {"text": f"{report.kinds.get(node, 'node')} `{node}`"},
                    }
                )
        if related:
            result["relatedLocations"] = related
    return result


def sarif_log(
    report: AuditReport, source: PortfolioFile | None = None, fail_on: Severity = Severity.ERROR
) -> dict[str, Any]:
    """The SARIF log as a JSON-ready dict."""
    rule_index = {info.id: i for i, info in enumerate(report.rules)}
    version = _version()
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": TOOL_NAME,
                "fullName": "Safety Case Graph diversity audit",
                "version": version,
                "semanticVersion": version,
                "rules": [_rule(info) for info in report.rules],
            }
        },
        "invocations": [
            {
                "executionSuccessful": True,
                "properties": {"failOn": fail_on.value, "passed": not report.fails(fail_on)},
            }
        ],
        "results": [_result(f, rule_index, report, source) for f in report.findings],
        "columnKind": "unicodeCodePoints",
        "properties": {"policy": report.policy_name, "summary": report.counts()},
    }
    if source is not None:
        run["artifacts"] = [{"location": _artifact(source), "roles": ["analysisTarget"]}]
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def render_sarif(
    report: AuditReport, source: PortfolioFile | None = None, fail_on: Severity = Severity.ERROR
) -> str:
    return json.dumps(sarif_log(report, source, fail_on), indent=2, ensure_ascii=False) + "\n"
