"""Just enough CommonMark to find the code in the docs: fenced blocks (with their info string) and
inline code spans outside them. The docs tests read commands out of these, so a command that is shown
is a command that is checked."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]

_FENCE_OPEN = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_INLINE = re.compile(r"(?<!`)(?P<ticks>`+)(?!`)(?P<code>.+?)(?<!`)(?P=ticks)(?!`)")


@dataclass(frozen=True)
class Block:
    """One fenced code block: its info string (e.g. "sh runnable"), its text, the line it opens on."""

    info: str
    body: str
    line: int

    @property
    def words(self) -> list[str]:
        return self.info.split()


@dataclass(frozen=True)
class Span:
    """One piece of code on a page: a fenced block's line or an inline code span."""

    code: str
    line: int


def doc_pages(root: Path = REPO_ROOT) -> list[Path]:
    """README.md, then every page under docs/, in a stable order."""
    pages = [root / "README.md"] if (root / "README.md").is_file() else []
    return pages + sorted((root / "docs").rglob("*.md"))


def fenced_blocks(text: str) -> list[Block]:
    """Every fenced block, in page order. An unclosed fence runs to the end of the page (CommonMark)."""
    blocks: list[Block] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        match = _FENCE_OPEN.match(lines[i])
        if not match or (match["fence"][0] == "`" and "`" in match["info"]):
            i += 1
            continue
        fence, indent = match["fence"], len(match["indent"])
        closing = re.compile(rf"^ {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}\s*$")
        body: list[str] = []
        j = i + 1
        while j < len(lines) and not closing.match(lines[j]):
            line = lines[j]
            body.append(line[min(indent, len(line) - len(line.lstrip(" "))):])
            j += 1
        blocks.append(Block(match["info"].strip(), "\n".join(body) + ("\n" if body else ""), i + 1))
        i = j + 1
    return blocks


def code_spans(text: str) -> list[Span]:
    """Every line of every fenced block, and every inline code span outside the blocks."""
    spans: list[Span] = []
    fenced_lines: set[int] = set()
    for block in fenced_blocks(text):
        body_lines = block.body.splitlines()
        fenced_lines.update(range(block.line, block.line + len(body_lines) + 2))
        spans += [Span(line, block.line + 1 + n) for n, line in enumerate(body_lines)]
    for number, line in enumerate(text.splitlines(), start=1):
        if number in fenced_lines:
            continue
        spans += [Span(m["code"].strip(), number) for m in _INLINE.finditer(line)]
    return sorted(spans, key=lambda s: s.line)
