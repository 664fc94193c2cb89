"""Where draft-pr's analysis comes from: the analysis file, or the analysis open-issue embedded in the issue.

open-issue hides the analysis essentials in the issue body (a hidden HTML comment), so draft-pr can
run later, in another workflow (`issues: labeled`), without the original job's files. An issue body
is editable text, though, and anyone can open an issue that *looks* like autoheal's: the embedded
analysis decides which file a commit edits and which package it adds, so it is trusted only when the
issue was written by a bot or a repository member (see `trusted_author`). Everything else is treated
as a plain issue: a task-only PR built from the issue text.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ...markers import read_markers

# GitHub's closing keywords ("Linking a pull request to an issue"), same-repository form.
_CLOSING = re.compile(r"(?<![\w/])(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)\s*:?\s+#(\d{1,9})\b", re.IGNORECASE)
_FENCED = re.compile(r"(?ms)^(`{3,}|~{3,}).*?^\1")
_SPAN = re.compile(r"`+[^`\n]*`+")


class AnalysisFileError(ValueError):
    """The analysis file is not an analysis (not JSON, or no `category`)."""


def load_analysis_text(text: str, source: str = "analysis file") -> dict[str, Any]:
    """Parse the analysis JSON written by analyze-failure; errors say what is wrong."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise AnalysisFileError(f"{source} is not JSON ({exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get("category"), str):
        raise AnalysisFileError(f"{source} is not an autoheal analysis (no `category`)")
    return data


def closes_issue(pr_body: str | None, issue_number: int) -> bool:
    """Does a PR body close the issue with a keyword (`Fixes #12`)? Quoted code does not count.

    A PR that merely mentions an issue ("see #12") also shows in its timeline, but is not work on it.
    """
    text = _SPAN.sub("", _FENCED.sub("", pr_body or ""))
    return any(int(n) == issue_number for n in _CLOSING.findall(text))


def embedded_analysis(body: str | None) -> dict[str, Any] | None:
    """The analysis essentials open-issue embedded in an issue body (its `<!-- autoheal:analysis` block),
    or None when there is none or a person broke it."""
    from ..shared.issue_blocks import analysis_from_issue_body

    found = analysis_from_issue_body(body)
    if isinstance(found, dict) and isinstance(found.get("category"), str):
        return found
    return None


def minimal_analysis(body: str | None, labels: tuple[str, ...]) -> dict[str, Any] | None:
    """What an autoheal issue without an embedded analysis still tells: its fingerprint and category label.

    No confidence is known, so it counts as 0: such an issue gets a PR only with `force`.
    """
    markers = read_markers(body)
    if "fingerprint" not in markers:
        return None
    category = next((lb.split(":", 1)[1] for lb in labels if lb.startswith("autoheal:") and lb != "autoheal:skip"), "unknown")
    return {"category": category, "confidence": 0, "fingerprint": markers["fingerprint"], "key_lines": [],
            "specifics": {}, "partial": True}
