"""A bounded 50-client mixed load against a running API on the loopback interface.

Each client loops over reads, impacts, exact risks, creates and updates (the mix of
`tests/e2e/api/test_concurrency.py`) until the time is up, and every request's latency is
kept by kind. The figures (throughput, p50/p95 overall and per kind, errors by code) are
printed and written as JSON, so the same command gives comparable figures before and after
a change:

    python -m tests.resilience.mixed_load --base http://127.0.0.1:8000 --key KEY \\
        --clients 50 --seconds 30 --out load.json

Only loopback addresses are accepted: load goes nowhere else.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

import httpx

READ = """query Read { safetyCases(first: 20) { totalCount edges { node { id
    covers { nodes { id } } root { id children { nodes { id } } } } } } }"""
IMPACT = """query Impact($t: [ID!]!) { impact(scenario: {failTechniques: $t}) {
    cases { case { id } outcome pHolds } deployments { covered } } }"""
RISK = """query Risk { risk(deployment: "asl4-internal-rd", method: EXACT) { pUncovered } }"""
CREATE = """mutation Create($id: ID!) { createSource(input: {id: $id, title: "load test"}) {
    revision } }"""
UPDATE = """mutation Update($notes: String) { updateDeployment(id: "asl4-internal-rd",
    input: {notes: $notes}) { revision } }"""
MIX = ("read", "impact", "create", "read", "update", "risk", "read", "create")
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _body(kind: str, number: int, step: int, run: str) -> dict[str, Any]:
    if kind == "read":
        return {"query": READ}
    if kind == "impact":
        techniques = [["interpretability"], ["ai-control"], []][step % 3]
        return {"query": IMPACT, "variables": {"t": techniques}}
    if kind == "risk":
        return {"query": RISK}
    if kind == "create":
        return {"query": CREATE, "variables": {"id": f"load-{run}-{number}-{step}"}}
    return {"query": UPDATE, "variables": {"notes": f"client {number} step {step}"}}


def _client(base: str, key: str, number: int, stop: float, run: str, tally: Tally) -> None:
    headers = {"Authorization": f"Bearer {key}"}
    step = 0
    with httpx.Client(base_url=base, headers=headers, timeout=60) as client:
        while time.monotonic() < stop:
            kind = MIX[(number + step) % len(MIX)]
            started = time.perf_counter()
            code = None
            try:
                response = client.post("/graphql", json=_body(kind, number, step, run))
                payload = response.json()
                if response.status_code != 200 or payload.get("errors"):
                    errors = payload.get("errors") or [{}]
                    code = f"{response.status_code}:{errors[0].get('extensions', {}).get('code')}"
            except (httpx.HTTPError, ValueError) as error:
                code = type(error).__name__
            elapsed = time.perf_counter() - started
            with tally.lock:
                tally.latencies.setdefault(kind, []).append(elapsed)
                if code is not None:
                    tally.errors[f"{kind} {code}"] += 1
            step += 1


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000.0


def run_load(base: str, key: str, clients: int, seconds: float) -> dict[str, Any]:
    host = urlparse(base).hostname or ""
    if host not in LOOPBACK and not host.startswith("127."):
        raise SystemExit(f"refusing to load {host!r}: loopback addresses only")
    tally = Tally()
    run = uuid.uuid4().hex[:8]
    started = time.monotonic()
    stop = started + seconds
    threads = [
        threading.Thread(target=_client, args=(base, key, n, stop, run, tally))
        for n in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.monotonic() - started
    every = [value for values in tally.latencies.values() for value in values]
    kinds = {
        kind: {
            "requests": len(values),
            "p50_ms": round(_percentile(values, 0.50), 1),
            "p95_ms": round(_percentile(values, 0.95), 1),
            "mean_ms": round(statistics.fmean(values) * 1000.0, 1),
        }
        for kind, values in sorted(tally.latencies.items())
    }
    return {
        "clients": clients,
        "seconds": round(wall, 1),
        "requests": len(every),
        "throughput_rps": round(len(every) / wall, 1),
        "p50_ms": round(_percentile(every, 0.50), 1) if every else None,
        "p95_ms": round(_percentile(every, 0.95), 1) if every else None,
        "errors": sum(tally.errors.values()),
        "errors_by_kind": dict(tally.errors),
        "kinds": kinds,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--key", required=True, help="an editor key of workspace default")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--out", help="write the figures as JSON to this file")
    args = parser.parse_args(argv)
    if not 1 <= args.clients <= 200 or not 1 <= args.seconds <= 600:
        parser.error("--clients 1..200 and --seconds 1..600")
    figures = run_load(args.base, args.key, args.clients, args.seconds)
    text = json.dumps(figures, indent=2)
    print(text)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as out:
            out.write(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
