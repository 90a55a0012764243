# The README's two commands are `make run` and `make test`; everything else is a step of them.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
BENCH_STAMP := $(VENV)/.installed-bench

.PHONY: setup system-deps python-deps neo4j-launcher web-deps dashboard browser-deps run test \
        lint typecheck unit clean bench compare-scram

WEB_STAMP := web/node_modules/.package-lock.json
DASHBOARD := service/api/static/index.html
WEB_SOURCES := $(shell find web/src -type f 2>/dev/null) web/index.html web/vite.config.ts \
               web/tsconfig.json

setup: system-deps python-deps neo4j-launcher dashboard

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

# Node.js and npm build the dashboard (web/); installed from Debian's packages when missing.
web-deps:
	@command -v npm >/dev/null || { \
	  echo "installing Node.js and npm (apt-get)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm; }

# The reviewer dashboard, built into the package's data (service/api/static/, not committed).
dashboard: web-deps $(DASHBOARD)

$(WEB_STAMP): web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund
	@touch $(WEB_STAMP)

$(DASHBOARD): $(WEB_STAMP) $(WEB_SOURCES)
	cd web && npm run build

# The browser tests drive Debian's Chromium; installed when missing.
browser-deps:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || { \
	  echo "installing Chromium (apt-get)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; }

# Set up, start Neo4j, load the example portfolio, print the dashboard's login link for the
# local admin key, serve the dashboard and the API on 127.0.0.1:8000.
run: setup
	$(BIN)/scg neo4j start
	$(BIN)/scg load schema/examples/frontier-portfolio.yaml
	$(BIN)/scg keys local-admin
	$(BIN)/scg serve

# Set up, then lint, type-check and run every test (unit, integration against a real Neo4j, e2e).
test: setup browser-deps lint typecheck
	$(BIN)/pytest

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck:
	$(BIN)/mypy
	cd web && npx --no-install tsc --noEmit

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
	rm -rf $(VENV) .scg deploy/neo4j/target web/node_modules service/api/static
