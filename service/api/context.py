"""What every resolver gets in `info.context`: the caller's key, the database, the loaders."""

from __future__ import annotations

from typing import Any

from strawberry.fastapi import BaseContext
from strawberry.types import Info as StrawberryInfo

from service.api.errors import UnauthenticatedError
from service.api.loaders import Loaders
from service.api.security import KeyVerifier, authorize
from service.api.state import ServiceState
from service.usecases.database import Database
from service.usecases.keys import ApiKey, Role


class ApiContext(BaseContext):
    def __init__(
        self,
        state: ServiceState,
        verifier: KeyVerifier,
        principal: ApiKey | None,
        request_id: str | None,
    ) -> None:
        super().__init__()
        self.state = state
        self.verifier = verifier
        self._principal = principal
        self.request_id = request_id
        self._database: Database | None = None
        self._loaders: Loaders | None = None

    @property
    def principal(self) -> ApiKey:
        if self._principal is None:  # the middleware lets no such request through
            raise UnauthenticatedError("send an API key: Authorization: Bearer <key>")
        return self._principal

    @property
    def database(self) -> Database:
        if self._database is None:
            self._database = self.state.require_database()
        return self._database

    @property
    def loaders(self) -> Loaders:
        if self._loaders is None:
            self._loaders = Loaders(self.database, self.state.node_rows)
        return self._loaders

    def authorize(self, role: Role, workspace: str | None) -> str:
        """The workspace the resolver works on, if the caller may do `role` things there."""
        return authorize(self.principal, role, workspace)


Info = StrawberryInfo[ApiContext, Any]
