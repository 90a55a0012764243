"""Where things are written in a YAML (or JSON) file: the line of each document path and of
each entity id, so findings and policy errors can point at a line.

The authoring loader keeps lines for its own error messages but offers no lookup by entity id,
so the audit reads the text once more through PyYAML's node tree (`yaml.compose`), which keeps
the position of every part. JSON is read the same way (it is YAML's flow style); text PyYAML
cannot read yields no lines, never an error: lines are a convenience of the reports.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import yaml

PathKey = tuple[str | int, ...]

# libyaml is much faster; the pure-Python loader serves when PyYAML was built without it.
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class LineIndex:
    """Lines (1-based) of document paths and of entities by their `id`."""

    paths: dict[PathKey, int] = field(default_factory=dict)
    ids: dict[str, int] = field(default_factory=dict)
    duplicate_keys: list[tuple[PathKey, int]] = field(default_factory=list)

    def line_of_path(self, path: PathKey) -> int | None:
        """The line of `path`, or of its deepest written ancestor."""
        for end in range(len(path), -1, -1):
            line = self.paths.get(path[:end])
            if line is not None:
                return line
        return None

    def line_of_id(self, entity_id: str) -> int | None:
        """The line of the mapping that defines `id: entity_id` (the first one, ids being
        unique in a valid portfolio)."""
        return self.ids.get(entity_id)


def index_lines(text: str) -> LineIndex:
    """The line index of the first document in `text` (empty when it cannot be read)."""
    index = LineIndex()
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        return index
    if root is not None:
        index.paths[()] = root.start_mark.line + 1
        for _path, node in _walk(root, index):
            if isinstance(node, yaml.MappingNode):
                _record_id(node, index)
    return index


def _walk(root: yaml.Node, index: LineIndex) -> Iterator[tuple[PathKey, yaml.Node]]:
    stack: list[tuple[PathKey, yaml.Node]] = [((), root)]
    seen: set[int] = set()  # aliases may point back at a node already walked
    while stack:
        path, node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        yield path, node
        if isinstance(node, yaml.MappingNode):
            keys: set[str] = set()
            for key, value in node.value:
                name = key.value if isinstance(key, yaml.ScalarNode) else None
                if not isinstance(name, str):
                    continue
                child = (*path, name)
                if name in keys:
                    index.duplicate_keys.append((child, key.start_mark.line + 1))
                    continue
                keys.add(name)
                index.paths[child] = key.start_mark.line + 1
                stack.append((child, value))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                child = (*path, i)
                index.paths[child] = item.start_mark.line + 1
                stack.append((child, item))


def _record_id(node: yaml.MappingNode, index: LineIndex) -> None:
    for key, value in node.value:
        if (
            isinstance(key, yaml.ScalarNode)
            and key.value == "id"
            and isinstance(value, yaml.ScalarNode)
        ):
            line = node.start_mark.line + 1
            entity_id = str(value.value)
            index.ids[entity_id] = min(line, index.ids.get(entity_id, line))
            return
