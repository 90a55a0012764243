"""Where a finding is in the portfolio file it was audited from: file path and line of a node."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from service.audit.yaml_lines import LineIndex, index_lines


@dataclass(frozen=True)
class PortfolioFile:
    """The audited file: its path as reports show it, and the line of each entity id."""

    path: Path
    lines: LineIndex

    @classmethod
    def read(cls, path: Path | str) -> PortfolioFile:
        """Index an (already validated) portfolio file; unreadable text yields no lines."""
        path = Path(path)
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except (OSError, UnicodeDecodeError):
            return cls(path, LineIndex())
        return cls(path, index_lines(text))

    def line_of(self, node_id: str) -> int | None:
        return self.lines.line_of_id(node_id)

    @property
    def display(self) -> str:
        """The path as given (how compilers print it)."""
        return str(self.path)

    def uri(self) -> tuple[str, bool]:
        """(uri, relative): a POSIX path relative to the working directory (the repository
        root in CI) when the file is under it, else an absolute `file:` URI."""
        absolute = self.path.resolve()
        try:
            relative = absolute.relative_to(Path.cwd().resolve())
        except ValueError:
            return absolute.as_uri(), False
        return relative.as_posix() if os.sep == "/" else str(relative).replace(os.sep, "/"), True
