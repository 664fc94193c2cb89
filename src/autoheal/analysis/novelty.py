"""Novel lines: what the failed log says that the last green run of the job did not.

Like logreduce, but as an exact set difference on normalized lines instead of a
nearest-neighbour model: it streams, is deterministic, and needs no ML stack.
The baseline is reduced to a set of 64-bit hashes (capped), the failed log is
checked chunk by chunk, and only a bounded tail of novel lines is kept.
"""

from __future__ import annotations

import hashlib
from collections import deque
from typing import Any

from .logformat import strip_ansi
from .normalize import normalize_bytes
from .reader import CHUNK_SIZE, decode, iter_chunks

MAX_BASELINE_LINES = 1_000_000
KEEP_NOVEL = 4000
_MIN_LEN = 3


def _key(line: bytes) -> int:
    return int.from_bytes(hashlib.blake2b(line, digest_size=8).digest(), "little")


class Baseline:
    """Hashes of the normalized lines of a successful run's log."""

    def __init__(self) -> None:
        self.keys: set[int] = set()
        self.lines = 0
        self.truncated = False

    @classmethod
    def from_log(cls, source: Any, chunk_size: int = CHUNK_SIZE) -> "Baseline":
        base = cls()
        for chunk in iter_chunks(source, chunk_size):
            for line in normalize_bytes(strip_ansi(chunk.data)).splitlines():
                base.lines += 1
                if len(base.keys) >= MAX_BASELINE_LINES:
                    base.truncated = True
                    continue
                base.keys.add(_key(line.strip()))
        return base


class NoveltyTracker:
    """Feeds on the failed log's chunks; remembers the last novel lines."""

    def __init__(self, baseline: Baseline):
        self.baseline = baseline
        self.seen: set[int] = set()
        self.total = 0
        self.kept: deque[tuple[int, str]] = deque(maxlen=KEEP_NOVEL)
        self._in_long = False

    def feed(self, data: bytes, first_line: int, complete: bool) -> None:
        skip_first = False
        if not complete:
            # A piece of an over-long line: judge the line by its first 4 KiB only.
            if self._in_long:
                return
            self._in_long = True
            data = data[:4096]
        elif self._in_long:
            self._in_long = False
            skip_first = True  # the rest of the over-long line
        originals = data.splitlines()
        normalized = normalize_bytes(data).splitlines()
        if len(originals) != len(normalized):  # pragma: no cover - normalization keeps line ends
            return
        known = self.baseline.keys
        seen = self.seen
        for i, norm in enumerate(normalized):
            if skip_first and i == 0:
                continue
            norm = norm.strip()
            if len(norm) < _MIN_LEN:
                continue
            key = _key(norm)
            if key in known or key in seen:
                continue
            seen.add(key)
            if len(seen) > MAX_BASELINE_LINES:
                seen.clear()
            self.total += 1
            self.kept.append((first_line + i, decode(originals[i][:2000])))
