"""The machine a benchmark ran on: cores, memory, CPU model, Python and Neo4j versions, load."""

from __future__ import annotations

import os
import platform
from pathlib import Path
from typing import Any


def cpu_model(cpuinfo: str | None = None) -> str:
    """The `model name` of /proc/cpuinfo (the first CPU's), with its family and model numbers
    when the name alone is vague (virtual machines often say only "AMD EPYC")."""
    text = cpuinfo if cpuinfo is not None else _read("/proc/cpuinfo")
    fields: dict[str, str] = {}
    for line in text.splitlines():
        key, _, value = line.partition(":")
        fields.setdefault(key.strip(), value.strip())
    name = fields.get("model name") or fields.get("Model") or fields.get("cpu model")
    if not name:
        return platform.processor() or platform.machine() or "unknown CPU"
    family, model = fields.get("cpu family"), fields.get("model")
    if family and model and not any(ch.isdigit() for ch in name):
        return f"{name} (family {family}, model {model})"
    return name


def memory_gib(meminfo: str | None = None) -> float | None:
    """MemTotal of /proc/meminfo in GiB."""
    text = meminfo if meminfo is not None else _read("/proc/meminfo")
    for line in text.splitlines():
        if line.startswith("MemTotal:"):
            kib = int(line.split()[1])
            return round(kib / 1024 / 1024, 1)
    return None


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def load_average() -> list[float]:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


def describe_machine(
    neo4j_version: str | None, *, with_neo4j: bool = True
) -> tuple[str, dict[str, Any]]:
    """A one-line description and its parts (`with_neo4j=False`: runs that use no Neo4j)."""
    details: dict[str, Any] = {
        "cores": usable_cores(),
        "memory_gib": memory_gib(),
        "cpu_model": cpu_model(),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "neo4j": neo4j_version,
    }
    memory = f"{details['memory_gib']} GiB RAM" if details["memory_gib"] else "unknown RAM"
    line = (
        f"{details['cores']} cores, {memory}, {details['cpu_model']}; "
        f"{details['os']}; Python {details['python']}"
    )
    if with_neo4j:
        line += f"; Neo4j {neo4j_version or 'unknown'}"
    return line, details


def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
