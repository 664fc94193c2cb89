"""Add one npm dependency to package.json by inserting text, keeping key order and indentation.

`json.dumps` would re-indent the file and can reorder nothing but still rewrites every line's bytes
(tabs vs spaces, `": "` vs `":"`, CRLF). We locate the members with a tiny position-tracking scanner
and insert one member in the style of its neighbours: alphabetically when the block is sorted (as npm
keeps it), else last. The result must load to the old data plus that one entry, with the key order of
every existing object unchanged.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass

from autoheal.fixes.pkgname import split_npm_spec
from autoheal.fixes.result import EditCheckFailed, FixResult
from autoheal.fixes.textlines import line_start, newline_of

GROUPS = {
    None: "dependencies",
    "dependencies": "dependencies",
    "dev": "devDependencies",
    "devDependencies": "devDependencies",
    "optional": "optionalDependencies",
    "optionalDependencies": "optionalDependencies",
    "peer": "peerDependencies",
    "peerDependencies": "peerDependencies",
}
ALL_GROUPS = ("dependencies", "devDependencies", "optionalDependencies", "peerDependencies")


@dataclass(frozen=True)
class Member:
    key: str
    key_start: int
    value_start: int
    value_end: int


@dataclass(frozen=True)
class JsonObject:
    start: int  # index of "{"
    end: int  # index of "}"
    members: list[Member]


def add_to_package_json(path: str, text: str, spec: str, *, group: str | None = None) -> FixResult:
    """Add `spec` (`lodash` or `lodash@^4.17.21`; `*` when no range is given) to `group` (default
    `dependencies`; `dev`/`devDependencies`, `optional`, `peer`) unless any group already has it."""
    if group not in GROUPS:
        raise ValueError(f"unknown package.json group {group!r}; expected one of {sorted(g for g in GROUPS if g)}")
    block = GROUPS[group]
    name, version = split_npm_spec(spec)
    try:
        data = json.loads(text.removeprefix("\ufeff"))  # a BOM is legal in files, not in json.loads
    except ValueError as exc:
        return FixResult.unchanged(path, text, f"{path} is not valid JSON ({exc}); not edited")
    if not isinstance(data, dict):
        return FixResult.unchanged(path, text, f"{path} is not a JSON object; not edited")
    for existing in ALL_GROUPS:
        if isinstance(data.get(existing), dict) and name in data[existing]:
            return FixResult.unchanged(
                path, text, f"{name} is already in {existing} of {path} ({data[existing][name]!r})"
            )
    if block in data and not isinstance(data[block], dict):
        return FixResult.unchanged(path, text, f"{block} in {path} is not an object; not edited")

    root = scan_object(text, _first_brace(text))
    newline = newline_of(text)
    style = _Style.of(text, root, newline)
    member = f"{json.dumps(name)}{style.colon}{json.dumps(version)}"
    holder = next((m for m in root.members if m.key == block), None)
    if holder is not None:
        new_text = _insert_member(text, scan_object(text, holder.value_start), member, name, style)
    else:
        inner = style.indent_of(text, root.start) + style.unit
        body = f"{{{style.nl}{inner}{style.unit}{member}{style.nl}{inner}}}" if style.multiline else f"{{{member}}}"
        new_text = _insert_member(text, root, f"{json.dumps(block)}{style.colon}{body}", None, style)

    try:
        _check(data, new_text, block, name, version)
    except EditCheckFailed as exc:
        return FixResult.unchanged(path, text, f"{path}: {exc}; not edited")
    return FixResult.edited(path, text, new_text, f"Added {name}@{version} to {block} in {path}")


# --- scanning ------------------------------------------------------------------------------------------------


def scan_object(text: str, start: int) -> JsonObject:
    """The members of the JSON object whose `{` is at `start` (values are skipped, not parsed)."""
    members = []
    i = _skip_ws(text, start + 1)
    while text[i] != "}":
        if text[i] == ",":
            i = _skip_ws(text, i + 1)
            continue
        key_start = i
        i = _skip_string(text, i)
        key = json.loads(text[key_start:i])
        i = _skip_ws(text, i)
        i = _skip_ws(text, i + 1)  # ":"
        value_start = i
        i = _skip_value(text, i)
        members.append(Member(key, key_start, value_start, i))
        i = _skip_ws(text, i)
    return JsonObject(start, i, members)


def _first_brace(text: str) -> int:
    return _skip_ws(text, 1 if text.startswith("\ufeff") else 0)


def _skip_ws(text: str, i: int) -> int:
    while i < len(text) and text[i] in " \t\r\n":
        i += 1
    return i


def _skip_string(text: str, i: int) -> int:
    i += 1
    while text[i] != '"':
        i += 2 if text[i] == "\\" else 1
    return i + 1


def _skip_value(text: str, i: int) -> int:
    if text[i] == '"':
        return _skip_string(text, i)
    if text[i] in "{[":
        depth = 0
        while True:
            ch = text[i]
            if ch == '"':
                i = _skip_string(text, i)
                continue
            if ch in "{[":
                depth += 1
            elif ch in "}]":
                depth -= 1
                if depth == 0:
                    return i + 1
            i += 1
    while i < len(text) and text[i] not in ",}] \t\r\n":
        i += 1
    return i


# --- writing -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Style:
    """How this file writes JSON: indentation unit, `": "` or `":"`, line ending, one line or many."""

    unit: str
    colon: str
    nl: str
    multiline: bool

    @classmethod
    def of(cls, text: str, root: JsonObject, newline: str) -> _Style:
        multiline = "\n" in text[root.start : root.end]
        unit, colon = "  ", ": "
        if root.members:
            first = root.members[0]
            lead = text[line_start(text, first.key_start) : first.key_start]
            if multiline and lead and not lead.strip():
                unit = lead
            key_end = _skip_string(text, first.key_start)
            colon = text[key_end : first.value_start] if "\n" not in text[key_end : first.value_start] else ": "
        return cls(unit=unit, colon=colon, nl=newline, multiline=multiline)

    def indent_of(self, text: str, index: int) -> str:
        """Leading whitespace of the line holding `index`."""
        line = text[line_start(text, index) : index]
        return line[: len(line) - len(line.lstrip(" \t"))]


def _insert_member(text: str, obj: JsonObject, member: str, sort_key: str | None, style: _Style) -> str:
    """Add `member` to `obj`: in key order when the object is sorted and `sort_key` is given, else last."""
    multiline = "\n" in text[obj.start : obj.end]
    if not obj.members:
        if not (multiline or style.multiline):
            return text[: obj.start + 1] + member + text[obj.end :]
        outer = style.indent_of(text, obj.start)
        return text[: obj.start + 1] + f"{style.nl}{outer}{style.unit}{member}{style.nl}{outer}" + text[obj.end :]
    keys = [m.key for m in obj.members]
    if sort_key is not None:  # npm keeps dependency blocks sorted; follow it when the block agrees
        for order in (lambda k: k, str.casefold):
            if [order(k) for k in keys] == sorted(order(k) for k in keys):
                after = next((m for m in obj.members if order(m.key) > order(sort_key)), None)
                if after is None:
                    break
                if multiline:
                    start = line_start(text, after.key_start)
                    indent = text[start : after.key_start]
                    if not indent.strip():
                        return text[:start] + f"{indent}{member},{style.nl}" + text[start:]
                return text[: after.key_start] + f"{member},{_gap(text, obj, style)}" + text[after.key_start :]
    last = obj.members[-1]
    if multiline:
        indent = text[line_start(text, last.key_start) : last.key_start]
        indent = indent if not indent.strip() else style.indent_of(text, obj.start) + style.unit
        return text[: last.value_end] + f",{style.nl}{indent}{member}" + text[last.value_end :]
    return text[: last.value_end] + f",{_gap(text, obj, style)}{member}" + text[last.value_end :]


def _gap(text: str, obj: JsonObject, style: _Style) -> str:
    """What follows a comma between members on one line: copied, or "" for minified files."""
    if len(obj.members) > 1:
        return text[obj.members[0].value_end : obj.members[1].key_start].lstrip(",")
    return "" if style.colon == ":" else " "


def _check(old_data: dict, new_text: str, block: str, name: str, version: str) -> None:
    """The new file must load to the old data plus one entry, with every existing key order intact."""
    expected = copy.deepcopy(old_data)
    expected.setdefault(block, {})[name] = version
    try:
        new_data = json.loads(new_text.removeprefix("\ufeff"))
    except ValueError as exc:
        raise EditCheckFailed(f"adding {name} would make invalid JSON ({exc})") from exc
    if new_data != expected or list(new_data)[: len(old_data)] != list(old_data):
        raise EditCheckFailed(f"adding {name} would change more than one entry")
    old_keys = list(old_data.get(block, {}))
    if [k for k in new_data[block] if k != name] != old_keys:
        raise EditCheckFailed(f"adding {name} would reorder {block}")
