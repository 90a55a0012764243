"""The error raised for a portfolio that cannot be accepted: every problem in it, together."""

from __future__ import annotations

from collections.abc import Sequence

from service.errors import ScgError
from service.model.validation import PortfolioIssue


class InvalidPortfolioError(ScgError):
    """A portfolio (file, text or object) has problems; `issues` lists all of them.

    `str(error)` is one issue per line, each naming the file, line and path, e.g.
    `portfolio.yaml:42: cases[3].argument.children[1].relies_on[0]: unknown assumption 'foo'`.
    """

    def __init__(self, issues: Sequence[PortfolioIssue]) -> None:
        if not issues:
            raise ValueError("InvalidPortfolioError needs at least one issue")
        self.issues: list[PortfolioIssue] = list(issues)
        super().__init__("\n".join(str(issue) for issue in self.issues))

    @property
    def summary(self) -> str:
        """A one-line headline, e.g. `3 problems in portfolio.yaml`."""
        n = len(self.issues)
        files = sorted({issue.file for issue in self.issues if issue.file})
        where = f" in {', '.join(files)}" if files else ""
        return f"{n} problem{'s' if n != 1 else ''}{where}"
