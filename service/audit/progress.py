"""How far an audit is, for a progress bar (`scg audit` shows one on a terminal).

An audit's work is counted in steps: reading the portfolio, compiling its failure circuit, then
one step per rule the policy enables. A rule may report fractions of its step as it goes
(min-robustness: per deployment planned and per chunk of Monte Carlo samples), so the bar moves
during the long rules too. Reports never go back, and the last one is at the total.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from service.audit.policy import Policy
from service.audit.rules import ALL_RULES


@dataclass(frozen=True)
class ProgressUpdate:
    stage: str
    """reading, compiling, rule (a rule runs; `detail` names it), or done."""
    detail: str
    completed: float
    """Steps done so far (a rule's fraction of its step included); never decreases."""
    total: int


ProgressCallback = Callable[[ProgressUpdate], None]


class AuditProgress:
    """The steps of one audit under `policy`, reported to `callback` (None: to nobody)."""

    def __init__(self, policy: Policy, callback: ProgressCallback | None = None) -> None:
        self.callback = callback
        self.total = 2 + sum(1 for rule in ALL_RULES if policy.enabled_anywhere(rule.id))
        self.completed = 0.0

    def report(self, stage: str, completed: float, detail: str = "") -> None:
        """Steps `completed` (clamped: never back, never past the total)."""
        self.completed = min(max(self.completed, completed), float(self.total))
        if self.callback is not None:
            self.callback(ProgressUpdate(stage, detail, self.completed, self.total))

    def finish(self) -> None:
        self.report("done", float(self.total))
