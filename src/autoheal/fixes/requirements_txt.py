"""Add one requirement to a pip requirements file without disturbing a byte of the rest.

The file is read as pip reads it: logical lines (a trailing backslash continues a line), `#` comments at
line start or after whitespace, option lines (`-r`, `-c`, `-e`, `--index-url` …) and per-requirement
options (`--hash`). We only ever insert one new physical line; existing lines, their CRLF or LF endings,
tabs and comments are never rewritten.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from autoheal.fixes.pkgname import check_requirement, normalize, requirement_name
from autoheal.fixes.result import EditCheckFailed, FixResult
from autoheal.fixes.textlines import line_start, newline_of

_COMMENT = re.compile(r"(?:^|\s)#.*$", re.DOTALL)
_CONTINUATION = re.compile(r"\\\r?\n")
_PHYSICAL_LINE = re.compile(r"[^\n]*\n|[^\n]+\Z")
_COMMENT_LINE = re.compile(r"\s*#")
_HASH_MODE = re.compile(r"(?:^|\s)--(?:hash|require-hashes)\b")


@dataclass(frozen=True)
class Entry:
    """One logical line: where it sits in the text, what pip sees, and the distribution it names."""

    start: int
    end: int  # just past its last line terminator (or the end of the text)
    content: str  # continuation lines joined, comment removed, stripped
    name: str | None


def parse(text: str) -> list[Entry]:
    """The logical lines of a requirements file, with their character spans."""
    entries: list[Entry] = []
    physical = _PHYSICAL_LINE.findall(text)  # pip splits on "\n" only; "\r\n" stays attached
    position, index = 0, 0
    while index < len(physical):
        start = position
        raw = physical[index]
        position += len(raw)
        index += 1
        while continues(physical[index - 1]) and index < len(physical):
            raw += physical[index]
            position += len(physical[index])
            index += 1
        joined = _CONTINUATION.sub("", raw).rstrip("\r\n")
        content = _COMMENT.sub("", joined).strip()
        entries.append(Entry(start, position, content, requirement_name(content) if content else None))
    return entries


def continues(line: str) -> bool:
    """True when pip joins the next line to this one: it ends with `\\` and is not a comment line."""
    body = line.rstrip("\r\n")
    return body.endswith("\\") and not _COMMENT_LINE.match(body)


def uses_hashes(text: str) -> bool:
    """True when pip runs this file in hash-checking mode (any `--hash` or `--require-hashes`)."""
    return any(_HASH_MODE.search(entry.content) for entry in parse(text))


def add_requirement(path: str, text: str, requirement: str) -> FixResult:
    """Add `requirement` (e.g. `PyYAML` or `PyYAML>=6`) unless its distribution is already listed.

    Placement: in alphabetical position when the listed requirements are already sorted, otherwise
    after the last requirement (so trailing comments stay last). Refused in hash-checking mode, where
    one unhashed line would make `pip install` reject the whole file.
    """
    name = check_requirement(requirement)
    entries = parse(text)
    listed = [entry for entry in entries if entry.name]
    for entry in listed:
        if normalize(entry.name) == normalize(name):
            return FixResult.unchanged(path, text, f"{name} is already required in {path} (as `{entry.content}`)")
    if uses_hashes(text):
        return FixResult.unchanged(
            path, text,
            f"{path} pins hashes (pip hash-checking mode): an unhashed {name} would break the install; "
            "add it to the source file and regenerate the lock (e.g. pip-compile --generate-hashes)",
        )
    newline = newline_of(text)
    position = _insert_position(text, listed, name)
    if position and continues(text[line_start(text, position - 1) : position]):
        return FixResult.unchanged(
            path, text, f"{path}: the line before the insertion point ends with a `\\` continuation, "
            "so a new line would be joined to it; not edited",
        )
    prefix = newline if position > 0 and not text[:position].endswith("\n") else ""
    new_text = text[:position] + prefix + requirement + newline + text[position:]
    try:
        _check(text, new_text, requirement, name)
    except EditCheckFailed as exc:
        return FixResult.unchanged(path, text, f"{path}: {exc}; not edited")
    return FixResult.edited(path, text, new_text, f"Added {requirement} to {path}")


def _insert_position(text: str, listed: list[Entry], name: str) -> int:
    """Alphabetical slot when the file is sorted, else just after the last requirement (or at the end)."""
    if not listed:
        return len(text)
    keys = [normalize(entry.name) for entry in listed]
    if len(keys) > 1 and keys == sorted(keys):
        for entry, key in zip(listed, keys, strict=True):
            if key > normalize(name):
                return entry.start
    return listed[-1].end


def _check(old: str, new: str, requirement: str, name: str) -> None:
    """The edit must add exactly one requirement line and leave every other logical line identical."""
    before = Counter((entry.content, entry.name) for entry in parse(old))
    after = Counter((entry.content, entry.name) for entry in parse(new))
    if after - before != Counter({(requirement, name): 1}) or before - after:
        raise EditCheckFailed(f"adding {name} would not give exactly one new requirement line")
