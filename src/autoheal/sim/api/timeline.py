"""Issue timeline (what links a PR to the issue it mentions) and pull request review comments."""

from __future__ import annotations

from ..pagination import paginate
from ..router import Reply, Request, not_found, router
from ..shapes import issue_json
from ..shapes_pulls import pull_commits
from ..shapes_timeline import committed_json, event_json, review_comment_json
from .issues import ISSUES_RW, item_of, repo_of
from .pulls import PULLS_R, pull_of

TIMELINE_ONLY = {"commented", "cross-referenced", "reviewed"}


@router.add("GET", "/repos/{owner}/{repo}/issues/{issue_number}/timeline", perm=ISSUES_RW)
def timeline(req: Request) -> Reply:
    """Events in time order; a pull request's timeline also shows its commits ("committed")."""
    repo = repo_of(req)
    issue = item_of(req, repo)
    entries = [(ev.created_at, event_json(req.state, repo, issue, ev)) for ev in issue.events]
    if issue.pull is not None:
        entries += [(c.committer.date, committed_json(req.state, repo, c)) for c in pull_commits(repo, issue)]
    entries.sort(key=lambda pair: pair[0])
    rendered = [entry for _, entry in entries if entry is not None]
    page, headers = paginate(req, rendered)
    return Reply(200, list(page), headers)


@router.add("GET", "/repos/{owner}/{repo}/issues/{issue_number}/events", perm=ISSUES_RW)
def issue_events(req: Request) -> Reply:
    """The issue events API: labels, assignments, renames, state changes, review requests."""
    repo = repo_of(req)
    issue = item_of(req, repo)
    rendered = [
        e for e in (event_json(req.state, repo, issue, ev) for ev in issue.events if ev.event not in TIMELINE_ONLY)
        if e is not None
    ]
    page, headers = paginate(req, rendered)
    return Reply(200, list(page), headers)


@router.add("GET", "/repos/{owner}/{repo}/pulls/{pull_number}/comments", perm=PULLS_R)
def review_comments(req: Request) -> Reply:
    repo = repo_of(req)
    issue = pull_of(req, repo)
    assert issue.pull is not None
    page, headers = paginate(req, issue.pull.review_comments)
    return Reply(200, [review_comment_json(req.state, repo, issue, c) for c in page], headers)


@router.add("GET", "/repos/{owner}/{repo}/pulls/comments/{comment_id}", perm=PULLS_R)
def get_review_comment(req: Request) -> Reply:
    repo = repo_of(req)
    for issue in repo.items.values():
        for comment in issue.pull.review_comments if issue.pull else ():
            if str(comment.id) == req.params["comment_id"]:
                return Reply(200, review_comment_json(req.state, repo, issue, comment))
    raise not_found()



@router.add("GET", "/repos/{owner}/{repo}/issues/events/{event_id}", perm=ISSUES_RW)
def get_issue_event(req: Request) -> Reply:
    repo = repo_of(req)
    for issue in repo.items.values():
        for event in issue.events:
            if str(event.id) == req.params["event_id"] and event.event not in TIMELINE_ONLY:
                rendered = event_json(req.state, repo, issue, event)
                if rendered is not None:
                    rendered.pop("state_reason", None)
                    rendered["issue"] = issue_json(req.state, repo, issue)
                    return Reply(200, rendered)
    raise not_found()
