"""Neutralizing untrusted text for GitHub Markdown.

Log lines, issue titles and branch names come from people and programs we do not trust. Before they
reach an issue, PR or comment they must not ping anyone (`@org/team`, `&#64;x`), link issues (`#12`,
`GH-12`, `owner/repo#12`), link anywhere (`[text](url)`, `https://…` autolinks), inject HTML
(`</details>`, `<img>`), load remote images (tracking beacons), open a code fence that swallows the rest
of the body, or carry control, escape or bidi characters. GitHub does not render mentions or references
inside code spans/fences, so text that goes into a fence only needs a fence longer than any backtick run
it contains.

`Trusted` marks Markdown autoheal itself produced (the output of `neutralize`, `fence`, `inline_code`,
a marker): the rendering layer (autoheal.render) neutralises every value that is not `Trusted`.
"""

from __future__ import annotations

import re

GITHUB_BODY_LIMIT = 65536
"""GitHub rejects issue/PR/comment bodies longer than this many characters."""

ZWJ = "\u200d"  # zero-width joiner: breaks auto-linking while keeping the text readable


class Trusted(str):
    """Markdown autoheal wrote itself (or untrusted text already made inert): rendered as is.

    Anything else a template prints is untrusted and neutralised. Operations on a `Trusted` string
    (concatenation, `join`, `replace`) give a plain `str` again, so trust never spreads by accident.
    """

    __slots__ = ()


def trusted(text: str) -> Trusted:
    """Mark `text` as autoheal's own Markdown (never use it on text from a log, a name or GitHub)."""
    return text if isinstance(text, Trusted) else Trusted(text)


# `@` starts a mention unless a word character precedes it (a@b.com is an address, not a mention);
# the fullwidth and small commercial-at forms are broken too.
_MENTION = re.compile(r"(?<![\w`])[@\uff20\ufe6b](?=[A-Za-z0-9])")
# `#12`, `repo#12`, `owner/repo#12`: any # before a digit (the cross-repository form has a word before it).
_ISSUE_REF = re.compile(r"[#\uff03\ufe5f](?=\d)")
_GH_REF = re.compile(r"\b(GH)-(?=\d)", re.IGNORECASE)
# Bare autolinks (GFM's extended autolinks): a scheme's `://` and `www.`.
_AUTOLINK = re.compile(r"(?i)\b(https?|ftp|mailto|file|ssh|git|data|javascript)(:)(?=/*[^\s])|\b(www)(\.)")
# Runs that open a code fence or a thematic/Setext break at a line's start are broken anywhere.
_FENCE_RUN = re.compile(r"(`{3,}|~{3,})")
# `&` starts every entity form (`&#64;`, `&#x40;`, `&commat;`), `<` every HTML tag and autolink,
# `[` and `]` every link, image and reference definition, `\` an escape that could undo ours.
_HTML = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "[": "\\[", "]": "\\]", "\\": "\\\\"})
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


def neutralize(text: str) -> Trusted:
    """Make untrusted text safe for Markdown prose (outside a fence).

    Mentions, references and autolinks get a zero-width joiner after their sigil; `&`, `<`, `>` become
    entities (no HTML, no entity-encoded mention); `[`, `]` and `\\` are backslash-escaped (no link,
    image or reference definition); fence-opening backtick/tilde runs are broken; control, escape and
    bidi characters are dropped. Single backticks are kept (a code span is inert). Idempotent on its
    own output is not promised: neutralise each untrusted value once, where it is rendered.
    """
    if isinstance(text, Trusted):
        return text
    text = strip_control(str(text))
    text = text.translate(_HTML)
    text = _MENTION.sub(lambda m: m.group(0) + ZWJ, text)
    text = _ISSUE_REF.sub(lambda m: m.group(0) + ZWJ, text)
    text = _GH_REF.sub(lambda m: m.group(1) + "-" + ZWJ, text)
    text = _AUTOLINK.sub(lambda m: (m.group(1) or m.group(3)) + ZWJ + (m.group(2) or m.group(4)), text)
    text = _FENCE_RUN.sub(lambda m: ZWJ.join(m.group(1)), text)
    return Trusted(text)


def inline_code(text: str) -> Trusted:
    """Wrap one line of untrusted text in a code span that it cannot close."""
    text = strip_control(text).replace("\n", " ").replace("\r", " ")
    longest = max((len(m) for m in _BACKTICKS.findall(text)), default=0)
    ticks = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text else ""
    return Trusted(f"{ticks}{pad}{text}{pad}{ticks}")


def fence(text: str, lang: str = "") -> Trusted:
    """A fenced code block whose fence is longer than any backtick run inside `text`."""
    text = strip_control(text)
    longest = max((len(m) for m in _BACKTICKS.findall(text)), default=0)
    ticks = "`" * max(3, longest + 1)
    lang = re.sub(r"[^A-Za-z0-9_+-]", "", lang)
    body = text if text.endswith("\n") or not text else text + "\n"
    return Trusted(f"{ticks}{lang}\n{body}{ticks}")


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
