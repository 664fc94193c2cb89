"""Is this autoheal's? Its PRs, issues and comments, recognised by autoheal's hidden markers (or branch)."""

from __future__ import annotations

from typing import Any

from ...markers import has_marker, read_markers


def is_autoheal_pr(pr: Any, branch_prefix: str) -> bool:
    """A PR autoheal opened: draft-pr's `issue` / `fingerprint` marker in its body, or an autoheal branch."""
    return has_marker(pr.body, "issue") or has_marker(pr.body, "fingerprint") or pr.head.ref.startswith(branch_prefix)


def is_autoheal_issue(body: str | None) -> bool:
    """open-issue marks every issue it files with its failure fingerprint."""
    return "fingerprint" in read_markers(body)


def is_autoheal_comment(body: str | None) -> bool:
    return bool(read_markers(body))
