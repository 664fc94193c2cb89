"""Add one dependency to pyproject.toml by editing its text, never by re-dumping TOML.

Targets, in PEP 621 / PEP 735 terms: `[project].dependencies` (runtime), or with a group
`[project.optional-dependencies].<group>` (an extra) or `[dependency-groups].<group>` when the group
already lives there. The new item copies the array's quoting, indentation, trailing-comma habit and,
when the array is sorted, its alphabetical place. The result is re-parsed with `tomllib` and must equal
the old data plus exactly that one item.
"""

from __future__ import annotations

import copy
import re
import tomllib
from typing import Any

from autoheal.fixes import tomlscan
from autoheal.fixes.pkgname import check_requirement, normalize, requirement_name
from autoheal.fixes.result import EditCheckFailed, FixResult
from autoheal.fixes.textlines import line_end, line_start, newline_of

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


class Refused(Exception):
    """The file cannot take the dependency safely; the message says why (it becomes the summary)."""


def add_to_pyproject(path: str, text: str, requirement: str, *, group: str | None = None) -> FixResult:
    """Add `requirement` to the runtime dependencies, or to `group`, unless it is already there."""
    name = check_requirement(requirement)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return FixResult.unchanged(path, text, f"{path} is not valid TOML ({exc}); not edited")
    try:
        target = _target(data, group)
        existing = _already_listed(data, target, name)
        if existing:
            return FixResult.unchanged(path, text, f"{name} is already listed in {path} ({existing})")
        new_text, expected = _edit(text, data, target, requirement)
        _check(new_text, expected, name)
    except (Refused, EditCheckFailed) as exc:
        return FixResult.unchanged(path, text, f"{path}: {exc}; not edited")
    where = "[" + ".".join(target[:-1]) + "]." + target[-1]
    return FixResult.edited(path, text, new_text, f"Added {requirement} to {where} in {path}")


def _check(new_text: str, expected: dict[str, Any], name: str) -> None:
    """The edited text must load, with tomllib, to exactly the old data plus the one new item."""
    try:
        loaded = tomllib.loads(new_text)
    except tomllib.TOMLDecodeError as exc:
        raise EditCheckFailed(f"adding {name} would make invalid TOML ({exc})") from exc
    if loaded != expected:
        raise EditCheckFailed(f"adding {name} would change more than the one array")


def _target(data: dict[str, Any], group: str | None) -> tuple[str, ...]:
    """The key path of the array the requirement belongs in."""
    project = data.get("project")
    if not isinstance(project, dict):
        raise Refused("no [project] table (dependencies are managed by another tool, e.g. Poetry)")
    dynamic = project.get("dynamic") if isinstance(project.get("dynamic"), list) else []
    if group is None:
        if "dependencies" in dynamic:
            raise Refused("[project].dependencies is dynamic (read from another file by the build backend)")
        return ("project", "dependencies")
    extras = project.get("optional-dependencies")
    groups = data.get("dependency-groups")
    if isinstance(extras, dict) and group in extras:
        return ("project", "optional-dependencies", group)
    if isinstance(groups, dict) and group in groups:
        return ("dependency-groups", group)
    if "optional-dependencies" in dynamic:
        raise Refused("[project].optional-dependencies is dynamic (read from another file by the build backend)")
    return ("project", "optional-dependencies", group)


def _already_listed(data: dict[str, Any], target: tuple[str, ...], name: str) -> str | None:
    """Where `name` is already required among the target and the runtime dependencies, if anywhere."""
    places = [("project", "dependencies"), target]
    for place in places:
        values = _get(data, place)
        for value in values if isinstance(values, list) else []:
            if isinstance(value, str) and normalize(requirement_name(value) or "") == normalize(name):
                label = ".".join(place)
                return f"`{value}` in {label}"
    return None


def _get(data: dict[str, Any], path: tuple[str, ...]) -> Any:
    node: Any = data
    for key in path:
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    return node


