"""'did you mean ...?' hints for misspelt keys and values."""

from __future__ import annotations

import difflib

# Names users bring from elsewhere (workflow-auto-fix, actions/stale) that difflib would miss.
ALIASES = {
    "create_draft": "draft",
    "add_labels": "labels",
    "create_issue": "create",
    "auto_assign_copilot": "enabled",
    "exempt_pr_labels": "exempt_labels",
    "days-before-stale": "days_before_stale",
    "days-before-close": "days_before_close",
}


def closest(word: str, candidates: list[str]) -> str | None:
    """The most similar candidate, or None when nothing is close enough to be a typo."""
    word = str(word)
    if word in ALIASES and ALIASES[word] in candidates:
        return ALIASES[word]
    normal = word.replace("-", "_").lower()
    for candidate in candidates:
        if candidate.lower() == normal:
            return candidate
    matches = difflib.get_close_matches(normal, candidates, n=1, cutoff=0.6)
    return matches[0] if matches else None


def did_you_mean(word: str, candidates: list[str]) -> str:
    """``"did you mean 'x'?"`` or ``""``."""
    match = closest(word, candidates)
    return f"did you mean '{match}'?" if match else ""
