"""Issue (and pull request conversation) comments: create, get, edit, delete, list."""

from __future__ import annotations

from ..limits import BODY_MAX, check_length
from ..model import Comment
from ..ops import add_event, scan_mentions
from ..pagination import paginate
from ..router import Reply, Request, not_found, router, validation_failed
from ..shapes import comment_json
from .issues import ISSUES_RW, item_of, repo_of


def _body(req: Request) -> str:
    body = req.json_obj().get("body")
    if not isinstance(body, str) or not body.strip():
        raise validation_failed("IssueComment", "body")
    check_length("IssueComment", "body", body, BODY_MAX)
    return body


def _comment(req: Request) -> tuple[object, Comment]:
    repo = repo_of(req)
    try:
        comment = req.state.comments.get(int(req.params["comment_id"]))
    except ValueError:
        comment = None
    if comment is None or comment.repo.lower() != repo.full_name.lower():
        raise not_found()
    return repo, comment


@router.add("POST", "/repos/{owner}/{repo}/issues/{issue_number}/comments", perm=ISSUES_RW)
def create_comment(req: Request) -> Reply:
    repo = repo_of(req)
    issue = item_of(req, repo)
    text = _body(req)
    now = req.state.clock.now()
    comment = Comment(req.state.next_id("comment"), repo.full_name, issue.number, text, req.login or "ghost", now, now)
    req.state.comments[comment.id] = comment
    issue.comment_ids.append(comment.id)
    issue.updated_at = now
    add_event(req.state, issue, "commented", comment.user, comment_id=comment.id)
    scan_mentions(req.state, repo, issue, text, comment.user)
    req.state.touch()
    return Reply(201, comment_json(req.state, repo, comment))


@router.add("GET", "/repos/{owner}/{repo}/issues/{issue_number}/comments", perm=ISSUES_RW)
def list_comments(req: Request) -> Reply:
    repo = repo_of(req)
    issue = item_of(req, repo)
    comments = [req.state.comments[i] for i in issue.comment_ids]
    since = req.q_time("since", "IssueComment")
    if since is not None:
        comments = [c for c in comments if c.updated_at >= since]
    page, headers = paginate(req, comments)
    return Reply(200, [comment_json(req.state, repo, c) for c in page], headers)


@router.add("GET", "/repos/{owner}/{repo}/issues/comments", perm=ISSUES_RW)
def list_repo_comments(req: Request) -> Reply:
    repo = repo_of(req)
    comments = [c for c in req.state.comments.values() if c.repo.lower() == repo.full_name.lower()]
    since = req.q_time("since", "IssueComment")
    if since is not None:
        comments = [c for c in comments if c.updated_at >= since]
    key = (lambda c: (c.updated_at, c.id)) if req.query.get("sort") == "updated" else (lambda c: (c.created_at, c.id))
    comments.sort(key=key, reverse=req.query.get("direction", "asc") == "desc")
    page, headers = paginate(req, comments)
    return Reply(200, [comment_json(req.state, repo, c) for c in page], headers)


@router.add("GET", "/repos/{owner}/{repo}/issues/comments/{comment_id}", perm=ISSUES_RW)
def get_comment(req: Request) -> Reply:
    repo, comment = _comment(req)
    return Reply(200, comment_json(req.state, repo, comment))  # type: ignore[arg-type]


@router.add("PATCH", "/repos/{owner}/{repo}/issues/comments/{comment_id}", perm=ISSUES_RW)
def edit_comment(req: Request) -> Reply:
    repo, comment = _comment(req)
    comment.body = _body(req)
    comment.updated_at = req.state.clock.now()
    issue = repo.items.get(comment.issue_number)  # type: ignore[attr-defined]
    if issue is not None:
        scan_mentions(req.state, repo, issue, comment.body, comment.user)  # type: ignore[arg-type]
    req.state.touch()
    return Reply(200, comment_json(req.state, repo, comment))  # type: ignore[arg-type]


@router.add("DELETE", "/repos/{owner}/{repo}/issues/comments/{comment_id}", perm=ISSUES_RW)
def delete_comment(req: Request) -> Reply:
    repo, comment = _comment(req)
    del req.state.comments[comment.id]
    issue = repo.items.get(comment.issue_number)  # type: ignore[attr-defined]
    if issue is not None and comment.id in issue.comment_ids:
        issue.comment_ids.remove(comment.id)
        issue.events = [e for e in issue.events if e.extra.get("comment_id") != comment.id]
    req.state.touch()
    return Reply(204)
