"""JSON with comments, as VS Code reads it: `//` and `/* */` comments and trailing commas allowed."""

from __future__ import annotations

import json
from typing import Any


def strip_comments(text: str) -> str:
    """Remove comments and trailing commas outside strings, keeping line structure for error positions."""
    out: list[str] = []
    i, n = 0, len(text)
    in_string = False
    while i < n:
        ch = text[i]
        if in_string:
            out.append(ch)
            if ch == "\\" and i + 1 < n:
                out.append(text[i + 1])
                i += 2
                continue
            if ch == '"':
                in_string = False
            i += 1
            continue
        if ch == '"':
            in_string = True
            out.append(ch)
            i += 1
        elif text.startswith("//", i):
            end = text.find("\n", i)
            i = n if end == -1 else end
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            chunk = text[i : n if end == -1 else end + 2]
            out.append("\n" * chunk.count("\n"))
            i = n if end == -1 else end + 2
        else:
            out.append(ch)
            i += 1
    return _drop_trailing_commas("".join(out))


def _drop_trailing_commas(text: str) -> str:
    out: list[str] = []
    in_string = False
    i = 0
    while i < len(text):
        ch = text[i]
        if in_string:
            out.append(ch)
            if ch == "\\" and i + 1 < len(text):
                out.append(text[i + 1])
                i += 2
                continue
            in_string = ch != '"'
            i += 1
            continue
        if ch == '"':
            in_string = True
        elif ch == ",":
            j = i + 1
            while j < len(text) and text[j] in " \t\r\n":
                j += 1
            if j < len(text) and text[j] in "]}":
                i += 1
                continue
        out.append(ch)
        i += 1
    return "".join(out)


def loads(text: str) -> Any:
    return json.loads(strip_comments(text))


# -- editing in place: add entries to a JSONC file and keep everything else, comments included ----------


def _skip(text: str, i: int) -> int:
    """Index of the next significant character at or after i (whitespace and comments skipped)."""
    n = len(text)
    while i < n:
        if text[i] in " \t\r\n":
            i += 1
        elif text.startswith("//", i):
            end = text.find("\n", i)
            i = n if end == -1 else end
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = n if end == -1 else end + 2
        else:
            break
    return i


def _string_end(text: str, i: int) -> int:
    """i is at an opening quote; returns the index after the closing quote."""
    i += 1
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == '"':
            return i + 1
        i += 1
    raise ValueError("unterminated string")


def _value_end(text: str, i: int) -> int:
    """i is at the start of a value; returns the index after it."""
    ch = text[i]
    if ch == '"':
        return _string_end(text, i)
    if ch in "[{":
        close = "]" if ch == "[" else "}"
        i = _skip(text, i + 1)
        while text[i] != close:
            if ch == "{":
                i = _skip(text, _string_end(text, i))
                if text[i] != ":":
                    raise ValueError(f"expected ':' at offset {i}")
                i = _skip(text, i + 1)
            i = _skip(text, _value_end(text, i))
            if text[i] == ",":
                i = _skip(text, i + 1)
            elif text[i] != close:
                raise ValueError(f"expected ',' or {close!r} at offset {i}")
        return i + 1
    j = i
    while j < len(text) and text[j] not in ",]} \t\r\n/":
        j += 1
    if j == i:
        raise ValueError(f"unexpected {ch!r} at offset {i}")
    return j


def _member_span(text: str, obj_start: int, key: str) -> tuple[int, int] | None:
    """(start, end) of the value of `key` in the object starting at obj_start, or None."""
    i = _skip(text, obj_start + 1)
    while text[i] != "}":
        key_end = _string_end(text, i)
        name = json.loads(text[i:key_end])
        start = _skip(text, _skip(text, key_end) + 1)
        end = _value_end(text, start)
        if name == key:
            return start, end
        i = _skip(text, end)
        if text[i] == ",":
            i = _skip(text, i + 1)
    return None


def _container(text: str, path: tuple[str, ...]) -> tuple[int, int]:
    i = _skip(text, 0)
    span = (i, _value_end(text, i))
    for key in path:
        if text[span[0]] != "{":
            raise ValueError(f"{'.'.join(path)}: not inside an object")
        found = _member_span(text, span[0], key)
        if found is None:
            raise KeyError(key)
        span = found
    return span


def _insert_before_close(text: str, start: int, end: int, entries: list[str]) -> str:
    """Insert entries (already formatted) as the last members of the container text[start:end]."""
    close = end - 1
    inner_first = _skip(text, start + 1)
    empty = inner_first == close
    # Indent: one step deeper than the line holding the closing bracket (VS Code files use 2 or 4 spaces).
    line_start = text.rfind("\n", 0, close) + 1
    outer = text[line_start:close] if text[line_start:close].strip() == "" else ""
    step = "  "
    if not empty:
        inner_line_start = text.rfind("\n", 0, inner_first) + 1
        indent = text[inner_line_start:inner_first] if text[inner_line_start:inner_first].strip() == "" else outer + step
    else:
        indent = outer + step
    body = ",\n".join(indent + entry.replace("\n", "\n" + indent) for entry in entries)
    # Where the last significant token ends (before trailing comments and whitespace).
    last = start + 1
    i = _skip(text, start + 1)
    while i < close:
        if text[i] == ",":
            last = i + 1
            i = _skip(text, i + 1)
            continue
        if text[start] == "{":
            i = _skip(text, _string_end(text, i))
            i = _skip(text, i + 1)
        last = _value_end(text, i)
        i = _skip(text, last)
    needs_comma = not empty and text[last - 1] != ","
    at = close
    while at > start + 1 and text[at - 1] in " \t\r\n":
        at -= 1
    out = text[:at] + "\n" + body + "\n" + outer + text[close:]
    if needs_comma:
        out = out[:last] + "," + out[last:]
    return out


def append_items(text: str, path: tuple[str, ...], items: list[Any]) -> str:
    """Append items to the array at path (created when missing), keeping the rest of the text as is."""
    if not items:
        return text
    try:
        start, end = _container(text, path)
    except KeyError:
        parent = path[:-1]
        return add_member(text, parent, path[-1], items)
    if text[start] != "[":
        raise ValueError(f"{'.'.join(path)} is not an array")
    return _insert_before_close(text, start, end, [json.dumps(item, indent=2) for item in items])


def add_member(text: str, path: tuple[str, ...], key: str, value: Any) -> str:
    """Add `key: value` to the object at path (which must exist), keeping the rest of the text as is."""
    start, end = _container(text, path)
    if text[start] != "{":
        raise ValueError(f"{'.'.join(path) or 'the file'} is not an object")
    return _insert_before_close(text, start, end, [f"{json.dumps(key)}: {json.dumps(value, indent=2)}"])
