"""Surgical YAML text edits guided by PyYAML node positions.

Re-dumping YAML loses comments, anchors, quoting, flow style and line endings, and turns a one-line
fix into a diff nobody wants to review. Instead we `yaml.compose` the text to learn where each node sits
(`start_mark`/`end_mark` are character indexes into the text we passed in, CRLF included) and then splice
new characters into the original string. Every edit is checked afterwards by loading both texts and
comparing them with the change we meant to make (`check_only_change`).

Positions to know about PyYAML: a block collection's `end_mark` runs on to the next token (past trailing
comments and blank lines), a block scalar's `end_mark` includes its trailing blank lines, an anchored
node starts at its `&anchor`, and an alias (`*name`) composes to the anchored node itself, so its marks
point at the anchor's definition, not at the alias.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from autoheal.fixes.textlines import line_end, newline_of

MERGE_TAG = "tag:yaml.org,2002:merge"

_ALIAS_TOKEN = re.compile(r"\*[^\s,\[\]{}]+")
_PROPERTIES = re.compile(r"(?:[&!][^\s]*\s+)+")
_PLAIN_FIRST_FORBIDDEN = set("-?:,[]{}#&*!|>'\"%@`")
_NEEDS_ESCAPE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: same data, ~10x faster


class YamlEditError(ValueError):
    """The text is not YAML we can edit safely; the message carries `line:column` when known."""


def compose(text: str) -> Node | None:
    """The node tree of a single-document YAML text (None for an empty document)."""
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        raise YamlEditError(describe_yaml_error(exc)) from exc
    except yaml.YAMLError as exc:
        raise YamlEditError(str(exc)) from exc


def load(text: str) -> Any:
    """The data of a YAML text (safe types only). Positions are not needed here, so libyaml may do it."""
    return yaml.load(text, Loader=_FAST_LOADER)


def describe_yaml_error(exc: yaml.YAMLError) -> str:
    """`line:col: problem` (1-based) for a PyYAML error, for messages that point at the culprit."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or getattr(exc, "context", None) or str(exc)
    if mark is None:
        return str(problem)
    return f"{mark.line + 1}:{mark.column + 1}: {problem}"


# --- finding nodes ---------------------------------------------------------------------------------


def items(node: Node | None) -> Iterator[tuple[ScalarNode, Node]]:
    """The explicit (key, value) pairs of a mapping node whose keys are scalars; nothing otherwise."""
    if isinstance(node, MappingNode):
        for key, value in node.value:
            if isinstance(key, ScalarNode) and key.tag != MERGE_TAG:
                yield key, value


def get(node: Node | None, key: str) -> tuple[ScalarNode, Node] | None:
    """The (key, value) pair whose key text is `key` (the last one wins, as in loading), or None.

    Keys compare by their text, so `on:` is found as "on" although YAML 1.1 resolves it to True.
    """
    found = None
    for key_node, value in items(node):
        if key_node.value == key:
            found = (key_node, value)
    return found


def merged(node: Node | None) -> list[MappingNode]:
    """The mappings merged into `node` with `<<:` (single alias or a list), in precedence order."""
    sources: list[MappingNode] = []
    if not isinstance(node, MappingNode):
        return sources
    for key, value in node.value:
        if isinstance(key, ScalarNode) and key.tag == MERGE_TAG:
            candidates = value.value if isinstance(value, SequenceNode) else [value]
            sources.extend(c for c in candidates if isinstance(c, MappingNode))
    return sources


def get_effective(node: Node | None, key: str) -> tuple[ScalarNode, Node, bool] | None:
    """Like `get`, but falls back to `<<:` merged mappings; the bool says whether the key is explicit."""
    explicit = get(node, key)
    if explicit is not None:
        return explicit[0], explicit[1], True
    for source in merged(node):
        inherited = get_effective(source, key)
        if inherited is not None:
            return inherited[0], inherited[1], False
    return None


def find(root: Node | None, path: Sequence[str]) -> Node | None:
    """The node at a key path such as `("on", "workflow_run", "workflows")`, or None if any key is missing."""
    node = root
    for key in path:
        pair = get(node, key)
        if pair is None:
            return None
        node = pair[1]
    return node


def is_alias_value(key: Node, value: Node) -> bool:
    """True when `value` is written as `*alias` after `key`: its marks then point at the anchor, earlier on."""
    return value.start_mark.index < key.end_mark.index


# --- positions ---------------------------------------------------------------------------------------


def content_end(text: str, node: Node, floor: int | None = None) -> int:
    """Index just past the last character that belongs to `node` in the text.

    `floor` is where the node's own text can start at the earliest (the end of its key, or of the
    previous item); a node that starts before it is an alias, whose text is the `*name` token after it.
    """
    if floor is not None and node.start_mark.index < floor:
        alias = _ALIAS_TOKEN.search(text, floor)
        return alias.end() if alias else floor
    if isinstance(node, ScalarNode):
        if node.style in ("|", ">"):
            return len(text[: node.end_mark.index].rstrip())
        if node.style is None and node.value == "" and floor is not None:
            return floor  # an empty (null) value: nothing written after the key
        return node.end_mark.index
    if getattr(node, "flow_style", False) or not node.value:
        return node.end_mark.index
    if isinstance(node, MappingNode):
        last_key, last_value = node.value[-1]
        return content_end(text, last_value, last_key.end_mark.index)
    end = node.start_mark.index
    for item in node.value:  # each item starts after the previous one ends; that exposes aliases
        end = content_end(text, item, end)
    return end


def scalar_token_span(text: str, node: ScalarNode) -> tuple[int, int]:
    """The span of the scalar itself, without a leading `&anchor` or `!tag`."""
    start, end = node.start_mark.index, node.end_mark.index
    props = _PROPERTIES.match(text, start, end)
    return (props.end() if props else start), end


