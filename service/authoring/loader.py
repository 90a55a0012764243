"""Read a portfolio file (YAML or JSON) into a validated `Portfolio` (DESIGN §5).

Three stages, and every problem of every stage is reported together in one
`InvalidPortfolioError`:

1. parse (syntax errors, duplicate keys), keeping the line of every part of a YAML document;
2. structure: the JSON Schema (`schema/portfolio.schema.json`), every error of it;
3. meaning: `service.model.validation.check_document` (ids, references, cycles, priors, ...).

Each issue names the file, the line (YAML) and the path in the document:
`portfolio.yaml:42: cases[3].argument.children[1].relies_on[0]: unknown assumption 'foo'`.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from jsonschema import ValidationError as SchemaError
from pydantic import ValidationError

from service.authoring.errors import InvalidPortfolioError
from service.authoring.reader import Format, ParsedDocument, detect_format, parse_text
from service.authoring.schema import KEY_ORDER, is_valid_document, schema_validator
from service.errors import InvalidInputError
from service.model import Portfolio
from service.model.validation import (
    PathSegment,
    PortfolioIssue,
    check_document,
    check_portfolio,
    format_path,
    parse_path,
)
from service.util.gc_pause import collector_paused

__all__ = [
    "load_portfolio_file",
    "load_portfolio_text",
    "portfolio_issues",
    "validate_portfolio",
]


def load_portfolio_file(path: Path) -> Portfolio:
    """Read and validate a portfolio file; raise `InvalidPortfolioError` listing every problem.

    The format is chosen by the extension (`.yaml`, `.yml`, `.json`), else guessed from the text.
    """
    path = Path(path)
    filename = str(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise InvalidPortfolioError(
            [PortfolioIssue(file=filename, path="", line=None, message=f"cannot read: {reason}")]
        ) from exc
    return load_portfolio_text(text, detect_format(text, path.suffix), filename)


def load_portfolio_text(
    text: str, format: str | None = None, filename: str | None = None
) -> Portfolio:
    """Validate portfolio text (e.g. a GraphQL import): `format` is "yaml" or "json" (guessed
    from the text if None); `filename` is only used in messages."""
    fmt = _format(format) if format else detect_format(text)
    with collector_paused():
        parsed = parse_text(text, fmt)
        issues = _document_issues(parsed)
        if issues:
            raise InvalidPortfolioError(_located(issues, parsed, filename))
        try:
            return Portfolio.model_validate(parsed.data)
        except ValidationError as exc:  # the schema should have caught it: report it anyway
            issues = _pydantic_issues(exc)
            raise InvalidPortfolioError(_located(issues, parsed, filename)) from exc


def portfolio_issues(
    text: str, format: str | None = None, filename: str | None = None
) -> list[PortfolioIssue]:
    """Every problem of portfolio text, located and in document order (empty if it is valid)."""
    try:
        load_portfolio_text(text, format, filename)
    except InvalidPortfolioError as exc:
        return exc.issues
    return []


def validate_portfolio(portfolio: Portfolio, filename: str | None = None) -> Portfolio:
    """Check a portfolio built in code (e.g. from GraphQL input); raise if it is inconsistent."""
    issues = check_portfolio(portfolio)
    if issues:
        raise InvalidPortfolioError(
            [issue.located(filename, None) for issue in _sorted(issues, None)]
        )
    return portfolio


def _format(name: str) -> Format:
    if name == "yaml":
        return "yaml"
    if name == "json":
        return "json"
    raise InvalidInputError(f"unknown portfolio format {name!r}: use yaml or json")


# --- stages ----------------------------------------------------------------------------------


def _document_issues(parsed: ParsedDocument) -> list[PortfolioIssue]:
    issues = list(parsed.issues)
    if parsed.data is None and issues:
        return issues  # syntax error: nothing else can be checked
    structural = _schema_issues(parsed.data)
    at = {issue.path for issue in structural}
    semantic = [issue for issue in check_document(parsed.data) if issue.path not in at]
    return issues + structural + semantic


def _schema_issues(data: Any) -> list[PortfolioIssue]:
    if data is None:
        return [PortfolioIssue(file=None, path="", line=None, message="the document is empty")]
    if is_valid_document(data):
        return []
    seen: set[tuple[str, str]] = set()
    issues = []
    for error in schema_validator().iter_errors(data):
        for path, message in _explain(error):
            if (key := (format_path(path), message)) not in seen:
                seen.add(key)
                issues.append(PortfolioIssue(file=None, path=key[0], line=None, message=message))
    return issues


_TYPE_NAMES = {
    "object": "a mapping",
    "array": "a list",
    "string": "text",
    "number": "a number",
    "integer": "an integer",
    "boolean": "true or false",
    "null": "nothing",
}


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"the text {value!r}"
    return f"the number {value!r}" if isinstance(value, int | float) else repr(value)


def _looks_numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _interval(schema: dict[str, Any]) -> str:
    low, high = schema.get("minimum"), schema.get("maximum")
    xlow, xhigh = schema.get("exclusiveMinimum"), schema.get("exclusiveMaximum")
    if high is None and xhigh is None:
        return f"at least {low}" if low is not None else f"greater than {xlow}"
    left = f"[{low}" if low is not None else f"({xlow}"
    right = f"{high}]" if high is not None else f"{xhigh})"
    return f"in {left}, {right}"


def _explain(error: SchemaError) -> Iterable[tuple[Sequence[PathSegment], str]]:
    """Turn one JSON Schema error into (path, message) pairs a portfolio author understands."""
    path: list[PathSegment] = list(error.absolute_path)
    field = path[-1] if path and isinstance(path[-1], str) else None
    instance: Any = error.instance
    schema: Any = error.schema
    expected: Any = error.validator_value
    kind = error.validator
    if kind == "required" and isinstance(instance, dict):
        for name in expected:
            if name not in instance:
                yield path, f"missing required field {name!r}"
    elif kind == "additionalProperties" and isinstance(instance, dict):
        allowed = list(schema.get("properties", {}))
        for name in instance:
            if name not in allowed:
                yield [*path, name], _unknown_field(str(name), instance[name], allowed)
    elif kind == "type":
        names = [expected] if isinstance(expected, str) else [t for t in expected if t != "null"]
        wanted = " or ".join(_TYPE_NAMES.get(t, t) for t in names)
        hint = ""
        if "number" in names and isinstance(instance, str) and _looks_numeric(instance):
            hint = " (YAML reads 1e-3 as text: write 0.001 or 1.0e-3)"
        yield path, f"expected {wanted}, got {_describe(instance)}{hint}"
    elif kind == "enum" and field == "support":
        hint = "; write {at_least: K}" if instance == "at_least" else ""
        yield path, f"support must be all, any or {{at_least: K}}, got {instance!r}{hint}"
    elif kind == "enum":
        options = ", ".join(str(v) for v in expected)
        yield path, f"{instance!r} is not one of: {options}"
    elif kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        yield path, f"{field or 'value'} must be {_interval(schema)}, got {instance!r}"
    elif kind == "pattern" and isinstance(instance, str):
        yield (
            path,
            (
                f"invalid id {instance!r}: use letters, digits and . _ : - "
                "(starting with a letter or digit)"
            ),
        )
    elif kind == "const" and field == "version":
        yield path, f"unsupported version {instance!r}: this is authoring format version 1"
    else:
        yield path, error.message


def _unknown_field(name: str, value: Any, allowed: list[str]) -> str:
    message = f"unknown field {name!r}"
    close = difflib.get_close_matches(name, allowed, n=1)
    if close:
        return f"{message} (did you mean {close[0]!r}?)"
    if value is None:  # `{name: a (b, c)}` reads as name: "a (b", "c)": null
        return (
            f"{message}; if it is part of a text value, put that value in quotes "
            "(inside {...} a comma ends the value)"
        )
    return f"{message} (allowed: {', '.join(allowed)})"


def _pydantic_issues(exc: ValidationError) -> list[PortfolioIssue]:
    issues = []
    for err in exc.errors():
        # Drop the union-member and validator tags pydantic adds to locations.
        path = [
            seg
            for seg in err["loc"]
            if isinstance(seg, int) or (seg[:1].islower() and "[" not in seg)
        ]
        issues.append(
            PortfolioIssue(file=None, path=format_path(path), line=None, message=err["msg"])
        )
    return issues


# --- locating and ordering -------------------------------------------------------------------

_KEY_RANK = {key: rank for order in KEY_ORDER.values() for rank, key in enumerate(order)}


def _path_key(path: str) -> tuple[tuple[int, int, str], ...]:
    return tuple(
        (0, seg, "") if isinstance(seg, int) else (1, _KEY_RANK.get(seg, 99), seg)
        for seg in parse_path(path)
    )


def _sorted(
    issues: Iterable[PortfolioIssue], parsed: ParsedDocument | None
) -> list[PortfolioIssue]:
    located = [
        issue
        if issue.line is not None or parsed is None
        else issue.located(None, parsed.line_of(parse_path(issue.path)))
        for issue in issues
    ]
    return sorted(located, key=lambda i: (i.line or 0, _path_key(i.path)))


def _located(
    issues: Iterable[PortfolioIssue], parsed: ParsedDocument, filename: str | None
) -> list[PortfolioIssue]:
    return [issue.located(filename, issue.line) for issue in _sorted(issues, parsed)]
