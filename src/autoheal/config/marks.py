"""Map key paths to ``line:col`` by composing the YAML (not just loading it).

``yaml.safe_load`` throws positions away; composing keeps a node per value, and each
node knows where it starts. Positions here are 1-based, as editors show them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

Path = tuple  # of str keys and int indexes


class ConfigLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when present: ~5x faster
    """SafeLoader that leaves dates as text: ``start_date: 2024-13-01`` is then a schema
    problem with a position, not a crash inside PyYAML's timestamp constructor."""


ConfigLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_yaml(text: str):
    """The document as plain Python values (dates stay strings)."""
    return yaml.load(text, Loader=ConfigLoader)  # noqa: S506 - ConfigLoader is a SafeLoader


class TooLarge(ValueError):
    """The document expands (through aliases) to more nodes than a config can sensibly have."""


@dataclass
class Marks:
    """Where each key and value of a YAML document starts, plus duplicate keys found."""

    keys: dict = field(default_factory=dict)  # path -> (line, col) of the key itself
    values: dict = field(default_factory=dict)  # path -> (line, col) of the value
    duplicates: list = field(default_factory=list)  # [(path, (line, col), (first_line, first_col))]
    key_text: dict = field(default_factory=dict)  # path -> the key exactly as written (for `on:`, `1:`)

    def of_value(self, path: Path) -> tuple[int, int] | None:
        """Position of the value at ``path``, or of its nearest located ancestor."""
        return self._nearest(self.values, path)

    def of_key(self, path: Path) -> tuple[int, int] | None:
        """Position of the key at ``path`` (falls back to the value, then ancestors)."""
        return self.keys.get(tuple(path)) or self._nearest(self.values, path)

    @staticmethod
    def _nearest(table: dict, path: Path) -> tuple[int, int] | None:
        path = tuple(path)
        while True:
            if path in table:
                return table[path]
            if not path:
                return None
            path = path[:-1]


def _pos(node: yaml.Node) -> tuple[int, int]:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


def _scalar_key(node: yaml.Node, loader: ConfigLoader):
    """A hashable stand-in for a mapping key node: the value loading gives it, when possible."""
    if isinstance(node, yaml.ScalarNode):
        try:
            return loader.construct_object(node)
        except (yaml.YAMLError, ValueError, TypeError):
            return node.value
    return ("<complex key>", _pos(node))


def _walk(node: yaml.Node, path: Path, marks: Marks, budget: list[int], loader: ConfigLoader) -> None:
    budget[0] -= 1
    if budget[0] < 0:
        raise TooLarge("the document expands to too many values")
    marks.values[path] = _pos(node)
    if isinstance(node, yaml.MappingNode):
        seen: dict = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                _walk(value_node, path, marks, budget, loader)  # "<<:" merge keys: positions of the merged source
                continue
            key = _scalar_key(key_node, loader)
            try:
                hash(key)
            except TypeError:
                key = repr(key)
            child = path + (key,)
            if key in seen:
                marks.duplicates.append((child, _pos(key_node), seen[key]))
            else:
                seen[key] = _pos(key_node)
            marks.keys[child] = _pos(key_node)
            if isinstance(key_node, yaml.ScalarNode):
                marks.key_text[child] = key_node.value
            _walk(value_node, child, marks, budget, loader)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, path + (index,), marks, budget, loader)


def parse(text: str, max_nodes: int = 100_000) -> tuple[object, Marks]:
    """The document and its marks from ONE parse. Raises ``yaml.YAMLError`` for bad YAML,
    ``TooLarge`` when aliases expand it past ``max_nodes`` values (a "billion laughs"; checked
    before anything copies the tree), ``ValueError``/``TypeError`` when a value cannot be built."""
    loader = ConfigLoader(text)
    try:
        root = loader.get_single_node()
        marks = Marks()
        if root is None:
            return None, marks
        _walk(root, (), marks, [max_nodes], loader)
        return loader.construct_document(root), marks
    finally:
        loader.dispose()


def compose_marks(text: str, max_nodes: int = 100_000) -> Marks:
    """Only the marks of ``text`` (see ``parse``)."""
    return parse(text, max_nodes)[1]