# --- rendering scalars ---------------------------------------------------------------------------------


def plain_ok(value: str, *, flow: bool = False) -> bool:
    """True when `value` can be written unquoted and still load back as the same string."""
    if not value or value != value.strip() or value[0] in _PLAIN_FIRST_FORBIDDEN:
        return False
    if _NEEDS_ESCAPE.search(value) or not value.isprintable():
        return False
    if ": " in value or " #" in value or value.endswith(":"):
        return False
    if flow and any(ch in value for ch in ",[]{}?:#"):
        return False
    try:  # round-trip in the context it will be written in
        if flow:
            return load(f"k: [{value}]") == {"k": [value]}
        return load(f"k: {value}") == {"k": value} and load(f"- {value}") == [value]
    except yaml.YAMLError:
        return False


def render_string(value: str, style: str | None, *, flow: bool = False) -> str:
    """`value` as a YAML scalar in the requested quoting style (None = plain when safe, else double)."""
    if style == "'" and value.isprintable() and not _NEEDS_ESCAPE.search(value):
        return "'" + value.replace("'", "''") + "'"
    if style is None and plain_ok(value, flow=flow):
        return value
    return double_quoted(value)


def double_quoted(value: str) -> str:
    """A YAML double-quoted scalar: JSON's escapes, plus `\\uXXXX` for what YAML reads as a line break
    (NEL, LS, PS) or refuses as non-printable (DEL, C1 controls, BOM, surrogates)."""
    return _NEEDS_ESCAPE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(value, ensure_ascii=False))


def quote_style(nodes: Sequence[Node]) -> str | None:
    """The quoting most of `nodes` use (`'`, `"` or None for plain); ties and empty input prefer plain."""
    counts: dict[str | None, int] = {}
    for node in nodes:
        if isinstance(node, ScalarNode):
            style = node.style if node.style in ("'", '"') else None
            counts[style] = counts.get(style, 0) + 1
    preference = [None, '"', "'"]
    return max(preference, key=lambda style: (counts.get(style, 0), -preference.index(style)))


# --- edits ---------------------------------------------------------------------------------------------


def splice(text: str, start: int, end: int, replacement: str) -> str:
    """`text` with [start, end) replaced by `replacement`."""
    return text[:start] + replacement + text[end:]


def replace_value(text: str, key: ScalarNode, value: Node, new_scalar: str) -> str:
    """Replace the value written after `key` by `new_scalar` (already rendered YAML).

    An alias value is replaced at the `*alias` token, so the anchored original (and every other user
    of the anchor) stays as it was.
    """
    if is_alias_value(key, value):
        alias = _ALIAS_TOKEN.search(text, key.end_mark.index)
        if alias is None:
            raise YamlEditError(f"{key.start_mark.line + 1}: cannot locate the alias after {key.value!r}")
        return splice(text, alias.start(), alias.end(), new_scalar)
    if not isinstance(value, ScalarNode) or value.style in ("|", ">"):
        raise YamlEditError(f"{value.start_mark.line + 1}: {key.value!r} is not a one-line scalar")
    start, end = scalar_token_span(text, value)
    return splice(text, start, end, new_scalar)


def insert_key(text: str, mapping: MappingNode, key_and_value: str, *, after: str | None = None) -> str:
    """Add the entry `key_and_value` (e.g. `timeout-minutes: 60`) to `mapping` at the right indentation.

    Block mappings get a new line after the entry `after` when it exists (after its whole value, before
    any comment that follows it), otherwise a new first line. Flow mappings get `, entry` before `}`.
    """
    if mapping.flow_style or not mapping.value:
        return _insert_flow_entry(text, mapping, key_and_value)
    newline = newline_of(text)
    sibling = get(mapping, after) if after else None
    if sibling is not None:
        position = line_end(text, content_end(text, sibling[1], sibling[0].end_mark.index))
        indent = " " * mapping.value[0][0].start_mark.column
        prefix = "" if position == 0 or text[position - 1] == "\n" else newline
        return splice(text, position, position, f"{prefix}{indent}{key_and_value}{newline}")
    first_key = mapping.value[0][0]
    position = first_key.start_mark.index
    return splice(text, position, position, f"{key_and_value}{newline}{' ' * first_key.start_mark.column}")


def _insert_flow_entry(text: str, mapping: MappingNode, key_and_value: str) -> str:
    """Add an entry to a flow mapping `{...}` just before its closing brace."""
    close = mapping.end_mark.index - 1
    if text[close] != "}":
        raise YamlEditError(f"{mapping.start_mark.line + 1}: an empty block mapping cannot take a new key")
    before = len(text[:close].rstrip())
    if not mapping.value:
        return splice(text, close, close, key_and_value)
    separator = "" if text[before - 1] == "," else ","
    return splice(text, before, before, f"{separator} {key_and_value}")


def check_only_change(old_text: str, new_text: str, mutate: Callable[[Any], None]) -> None:
    """Raise YamlEditError unless `new_text` loads to exactly `old_text`'s data with `mutate` applied.

    This is the safety net of every surgical edit: if a splice ever lands in the wrong place, the fix
    refuses to produce the text instead of committing a broken or different workflow.
    """
    try:
        expected = copy.deepcopy(load(old_text))
        mutate(expected)
        actual = load(new_text)
    except yaml.YAMLError as exc:
        raise YamlEditError(f"the edited text is not valid YAML: {describe_yaml_error(exc)}") from exc
    if actual != expected:
        raise YamlEditError("the edited text does not load to the intended data; refusing the edit")
