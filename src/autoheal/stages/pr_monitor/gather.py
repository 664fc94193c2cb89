"""pr-monitor's reads: which PRs to watch, and everything about one PR that decides its state.

Cost: listing the open PRs (which also finds Copilot's PRs against autoheal's branches) 1 per 100 open
PRs, then per PR: PR 1 (its requested reviewers included), issue events 1 (per 100: a pending Copilot
review shows only there, GitHub never lists a bot among requested reviewers), commits 1 (per 100), check
runs 1, combined status 1, reviews 1, comments 1 (per 100), linked issue 1 — 8. The failure analysis of a hand-back adds workflow
runs 1, jobs 1, and 2 per failed job log read (the redirect and the signed download; at most 3 jobs).
"""

from __future__ import annotations

from itertools import islice
from typing import Any

from ...errors import AutohealError
from ...markers import has_marker
from ..shared.context import StageContext
from ..shared.handoff import RECORD_KEY as HANDOFF_RECORD_KEY
from ..shared.handoff import STICKY_KEY as HANDOFF_STICKY_KEY
from ..shared.handoff import copilot_review_requested_at, failure_text
from ..shared.links import linked_issue_number
from ..shared.ownership import own_marker
from ..shared.pulls import pull_info, read_issue
from ..shared.trust import own_comments, own_logins
from ..shared.record import decode_record
from ..shared.timestamps import utc
from .assess import (
    RED,
    CheckInfo,
    ChildPR,
    CommitInfo,
    MonitorFacts,
    ReviewInfo,
    StatusInfo,
)
from .decide import RECORD_KEY, STICKY_KEY, MonitorSettings

MAX_WATCHED = 100  # open autoheal PRs processed per run (one page)


def is_autoheal_pr(pr: Any, autoheal_label: str, logins: Any) -> bool:
    """autoheal's own PRs: autoheal's label (only triagers can set it), or draft-pr's `issue` marker in a
    body autoheal's identity wrote (anyone can paste the marker into their PR)."""
    return any(label.name == autoheal_label for label in pr.labels) or own_marker(pr, ("issue",), logins)


def watched_pulls(ctx: StageContext, s: MonitorSettings) -> tuple[list[Any], list[Any]]:
    """(the open autoheal PRs, every open PR — the possible Copilot children): one listing for both."""
    repo = ctx.gw.repo()
    pulls = ctx.gw.read(lambda: list(islice(repo.get_pulls(state="open", sort="created", direction="asc"), 1000)),
                        what="list open pull requests")
    logins = own_logins(ctx.gw)
    return [p for p in pulls if is_autoheal_pr(p, s.autoheal_label, logins)][:MAX_WATCHED], pulls


def children_of(all_open: list[Any], head_ref: str) -> list[ChildPR]:
    return [ChildPR(p.number, p.title or "", p.user.login if p.user else "", bool(p.draft))
            for p in all_open if p.base.ref == head_ref]


def check_runs(gw: Any, repo: str, sha: str) -> list[CheckInfo]:
    status, _, data = gw.raw("GET", f"/repos/{repo}/commits/{sha}/check-runs?per_page=100", what=f"check runs of {sha[:7]}")
    if status == 404:
        return []
    if status != 200 or not isinstance(data, dict):
        raise AutohealError(f"cannot list the check runs of {sha[:7]} ({failure_text(status, data)})")
    return [CheckInfo(str(c.get("name", "")), str(c.get("status", "")), c.get("conclusion"), int(c.get("id") or 0))
            for c in data.get("check_runs") or [] if isinstance(c, dict)]


def commit_statuses(gw: Any, repo: str, sha: str) -> list[StatusInfo]:
    status, _, data = gw.raw("GET", f"/repos/{repo}/commits/{sha}/status", what=f"combined status of {sha[:7]}")
    if status == 404:
        return []
    if status != 200 or not isinstance(data, dict):
        raise AutohealError(f"cannot read the combined status of {sha[:7]} ({failure_text(status, data)})")
    return [StatusInfo(str(x.get("context", "")), str(x.get("state", ""))) for x in data.get("statuses") or []
            if isinstance(x, dict)]


def requested_reviewers(pr: Any) -> tuple[list[str], list[str]]:
    """(users, team slugs) still asked to review — part of the PR object GitHub returns: no extra request."""
    data = pr.raw_data
    return ([u.get("login", "") for u in data.get("requested_reviewers") or [] if isinstance(u, dict)],
            [t.get("slug", "") for t in data.get("requested_teams") or [] if isinstance(t, dict)])


def commit_info(c: Any) -> CommitInfo:
    git = c.commit
    date = utc(git.committer.date) if git.committer is not None and git.committer.date else None
    return CommitInfo(c.sha, c.author.login if c.author else None, git.author.email if git.author else None, date)


