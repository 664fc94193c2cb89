"""Is this autoheal's? Its PRs, issues and comments, recognised by autoheal's hidden markers (or branch)."""

from __future__ import annotations

from typing import Any

from ...markers import has_marker, read_markers
from .trust import by_autoheal


def own_marker(item: Any, keys: tuple[str, ...], logins: Any) -> bool:
    """One of autoheal's `keys` markers in a body autoheal's own identity wrote (`logins`:
    stages/shared/trust.py). Anyone can paste a marker, so a marker alone proves nothing."""
    return any(has_marker(item.body, key) for key in keys) and by_autoheal(item.user, logins)


def own_branch(pr: Any, branch_prefix: str) -> bool:
    """The PR's head is an autoheal branch of this repository (a fork's branch may have any name)."""
    head_repo = getattr(pr.head, "repo", None)
    base_repo = getattr(pr.base, "repo", None)
    same_repo = head_repo is not None and base_repo is not None and head_repo.full_name == base_repo.full_name
    return same_repo and pr.head.ref.startswith(branch_prefix)


def is_autoheal_pr(pr: Any, branch_prefix: str, logins: Any) -> bool:
    """A PR autoheal opened: draft-pr's `issue` / `fingerprint` marker written by autoheal, or an autoheal
    branch of this repository."""
    return own_marker(pr, ("issue", "fingerprint"), logins) or own_branch(pr, branch_prefix)


def is_autoheal_issue(body: str | None) -> bool:
    """open-issue marks every issue it files with its failure fingerprint."""
    return "fingerprint" in read_markers(body)


def is_autoheal_comment(body: str | None) -> bool:
    return bool(read_markers(body))
