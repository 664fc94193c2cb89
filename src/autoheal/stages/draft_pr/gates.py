"""Whether an issue gets a pull request: the gates, in order, each with a reason a person can act on.

Two kinds of gate. Policy gates (`enabled`, `pull_requests.create`, a pull request, a closed issue,
someone else's open PR already linked) are never overridden. Heuristic gates (skip labels and
authors, confidence, per-category `auto_pr`, the hourly cap, a PR of ours that was closed) are what
`force` (a manual run's `force_create_pr`) overrides — and the log says which ones it overrode.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from typing import Any

from .model import FIX_TYPE_TO_KIND, Facts, Settings


@dataclass(frozen=True)
class Policy:
    """What the knowledge base and the config say about the analysis's category."""

    category: str
    fix_type: str | None
    auto_pr: bool

    @property
    def fix_kind(self) -> str:
        return FIX_TYPE_TO_KIND.get(self.fix_type or "", "task")


@dataclass
class GateResult:
    skip: str | None = None
    notes: list[str] = field(default_factory=list)
    forced: list[str] = field(default_factory=list)


def category_policy(settings: Settings, analysis: dict[str, Any] | None) -> Policy:
    """fix_type and auto_pr for the analysis's category: the user's config, else the built-in KB.

    A plain issue (no analysis) has no category: it always gets a task-only PR.
    """
    if analysis is None:
        return Policy("", None, True)
    category = str(analysis.get("category") or "unknown")
    user = settings.categories.get(category) or {}
    builtin = _builtin_category(category)
    fix_type = user.get("fix_type") or analysis.get("fix_type") or (builtin.fix_type if builtin else None)
    if "auto_pr" in user and user["auto_pr"] is not None:
        auto_pr = bool(user["auto_pr"])
    elif builtin is not None:
        auto_pr = bool(builtin.auto_pr)
    else:
        auto_pr = bool(analysis.get("auto_pr", False))
    return Policy(category, fix_type, auto_pr)


def _builtin_category(category: str) -> Any:
    from ...analysis.rules import default_kb

    return default_kb().categories.get(category)


def matches_any(value: str, patterns: tuple[str, ...]) -> str | None:
    """The first pattern that `value` equals or, as a glob, matches (case-insensitive).

    Equality comes first because logins such as `dependabot[bot]` are globs of another meaning.
    """
    low = value.lower()
    for pattern in patterns:
        if low == pattern.lower():
            return pattern
    for pattern in patterns:
        if fnmatch.fnmatchcase(low, pattern.lower()):
            return pattern
    return None


def cheap_gates(facts: Facts, settings: Settings, policy: Policy) -> GateResult:
    """Gates that need only the issue and the analysis: checked before anything else is read."""
    result = GateResult()
    issue = facts.issue
    if not settings.enabled:
        result.skip = "autoheal is disabled (`enabled: false` in the config)"
        return result
    if not settings.create:
        result.skip = "pull requests are turned off (`pull_requests.create: false`)"
        return result
    if issue.is_pull_request:
        result.skip = f"#{issue.number} is a pull request, not an issue"
        return result
    if issue.state != "open":
        result.skip = f"issue #{issue.number} is {issue.state}"
        return result

    def heuristic(reason: str) -> bool:
        if settings.force:
            result.forced.append(reason)
            result.notes.append(f"force: ignoring gate: {reason}")
            return False
        result.skip = reason
        return True

    label = next((lb for lb in issue.labels if matches_any(lb, settings.skip_labels)), None)
    if label and heuristic(f"the issue has the skip label `{label}` (pull_requests.skip_labels)"):
        return result
    for who in _authors(facts):
        pattern = matches_any(who, settings.skip_authors)
        if pattern and heuristic(f"`{who}` is in pull_requests.skip_authors (`{pattern}`)"):
            return result
    analysis = facts.analysis
    if analysis is not None:
        confidence = _confidence(analysis)
        if confidence < settings.min_confidence and heuristic(
            f"confidence {confidence} is below the pull request threshold {settings.min_confidence} "
            "(pull_requests.min_confidence / input min-confidence)"
        ):
            return result
        if not policy.auto_pr and heuristic(
            f"category `{policy.category}` has `auto_pr: false` (set categories.{policy.category}.auto_pr to change it)"
        ):
            return result
    return result


def linked_gates(facts: Facts, settings: Settings, result: GateResult) -> GateResult:
    """Gates that need the linked pull requests and the hourly count (read after the cheap gates pass)."""
    if result.skip:
        return result
    open_others = [p for p in facts.linked_pulls if not p.ours and p.state == "open"]
    others = [p for p in open_others if p.closes]
    for mention in (p for p in open_others if not p.closes):
        result.notes.append(f"PR #{mention.number} mentions the issue without closing it: not treated as linked")
    if others:
        numbers = ", ".join(f"#{p.number}" for p in others)
        result.skip = f"the issue already has a linked open pull request ({numbers})"
        return result
    own = facts.own_pull
    if own is None:
        closed_own = [p for p in facts.linked_pulls if p.ours and p.state != "open"]
        if closed_own:
            last = max(closed_own, key=lambda p: p.number)
            state = "merged" if last.merged else "closed without merging"
            reason = f"autoheal's pull request #{last.number} for this issue was {state}; not opening another"
            if settings.force:
                result.forced.append(reason)
                result.notes.append(f"force: ignoring gate: {reason}")
            else:
                result.skip = reason
                return result
        if facts.prs_last_hour >= settings.max_prs_per_hour:
            reason = (f"{facts.prs_last_hour} autoheal pull request(s) opened in the last hour "
                      f"(rate_limits.max_prs_per_hour = {settings.max_prs_per_hour})")
            if settings.force:
                result.forced.append(reason)
                result.notes.append(f"force: ignoring gate: {reason}")
            else:
                result.skip = reason
    return result


def _confidence(analysis: dict[str, Any]) -> int:
    try:
        return int(analysis.get("confidence") or 0)
    except (TypeError, ValueError):
        return 0


def _authors(facts: Facts) -> list[str]:
    """Whose work the PR would be for: the failed run's actor for an analysis (the issue itself is
    autoheal's, written by its bot), the issue's author for a plain issue."""
    if facts.analysis is None:
        return [facts.issue.author] if facts.issue.author else []
    names = []
    for key in ("actor", "triggering_actor"):
        value = facts.analysis.get(key)
        if isinstance(value, dict):
            value = value.get("login")
        if isinstance(value, str) and value:
            names.append(value)
    return list(dict.fromkeys(names))
