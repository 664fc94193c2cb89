"""Line-ending facts about a file's text, so inserted lines match the file they land in."""

from __future__ import annotations


def newline_of(text: str) -> str:
    """The file's line terminator: CRLF when most lines end with it, else LF."""
    crlf = text.count("\r\n")
    lf = text.count("\n") - crlf
    return "\r\n" if crlf > lf else "\n"


def line_start(text: str, index: int) -> int:
    """Index of the first character of the line containing `index`."""
    return text.rfind("\n", 0, index) + 1


def line_end(text: str, index: int) -> int:
    """Index just past the terminator of the line containing `index` (len(text) on an unterminated last line)."""
    found = text.find("\n", index)
    return len(text) if found < 0 else found + 1


def ensure_terminated(text: str, newline: str) -> str:
    """`text` with a final line terminator, so appending a line cannot glue onto the last one."""
    return text if not text or text.endswith("\n") else text + newline
