"""copilot-review's reads: one PR, its files, comments, reviewers, linked issue and task file.

Cost (requests): repository 1, PR 1, files 1 per 100 files (at most 3), comments 1 per 100, issue events
1 per 100 (a pending Copilot review shows only there: GitHub never lists a bot in `requested_reviewers`),
reviews 1, linked issue 1, task file 1, the hourly hand-off count 1 (only when a hand-off is about to be
tried) — 9 for a typical autoheal PR.
"""

from __future__ import annotations

from itertools import islice
from typing import Any

from ...errors import AutohealError
from ...markers import has_marker
from ..shared.context import StageContext
from ..shared.copilot_identity import is_reviewer, review_pending
from ..shared.timestamps import utc
from ..shared.handoff import RECORD_KEY, STICKY_KEY, copilot_review_requested_at
from ..shared.links import linked_issue_number
from ..shared.opt_in import check_opt_in
from ..shared.ownership import own_marker
from ..shared.pulls import pull_info, read_issue
from ..shared.trust import own_comments
from ..shared.record import decode_record
from ..shared.repo import file_bytes, hour_ago
from ..shared.trust import own_logins
from .areas import FileChange
from .decide import COMMENT_MARKER, ReviewFacts, Settings
from .render import task_path

MAX_FILES = 300  # three pages: enough to characterise a PR autoheal hands off


def read_text_file(gw: Any, repo: Any, path: str, ref: str) -> str | None:
    """An optional file: absent (404) or unreadable without `contents: read` (403) gives None."""
    try:
        content = gw.read(lambda: repo.get_contents(path, ref=ref), what=f"read {path}")
    except AutohealError as exc:
        if getattr(exc, "status", None) in (403, 404):
            return None
        raise
    if isinstance(content, list):
        return None
    return file_bytes(gw, content).decode("utf-8", errors="replace")


def handoffs_in_last_hour(gw: Any, repo: Any, label: str, now: Any) -> int:
    """Hand-offs made in the last hour: items whose hand-off label was ADDED in that hour.

    Listing items labelled and updated since an hour ago (one request) narrows the candidates; each
    candidate's label events (one request each) tell when the label was added, because an item handed off
    hours ago is updated again whenever draft-pr refreshes it and must not count against this hour's cap.
    """
    since = hour_ago(now)
    try:
        candidates = gw.read(lambda: list(repo.get_issues(state="all", labels=[label], since=since)),
                             what=f"count hand-offs labelled {label}")
    except AutohealError as exc:
        if getattr(exc, "status", None) in (404, 422):
            return 0
        raise
    count = 0
    for item in candidates:
        events = gw.read(lambda item=item: list(item.get_events()), what=f"read the label events of #{item.number}")
        added = [e.created_at for e in events if e.event == "labeled" and getattr(e, "label", None) is not None
                 and e.label.name.lower() == label.lower()]
        if added:
            last = max(added)
            last = last if last.tzinfo else last.replace(tzinfo=since.tzinfo)
            if last >= since:
                count += 1
    return count


def _from_this_repo(info: Any, repo_name: str) -> bool:
    return (info.head_repo or repo_name).lower() == repo_name.lower()


def is_own_pr(ctx: StageContext, pr: Any, info: Any, settings: Settings, repo_name: str) -> bool:
    """autoheal's own PR: its branch in this repository and its `issue` marker written by its identity."""
    return (_from_this_repo(info, repo_name) and info.head_ref.startswith(settings.branch_prefix)
            and own_marker(pr, ("issue",), own_logins(ctx.gw)))


def scope_of(ctx: StageContext, pr: Any, info: Any, settings: Settings, repo_name: str, mine: bool) -> str | None:
    """None for autoheal's own PR or a PR a writer opted in; else why it is left alone. A person's PR never
    reaches Copilot on its own."""
    if mine:
        return None
    if not _from_this_repo(info, repo_name):
        return f"PR #{info.number} comes from a fork ({info.head_repo}): autoheal hands off only its own PRs"
    decision = check_opt_in(ctx.gw, pr, tuple(info.labels), settings.opt_in_label, ctx.event, ctx.event_name)
    if decision.opted_in:
        return None
    return f"PR #{info.number} is not in scope: {decision.reason}"


def gather(ctx: StageContext, number: int, settings: Settings) -> tuple[ReviewFacts, Any]:
    """Facts about PR `number`, and the PyGithub PR object for the writes."""
    gw = ctx.gw
    repo = gw.repo()
    pr = gw.read(lambda: repo.get_pull(number), what=f"read PR #{number}")
    info = pull_info(pr)
    mine = is_own_pr(ctx, pr, info, settings, repo.full_name)
    out_of_scope = scope_of(ctx, pr, info, settings, repo.full_name, mine)
    if out_of_scope:  # nothing more is read, nothing is written
        return ReviewFacts(repo=repo.full_name, default_branch=repo.default_branch, pr=info, files=[], issue=None,
                           task_text=None, record=None, sticky_body=None, copilot_requested=False,
                           copilot_reviewed=False, comment_posted=False, handoffs_last_hour=None, now=ctx.now(),
                           out_of_scope=out_of_scope, autoheal_own=mine), pr
    files = gw.read(lambda: [FileChange(f.filename, f.status, f.additions, f.deletions)
                             for f in islice(pr.get_files(), MAX_FILES)], what=f"list the files of #{number}")
    comments = gw.read(lambda: list(pr.get_issue_comments()), what=f"list the comments of #{number}")
    comments = own_comments(comments, gw)  # a hand-off record or marker counts only from autoheal itself
    sticky = next((c for c in comments if has_marker(c.body, "sticky", STICKY_KEY)), None)
    # GitHub never lists a bot in requested_reviewers: a pending Copilot review shows as an issue event
    requested_at = copilot_review_requested_at(gw, repo.full_name, number)
    reviewed_at = gw.read(lambda: max((utc(r.submitted_at) for r in pr.get_reviews() if r.user is not None
                                       and is_reviewer(r.user.login) and r.state != "PENDING" and r.submitted_at),
                                      default=None), what=f"list the reviews of #{number}")
    requested = review_pending(requested_at, reviewed_at)
    reviewed = reviewed_at is not None
    issue_number = linked_issue_number(info.body)
    issue = read_issue(gw, repo, issue_number) if issue_number else None
    task = read_text_file(gw, repo, task_path(issue.number), info.head_ref) if issue else None
    facts = ReviewFacts(
        repo=repo.full_name,
        default_branch=repo.default_branch,
        pr=info,
        files=files,
        issue=issue,
        task_text=task,
        record=decode_record(sticky.body, RECORD_KEY) if sticky else None,
        sticky_body=sticky.body if sticky else None,
        copilot_requested=requested,
        copilot_reviewed=reviewed,
        comment_posted=any(has_marker(c.body, COMMENT_MARKER) for c in comments),
        handoffs_last_hour=None,
        now=ctx.now(),
        autoheal_own=mine,
    )
    return facts, pr
