"""What a client sees when something goes wrong: a GraphQL error with `extensions.code`.

Expected errors (bad input, unknown ids, invalid portfolios, missing permissions) keep their
message, which says what to do. Anything unexpected is masked: the client gets a generic message
and the request id, and the server logs the traceback under that request id.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from graphql import GraphQLError
from neo4j.exceptions import DatabaseUnavailable, ServiceUnavailable, SessionExpired
from strawberry.extensions import SchemaExtension

from service.authoring import InvalidPortfolioError
from service.errors import (
    AnalysisTooLargeError,
    InvalidInputError,
    Neo4jUnavailableError,
    NotFoundError,
    ScgError,
)

log = logging.getLogger("scg.api")


class ApiError(Exception):
    """An error the API raises on purpose, with a machine-readable code."""

    code = "BAD_REQUEST"
    http_status: int | None = None

    def __init__(self, message: str, **extensions: Any) -> None:
        super().__init__(message)
        self.extensions = extensions


class UnauthenticatedError(ApiError):
    code = "UNAUTHENTICATED"
    http_status = 401


class ForbiddenError(ApiError):
    """The key is valid but its role or workspace scope does not allow the request."""

    code = "FORBIDDEN"
    http_status = 403


def describe(error: BaseException) -> tuple[str, str, dict[str, Any]] | None:
    """(code, message, extensions) of an expected error; None for an unexpected one."""
    if isinstance(error, ApiError):
        return error.code, str(error), dict(error.extensions)
    if isinstance(error, InvalidPortfolioError):
        issues = [
            {"path": issue.path, "line": issue.line, "message": issue.message}
            for issue in error.issues
        ]
        return "INVALID_PORTFOLIO", f"invalid portfolio: {error.summary}", {"issues": issues}
    if isinstance(error, NotFoundError):
        return "NOT_FOUND", str(error), {}
    if isinstance(error, InvalidInputError):
        return "BAD_USER_INPUT", str(error), {}
    if isinstance(error, AnalysisTooLargeError):
        return "ANALYSIS_TOO_LARGE", str(error), {}
    if isinstance(error, Neo4jUnavailableError):
        return "SERVICE_UNAVAILABLE", str(error), {"retryAfter": 1}
    if isinstance(error, ServiceUnavailable | SessionExpired | DatabaseUnavailable):
        return "SERVICE_UNAVAILABLE", "the graph database is unavailable: retry in 1 s", {}
    if isinstance(error, ScgError):
        return "BAD_REQUEST", str(error), {}
    return None


#: The HTTP status of a response holding an error of this code (first match wins).
HTTP_STATUS_OF_CODE = {
    "UNAUTHENTICATED": 401,
    "FORBIDDEN": 403,
    "SERVICE_UNAVAILABLE": 503,
    "RATE_LIMITED": 429,
}
#: Codes a client should retry after a pause: their responses carry Retry-After.
RETRY_AFTER_CODES = frozenset({"SERVICE_UNAVAILABLE", "RATE_LIMITED"})


#: How graphql-core begins the messages of values it cannot coerce to their declared type.
_COERCION_PREFIXES = ("Variable '$", "Int cannot represent", "Float cannot represent")


def _is_coercion_error(error: GraphQLError) -> bool:
    """A value of the wrong type, from the client: graphql-core's coercion messages (even when
    a scalar's parser raised the underlying error, which would otherwise look unexpected)."""
    if error.original_error is not None and not isinstance(
        error.original_error, GraphQLError | ValueError | TypeError
    ):
        return False
    return error.message.startswith(_COERCION_PREFIXES) and error.path is None


class ErrorShaping(SchemaExtension):
    """Give every error a code and the request id; mask the unexpected ones; set the HTTP
    status of authentication (401), permission (403), rate (429) and database (503)
    failures, with Retry-After where a retry may succeed."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        errors = getattr(result, "errors", None)
        if not errors:
            return
        context = self.execution_context.context
        request_id = getattr(context, "request_id", None)
        shaped = [self._shape(error, request_id) for error in errors]
        result.errors = shaped  # type: ignore[union-attr]
        codes = {(error.extensions or {}).get("code") for error in shaped}
        response = getattr(context, "response", None)
        for code, status in HTTP_STATUS_OF_CODE.items():
            if code in codes and response is not None:
                response.status_code = status
                if code in RETRY_AFTER_CODES:
                    response.headers["Retry-After"] = "1"
                break

    @staticmethod
    def _shape(error: GraphQLError, request_id: str | None) -> GraphQLError:
        original = error.original_error
        if _is_coercion_error(error):  # a variable or argument value of the wrong type
            extensions = {"code": "BAD_USER_INPUT", **(error.extensions or {})}
            message = error.message
        elif original is None:  # syntax, validation: the message is the help
            extensions = {"code": "GRAPHQL_VALIDATION_FAILED", **(error.extensions or {})}
            message = error.message
        elif (described := describe(original)) is not None:
            code, message, extra = described
            extensions = {"code": code, **extra}
        else:
            log.error(
                "unexpected error in GraphQL request %s at %s",
                request_id,
                ".".join(str(p) for p in error.path or []),
                exc_info=original,
            )
            message = (
                "internal error: the server logged the details under request id "
                f"{request_id}; quote it when reporting the problem"
            )
            extensions = {"code": "INTERNAL_SERVER_ERROR"}
        if request_id:
            extensions["requestId"] = request_id
        return GraphQLError(
            message,
            nodes=error.nodes,
            source=error.source,
            positions=error.positions,
            path=error.path,
            original_error=None,
            extensions=extensions,
        )
