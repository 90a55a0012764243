"""`bench/latency.png`: latency of each operation against portfolio size (matplotlib, Agg).

matplotlib is optional (`pip install -e '.[bench]'`, which `make bench` does); without it the
plot is skipped with a note and everything else is still written.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

SERIES: Sequence[tuple[str, str, str]] = (
    ("nested_read_p95_ms", "nested read p95", "o-"),
    ("impact_p95_ms", "impact p95 (cached)", "s-"),
    ("impact_cold_ms", "impact cold (after start)", "s--"),
    ("impact_after_edit_ms", "impact cold (after an edit)", "s:"),
    ("cutsets_order3_ms", "cut sets <= 3", "^-"),
    ("risk_exact_ms", "risk exact", "D-"),
    ("risk_mc_ms", "risk MC 100k", "D--"),
    ("audit_ms", "audit", "v-"),
)


def plot_available() -> bool:
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True


def plot_latency(document: dict[str, Any], path: Path) -> None:
    """Write the plot; ImportError when matplotlib is missing."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = document.get("sizes", [])
    cap_ms = float(document.get("config", {}).get("cap_s") or 0) * 1000.0
    figure, axes = plt.subplots(figsize=(8, 5), dpi=120)
    for key, label, style in SERIES:
        points = [(s["cases"], s[key]) for s in sizes if s.get(key) is not None]
        if points:
            xs, ys = zip(*points, strict=True)
            axes.plot(xs, ys, style, label=label)
    if cap_ms:
        axes.axhline(cap_ms, color="grey", linestyle=":", linewidth=1)
        axes.annotate(
            f"cap {cap_ms / 1000:.0f} s: missing points timed out",
            (1, cap_ms),
            xycoords=("axes fraction", "data"),
            ha="right",
            va="bottom",
            fontsize=8,
            color="grey",
        )
    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.set_xlabel("safety cases in the portfolio")
    axes.set_ylabel("latency over GraphQL (ms)")
    axes.set_title("Safety Case Graph: latency against portfolio size", fontsize=11)
    axes.grid(True, which="both", linewidth=0.3)
    axes.legend(fontsize=8, loc="upper left")
    figure.text(0.01, 0.01, document.get("machine", ""), fontsize=6, color="grey")
    figure.tight_layout(rect=(0, 0.03, 1, 1))
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, format="png")
    plt.close(figure)
