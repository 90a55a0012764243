"""Writing the results: `results.json`, `results.md` and `latency.png` in the output folder.

Each file is written to `<name>.tmp` first and renamed into place, so a reader (or an
interrupted run) never sees half a file; `bench/*.tmp` is ignored by git.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from benchmarks.plot import plot_available, plot_latency
from benchmarks.report import render_markdown

RESULTS_JSON = "results.json"
RESULTS_MD = "results.md"
LATENCY_PNG = "latency.png"


def write_outputs(document: dict[str, Any], directory: Path) -> list[Path]:
    """Write the three files (the plot only when matplotlib is installed); returns the paths."""
    directory.mkdir(parents=True, exist_ok=True)
    can_plot = plot_available()
    if not can_plot:
        notes = document.setdefault("notes", [])
        message = "latency.png not written: matplotlib is missing (pip install -e '.[bench]')"
        if message not in notes:
            notes.append(message)
    written = [
        _write_text(directory / RESULTS_JSON, json.dumps(document, indent=2) + "\n"),
        _write_text(directory / RESULTS_MD, render_markdown(document)),
    ]
    if can_plot:
        path = directory / LATENCY_PNG
        tmp = path.with_name(path.name + ".tmp")
        plot_latency(document, tmp)
        os.replace(tmp, path)
        written.append(path)
    return written


def _write_text(path: Path, text: str) -> Path:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
    return path