def gather_pr(ctx: StageContext, number: int, s: MonitorSettings, all_open: list[Any]) -> tuple[MonitorFacts, Any]:
    """Facts about PR `number` and the PyGithub PR object for the writes (`all_open`: every open PR, where
    Copilot's own PRs against this branch are found)."""
    gw = ctx.gw
    repo = gw.repo()
    name = repo.full_name
    pr = gw.read(lambda: repo.get_pull(number), what=f"read PR #{number}")
    info = pull_info(pr)
    commits = gw.read(lambda: [commit_info(c) for c in pr.get_commits()], what=f"list the commits of #{number}")
    head_last = [c for c in commits if c.sha != info.head_sha] + [c for c in commits if c.sha == info.head_sha]
    checks = check_runs(gw, name, info.head_sha)
    statuses = commit_statuses(gw, name, info.head_sha)
    reviews = gw.read(lambda: [ReviewInfo(r.user.login if r.user else "ghost", r.state, utc(r.submitted_at))
                               for r in pr.get_reviews()], what=f"list the reviews of #{number}")
    users, teams = requested_reviewers(pr)
    # a pending Copilot review never shows in requested_reviewers (GitHub lists no bot there): its event does
    copilot_requested_at = copilot_review_requested_at(gw, name, number)
    comments = gw.read(lambda: list(pr.get_issue_comments()), what=f"list the comments of #{number}")
    mine = own_comments(comments, gw)  # only autoheal's own comments carry markers it believes
    sticky = next((c for c in mine if has_marker(c.body, "sticky", STICKY_KEY)), None)
    handoff_sticky = next((c for c in mine if has_marker(c.body, "sticky", HANDOFF_STICKY_KEY)), None)
    others = [utc(c.updated_at or c.created_at) for c in comments if c not in mine]
    issue_number = linked_issue_number(info.body)
    issue = read_issue(gw, repo, issue_number) if issue_number else None
    children = children_of(all_open, info.head_ref)
    facts = MonitorFacts(
        repo=name,
        pr=info,
        created_at=utc(pr.created_at),
        mergeable=pr.mergeable,
        mergeable_state=pr.mergeable_state or "",
        commits=head_last,
        checks=checks,
        statuses=statuses,
        reviews=reviews,
        requested_users=users,
        requested_teams=teams,
        copilot_requested_at=copilot_requested_at,
        issue=issue,
        child_prs=[c for c in children if c.number != number],
        record=(decode_record(sticky.body, RECORD_KEY) or {}) if sticky else {},
        handoff=decode_record(handoff_sticky.body, HANDOFF_RECORD_KEY) if handoff_sticky else None,
        sticky_body=sticky.body if sticky else None,
        other_activity_at=max((d for d in others if d), default=None),
        now=utc(ctx.now()),
    )
    return facts, pr


MAX_JOB_LOGS = 3  # failed jobs of one run whose logs a hand-back reads (matrix jobs often fail together)


def failure_analysis(ctx: StageContext, facts: MonitorFacts) -> tuple[dict[str, Any] | None, str]:
    """analyze-failure's core on the head commit's failed run: the primary cause among its first failed
    jobs (`analyze_jobs`), with the user's categories. Returns (analysis, note)."""
    from ...analysis import analyze_jobs, load_kb

    gw = ctx.gw
    repo = gw.repo()
    sha = facts.pr.head_sha
    try:
        runs = gw.read(lambda: list(islice(repo.get_workflow_runs(head_sha=sha), 30)), what=f"runs of {sha[:7]}")
        failed = [r for r in runs if (r.conclusion or "") in RED]
        if not failed:
            return None, "no failed workflow run for this commit (the red check comes from outside Actions)"
        run = failed[0]
        jobs = gw.read(lambda: list(run.jobs()), what=f"jobs of run {run.id}")
        bad = [j for j in jobs if (j.conclusion or "") in RED | {"cancelled"}][:MAX_JOB_LOGS]
        if not bad:
            return None, f"run {run.id} failed without a failed job"
        logs = []
        for job in bad:
            url = gw.read(lambda job=job: job.logs_url(), what=f"log URL of job {job.id}")
            logs.append({"name": job.name or "", "log": gw.download(url, what=f"log of job {job.id}"),
                         "failed_step": next((st.name for st in job.steps or [] if (st.conclusion or "") in RED), None)})
    except AutohealError as exc:
        return None, f"the failing job's log could not be read: {exc.message}"
    custom = ctx.config.to_dict().get("categories") or None
    result = analyze_jobs(logs, kb=load_kb(custom), workflow=run.name or "")
    data = result.to_dict()
    data.update(workflow=run.name, run_id=run.id, run_url=run.html_url, head_sha=sha)
    return data, f"analyzed {len(logs)} failed job(s) of run {run.id}: {data.get('failed_job') or '?'}"
