"""The app as `scg serve` runs it, built in each server process.

uvicorn starts `--workers N` processes by importing an app factory by name, so what a server
process sets up for itself (the background builder of impact diagrams, the collector's
thresholds) happens here, in the process that serves, not in the one that starts them.

Every process keeps its own caches (compiled circuits, impact diagrams, node rows, the overview's
figures, parsed queries). Those that describe the graph are keyed by the workspace's graph
revision, which each analysis reads from Neo4j first, so an edit through one process is seen by
the next analysis on any other. What stays per process, and so counts per process with several
workers: heavy-query slots per key, the API key cache (`SCG_API_KEY_CACHE_SECONDS`), analysis
threads, `/metrics` counters, and the workspace size the query budget scales analysis costs by
(the largest workspace this process has analysed).
Idempotency-Key answers are kept in Neo4j, shared by every process (`service.api.idempotency`).
"""

from __future__ import annotations

import gc
import logging

from fastapi import FastAPI

from service.api.app import create_app
from service.usecases.circuits import circuits
from service.usecases.warming import Warmer

#: The import string uvicorn builds each server process's app from.
APP_FACTORY = "service.api.server:server_app"

# A 10,000-case impact completes about 40,000 GraphQL objects per request; with the default
# young-generation threshold (700) the collector ran dozens of times a request, and its full
# passes walked every cached circuit: a third of the request's CPU. The server collects less
# often; what is built at start-up is frozen out of the collector's way.
SERVER_GC_THRESHOLDS = (50_000, 20, 20)


def server_app() -> FastAPI:
    """The API app of one long-lived server process."""
    _log_like_uvicorn()
    app = create_app()
    # A long-lived server builds impact's diagrams right after each compile, off the
    # request path (the CLI runs one analysis and would only wait for them).
    circuits.prepare_impact = True
    state = app.state.scg
    if state.settings.warm_seconds > 0:
        # What the overview shows first is computed after every write, by any process.
        Warmer(lambda: state.ready_database, state.settings.warm_seconds).start()
    gc.collect()
    gc.freeze()
    gc.set_threshold(*SERVER_GC_THRESHOLDS)
    return app


def _log_like_uvicorn() -> None:
    """The service's own messages (`scg.*`: warming, the breaker, unexpected errors) at INFO
    beside uvicorn's, in its format."""
    service_log = logging.getLogger("scg")
    if not service_log.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s:     %(name)s: %(message)s"))
        service_log.addHandler(handler)
        service_log.setLevel(logging.INFO)
