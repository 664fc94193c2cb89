"""Lists a tool itself calls non-critical: what it prints under such a heading did not fail the step.

A link checker, a validator or a build script often ends with a summary such as::

    WARNINGS (non-critical):

    ⚠ 631 warnings (external URLs)
      ⚠ README.md: Invalid URL: https://example.org (HTTP 429)
      ... and 621 more warnings

The tool has already said these entries are not why it failed, so an HTTP 429 or a refused connection inside the
list must not decide the category (nor make an answer confident): the lines stay key-line candidates, but vote for
no category. The list is the heading's block: the lines after it that are blank, indented, or start with a warning
sign or a list bullet; the first line flush left without one ends it.
"""

from __future__ import annotations

from ..lazyre import lazy_re
from .logformat import clean_line
from .reader import decode

# "WARNINGS (non-critical):", "Warnings (ignored):", "Non-fatal errors:", "Non-blocking issues (3):"
_HEADING = lazy_re(
    r"(?i)^\W{0,4}(?:\d+ )?(?:warnings?|notices?|issues?|errors?|problems?)\b[^:]{0,40}"
    r"\((?:non[- ]?critical|non[- ]?fatal|not fatal|ignored|informational|non[- ]?blocking)\)\s*:?\s*$"
    r"|^\W{0,4}non[- ]?(?:critical|fatal|blocking) (?:warnings?|errors?|issues?|problems?)\b[^:]{0,40}:\s*$"
)
# a list entry: blank, indented, a warning sign (U+26A0; "ΓÜá" is its UTF-8 bytes read as cp437), a bullet, "... and N more"
_ITEM = lazy_re(r"^(?:\s|$|\u26a0|\u0393\u00dc\u00e1|[-*\u2022] |\.\.\. )")
_WORDS = (b"ritical", b"atal", b"gnored", b"nformational", b"locking")
MAX_LIST = 5000  # lines a list may span


def noncritical_lines(lines: list[tuple[int, bytes]] | list[tuple[int, str]]) -> set[int]:
    """The line numbers inside lists a tool headed as non-critical (see the module docstring); ``lines`` are a
    step's raw kept lines (bytes) or its cleaned text lines (str)."""
    out: set[int] = set()
    inside = 0
    for n, raw in lines:
        if isinstance(raw, str):
            text = raw if inside or any(w.decode() in raw for w in _WORDS) else ""
        else:
            text = clean_line(decode(raw)).text if inside or any(w in raw for w in _WORDS) else ""
        if inside:
            if _ITEM.match(text) and inside < MAX_LIST:
                out.add(n)
                inside += 1
                continue
            inside = 0
        if text and _HEADING.match(text):
            inside = 1
    return out


def mute_noncritical(evidence: list) -> None:
    """Evidence lines inside a non-critical list vote for no category (they stay key-line candidates)."""
    by_section: dict[int, set[int]] = {}
    for ev in evidence:
        if ev.tool_kind or not any(p.category for p in ev.patterns):
            continue
        key = id(ev.section)
        if key not in by_section:
            sec = ev.section
            # one C-speed search of the kept text first: most steps print no such heading
            words = any(w in sec.text_head or w in sec.text_tail for w in _WORDS)
            by_section[key] = noncritical_lines(sec.text_lines()) if words else set()
        if ev.line in by_section[key]:
            ev.mute_votes()
            ev.warned = True
