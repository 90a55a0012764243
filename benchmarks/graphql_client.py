"""A minimal GraphQL-over-HTTP client for the benchmark: one keep-alive connection, a cap on
every call, and two errors that say whether the call was too slow or failed.

The standard library's `http.client` keeps the client's own overhead small; the socket
timeout is the cap (the service sends nothing until it has the answer). Answers are decoded
by orjson, as a browser's native JSON.parse would: the standard library's decoder and the
collector passes over its objects took 35-115 ms of a 3 MB impact answer, in this process,
not the service's.
"""

from __future__ import annotations

import http.client
import json
from typing import Any

import orjson

from service.util.gc_pause import collector_paused


class OperationTimeoutError(Exception):
    """The call did not answer within the cap (the service may still be working on it)."""


class OperationFailedError(Exception):
    """The call answered with GraphQL errors, a non-200 status, or the connection broke."""


class GraphQLClient:
    def __init__(self, host: str, port: int, key: str, cap_s: float) -> None:
        self.host = host
        self.port = port
        self.key = key
        self.cap_s = cap_s
        self._connection: http.client.HTTPConnection | None = None

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def execute(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """The `data` of the operation. Raises OperationTimeoutError or OperationFailedError."""
        body = json.dumps({"query": query, "variables": variables or {}}).encode()
        headers = {
            "Authorization": f"Bearer {self.key}",
            "Content-Type": "application/json",
            "Accept": "application/json",
        }
        if self._connection is None:
            self._connection = http.client.HTTPConnection(self.host, self.port, timeout=self.cap_s)
        try:
            self._connection.request("POST", "/graphql", body=body, headers=headers)
            response = self._connection.getresponse()
            payload = response.read()
        except TimeoutError as error:
            self.close()
            raise OperationTimeoutError(f"no answer within {self.cap_s:.0f} s") from error
        except (OSError, http.client.HTTPException) as error:
            self.close()
            raise OperationFailedError(f"the service did not answer: {error!r}") from error
        try:
            with collector_paused():
                document = orjson.loads(payload)
        except orjson.JSONDecodeError as error:
            raise OperationFailedError(
                f"HTTP {response.status}: not JSON: {payload[:200]!r}"
            ) from error
        if response.status != 200 or document.get("errors"):
            errors = document.get("errors") or [{"message": f"HTTP {response.status}"}]
            first = errors[0]
            code = (first.get("extensions") or {}).get("code", "")
            raise OperationFailedError(f"{code or 'error'}: {first.get('message')}")
        data: dict[str, Any] = document["data"]
        return data
