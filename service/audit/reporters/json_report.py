"""JSON output of `scg audit --format json` (DESIGN §8): the report's `to_json`, plus the file."""

from __future__ import annotations

import json
from typing import Any

from service.audit.findings import AuditReport, Severity
from service.audit.locations import PortfolioFile


def render_json(
    report: AuditReport, source: PortfolioFile | None = None, fail_on: Severity = Severity.ERROR
) -> str:
    data: dict[str, Any] = report.to_json()
    if source is not None:
        data["portfolio"] = source.display
        for finding, out in zip(report.findings, data["findings"], strict=True):
            line = source.line_of(finding.nodes[0]) if finding.nodes else None
            if line is not None:
                out["line"] = line
    data["fail_on"] = fail_on.value
    data["passed"] = not report.fails(fail_on)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
