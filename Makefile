# The README's two commands are `make run` and `make test`; everything else is a step of them.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
BENCH_STAMP := $(VENV)/.installed-bench

.PHONY: setup system-deps python-deps neo4j-launcher run test lint typecheck unit clean bench \
        compare-scram

setup: system-deps python-deps neo4j-launcher

# Java 17 and Maven build the embedded Neo4j; Graphviz (`dot`) lays out GSN diagrams.
# Both installed from Debian's packages when missing.
system-deps:
	@command -v java >/dev/null && command -v mvn >/dev/null || { \
	  echo "installing Java 17 and Maven (apt-get)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jdk-headless maven; }
	@command -v dot >/dev/null || { \
	  echo "installing Graphviz (apt-get)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz; }

python-deps: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $(STAMP)

neo4j-launcher:
	@bash deploy/neo4j/build.sh

# Set up, start Neo4j, load the example portfolio, serve the API on 127.0.0.1:8000.
run: setup
	$(BIN)/scg neo4j start
	$(BIN)/scg load schema/examples/frontier-portfolio.yaml
	$(BIN)/scg keys local-admin
	$(BIN)/scg serve

# Set up, then lint, type-check and run every test (unit, integration against a real Neo4j, e2e).
test: setup lint typecheck
	$(BIN)/pytest

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck:
	$(BIN)/mypy

# Set up, then benchmark 100, 1,000 and 10,000 cases (BENCH_ARGS, e.g. --sizes 100,1000):
# bench/results.json, bench/results.md, bench/latency.png (see README, "Benchmarks").
bench: setup $(BENCH_STAMP)
	$(BIN)/python -m benchmarks $(BENCH_ARGS)

$(BENCH_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[bench]'
	@touch $(BENCH_STAMP)

# Our engine and SCRAM (Debian's `scram`, installed when missing) on the Aralia fault trees
# (ARALIA_DIR, default ../shared/benchmarks/aralia), 120 s each: bench/scram-comparison.md
# and .json (COMPARE_ARGS, e.g. --models baobab2,chinese --timeout 60). See README.
compare-scram: python-deps
	@command -v scram >/dev/null || { \
	  echo "installing SCRAM (apt-get)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq scram; }
	$(BIN)/python -m benchmarks.scram_comparison $(COMPARE_ARGS)

unit: python-deps
	$(BIN)/pytest tests/unit

clean:
	-$(BIN)/scg neo4j stop
	rm -rf $(VENV) .scg deploy/neo4j/target
