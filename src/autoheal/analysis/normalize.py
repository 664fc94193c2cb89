"""Normalization: make two runs of the same failure print the same text.

Timestamps, hashes, UUIDs, temp paths, durations and numbers differ between runs
(and between commits) without meaning anything; replacing them with placeholders
is what lets the baseline diff and the fingerprint see "the same line".
"""

from __future__ import annotations

import re

_NUMBERS = re.compile(rb"\d+")

# Order matters: the specific shapes go before the generic number rule.
_RULES: list[tuple[re.Pattern[bytes], bytes]] = [
    (re.compile(rb"(?m)^(?:[^\t\r\n]*\t[^\t\r\n]*\t)?\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z ?"), b""),
    (re.compile(rb"\d{4}-\d\d-\d\d[T ]\d\d:\d\d(?::\d\d)?(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)?"), b"<ts>"),
    (re.compile(rb"\b\d\d:\d\d:\d\d(?:[.,]\d+)?\b"), b"<time>"),
    (re.compile(rb"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b"), b"<uuid>"),
    (
        re.compile(
            rb"(?:/tmp|/var/folders|/private/var/folders|/home/runner/work/_temp|/github/home|"
            rb"[A-Za-z]:\\Users\\[^\\\s]+\\AppData\\Local\\Temp|[A-Za-z]:\\a\\_temp)[/\\][^\s'\"):,]*"
        ),
        b"<tmp>",
    ),
    (re.compile(rb"\b(?=[0-9a-fA-F]*[0-9])(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{7,}\b"), b"<hex>"),
    (re.compile(rb"\b\d+(?:\.\d+)?\s?(?:ns|us|\xc2\xb5s|ms|s|sec|secs|seconds?|m|min|mins|minutes?|h|hours?)\b"), b"<dur>"),
    (re.compile(rb"\b0x[0-9a-fA-F]+\b"), b"<hex>"),
    (_NUMBERS, b"0"),
    (re.compile(rb"[ \t]+"), b" "),
    (re.compile(rb"(?m) +(?=\r?$)"), b""),
]


def normalize_bytes(data: bytes, numbers: bool = True) -> bytes:
    """Normalize a chunk of log text; line terminators are left exactly in place.

    With ``numbers=False`` plain numbers (line numbers, counts) are kept, so two
    errors at different places stay different.
    """
    for rx, repl in _RULES:
        if rx is _NUMBERS and not numbers:
            continue
        data = rx.sub(repl, data)
    return data


def normalize(text: str, numbers: bool = True) -> str:
    """Normalize one line (or a few) of already-cleaned log text."""
    return normalize_bytes(text.encode("utf-8", "surrogatepass"), numbers).decode("utf-8", "replace").strip()
