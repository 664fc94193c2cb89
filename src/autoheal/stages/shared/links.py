"""How a PR points at its issue, and what autoheal's issue says about the failure (pure).

draft-pr writes `<!-- autoheal:issue=N -->` into its PR bodies (exact, survives edits of the visible
text); other PRs are linked the way GitHub links them, with a closing keyword (`Fixes #N`). The issue
that open-issue files carries the analysis essentials in a hidden JSON block, which is all the hand-off
and the comment need.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ...markers import read_markers

# GitHub's closing keywords (docs: "Linking a pull request to an issue"), same-repository form only.
_CLOSING = re.compile(
    r"(?<![\w/])(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)\s*:?\s+#(\d{1,9})\b", re.IGNORECASE
)

ANALYSIS_MARKERS = ("category", "confidence", "fingerprint", "workflow", "job", "failed_job", "failed_step", "run_id")


def linked_issue_number(pr_body: str | None) -> int | None:
    """The issue a PR works on: autoheal's marker first, else the first closing keyword."""
    markers = read_markers(pr_body)
    value = markers.get("issue", "")
    if value.isdigit() and int(value) > 0:
        return int(value)
    match = _CLOSING.search(_without_code(pr_body or ""))
    return int(match.group(1)) if match else None


def _without_code(text: str) -> str:
    """Drop fenced blocks and code spans: a `Fixes #1` inside a quoted log is not a link."""
    text = re.sub(r"(?ms)^(`{3,}|~{3,}).*?^\1", "", text)
    return re.sub(r"`+[^`\n]*`+", "", text)


_BLOCK = re.compile(r"<!-- autoheal:analysis\n(.*?)\n-->", re.DOTALL)


def issue_analysis(issue_body: str | None) -> dict[str, Any]:
    """The analysis essentials an autoheal issue carries: open-issue's hidden `analysis` JSON block
    (`<!-- autoheal:analysis\n{json}\n-->`), else single markers; {} for other issues."""
    match = _BLOCK.search(issue_body or "")
    if match:
        try:
            data = json.loads(match.group(1))
        except ValueError:
            data = None
        if isinstance(data, dict):
            return data
    markers = read_markers(issue_body)
    found: dict[str, Any] = {}
    for key in ANALYSIS_MARKERS:
        value = markers.get(key) or markers.get(key.replace("_", "-"))
        if value:
            found[key] = int(value) if key in ("confidence", "run_id") and value.isdigit() else value
    return found
