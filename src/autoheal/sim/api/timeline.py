"""Issue timeline (what links a PR to the issue it mentions) and pull request review comments."""

from __future__ import annotations

from ..pagination import paginate
from ..router import Reply, Request, not_found, router
from ..shapes_timeline import event_json, review_comment_json
from .issues import ISSUES_RW, item_of, repo_of
from .pulls import PULLS_R, pull_of


@router.add("GET", "/repos/{owner}/{repo}/issues/{issue_number}/timeline", perm=ISSUES_RW)
def timeline(req: Request) -> Reply:
    repo = repo_of(req)
    issue = item_of(req, repo)
    rendered = [e for e in (event_json(req.state, repo, issue, ev) for ev in issue.events) if e is not None]
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
