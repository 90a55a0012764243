"""Liveness and readiness probes (no authentication: orchestrators call them).

Both answer within a bounded time whatever else the server is doing: `/healthz` never leaves
the event loop, and `/readyz` asks Neo4j on a thread of its own (not the pool that requests
share, which a burst of work can fill) and gives up after `READY_TIMEOUT_S`. While the circuit
breaker is open or no database is connected, `/readyz` answers 503 at once.
"""

from __future__ import annotations

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor

from fastapi import APIRouter, Request, Response

from service.api.state import ServiceState
from service.usecases.database import Database

router = APIRouter()

READY_TIMEOUT_S = 0.9
#: A probe that has not answered in READY_TIMEOUT_S is slow, not failed: the last answer
#: stands if it is this recent.
LAST_ANSWER_VALID_S = 10.0
_probes = ThreadPoolExecutor(max_workers=2, thread_name_prefix="scg-readyz")


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    """The process is up."""
    return {"status": "ok"}


def _readiness(database: Database) -> int | None:
    """Pending migrations, or None when Neo4j does not answer."""
    if not database.ping():
        return None
    return database.pending_migrations()


@router.get("/readyz")
async def readyz(request: Request, response: Response) -> dict[str, object]:
    """Neo4j answers and every migration is applied; 503 otherwise."""
    state: ServiceState = request.app.state.scg
    database = state.ready_database
    pending: int | None = None
    if database is None:
        state.connect_in_background()
    elif not database.breaker.is_open:
        loop = asyncio.get_running_loop()
        try:
            pending = await asyncio.wait_for(
                loop.run_in_executor(_probes, _readiness, database), READY_TIMEOUT_S
            )
        except TimeoutError:  # slow: the last answer stands while it is recent
            if time.monotonic() - state.last_ready < LAST_ANSWER_VALID_S:
                pending = 0
        except Exception:  # failing: not ready
            pending = None
        if pending == 0:
            state.last_ready = max(state.last_ready, time.monotonic())
    if pending is None:
        response.status_code = 503
        response.headers["Retry-After"] = "1"
        return {"status": "unavailable", "neo4j": False}
    if pending:
        response.status_code = 503
    return {"status": "ok" if not pending else "migrating", "neo4j": True, "pending": pending}
