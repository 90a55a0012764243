"""Authoring format I/O: read, validate and write portfolio files (DESIGN §5). No database."""

from service.authoring.dumper import (
    dump_document,
    dump_portfolio,
    export_document,
    stream_document,
)
from service.authoring.errors import InvalidPortfolioError
from service.authoring.loader import (
    load_portfolio_file,
    load_portfolio_text,
    portfolio_issues,
    validate_portfolio,
)
from service.model.validation import PortfolioIssue

__all__ = [
    "InvalidPortfolioError",
    "PortfolioIssue",
    "dump_document",
    "dump_portfolio",
    "export_document",
    "load_portfolio_file",
    "load_portfolio_text",
    "portfolio_issues",
    "stream_document",
    "validate_portfolio",
]
