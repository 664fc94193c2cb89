"""Novel lines: what the failing step says that the last green run of the job did not.

Like logreduce, but as an exact set difference on normalized lines instead of a
nearest-neighbour model: deterministic, streaming, no ML stack. Only the failing
step's tail window (kept by the scan, at most 128 KiB) is compared, never every line
of both logs:

1. each window line is normalized (normalize.py) into a key; its longest literal
   fragment (a run of text the normalization copies verbatim) is noted;
2. one pass over the baseline finds, with a single RE2 alternation of those fragments
   over whole blocks, the few lines that could have the same key, and normalizes only
   them (a line cannot normalize to a key without containing its fragments);
3. window lines whose key was not seen in the baseline are novel.

Limits: a fragment split by colour codes in the baseline is not found (the line then
counts as novel); window lines with no literal fragment of 3+ characters (``0.0``,
``---``) are never novel; a line novel here may also appear earlier in the failed log.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import re2

from .logformat import strip_ansi
from .normalize import normalize_bytes
from .reader import CHUNK_SIZE, count_line_ends, decode, iter_chunks

KEEP_NOVEL = 4000
MAX_BASELINE_CHECKS = 200_000
"""Baseline lines normalized at most (each holds a wanted fragment); past it the baseline is 'truncated'."""
_MIN_LEN = 3
_MIN_FRAGMENT = 3
# What normalization writes or collapses; the text between is copied verbatim from the line.
_PLACEHOLDERS = re.compile(rb"<(?:ts|time|uuid|tmp|hex|dur)>|0|\s+")
_UNANCHORED = re2._Anchor.UNANCHORED


@dataclass
class Novelty:
    """Novel lines of the failing step against a baseline, and what the baseline pass saw."""

    lines: list[tuple[int, str]] = field(default_factory=list)
    total: int = 0
    baseline_lines: int = 0
    truncated: bool = False


def _fragment(key: bytes) -> bytes:
    return max(_PLACEHOLDERS.split(key), key=len)


def window_lines(window: bytes, first_line: int, lo: int, hi: int) -> list[tuple[int, bytes, bytes]]:
    """(line number, raw line, key) of the window's lines in [lo, hi], first occurrence of each key."""
    out = []
    seen: set[bytes] = set()
    for i, raw in enumerate(window.splitlines()):
        n = first_line + i
        if n < lo or n > hi:
            continue
        key = normalize_bytes(raw).strip()
        if len(key) < _MIN_LEN or key in seen:
            continue
        seen.add(key)
        out.append((n, raw, key))
    return out


def compare(lines: list[tuple[int, bytes, bytes]], baseline: Any, chunk_size: int = CHUNK_SIZE) -> Novelty:
    """Which of ``lines`` (from :func:`window_lines`) the baseline log (str, bytes or stream) lacks."""
    result = Novelty()
    wanted: dict[bytes, bytes] = {}
    for _, _, key in lines:
        frag = _fragment(key)
        if len(frag) >= _MIN_FRAGMENT:
            wanted[key] = frag
    found: set[bytes] = set()
    finder = None
    if wanted:
        options = re2.Options()
        options.never_capture = True
        options.max_mem = 64 << 20
        alternation = b"|".join(re2.escape(f) for f in sorted(set(wanted.values()), key=len, reverse=True))
        finder = re2.compile(alternation, options)._regexp.Match
    checks = 0
    open_line = False
    for chunk in iter_chunks(baseline, chunk_size):
        data = chunk.data
        result.baseline_lines += count_line_ends(data)
        open_line = bool(data) and not data.endswith((b"\n", b"\r"))
        if finder is None or len(found) == len(wanted) or result.truncated:
            continue
        pos, end = 0, len(data)
        while pos < end:
            start = finder(_UNANCHORED, data, pos, end)[0][0]
            if start < 0:
                break
            ls = data.rfind(b"\n", 0, start) + 1
            ls = data.rfind(b"\r", ls, start) + 1 or ls
            le = data.find(b"\n", start)
            le = end if le == -1 else le
            r = data.find(b"\r", start, le)
            le = r if r != -1 else le
            key = normalize_bytes(strip_ansi(data[ls:le])).strip()
            if key in wanted:
                found.add(key)
            checks += 1
            if checks >= MAX_BASELINE_CHECKS:
                result.truncated = True
                break
            pos = le + 1
    result.baseline_lines += 1 if open_line else 0
    novel = [(n, decode(raw[:2000])) for n, raw, key in lines if key in wanted and key not in found]
    result.total = len(novel)
    result.lines = novel[-KEEP_NOVEL:]
    return result
