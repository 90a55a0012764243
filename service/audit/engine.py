"""`run_audit`: a policy's rules over a portfolio, as findings and per-deployment checks.

Pure (no I/O): the CLI (`scg audit`) and GraphQL (`audit(policy:)`) both call it, so they
report the same findings.
"""

from __future__ import annotations

from collections.abc import Collection

from service.analysis import Circuit, find_profile
from service.audit.context import AuditContext
from service.audit.findings import AuditReport, Check, CheckStatus, Finding, RuleInfo, Severity
from service.audit.policy import Policy
from service.audit.progress import AuditProgress
from service.audit.rules import ALL_RULES, Rule, RuleSettings, Scope
from service.model import Portfolio
from service.util.progress import FractionDone, no_progress

_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.NOTE: 2}
_RULE_ORDER = {rule.id: i for i, rule in enumerate(ALL_RULES)}


def run_audit(
    portfolio: Portfolio,
    policy: Policy | None = None,
    *,
    circuit: Circuit | None = None,
    priors: str | None = None,
    progress: AuditProgress | None = None,
) -> AuditReport:
    """Audit `portfolio` (a validated one, e.g. from `load_portfolio_file`) against `policy`
    (default: `Policy.defaults()`). Findings come most severe first, then by rule and
    subject. `circuit`: the compiled `scoped_portfolio(portfolio, policy's excluded
    statuses)`, if the caller keeps one (the analyses memoise their plans on it). `priors`:
    the prior profile the quantitative rules use (DESIGN §4.8; None: the portfolio's own).
    `progress`: told as each rule starts and ends (and, by rules that take long, between);
    its first two steps, reading and compiling, are the caller's."""
    policy = policy or Policy.defaults()
    progress = progress or AuditProgress(policy)
    find_profile(portfolio.prior_profiles, priors)  # an unknown profile fails before any rule
    ctx = AuditContext(portfolio, policy.exclude_case_statuses, circuit, priors=priors)
    findings: list[Finding] = []
    checks: list[Check] = []
    step = 2  # reading and compiling come first
    for rule in ALL_RULES:
        if policy.enabled_anywhere(rule.id):
            progress.report("rule", step, rule.id)
            ctx.progress = _rule_progress(progress, step, rule.id)
            found = list(rule.check(ctx, _settings_for(policy, rule)))
            step += 1
            progress.report("rule", step, rule.id)
        else:
            found = []
        findings.extend(found)
        checks.extend(_checks(ctx, policy, rule, found))
    ctx.progress = no_progress
    progress.finish()
    order = {d: i for i, d in enumerate(ctx.deployments)}
    findings.sort(
        key=lambda f: (
            _SEVERITY_ORDER[f.severity],
            _RULE_ORDER[f.rule],
            min((order.get(d, len(order)) for d in f.deployments), default=len(order)),
        )
    )
    return AuditReport(
        findings=tuple(findings),
        checks=tuple(checks),
        rules=tuple(_rule_info(policy, rule) for rule in ALL_RULES),
        deployments=tuple(ctx.deployments),
        policy_name=policy.name,
        warnings=tuple(_policy_warnings(ctx, policy)),
        settings=policy.to_json(),
        kinds={
            node: kind
            for f in findings
            for node in f.nodes
            if (kind := ctx.kind_of(node)) is not None
        },
    )


def _rule_progress(progress: AuditProgress, step: int, rule_id: str) -> FractionDone:
    """What a rule reports as a fraction of its step, as steps of the audit."""

    def report(fraction: float, detail: str) -> None:
        progress.report("rule", step + fraction, f"{rule_id}: {detail}")

    return report


def _settings_for(policy: Policy, rule: Rule) -> _Resolver:
    return _Resolver(policy, rule.id)


class _Resolver:
    """Memoised `subject id -> settings` of one rule."""

    def __init__(self, policy: Policy, rule_id: str) -> None:
        self.policy = policy
        self.rule_id = rule_id
        self.memo: dict[str, RuleSettings] = {}

    def __call__(self, subject: str) -> RuleSettings:
        if subject not in self.memo:
            self.memo[subject] = self.policy.settings(self.rule_id, subject)
        return self.memo[subject]


def _checks(ctx: AuditContext, policy: Policy, rule: Rule, found: list[Finding]) -> list[Check]:
    """One check per deployment (a JUnit test case), and one for findings that concern no
    deployment, if there are any."""
    checks: list[Check] = []
    enabled = policy.enabled_anywhere(rule.id)
    for d in ctx.deployments:
        mine = tuple(f for f in found if d in f.deployments)
        if rule.scope is Scope.DEPLOYMENT:
            reason = rule.skip_reason(ctx, d, policy.settings(rule.id, d))
        else:
            reason = None if enabled else "disabled by the policy"
        if reason is not None and not mine:
            checks.append(Check(rule.id, d, CheckStatus.SKIPPED, reason=reason))
        else:
            status = CheckStatus.FAILED if mine else CheckStatus.PASSED
            checks.append(Check(rule.id, d, status, mine))
    orphans = tuple(f for f in found if not f.deployments)
    if orphans:
        checks.append(Check(rule.id, None, CheckStatus.FAILED, orphans))
    return checks


def _rule_info(policy: Policy, rule: Rule) -> RuleInfo:
    settings = policy.settings(rule.id)
    return RuleInfo(
        id=rule.id,
        title=rule.title,
        description=rule.description,
        help=rule.help,
        severity=settings.severity,
        enabled=policy.enabled_anywhere(rule.id),
    )


def _policy_warnings(ctx: AuditContext, policy: Policy) -> list[str]:
    known: dict[Scope, Collection[str]] = {
        Scope.DEPLOYMENT: ctx.deployments,
        Scope.CASE: ctx.cases,
        Scope.ASSUMPTION: ctx.assumptions,
    }
    warnings = []
    for scope, ids in known.items():
        for subject in policy.overridden(scope):
            if subject not in ids:
                warnings.append(
                    f"the policy overrides rules for {scope.value} {subject!r}, which the "
                    f"portfolio does not have (overrides.{scope.plural}.{subject})"
                )
    if ctx.excluded_cases:
        statuses = ", ".join(s.value for s in policy.exclude_case_statuses)
        warnings.append(
            f"{len(ctx.excluded_cases)} case(s) with status {statuses} count for no deployment: "
            + ", ".join(ctx.excluded_cases)
        )
    return warnings
