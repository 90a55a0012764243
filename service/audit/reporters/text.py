"""Text output: one compiler-style line per finding (`file:line: severity [rule] message`, which
CI log viewers link), its remedy beneath, and a summary line."""

from __future__ import annotations

from service.audit.findings import AuditReport, CheckStatus, Severity
from service.audit.locations import PortfolioFile


def render_text(
    report: AuditReport, source: PortfolioFile | None = None, fail_on: Severity = Severity.ERROR
) -> str:
    lines: list[str] = []
    for warning in report.warnings:
        lines.append(f"policy: {warning}")
    for f in report.findings:
        where = ""
        if source is not None:
            line = source.line_of(f.nodes[0]) if f.nodes else None
            where = f"{source.display}:{line}: " if line else f"{source.display}: "
        lines.append(f"{where}{f.severity.value} [{f.rule}] {f.message}")
        lines.append(f"    remedy: {f.remedy}")
    counts = report.counts()
    failed = sum(1 for c in report.checks if c.status is CheckStatus.FAILED)
    skipped = sum(1 for c in report.checks if c.status is CheckStatus.SKIPPED)
    verdict = "FAILED" if report.fails(fail_on) else "passed"
    summary = ", ".join(f"{n} {s}{'s' if n != 1 else ''}" for s, n in counts.items())
    lines.append(
        f"audit {verdict} (fail on {fail_on.value}; policy: {report.policy_name}): {summary}; "
        f"{len(report.checks)} checks, {failed} failed, {skipped} skipped"
    )
    return "\n".join(lines) + "\n"
