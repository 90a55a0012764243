"""An audit reports its progress in steps (reading, compiling, one per enabled rule), with the
long rules' fractions between: never back, and ending at the total."""

from __future__ import annotations

from pathlib import Path

from service.audit import ALL_RULES, Policy
from service.audit.progress import AuditProgress, ProgressUpdate
from service.authoring.dumper import dump_portfolio
from service.authoring.generator import generate_portfolio
from service.usecases import analysis as usecases
from service.usecases.portfolios import FileSource
from tests.conftest import EXAMPLE_PORTFOLIO

MC_POLICY = "rules:\n  min-robustness: {method: mc, samples: 40000}\n"


def _audit(path: Path, policy: Policy) -> list[ProgressUpdate]:
    updates: list[ProgressUpdate] = []
    usecases.audit(FileSource(path), policy, progress=updates.append)
    return updates


def test_an_audit_reports_monotone_progress_ending_at_the_total() -> None:
    updates = _audit(EXAMPLE_PORTFOLIO, Policy.defaults())
    total = 2 + len(ALL_RULES)
    assert {u.total for u in updates} == {total}
    done = [u.completed for u in updates]
    assert done == sorted(done)
    assert done[0] == 0
    assert updates[-1].completed == total
    assert updates[-1].stage == "done"
    stages = [u.stage for u in updates]
    assert stages[:3] == ["reading", "compiling", "compiling"]
    assert {u.detail for u in updates if u.stage == "rule"} >= {r.id for r in ALL_RULES}


def test_sampling_reports_fractions_of_the_min_robustness_step(tmp_path: Path) -> None:
    path = tmp_path / "generated.yaml"
    path.write_text(dump_portfolio(generate_portfolio(30, 3)), encoding="utf-8")
    updates = _audit(path, Policy.from_yaml_text(MC_POLICY, "policy.yaml"))
    done = [u.completed for u in updates]
    assert done == sorted(done)
    assert done[-1] == updates[-1].total
    sampling = [u for u in updates if "samples" in u.detail]
    assert sampling
    assert all(u.detail.startswith("min-robustness: ") for u in sampling)
    assert any(not u.completed.is_integer() for u in sampling)  # the bar moves within the rule


def test_a_disabled_rule_is_not_a_step() -> None:
    policy = Policy.from_yaml_text("rules:\n  min-robustness: {enabled: false}\n", "policy.yaml")
    progress = AuditProgress(policy)
    assert progress.total == 2 + len(ALL_RULES) - 1


def test_reports_never_go_back_nor_past_the_total() -> None:
    seen: list[float] = []
    progress = AuditProgress(Policy.defaults(), lambda u: seen.append(u.completed))
    for completed in (1.0, 0.5, 3.0, 1e9):
        progress.report("rule", completed)
    assert seen == [1.0, 1.0, 3.0, float(progress.total)]
