"""The pull request and its linked issue as the Copilot stages read them (copilot-review, pr-monitor)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ...errors import AutohealError
from .links import issue_analysis
from .trust import is_bot, login_of, own_logins, trusted_author


@dataclass
class PullInfo:
    number: int
    state: str  # open | closed
    merged: bool
    draft: bool
    title: str
    body: str
    author: str
    author_is_bot: bool
    labels: list[str]
    head_ref: str
    head_sha: str
    base_ref: str
    html_url: str = ""
    changed_files: int = 0
    head_repo: str = ""  # OWNER/NAME the head branch lives in (a fork for outside contributions)


@dataclass
class IssueInfo:
    number: int
    title: str
    state: str
    assignees: list[str]
    analysis: dict[str, Any] = field(default_factory=dict)
    html_url: str = ""


def pr_number_from_event(event: dict[str, Any]) -> int | None:
    """The PR an event is about: pull_request*, issue_comment on a PR, check_suite / workflow_run with one PR."""
    pr = event.get("pull_request")
    if isinstance(pr, dict) and isinstance(pr.get("number"), int):
        return pr["number"]
    issue = event.get("issue")
    if isinstance(issue, dict) and issue.get("pull_request") and isinstance(issue.get("number"), int):
        return issue["number"]
    for key in ("check_suite", "workflow_run", "check_run"):
        obj = event.get(key)
        prs = obj.get("pull_requests") if isinstance(obj, dict) else None
        if isinstance(prs, list) and len(prs) == 1 and isinstance(prs[0], dict) and isinstance(prs[0].get("number"), int):
            return prs[0]["number"]
    return None


def pull_info(pr: Any) -> PullInfo:
    return PullInfo(
        number=pr.number, state=pr.state, merged=bool(pr.merged), draft=bool(pr.draft), title=pr.title or "",
        body=pr.body or "", author=pr.user.login if pr.user else "ghost", author_is_bot=is_bot(pr.user),
        labels=[label.name for label in pr.labels], head_ref=pr.head.ref, head_sha=pr.head.sha,
        base_ref=pr.base.ref, html_url=pr.html_url or "", changed_files=pr.changed_files or 0,
        head_repo=pr.head.repo.full_name if pr.head.repo else "",
    )


def read_issue(gw: Any, repo: Any, number: int) -> IssueInfo | None:
    """The linked issue, or None when it does not exist or is a pull request."""
    try:
        issue = gw.read(lambda: repo.get_issue(number), what=f"read issue #{number}")
    except AutohealError as exc:
        if getattr(exc, "status", None) == 404:
            return None
        raise
    if issue.pull_request is not None:
        return None
    # The embedded analysis becomes part of Copilot's instructions: trust it only from autoheal itself or
    # a repository member, as draft-pr does; anyone can open an issue that looks like autoheal's.
    trusted = trusted_author(login_of(issue.user), issue.raw_data.get("author_association") or "", own_logins(gw))
    return IssueInfo(number=issue.number, title=issue.title or "", state=issue.state,
                     assignees=[a.login for a in issue.assignees],
                     analysis=issue_analysis(issue.body) if trusted else {}, html_url=issue.html_url or "")
