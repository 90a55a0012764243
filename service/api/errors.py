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
from neo4j.exceptions import ServiceUnavailable, SessionExpired
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
    if isinstance(error, Neo4jUnavailableError | ServiceUnavailable | SessionExpired):
        return "SERVICE_UNAVAILABLE", "the graph database is unavailable: retry later", {}
    if isinstance(error, ScgError):
        return "BAD_REQUEST", str(error), {}
    return None


class ErrorShaping(SchemaExtension):
    """Give every error a code and the request id; mask the unexpected ones; set the HTTP
    status of authentication (401) and permission (403) failures."""

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
        statuses = {(error.extensions or {}).get("code") for error in shaped} & {
            "UNAUTHENTICATED",
            "FORBIDDEN",
        }
        response = getattr(context, "response", None)
        if statuses and response is not None:
            response.status_code = 401 if "UNAUTHENTICATED" in statuses else 403

    @staticmethod
    def _shape(error: GraphQLError, request_id: str | None) -> GraphQLError:
        original = error.original_error
        if original is None:  # syntax, validation, argument coercion: the message is the help
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
