"""One root exception with a subclass per concern; every message says what to do."""

from __future__ import annotations


class ScgError(Exception):
    """Root of every error the service raises on purpose (shown to users without a traceback;
    the CLI's exit code for each kind is decided in `service.cli.base`)."""


class ConfigurationError(ScgError):
    """The environment or a flag is set to something unusable."""


class Neo4jUnavailableError(ScgError):
    """Neo4j cannot be started or reached."""


class NotFoundError(ScgError):
    """A requested entity (deployment, case, ...) does not exist in the workspace."""


class InvalidInputError(ScgError):
    """An argument (CLI flag, GraphQL argument) is invalid; the message names it."""


class AnalysisTooLargeError(ScgError):
    """An exact analysis would exceed its bound on this portfolio; the message says what to
    use instead (Monte Carlo, or `auto`, which falls back to it)."""
