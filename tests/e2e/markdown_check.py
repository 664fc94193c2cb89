"""What GitHub would render as live Markdown: prose outside code fences and code spans."""

from __future__ import annotations

import re

FENCE = re.compile(r"^(`{3,}|~{3,})[^\n]*\n.*?^\1`*[ \t]*$", re.S | re.M)


def visible_prose(markdown: str) -> str:
    """Drop fenced blocks, code spans and HTML comments (GitHub renders neither mentions nor links in them)."""
    text = FENCE.sub("", markdown)
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    # Code spans: a run of N backticks up to the next run of exactly N.
    out, i = [], 0
    while i < len(text):
        if text[i] == "`":
            j = i
            while j < len(text) and text[j] == "`":
                j += 1
            ticks = text[i:j]
            close = re.compile(rf"(?<!`){ticks}(?!`)").search(text, j)
            if close:
                i = close.end()
                continue
            out.append(ticks)
            i = j
            continue
        out.append(text[i])
        i += 1
    return "".join(out)


def live_mentions(markdown: str) -> list[str]:
    return re.findall(r"(?<![\w`])@[A-Za-z0-9][\w-]*(?:/[\w-]+)?", visible_prose(markdown))


def live_issue_refs(markdown: str, allowed: set[int] = frozenset()) -> list[str]:
    refs = re.findall(r"(?<![\w&])#(\d+)", visible_prose(markdown))
    return [r for r in refs if int(r) not in allowed]


def unbalanced_fences(markdown: str) -> bool:
    opens = re.findall(r"^(`{3,})", markdown, flags=re.M)
    return len(opens) % 2 == 1
