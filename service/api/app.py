"""The FastAPI application: only wiring. Routes and the GraphQL schema live in their modules."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from service.api import health
from service.api.state import ServiceState
from service.config import Settings, get_settings

log = logging.getLogger("scg.api")


def create_app(settings: Settings | None = None) -> FastAPI:
    state = ServiceState(settings or get_settings())

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        state.try_connect()
        yield
        state.close()

    app = FastAPI(title="Safety Case Graph", version="0.1.0", lifespan=lifespan)
    app.state.scg = state
    app.include_router(health.router)
    return app
