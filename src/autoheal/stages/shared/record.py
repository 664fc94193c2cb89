"""A small JSON record kept in a hidden marker of a sticky comment: what autoheal did to a PR, and when.

Both copilot-review (which hand-offs were tried) and pr-monitor (fix rounds, the one-time transitions)
must remember things between runs without a database. The sticky comment they already keep on the PR
is the natural home: the record rides along as `<!-- autoheal:<key>=<base64url JSON> -->`, which GitHub
does not render and which untrusted text cannot forge inside autoheal's own comments (`neutralize`
escapes `<`). A record that does not decode is treated as absent, never as an error.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from ...markers import marker, read_markers

MAX_RECORD_CHARS = 20000
"""Records stay small (they are re-read on every run) and far below GitHub's 65,536-character body limit."""


def encode_record(key: str, data: dict[str, Any]) -> str:
    """The hidden marker carrying `data` (compact, sorted JSON so equal data gives an equal marker)."""
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), default=str)
    token = base64.urlsafe_b64encode(text.encode("utf-8")).decode("ascii").rstrip("=")
    if len(token) > MAX_RECORD_CHARS:
        raise ValueError(f"record {key} is too large ({len(token)} chars)")
    return marker(key, token)


def decode_record(body: str | None, key: str) -> dict[str, Any] | None:
    """The record stored under `key` in `body`, or None when absent or unreadable."""
    token = read_markers(body).get(key)
    if not token:
        return None
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        data = json.loads(raw.decode("utf-8"))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None
    return data if isinstance(data, dict) else None
