"""Parse YAML or JSON text into plain data, remembering where (which line) each part was written.

YAML is read from the parser's event stream (libyaml when available), building dicts and lists
directly, so no node tree is kept and big files stay cheap. For every mapping the line of each
key is kept, and for every list the line of each item, in a side table keyed by the container;
`ParsedDocument.line_of(path)` walks the data along a document path to find its line.
Duplicate keys, which YAML and JSON parsers silently collapse, are reported.

Hostile files are refused with one located issue, before they cost time or memory:
- an alias inside the value of its own anchor (a cycle) is refused, and aliases may repeat at
  most `MAX_ALIAS_EXPANSION` parts of the document in all (a few hundred bytes of nested
  aliases would otherwise stand for billions of items);
- nesting deeper than `MAX_NESTING` levels, integers longer than `MAX_INTEGER_DIGITS` digits
  and numbers that are not finite (NaN, infinities) are refused, in YAML and in JSON.
"""

from __future__ import annotations

import json
import math
import re
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import yaml

from service.model.validation import PathSegment, PortfolioIssue, format_path

Format = Literal["yaml", "json"]

try:  # libyaml is much faster; fall back to the pure-Python parser when it is missing
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
_MERGE = "tag:yaml.org,2002:merge"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MAP_TAGS = {None, "!", "tag:yaml.org,2002:map"}
_SEQ_TAGS = {None, "!", "tag:yaml.org,2002:seq"}
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_SCALAR_TAGS = {
    _STR,
    _NULL,
    _TIMESTAMP,
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
}
_NO_KEY = object()
EMPTY_DOCUMENT = "the document is empty"

#: Most parts (items, keys' values) that aliases may repeat in one document, in all.
MAX_ALIAS_EXPANSION = 100_000
#: Deepest nesting of mappings and lists (a case's argument tree of 40 levels needs ~80).
MAX_NESTING = 200
#: Longest integer, in digits (Python refuses to convert more than 4,300 at all).
MAX_INTEGER_DIGITS = 100


@dataclass
class ParsedDocument:
    """The data of one document and, for YAML, the line of each of its parts."""

    data: Any
    issues: list[PortfolioIssue] = field(default_factory=list)
    # id(container) -> the line of each item of a list, or of each key of a dict (in order)
    lines: dict[int, array[int]] | None = None
    root_line: int | None = None

    def line_of(self, path: Sequence[PathSegment]) -> int | None:
        """The line where `path` is written: the line of its deepest part that exists."""
        if self.lines is None:
            return None
        line = self.root_line
        node = self.data
        for seg in path:
            table = self.lines.get(id(node))
            if table is None:
                break
            if isinstance(node, dict) and seg in node:
                line = table[list(node).index(seg)]
            elif isinstance(node, list) and isinstance(seg, int) and 0 <= seg < len(node):
                line = table[seg]
            else:
                break
            node = node[seg]
        return line


def _issue(path: Sequence[PathSegment], line: int | None, message: str) -> PortfolioIssue:
    return PortfolioIssue(file=None, path=format_path(path), line=line, message=message)


class _YamlError(Exception):
    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


class _Frame:
    """A mapping or list being filled, with the lines of its parts."""

    __slots__ = (
        "anchor",
        "container",
        "is_map",
        "key",
        "key_line",
        "lines",
        "mark",
        "merges",
        "path",
    )

    def __init__(
        self,
        container: dict[Any, Any] | list[Any],
        lines: array[int],
        path: tuple[PathSegment, ...],
        anchor: str | None = None,
        mark: int = 0,
    ) -> None:
        self.anchor = anchor
        self.mark = mark  # parts read (aliases' repeats included) when it opened
        # Typed loosely: the hot loop appends to lists and assigns to dicts by `is_map`.
        self.container: Any = container
        self.lines = lines
        self.path = path
        self.is_map = isinstance(container, dict)
        self.key: Any = _NO_KEY
        self.key_line = 0
        self.merges: list[tuple[Any, int]] = []


