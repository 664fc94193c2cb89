"""Neutralizing untrusted text for GitHub Markdown.

Log lines, issue titles and branch names come from people and programs we do not trust. Before they
reach an issue, PR or comment they must not ping anyone (`@org/team`), link issues (`#12`, `GH-12`,
`owner/repo#12`), inject HTML (`</details>`, `<img>`), load remote images (tracking beacons), or escape
their code fence. GitHub does not render mentions or references inside code spans/fences, so text that
goes into a fence only needs a fence longer than any backtick run it contains.
"""

from __future__ import annotations

import re

GITHUB_BODY_LIMIT = 65536
"""GitHub rejects issue/PR/comment bodies longer than this many characters."""

ZWJ = "\u200d"  # zero-width joiner: breaks auto-linking while keeping the text readable

_MENTION = re.compile(r"(?<![\w`])@(?=[A-Za-z0-9])")
_ISSUE_REF = re.compile(r"(?<![\w&`])#(?=\d)")
_GH_REF = re.compile(r"\b(GH)-(?=\d)", re.IGNORECASE)
_IMAGE = re.compile(r"!\[")
_HTML = str.maketrans({"<": "&lt;", ">": "&gt;"})
# Terminal escape sequences as a whole (CSI colours and cursor moves, OSC 8 hyperlinks, OSC 52 clipboard
# writes, single-character escapes), in their 7-bit and 8-bit (C1) forms.
_ESCAPES = re.compile(
    r"\x1b\][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"  # OSC ... BEL|ST
    r"|\x9d[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b\[[0-?]*[ -/]*[@-~]?|\x9b[0-?]*[ -/]*[@-~]?"  # CSI
    r"|\x1b[P^_X][^\x1b\x9c]*(?:\x1b\\|\x9c)?"  # DCS, PM, APC, SOS strings
    r"|\x1b[ -~]?"
)
# C0 controls but tab/newline/CR, DEL, C1 controls, and the bidi overrides/isolates/marks that make text
# read differently from what it is (Trojan Source, CVE-2021-42574).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_BACKTICKS = re.compile(r"`+")


def strip_control(text: str) -> str:
    """Drop terminal escape sequences, control characters (keep tab and newlines) and bidi controls;
    they render as garbage, rewrite a terminal (hyperlinks, clipboard) or hide what text says."""
    return _CONTROL.sub("", _ESCAPES.sub("", text))


def neutralize(text: str) -> str:
    """Make untrusted text safe for Markdown prose (outside a fence).

    Mentions and references get a zero-width joiner after their sigil, HTML angle brackets are
    escaped, image syntax is defused, and backticks are kept (harmless outside HTML).
    """
    text = strip_control(text)
    text = text.translate(_HTML)
    text = _MENTION.sub("@" + ZWJ, text)
    text = _ISSUE_REF.sub("#" + ZWJ, text)
    text = _GH_REF.sub(lambda m: m.group(1) + "-" + ZWJ, text)
    text = _IMAGE.sub("!" + ZWJ + "[", text)
    return text


def inline_code(text: str) -> str:
    """Wrap one line of untrusted text in a code span that it cannot close."""
    text = strip_control(text).replace("\n", " ").replace("\r", " ")
    longest = max((len(m) for m in _BACKTICKS.findall(text)), default=0)
    ticks = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def fence(text: str, lang: str = "") -> str:
    """A fenced code block whose fence is longer than any backtick run inside `text`."""
    text = strip_control(text)
    longest = max((len(m) for m in _BACKTICKS.findall(text)), default=0)
    ticks = "`" * max(3, longest + 1)
    lang = re.sub(r"[^A-Za-z0-9_+-]", "", lang)
    body = text if text.endswith("\n") or not text else text + "\n"
    return f"{ticks}{lang}\n{body}{ticks}"


def truncate(text: str, limit: int = GITHUB_BODY_LIMIT, note: str | None = None) -> str:
    """Cut `text` to at most `limit` characters, ending with a visible note when it was cut."""
    if len(text) <= limit:
        return text
    note = note or f"\n\n> [!NOTE]\n> Truncated by autoheal: the full text was longer than {limit:,} characters.\n"
    keep = max(0, limit - len(note))
    cut = text[:keep]
    # Never leave an unclosed fence behind: close it if the cut landed inside one.
    opens = re.findall(r"^(`{3,})", cut, flags=re.MULTILINE)
    if len(opens) % 2 == 1:
        closer = "\n" + opens[-1] + "\n"
        cut = cut[: max(0, keep - len(closer))] + closer
    return cut + note


def truncate_line(text: str, limit: int = 300) -> str:
    """Shorten one line for tables and titles, marking the cut with an ellipsis."""
    text = strip_control(text).replace("\r", " ").replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"
