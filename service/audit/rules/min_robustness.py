"""Robustness at least a policy minimum (DESIGN §4.7, §4.4).

Robustness is the prior mass of the worlds (one answer per question) in which the deployment's
residual risk stays within its risk threshold, as `service.analysis.risk.portfolio_risk`
computes it (exact, or Monte Carlo with a fixed seed when the exact diagram is too large, so
that an audit is repeatable). The deployments estimated by Monte Carlo share their samples
(`portfolio_risks`): 472 judged deployments of a 10,000-case portfolio are one pass, not 472.
"""

from __future__ import annotations

from collections.abc import Iterator

from service.analysis.risk import DEFAULT_SAMPLES, portfolio_risks
from service.audit.context import AuditContext
from service.audit.findings import Finding, Severity
from service.audit.rules.base import (
    Parameter,
    Rule,
    RuleSettings,
    Scope,
    SettingsFor,
    code,
    codes,
    stakes_parameter,
    stakes_skip_reason,
)

TOLERANCE = 1e-9
# Plan steps `auto` tries per deployment before sampling it with the others. A plan that
# fails costs about as many milliseconds as its limit: at the 5,000 of a single risk query,
# failing plans were 90 % of an audit of 47 deployments. Plans kept from earlier queries are
# used whatever their size.
AUDIT_STEP_LIMIT = 250
# Shared random nodes past which `auto` samples a deployment without planning it: in generated
# portfolios of 1,000 to 10,000 cases every plan within 250 steps had at most 8, and the 470
# plans refused at 10,000 cases (most with 13 or more) cost 22 s of a first audit.
AUDIT_SHARED_LIMIT = 12


class MinRobustness(Rule):
    id = "min-robustness"
    title = "Robust across world models"
    description = (
        "A judged deployment's robustness (the prior mass of worlds whose residual risk is "
        "within its risk threshold) must be at least `minimum`."
    )
    help = (
        "Add cases that hold in the worlds where the risk is highest, or make the cases that "
        "hold there more effective."
    )
    scope = Scope.DEPLOYMENT
    default_severity = Severity.WARNING
    parameters = (
        Parameter(
            "minimum",
            {"type": "number", "minimum": 0, "maximum": 1},
            0.8,
            "The least robustness a judged deployment may have (a probability).",
        ),
        stakes_parameter(["high", "critical"]),
        Parameter(
            "method",
            {"enum": ["auto", "exact", "mc"]},
            "auto",
            "How to compute it: exact, Monte Carlo, or exact unless too large.",
        ),
        Parameter(
            "samples",
            {"type": "integer", "minimum": 1},
            DEFAULT_SAMPLES,
            "Monte Carlo samples.",
        ),
        Parameter("seed", {"type": "integer"}, 0, "Monte Carlo seed (audits are repeatable)."),
    )

    def skip_reason(self, ctx: AuditContext, deployment: str, settings: RuleSettings) -> str | None:
        return stakes_skip_reason(self, ctx, deployment, settings)

    def check(self, ctx: AuditContext, settings_for: SettingsFor) -> Iterator[Finding]:
        judged = {d: settings_for(d) for d in ctx.deployments}
        judged = {d: s for d, s in judged.items() if self.skip_reason(ctx, d, s) is None}
        # Deployments sampled alike share their samples: one pass draws each event and
        # evaluates each gate once for all of them (exact where the plan is small enough).
        groups: dict[tuple[str, int, int], list[str]] = {}
        for d, settings in judged.items():
            key = (settings["method"], int(settings["samples"]), int(settings["seed"]))
            groups.setdefault(key, []).append(d)
        risks = {}
        done = 0  # deployments of the groups before this one
        for (method, samples, seed), deployments in groups.items():
            start, share = done / len(judged), len(deployments) / len(judged)

            def report(fraction: float, detail: str, at: float = start, of: float = share) -> None:
                ctx.progress(at + of * fraction, detail)

            risks.update(
                portfolio_risks(
                    ctx.circuit,
                    deployments,
                    method=method,
                    samples=samples,
                    seed=seed,
                    auto_step_limit=AUDIT_STEP_LIMIT,
                    auto_shared_limit=AUDIT_SHARED_LIMIT,
                    progress=report,
                )
            )
            done += len(deployments)
        for d, settings in judged.items():
            dep = ctx.deployments[d]
            risk = risks[d]
            minimum = float(settings["minimum"])
            robustness = risk.robustness
            if robustness >= minimum - TOLERANCE:
                continue
            estimate = " (Monte Carlo estimate)" if risk.method == "mc" else ""
            message = (
                f"Deployment {code(d)} is robust in {_pct(robustness)} of worlds{estimate}: only "
                f"that prior mass of worlds keeps its residual risk within its threshold "
                f"{dep.risk_threshold:g} (expected risk {risk.expected_risk:.3g}); the policy "
                f"minimum is {_pct(minimum)}."
            )
            reached = {w for c in ctx.cases_of[d] for w in ctx.reach(c).worlds}
            worst = risk.residual.worst_worlds
            # The answers of the riskiest world that some covering case fails in.
            bad = [w for w in worst[0].worlds if w in reached] if worst else []
            if not ctx.cases_of[d]:
                remedy = f"Add cases covering {code(d)}: with none its risk is its prior risk."
            elif dep.risk_threshold == 0 and dep.prior_risk > 0:
                remedy = (
                    f"Set a `risk_threshold` for {code(d)} (it is 0, which no case short of "
                    "effectiveness 1 can meet), or add cases that hold in every world."
                )
            elif bad:
                top = worst[0]
                remedy = (
                    f"Add a case for {code(d)} whose assumptions do not fail in "
                    f"{codes(bad)}, the world models its cases fail in within its riskiest "
                    f"world ({' + '.join(top.worlds)}: prior {top.prior:.3g}, risk "
                    f"{top.risk:.3g}), "
                    "or raise the effectiveness of the cases that hold there."
                )
            else:
                remedy = (
                    f"Raise the effectiveness of the cases covering {code(d)} or add cases: "
                    "even where they all hold, its residual risk exceeds the threshold."
                )
            yield Finding(
                rule=self.id,
                severity=settings.severity,
                message=message,
                nodes=(d, *bad),
                remedy=remedy,
                subject=d,
                deployments=(d,),
            )


def _pct(p: float) -> str:
    return f"{100 * p:.1f} %"