def parse_yaml(text: str) -> ParsedDocument:
    """Parse one YAML document. Syntax errors become issues with a line and no data."""
    try:
        return _YamlBuilder(text).build()
    except _YamlError as exc:
        return ParsedDocument(data=None, issues=[_issue((), exc.line, exc.message)])
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        context = exc.context or ""
        if context and exc.context_mark is not None and exc.context_mark.line + 1 != line:
            context += f" (from line {exc.context_mark.line + 1})"
        parts = [part for part in (context, exc.problem) if part]
        return ParsedDocument(
            data=None, issues=[_issue((), line, "invalid YAML: " + ", ".join(parts))]
        )
    except yaml.YAMLError as exc:
        return ParsedDocument(data=None, issues=[_issue((), None, f"invalid YAML: {exc}")])


class _MergeKey:
    """Marks the `<<` key of a mapping while it is being read."""


class _YamlBuilder:
    """Builds the data from parser events (hot loop: keep it lean)."""

    def __init__(self, text: str) -> None:
        self.loader = _Loader(text)
        self.lines: dict[int, array[int]] = {}
        self.anchors: dict[str, Any] = {}
        self.issues: list[PortfolioIssue] = []
        self.stack: list[_Frame] = []
        self.root: Any = None
        self.root_line: int | None = None
        self.documents = 0
        self.events = 0  # parser events so far (set by `build` before each slow-path step)
        self.expanded = 0  # parts repeated by aliases so far
        self.sizes: dict[str, int] = {}  # anchor -> parts of its value
        self.open_anchors: set[str] = set()
        # First characters of plain text that might be a number, boolean, null, ...
        self.special_first = set(self.loader.yaml_implicit_resolvers)

    def build(self) -> ParsedDocument:
        loader = self.loader
        check_event = loader.check_event
        get_event: Any = loader.get_event  # events carry their start mark
        special_first = self.special_first
        scalar_event: Any = yaml.ScalarEvent
        stack = self.stack
        events = 0
        try:
            while check_event():
                event = get_event()
                events += 1
                if event.__class__ is scalar_event:
                    raw = event.value
                    if event.tag is None:
                        if not event.implicit[0] or (raw and raw[0] not in special_first):
                            value: Any = raw  # quoted, block or plain text
                        else:
                            value = self.scalar(event)
                    else:
                        value = self.scalar(event)
                    line = event.start_mark.line + 1
                    if stack and event.anchor is None:  # the common cases, inline
                        frame = stack[-1]
                        if not frame.is_map:
                            frame.lines.append(line)
                            frame.container.append(value)
                            continue
                        key = frame.key
                        if key is _NO_KEY:
                            if value.__class__ is str:
                                frame.key = value
                                frame.key_line = line
                                continue
                        elif key.__class__ is str and key not in frame.container:
                            frame.container[key] = value
                            frame.lines.append(frame.key_line)
                            frame.key = _NO_KEY
                            continue
                    self.add(value, line, event.anchor, event)
                else:
                    self.events = events
                    self.handle(event)
        finally:
            loader.dispose()
        if self.documents == 0:
            return ParsedDocument(data=None, issues=[_issue((), None, EMPTY_DOCUMENT)])
        return ParsedDocument(
            data=self.root, issues=self.issues, lines=self.lines, root_line=self.root_line
        )

    def handle(self, event: Any) -> None:
        line = event.start_mark.line + 1
        if isinstance(event, yaml.MappingStartEvent):
            self.check_collection_tag(event.tag, _MAP_TAGS, line)
            self.open({}, line, event.anchor)
        elif isinstance(event, yaml.SequenceStartEvent):
            self.check_collection_tag(event.tag, _SEQ_TAGS, line)
            self.open([], line, event.anchor)
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            frame = self.stack.pop()
            if frame.anchor is not None:
                self.open_anchors.discard(frame.anchor)
                self.sizes[frame.anchor] = self.events + self.expanded - frame.mark
            if frame.merges:
                self.merge(frame)
        elif isinstance(event, yaml.AliasEvent):
            anchor = event.anchor
            if anchor not in self.anchors:
                raise _YamlError(line, f"invalid YAML: unknown alias *{anchor}")
            if anchor in self.open_anchors:
                raise _YamlError(
                    line, f"alias *{anchor} is inside the value of its own anchor &{anchor}"
                )
            self.expanded += self.sizes.get(anchor, 1)
            if self.expanded > MAX_ALIAS_EXPANSION:
                raise _YamlError(
                    line,
                    f"aliases repeat more than {MAX_ALIAS_EXPANSION:,} parts of the document "
                    f"(at *{anchor}): write the parts out, or use fewer nested aliases",
                )
            self.add(self.anchors[anchor], line, None, None)
        elif isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                raise _YamlError(line, "invalid YAML: expected one document, found several")
            self.root_line = line

    @staticmethod
    def check_collection_tag(tag: str | None, allowed: set[str | None], line: int) -> None:
        if tag not in allowed:
            raise _YamlError(line, f"unsupported YAML tag {tag}")

    def scalar(self, event: Any) -> Any:
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.loader.resolve(yaml.ScalarNode, event.value, event.implicit)
        if tag in (_STR, _TIMESTAMP):  # dates stay text: ids and notes, not times
            return event.value
        if tag == _NULL:
            return None
        if tag == _MERGE:
            frame = self.stack[-1] if self.stack else None
            if frame is not None and frame.is_map and frame.key is _NO_KEY:
                return _MergeKey()
            return event.value
        if tag not in _SCALAR_TAGS:
            raise _YamlError(event.start_mark.line + 1, f"unsupported YAML tag {tag}")
        if tag == _INT and len(event.value.lstrip("+-")) > MAX_INTEGER_DIGITS:
            raise _YamlError(event.start_mark.line + 1, _long_integer(len(event.value)))
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        value = self.loader.yaml_constructors[tag](self.loader, node)
        if tag == _FLOAT and not math.isfinite(value):
            raise _YamlError(event.start_mark.line + 1, _not_finite(event.value))
        return value

    def open(self, container: dict[Any, Any] | list[Any], line: int, anchor: str | None) -> None:
        if len(self.stack) >= MAX_NESTING:
            raise _YamlError(line, f"nested deeper than {MAX_NESTING} levels")
        path = self.position()
        self.add(container, line, anchor, None)
        lines = self.lines[id(container)] = array("I")
        if anchor is not None:
            self.open_anchors.add(anchor)
        self.stack.append(_Frame(container, lines, path, anchor, self.events + self.expanded))

    def position(self) -> tuple[PathSegment, ...]:
        """The path of the value the parser is about to add."""
        if not self.stack:
            return ()
        frame = self.stack[-1]
        if not frame.is_map:
            return (*frame.path, len(frame.container))
        key = frame.key
        return (*frame.path, key if isinstance(key, str) else "<<")

    def add(self, value: Any, line: int, anchor: str | None, event: Any = None) -> None:
        """Put `value` where the parser is (a list item, a key, or the value of a key)."""
        if anchor is not None:
            self.anchors[anchor] = value
        if not self.stack:
            self.root = value
            self.root_line = line
            return
        frame = self.stack[-1]
        container = frame.container
        if not frame.is_map:
            frame.lines.append(line)
            container.append(value)
            return
        key = frame.key
        if key is _NO_KEY:  # this is a key
            if isinstance(value, dict | list):
                raise _YamlError(line, "invalid YAML: a key must be plain text, not a collection")
            if event is not None and not isinstance(value, str | _MergeKey):
                value = event.value  # `on:`, `1:`, `null:` are field names here, not values
            frame.key = value if isinstance(value, str | _MergeKey) else str(value)
            frame.key_line = line
            return
        frame.key = _NO_KEY
        if key.__class__ is _MergeKey:
            frame.merges.append((value, line))
            return
        if key in container:
            self.issues.append(
                _issue(
                    (*frame.path, key),
                    frame.key_line,
                    f"duplicate key {key!r} (only one value per key is kept)",
                )
            )
            frame.lines[list(container).index(key)] = frame.key_line
        else:
            frame.lines.append(frame.key_line)
        container[key] = value

    @staticmethod
    def merge(frame: _Frame) -> None:
        """YAML merge keys (`<<: *defaults`): keys written in the mapping win."""
        for value, line in frame.merges:
            sources = value if isinstance(value, list) else [value]
            for source in sources:
                if not isinstance(source, dict):
                    raise _YamlError(line, "invalid YAML: '<<' must merge a mapping")
                for key, item in source.items():
                    if key not in frame.container:
                        frame.container[key] = item
                        frame.lines.append(line)


