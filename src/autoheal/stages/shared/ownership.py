"""Is this autoheal's? Its PRs, issues and comments, recognised by autoheal's hidden markers (or branch)."""

from __future__ import annotations

from typing import Any

from ...markers import has_marker, read_markers
from .trust import by_autoheal


def is_autoheal_pr(pr: Any, branch_prefix: str, logins: Any) -> bool:
    """A PR autoheal opened: draft-pr's `issue` / `fingerprint` marker in a body autoheal's identity wrote
    (`logins`: stages/shared/trust.py; anyone can paste the marker), or an autoheal branch of this
    repository (a fork's branch may have any name)."""
    if has_marker(pr.body, "issue") or has_marker(pr.body, "fingerprint"):
        if by_autoheal(pr.user, logins):
            return True
    head_repo = getattr(pr.head, "repo", None)
    base_repo = getattr(pr.base, "repo", None)
    same_repo = head_repo is not None and base_repo is not None and head_repo.full_name == base_repo.full_name
    return same_repo and pr.head.ref.startswith(branch_prefix)


def is_autoheal_issue(body: str | None) -> bool:
    """open-issue marks every issue it files with its failure fingerprint."""
    return "fingerprint" in read_markers(body)


def is_autoheal_comment(body: str | None) -> bool:
    return bool(read_markers(body))
