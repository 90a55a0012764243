"""Liveness and readiness probes (no authentication: orchestrators call them)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

from service.api.state import ServiceState

router = APIRouter()


@router.get("/healthz")
def healthz() -> dict[str, str]:
    """The process is up."""
    return {"status": "ok"}


@router.get("/readyz")
async def readyz(request: Request, response: Response) -> dict[str, object]:
    """Neo4j answers and every migration is applied; 503 otherwise."""
    state: ServiceState = request.app.state.scg
    database = await run_in_threadpool(state.try_connect)
    if database is None or not await run_in_threadpool(database.ping):
        response.status_code = 503
        return {"status": "unavailable", "neo4j": False}
    pending = await run_in_threadpool(database.pending_migrations)
    if pending:
        response.status_code = 503
    return {"status": "ok" if not pending else "migrating", "neo4j": True, "pending": pending}
