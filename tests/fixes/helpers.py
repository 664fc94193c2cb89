"""Shared assertions for the fix tests: what changed, and that nothing else did."""

from __future__ import annotations

import difflib
from pathlib import Path

DATA = Path(__file__).parent / "data"


def read_fixture(*parts: str) -> str:
    """A fixture file's exact text (no newline translation: CRLF fixtures stay CRLF)."""
    return (DATA.joinpath(*parts)).read_bytes().decode("utf-8")


def line_changes(old: str, new: str) -> tuple[list[str], list[str]]:
    """(removed lines, added lines), each with its line terminator, between two texts.

    Every line not listed is byte-identical in both texts, terminator included; tests assert these
    lists exactly, which is how "only the intended line changed" is checked.
    """
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    removed: list[str] = []
    added: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag != "equal":
            removed.extend(a[i1:i2])
            added.extend(b[j1:j2])
    return removed, added
