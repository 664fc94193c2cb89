"""Hidden markers in bodies: how autoheal recognises its own issues, PRs and comments.

A marker is an HTML comment GitHub does not render: `<!-- autoheal:fingerprint=abc123 -->`. Finding
objects by marker (not by title or author) keeps dedupe exact and survives humans editing titles.
Untrusted text can never forge one inside a rendered body because `neutralize` escapes `<` and `>`.
"""

from __future__ import annotations

import re

from .markdown import Trusted

_MARKER = re.compile(r"<!-- autoheal:([a-z0-9_-]+)(?:=([^\s>]*))? -->")


def marker(key: str, value: str | int | None = None) -> Trusted:
    """The hidden marker `key[=value]`: autoheal's own Markdown, so a template prints it as is."""
    assert re.fullmatch(r"[a-z0-9_-]+", key), key
    if value is None:
        return Trusted(f"<!-- autoheal:{key} -->")
    value = str(value)
    assert re.fullmatch(r"[^\s>]*", value), value
    return Trusted(f"<!-- autoheal:{key}={value} -->")


def read_markers(body: str | None) -> dict[str, str]:
    """All markers in a body: {key: value} ("" for flag markers). First occurrence wins."""
    found: dict[str, str] = {}
    for key, value in _MARKER.findall(body or ""):
        found.setdefault(key, value)
    return found


def has_marker(body: str | None, key: str, value: str | int | None = None) -> bool:
    markers = read_markers(body)
    if key not in markers:
        return False
    return value is None or markers[key] == str(value)
