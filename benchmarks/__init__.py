"""The benchmark harness (`make bench`, `python -m benchmarks`; issue 7), outside the product:
generated portfolios of growing size, loaded into a dedicated Neo4j and served by the real
service, timed over GraphQL on loopback, side by side with the straightforward baselines, written
to `bench/`.

- `runner`: the run, step by step (`run_benchmark(BenchConfig(...))`);
- `workloads`: the portfolios and the inputs chosen from them;
- `queries`: the GraphQL operations timed;
- `timing`, `stats`: repetitions within a budget, caps, percentiles;
- `service_process`, `graphql_client`, `bench_neo4j`: the service, its client, its Neo4j;
- `baselines`, `naive`: the alternatives a user might write, and their naive evaluations;
- `results`, `report`, `plot`, `outputs`: results.json, results.md, latency.png;
- `machine`: the machine's description.
"""

from pathlib import Path

REPOSITORY_ROOT = Path(__file__).resolve().parent.parent
"""The checkout the harness runs from (it benchmarks the source tree, not an installed wheel)."""