def _edit(text: str, data: dict[str, Any], target: tuple[str, ...], requirement: str) -> tuple[str, dict]:
    """The new text and the data it must load to."""
    layout = tomlscan.scan(text)
    expected = copy.deepcopy(data)
    array = layout.arrays.get(target)
    if array is not None:
        new_text, index = _insert_item(text, array, requirement)
        _get(expected, target).insert(index, requirement)
        return new_text, expected
    if _get(data, target) is not None:
        raise Refused(f"{'.'.join(target)} is not written as a plain array")

    newline = newline_of(text)
    item = _render(requirement, '"')
    *table_path, key = target
    table = layout.table(tuple(table_path))
    if table is not None:  # the table exists as a [header]: add `key = ["requirement"]` to it
        new_text = _append_line(text, table.body_end, f"{_key(key)} = [{item}]", newline)
    elif target[:2] == ("project", "optional-dependencies") and "optional-dependencies" not in data["project"]:
        project = layout.table(("project",))
        if project is None:
            raise Refused("[project] is not written as a [project] table")
        block = f"{newline}[project.optional-dependencies]{newline}{_key(key)} = [{item}]"
        new_text = _append_line(text, project.body_end, block, newline)
    else:
        raise Refused(f"[{'.'.join(table_path)}] is written inline or with dotted keys")
    parent = expected
    for part in table_path:
        parent = parent.setdefault(part, {})
    parent[key] = [requirement]
    return new_text, expected


def _append_line(text: str, after: int, line: str, newline: str) -> str:
    """Insert `line` on its own line right after the line containing index `after`."""
    position = line_end(text, max(after - 1, 0))
    prefix = "" if position == 0 or text[position - 1] == "\n" else newline
    return text[:position] + prefix + line + newline + text[position:]


def _key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else _render(key, '"')


def _render(value: str, quote: str) -> str:
    """A TOML string in the array's quoting; falls back to the other quote when the value needs it."""
    if quote == "'" and "'" not in value:
        return f"'{value}'"
    if quote == '"' and '"' in value and "'" not in value:
        return f"'{value}'"
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _insert_item(text: str, array: tomlscan.Array, requirement: str) -> tuple[str, int]:
    """Add `requirement` to `array` in the array's own style; returns the new text and the item's index."""
    items = array.items
    quotes = [item.quote for item in items if item.quote]
    quote = max(("'", '"'), key=quotes.count) if quotes else '"'
    rendered = _render(requirement, quote)
    newline = newline_of(text)
    multiline = "\n" in text[array.open : array.close]

    index = _sorted_index(text, items, requirement, multiline)
    if index is not None and index < len(items):
        before = items[index]
        if multiline:
            start = line_start(text, before.start)
            indent = text[start : before.start]
            return _splice(text, start, f"{indent}{rendered},{newline}"), index
        return _splice(text, before.start, f"{rendered}, "), index

    if not items:
        if not multiline:
            return text[: array.open + 1] + rendered + text[array.close :], 0
        indent = _indent_of_line(text, array.open) + "    "
        return _splice(text, line_end(text, array.open), f"{indent}{rendered},{newline}"), 0

    last = items[-1]
    comma = array.comma_after_last
    if not multiline:
        if comma is not None:
            return _splice(text, comma + 1, f" {rendered},"), len(items)
        return _splice(text, last.end, f", {rendered}"), len(items)
    indent = _item_indent(text, array)
    if comma is not None:
        if "\n" in text[comma : array.close]:
            return _splice(text, line_end(text, comma), f"{indent}{rendered},{newline}"), len(items)
        return _splice(text, comma + 1, f"{newline}{indent}{rendered},"), len(items)
    if "\n" in text[last.end : array.close]:
        position = line_end(text, last.end)
        text = _splice(text, position, f"{indent}{rendered}{newline}")
        return _splice(text, last.end, ","), len(items)
    return _splice(text, last.end, f",{newline}{indent}{rendered}"), len(items)


def _sorted_index(text: str, items: list[tomlscan.Item], requirement: str, multiline: bool) -> int | None:
    """Where the item goes when the array is alphabetical (and one item per line if multi-line)."""
    if len(items) < 2 or any(item.value is None for item in items):
        return None
    keys = [normalize(requirement_name(item.value) or item.value) for item in items]
    if keys != sorted(keys):
        return None
    if multiline and any(text[line_start(text, item.start) : item.start].strip() for item in items):
        return None
    new_key = normalize(requirement_name(requirement) or requirement)
    return next((i for i, key in enumerate(keys) if key > new_key), len(items))


def _item_indent(text: str, array: tomlscan.Array) -> str:
    """The indentation of the array's last item when it starts its own line, else one level in."""
    last = array.items[-1]
    lead = text[line_start(text, last.start) : last.start]
    return lead if not lead.strip() else _indent_of_line(text, array.open) + "    "


def _indent_of_line(text: str, index: int) -> str:
    start = line_start(text, index)
    line = text[start:index]
    return line[: len(line) - len(line.lstrip(" \t"))]


def _splice(text: str, position: int, insert: str) -> str:
    return text[:position] + insert + text[position:]
