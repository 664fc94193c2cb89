"""pr-monitor's reading of one PR (pure): CI, Copilot, reviews, conflicts -> one state and the next step.

Facts come from GitHub alone (gather); the only memory is the record autoheal keeps in its
sticky comment (fix rounds, one-time transitions). States, in the order they take precedence:

| state | meaning |
|---|---|
| merged / closed | nothing left to do |
| needs_human | autoheal stopped (rounds used up, hand-back impossible, or a human added the label) |
| conflict | the branch conflicts with its base |
| no_ci | no check or status appeared N minutes after the last push (a GITHUB_TOKEN push runs no workflows) |
| copilot_working | Copilot is reviewing, or its coding agent is on the task |
| copilot_pr_open | Copilot opened its own PR against this branch: a human should review and merge it |
| ci_failed | a check failed on the head commit (handed back to Copilot, or about to be) |
| changes_requested | a reviewer asked for changes |
| ci_pending | checks queued or running, or not started yet |
| ci_incomplete | checks were cancelled / need approval |
| ready_for_review | CI green, Copilot done, no changes requested |
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from ..shared.copilot_identity import is_agent, is_copilot_commit, is_reviewer
from ..shared.copilot_identity import review_pending as review_pending_since
from ..shared.pulls import IssueInfo, PullInfo

STATES = ("merged", "closed", "needs_human", "conflict", "no_ci", "copilot_working", "copilot_pr_open", "ci_failed",
          "changes_requested", "ci_pending", "ci_incomplete", "ready_for_review")

RED = frozenset({"failure", "timed_out", "startup_failure"})
INCOMPLETE = frozenset({"cancelled", "action_required", "stale"})
GREEN = frozenset({"success", "neutral", "skipped"})
OWN_CHECK_PREFIX = "autoheal"
"""Check runs of autoheal's own jobs (the workflow running this monitor) are not the PR's CI."""

WIP_PREFIXES = ("[wip]", "wip:", "wip ")


@dataclass(frozen=True)
class CheckInfo:
    name: str
    status: str  # queued | in_progress | completed | waiting | requested | pending
    conclusion: str | None
    id: int = 0


@dataclass(frozen=True)
class StatusInfo:
    context: str
    state: str  # error | failure | pending | success


@dataclass(frozen=True)
class CommitInfo:
    sha: str
    author_login: str | None
    author_email: str | None
    date: datetime | None


@dataclass(frozen=True)
class ReviewInfo:
    login: str
    state: str  # APPROVED | CHANGES_REQUESTED | COMMENTED | DISMISSED | PENDING
    submitted_at: datetime | None


@dataclass(frozen=True)
class ChildPR:
    """An open PR whose base is this PR's branch (where the coding agent proposes its fix)."""

    number: int
    title: str
    author: str
    draft: bool


@dataclass
class MonitorFacts:
    """Everything pr-monitor reads about one PR."""

    repo: str
    pr: PullInfo
    created_at: datetime
    mergeable: bool | None
    mergeable_state: str
    commits: list[CommitInfo]
    checks: list[CheckInfo]
    statuses: list[StatusInfo]
    reviews: list[ReviewInfo]
    requested_users: list[str]
    requested_teams: list[str]
    issue: IssueInfo | None
    child_prs: list[ChildPR]
    record: dict[str, Any]  # pr-monitor's own record (fix rounds, transitions done)
    handoff: dict[str, Any] | None  # copilot-review's record on the same PR
    sticky_body: str | None
    other_activity_at: datetime | None  # latest comment by someone other than autoheal
    now: datetime
    issue_notified: bool = False  # the linked issue already has autoheal's ready notice
    copilot_requested_at: datetime | None = None  # the standing Copilot review request (issue events)


@dataclass
class CI:
    state: str  # none | pending | success | failure | incomplete
    passed: int = 0
    failed: list[str] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)
    incomplete: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.passed + len(self.failed) + len(self.pending) + len(self.incomplete)


@dataclass
class CopilotView:
    status: str  # not_involved | working | child_pr | done
    detail: str  # built from autoheal's words and GitHub numbers only (no untrusted text)
    commits: int = 0  # Copilot commits on the branch
    pr_number: int | None = None  # Copilot's own PR against this branch


@dataclass
class Assessment:
    state: str
    ci: CI
    copilot: CopilotView
    changes_requested_by: list[str]
    approved_by: list[str]
    conflict: bool | None
    last_push: datetime
    last_activity: datetime
    minutes_since_push: float


def ci_summary(checks: list[CheckInfo], statuses: list[StatusInfo]) -> CI:
    """One CI verdict for the head commit from check runs (latest per name) and commit statuses."""
    latest: dict[str, CheckInfo] = {}
    for check in checks:
        if check.name.lower().startswith(OWN_CHECK_PREFIX):
            continue
        if check.name not in latest or check.id >= latest[check.name].id:
            latest[check.name] = check
    ci = CI("none")
    for check in latest.values():
        if check.status != "completed":
            ci.pending.append(check.name)
        elif (check.conclusion or "") in RED:
            ci.failed.append(check.name)
        elif (check.conclusion or "") in INCOMPLETE:
            ci.incomplete.append(check.name)
        else:
            ci.passed += 1
    for status in statuses:
        if status.state in ("failure", "error"):
            ci.failed.append(status.context)
        elif status.state == "pending":
            ci.pending.append(status.context)
        else:
            ci.passed += 1
    if ci.failed:
        ci.state = "failure"
    elif ci.pending:
        ci.state = "pending"
    elif ci.incomplete:
        ci.state = "incomplete"
    elif ci.passed:
        ci.state = "success"
    return ci