def _long_integer(digits: int) -> str:
    return f"an integer of {digits} characters is too long (at most {MAX_INTEGER_DIGITS} digits)"


def _not_finite(text: str) -> str:
    return f"{text} is not a finite number"


class _JsonRefusalError(Exception):
    pass


def _json_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INTEGER_DIGITS:
        raise _JsonRefusalError(_long_integer(len(text)))
    return int(text)


def _json_constant(name: str) -> float:
    raise _JsonRefusalError(_not_finite(name))


def _json_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _JsonRefusalError(_not_finite(text))
    return value


def _json_nesting_exceeds(text: str, limit: int) -> bool:
    """Whether brackets nest deeper than `limit`, strings skipped (only run on texts with
    more brackets than `limit`: most never are)."""
    depth = 0
    for match in _JSON_STRUCTURE.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > limit:
                return True
        elif token in "]}":
            depth -= 1
    return False


_JSON_STRUCTURE = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def parse_json(text: str) -> ParsedDocument:
    """Parse JSON (no line table; syntax errors and duplicate keys are still located)."""
    duplicates: dict[int, list[str]] = {}
    if text.count("[") + text.count("{") > MAX_NESTING and _json_nesting_exceeds(text, MAX_NESTING):
        return ParsedDocument(
            data=None, issues=[_issue((), None, f"nested deeper than {MAX_NESTING} levels")]
        )

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in items:
            if key in out:
                duplicates.setdefault(id(out), []).append(key)
            out[key] = value
        return out

    try:
        data = json.loads(
            text,
            object_pairs_hook=pairs,
            parse_int=_json_int,
            parse_float=_json_float,
            parse_constant=_json_constant,
        )
    except _JsonRefusalError as exc:
        return ParsedDocument(data=None, issues=[_issue((), None, str(exc))])
    except RecursionError:
        return ParsedDocument(
            data=None, issues=[_issue((), None, f"nested deeper than {MAX_NESTING} levels")]
        )
    except json.JSONDecodeError as exc:
        return ParsedDocument(
            data=None,
            issues=[_issue((), exc.lineno, f"invalid JSON: {exc.msg} (column {exc.colno})")],
        )
    issues = []
    if duplicates:
        for path, obj in _walk(data, ()):
            for key in duplicates.get(id(obj), []):
                issues.append(
                    _issue(
                        (*path, key),
                        None,
                        f"duplicate key {key!r} (only one value per key is kept)",
                    )
                )
    return ParsedDocument(data=data, issues=issues)


def _walk(data: Any, path: tuple[PathSegment, ...]) -> list[tuple[tuple[PathSegment, ...], Any]]:
    out: list[tuple[tuple[PathSegment, ...], Any]] = []
    stack = [(path, data)]
    while stack:
        here, node = stack.pop()
        if isinstance(node, dict):
            out.append((here, node))
            stack.extend(((*here, k), v) for k, v in node.items())
        elif isinstance(node, list):
            stack.extend(((*here, i), v) for i, v in enumerate(node))
    return out


def detect_format(text: str, suffix: str = "") -> Format:
    """JSON for `.json`, YAML for `.yaml`/`.yml`; otherwise guessed from the text."""
    suffix = suffix.lower()
    if suffix == ".json":
        return "json"
    if suffix in (".yaml", ".yml"):
        return "yaml"
    return "json" if text.lstrip().startswith(("{", "[")) else "yaml"


def parse_text(text: str, fmt: Format) -> ParsedDocument:
    return parse_json(text) if fmt == "json" else parse_yaml(text)