def review_decisions(reviews: list[ReviewInfo]) -> tuple[list[str], list[str]]:
    """(changes requested by, approved by): each reviewer's latest decisive review counts."""
    latest: dict[str, str] = {}
    for review in _chronological(reviews):
        if review.state in ("APPROVED", "CHANGES_REQUESTED", "DISMISSED"):
            latest[review.login] = review.state
    return ([u for u, s in latest.items() if s == "CHANGES_REQUESTED"],
            [u for u, s in latest.items() if s == "APPROVED"])


def _chronological(reviews: list[ReviewInfo]) -> list[ReviewInfo]:
    dated = [r for r in reviews if r.submitted_at is not None]
    return sorted(dated, key=lambda r: r.submitted_at)  # type: ignore[arg-type, return-value]


def is_wip(title: str) -> bool:
    return title.strip().lower().startswith(WIP_PREFIXES)


def last_handoff(facts: MonitorFacts) -> tuple[str, str]:
    """(mode, head SHA at that moment) of the latest verified hand-off: the last fix round, else
    copilot-review's. The SHA, not a timestamp, tells whether anything was pushed since."""
    rounds = [r for r in facts.record.get("rounds") or [] if isinstance(r, dict) and r.get("verified")]
    if rounds:
        return str(rounds[-1].get("mode", "")), str(rounds[-1].get("sha", ""))
    handoff = facts.handoff or {}
    if handoff.get("verified"):
        return str(handoff.get("mode", "")), str(handoff.get("sha", ""))
    return "", ""


def copilot_view(facts: MonitorFacts) -> CopilotView:
    mode, handed_sha = last_handoff(facts)
    copilot_commits = [c for c in facts.commits if is_copilot_commit(c.author_login, c.author_email)]
    copilot_reviews = [r.submitted_at for r in facts.reviews if is_reviewer(r.login) and r.state != "PENDING"]
    reviewed = bool(copilot_reviews)
    reviewed_at = max((t for t in copilot_reviews if t), default=None)
    review_pending = any(is_reviewer(u) for u in facts.requested_users) or review_pending_since(
        facts.copilot_requested_at, reviewed_at)
    agent_assigned = facts.issue is not None and any(is_agent(a) for a in facts.issue.assignees)
    copilot_prs = [p for p in facts.child_prs if is_agent(p.author)]
    wip = [p for p in copilot_prs if is_wip(p.title)]
    count = len(copilot_commits)
    if review_pending:
        return CopilotView("working", "Copilot's review is pending", count)
    if wip:
        return CopilotView("working", f"Copilot is working in PR #{wip[0].number} (title still marked WIP)", count,
                           wip[0].number)
    if copilot_prs:
        return CopilotView("child_pr", f"Copilot opened PR #{copilot_prs[0].number} against this branch", count,
                           copilot_prs[0].number)
    if agent_assigned and mode == "coding_agent" and handed_sha == facts.pr.head_sha:
        return CopilotView("working", "the coding agent is assigned and has not pushed or opened a PR yet", count)
    parts = []
    if reviewed:
        parts.append("reviewed")
    if count:
        parts.append(f"{count} commit{'s' if count != 1 else ''} on this branch")
    if parts:
        return CopilotView("done", "Copilot " + " and ".join(parts), count)
    if mode:
        return CopilotView("done", f"handed off ({mode.replace('_', ' ')}); no Copilot activity visible", count)
    return CopilotView("not_involved", "not handed to Copilot", count)


def conflict_of(mergeable: bool | None, mergeable_state: str) -> bool | None:
    """True: conflicts with the base; False: merges cleanly; None: GitHub is still computing it."""
    if mergeable_state == "dirty" or mergeable is False:
        return True
    return False if mergeable else None


def assess(facts: MonitorFacts, *, no_checks_after_minutes: int, needs_human_label: str) -> Assessment:
    pr = facts.pr
    ci = ci_summary(facts.checks, facts.statuses)
    copilot = copilot_view(facts)
    changes, approvals = review_decisions(facts.reviews)
    conflict = conflict_of(facts.mergeable, facts.mergeable_state)
    head_date = facts.commits[-1].date if facts.commits and facts.commits[-1].date else None
    last_push = max(d for d in (facts.created_at, head_date) if d is not None)
    stamps = [last_push] + [r.submitted_at for r in facts.reviews if r.submitted_at] + \
        [d for d in (facts.other_activity_at,) if d]
    minutes = (facts.now - last_push) / timedelta(minutes=1)

    if pr.state != "open":
        state = "merged" if pr.merged else "closed"
    elif needs_human_label in pr.labels or facts.record.get("gave_up"):
        state = "needs_human"
    elif conflict:
        state = "conflict"
    elif ci.state == "none" and minutes >= no_checks_after_minutes:
        state = "no_ci"  # before Copilot: whatever Copilot does, this PR will not get CI by itself
    elif copilot.status == "working":
        state = "copilot_working"
    elif copilot.status == "child_pr":
        state = "copilot_pr_open"
    elif ci.state == "failure":
        state = "ci_failed"
    elif changes:
        state = "changes_requested"
    elif ci.state in ("none", "pending"):
        state = "ci_pending"
    elif ci.state == "incomplete":
        state = "ci_incomplete"
    else:
        state = "ready_for_review"
    return Assessment(state, ci, copilot, changes, approvals, conflict, last_push, max(stamps), minutes)
