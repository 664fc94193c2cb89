"""Pull requests: create (draft), list, get, edit, files, commits, review requests, reviews, merge."""

from __future__ import annotations

from typing import Any

from ..gitstore import Signature
from ..limits import BODY_MAX, TITLE_MAX, check_length
from ..merging import merge_base, three_way
from ..model import COPILOT_LOGIN, COPILOT_REVIEWER, Issue, PullInfo, Repo, Review
from ..ops import (
    add_event,
    new_issue,
    on_branch_moved,
    scan_mentions,
    set_state,
    signature_for,
)
from ..pagination import paginate
from ..router import ApiError, Reply, Request, not_found, router, validation_failed
from ..shapes_git import commit_json
from ..shapes_pulls import (
    merge_status,
    pull_commits,
    pull_files,
    pull_json,
    review_json,
)
from .drafts import refuse_draft
from .issues import repo_of, sort_items

PULLS_R = ("pull_requests", "read")
PULLS_W = ("pull_requests", "write")
COPILOT_REVIEW_INPUTS = {COPILOT_REVIEWER.lower(), "copilot-pull-request-reviewer", "copilot"}
# Only the `[bot]` login requests a Copilot review over REST (GitHub's docs, "request a code review":
# `copilot-pull-request-reviewer[bot]`). The other spellings are reported to fail (peters/horizon PR #673,
# mfittko/dev-loops PR #1985): without `[bot]` -> 422 "Reviews may only be requested from collaborators",
# `Copilot` -> 200 with nothing requested.
COPILOT_SILENT_INPUTS = {"copilot"}


def pull_of(req: Request, repo: Repo) -> Issue:
    try:
        number = int(req.params["pull_number"])
    except ValueError:
        raise not_found() from None
    item = repo.items.get(number)
    if item is None or item.pull is None:
        raise not_found()
    return item


def _branch_name(repo: Repo, value: Any, field: str) -> str:
    if not isinstance(value, str) or not value:
        raise validation_failed("PullRequest", field)
    owner, sep, branch = value.partition(":")
    if sep:
        if owner.lower() != repo.owner.lower():
            raise validation_failed("PullRequest", field, "invalid")  # forks are not simulated
        value = branch
    if repo.branch_sha(value) is None:
        raise validation_failed("PullRequest", field, "invalid")
    return value


@router.add("POST", "/repos/{owner}/{repo}/pulls", perm=PULLS_W)
def create_pull(req: Request) -> Reply:
    repo = repo_of(req)
    body = req.json_obj()
    title = body.get("title")
    if not isinstance(title, str) or not title.strip():
        raise validation_failed("PullRequest", "title")
    head = _branch_name(repo, body.get("head"), "head")
    base = _branch_name(repo, body.get("base"), "base")
    text = body.get("body")
    if text is not None and not isinstance(text, str):
        raise validation_failed("PullRequest", "body", "invalid")
    check_length("PullRequest", "title", title, TITLE_MAX)
    check_length("PullRequest", "body", text, BODY_MAX)
    if body.get("draft"):
        refuse_draft(repo)
    head_sha, base_sha = repo.branch_sha(head), repo.branch_sha(base)
    assert head_sha and base_sha
    if head_sha == base_sha or repo.git.is_ancestor(head_sha, base_sha):
        raise ApiError(
            422,
            "Validation Failed",
            errors=[{"resource": "PullRequest", "code": "custom", "message": f"No commits between {base} and {head}"}],
        )
    for other in repo.items.values():
        if other.pull and other.state == "open" and other.pull.head_ref == head and other.pull.base_ref == base:
            raise ApiError(
                422,
                "Validation Failed",
                errors=[
                    {
                        "resource": "PullRequest",
                        "code": "custom",
                        "message": f"A pull request already exists for {repo.owner}:{head}.",
                    }
                ],
            )
    issue = new_issue(req.state, repo, title, text, req.login or "ghost")
    issue.pull = PullInfo(
        head_ref=head,
        base_ref=base,
        head_sha=head_sha,
        base_sha=base_sha,
        draft=bool(body.get("draft", False)),
        maintainer_can_modify=bool(body.get("maintainer_can_modify", False)),
    )
    issue.pull_id = req.state.next_id("pull")
    scan_mentions(req.state, repo, issue, text, issue.user)
    return Reply(201, pull_json(req.state, repo, issue))


@router.add("GET", "/repos/{owner}/{repo}/pulls", perm=PULLS_R)
def list_pulls(req: Request) -> Reply:
    repo = repo_of(req)
    q = req.query
    state = q.get("state", "open")
    found = [i for i in repo.items.values() if i.pull is not None and state in ("all", i.state)]
    if q.get("head"):
        owner, sep, branch = q["head"].partition(":")
        if not sep:
            owner, branch = repo.owner, q["head"]
        found = [i for i in found if owner.lower() == repo.owner.lower() and i.pull.head_ref == branch]  # type: ignore[union-attr]
    if q.get("base"):
        found = [i for i in found if i.pull.base_ref == q["base"]]  # type: ignore[union-attr]
    sort = q.get("sort", "created")
    direction = q.get("direction", "desc")
    if sort == "long-running":
        found = sorted(found, key=lambda i: (i.created_at, i.number), reverse=direction == "asc")
    else:
        found = sort_items(found, "updated" if sort == "updated" else ("comments" if sort == "popularity" else "created"), direction)
    page, headers = paginate(req, found)
    return Reply(200, [pull_json(req.state, repo, i, full=False) for i in page], headers)


@router.add("GET", "/repos/{owner}/{repo}/pulls/{pull_number}", perm=PULLS_R)
def get_pull(req: Request) -> Reply:
    repo = repo_of(req)
    return Reply(200, pull_json(req.state, repo, pull_of(req, repo)))


@router.add("PATCH", "/repos/{owner}/{repo}/pulls/{pull_number}", perm=PULLS_W)
def edit_pull(req: Request) -> Reply:
    repo = repo_of(req)
    issue = pull_of(req, repo)
    pull = issue.pull
    assert pull is not None
    body = req.json_obj()
    actor = req.login or "ghost"
    now = req.state.clock.now()
    if "title" in body:
        if not isinstance(body["title"], str) or not body["title"].strip():
            raise validation_failed("PullRequest", "title", "invalid")
        check_length("PullRequest", "title", body["title"], TITLE_MAX)
        if body["title"] != issue.title:
            add_event(req.state, issue, "renamed", actor, rename={"from": issue.title, "to": body["title"]})
        issue.title = body["title"]
    if "body" in body:
        if body["body"] is not None and not isinstance(body["body"], str):
            raise validation_failed("PullRequest", "body", "invalid")
        check_length("PullRequest", "body", body["body"], BODY_MAX)
        issue.body = body["body"]
        scan_mentions(req.state, repo, issue, issue.body, actor)
    if "base" in body:
        new_base = _branch_name(repo, body["base"], "base")
        pull.base_ref = new_base
        pull.base_sha = repo.branch_sha(new_base) or pull.base_sha
    if "maintainer_can_modify" in body:
        pull.maintainer_can_modify = bool(body["maintainer_can_modify"])
    if "state" in body:
        if body["state"] not in ("open", "closed"):
            raise validation_failed("PullRequest", "state", "invalid")
        if body["state"] == "open" and repo.branch_sha(pull.head_ref) is None:
            raise validation_failed("PullRequest", "state", "custom", "the head branch was deleted")
        set_state(req.state, repo, issue, body["state"], None, actor)
    issue.updated_at = now
    req.state.touch()
    return Reply(200, pull_json(req.state, repo, issue))


@router.add("GET", "/repos/{owner}/{repo}/pulls/{pull_number}/files", perm=PULLS_R)
def list_files(req: Request) -> Reply:
    repo = repo_of(req)
    files = pull_files(req.state, repo, pull_of(req, repo))
    page, headers = paginate(req, files)
    return Reply(200, list(page), headers)


@router.add("GET", "/repos/{owner}/{repo}/pulls/{pull_number}/commits", perm=PULLS_R)
def list_pull_commits(req: Request) -> Reply:
    repo = repo_of(req)
    commits = pull_commits(repo, pull_of(req, repo))
    page, headers = paginate(req, commits)
    return Reply(200, [commit_json(req.state, repo, c) for c in page], headers)


# -- review requests -----------------------------------------------------------------------------------
def _reviewer_login(req: Request, repo: Repo, issue: Issue, login: Any) -> str:
    if not isinstance(login, str):
        raise validation_failed("PullRequest", "reviewers", "invalid")
    if login.lower() == COPILOT_REVIEWER.lower():
        if repo.options.get("copilot_review", "ok") not in ("ok", "pending"):
            raise ApiError(422, _not_collaborator(repo))
        return COPILOT_LOGIN
    if login.lower() in COPILOT_SILENT_INPUTS:
        return ""  # accepted, nothing requested (see COPILOT_SILENT_INPUTS)
    if login.lower() in COPILOT_REVIEW_INPUTS:
        raise ApiError(422, _not_collaborator(repo))
    user = req.state.user(login)
    if user is None or user.type != "User":
        raise ApiError(422, _not_collaborator(repo))
    if user.login.lower() == issue.user.lower():
        raise ApiError(422, "Review cannot be requested from pull request author.")
    return user.login


def _not_collaborator(repo: Repo) -> str:
    return (
        "Reviews may only be requested from collaborators. One or more of the users or teams you specified "
        f"is not a collaborator of the {repo.full_name} repository."
    )


@router.add("POST", "/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers", perm=PULLS_W)
def request_reviewers(req: Request) -> Reply:
    repo = repo_of(req)
    issue = pull_of(req, repo)
    pull = issue.pull
    assert pull is not None
    body = req.json_obj()
    reviewers = body.get("reviewers") or []
    if not isinstance(reviewers, list):
        raise validation_failed("PullRequest", "reviewers", "invalid")
    logins = [login for login in (_reviewer_login(req, repo, issue, r) for r in reviewers) if login]
    for login in logins:
        if login not in pull.requested_reviewers:
            pull.requested_reviewers.append(login)
            add_event(req.state, issue, "review_requested", req.login or "ghost", requested_reviewer=login)
        if login == COPILOT_LOGIN:
            pull.copilot_review_pending = True
    issue.updated_at = req.state.clock.now()
    req.state.touch()
    return Reply(201, pull_json(req.state, repo, issue, full=False))


@router.add("GET", "/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers", perm=PULLS_R)
def list_requested_reviewers(req: Request) -> Reply:
    from ..shapes import user_json

    from ..shapes_pulls import listed_reviewers

    repo = repo_of(req)
    pull = pull_of(req, repo).pull
    assert pull is not None
    shown = listed_reviewers(req.state, pull.requested_reviewers)  # never a bot, like GitHub
    return Reply(200, {"users": [user_json(req.state, u) for u in shown], "teams": []})


@router.add("DELETE", "/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers", perm=PULLS_W)
def remove_requested_reviewers(req: Request) -> Reply:
    repo = repo_of(req)
    issue = pull_of(req, repo)
    pull = issue.pull
    assert pull is not None
    body = req.json_obj()
    drop = {str(r).lower() for r in body.get("reviewers") or []}
    if drop & COPILOT_REVIEW_INPUTS:
        # Withdrawing a Copilot review request fails on GitHub's side with a 422 (gitbutlerapp/gitbutler
        # PR #15835, "Known limits"); the request stays pending.
        raise ApiError(422, "Validation Failed", errors=[{"resource": "PullRequest", "field": "reviewers", "code": "invalid"}])
    pull.requested_reviewers = [r for r in pull.requested_reviewers if r.lower() not in drop]
    req.state.touch()
    return Reply(200, pull_json(req.state, repo, issue, full=False))


# -- reviews ---------------------------------------------------------------------------------------------
EVENTS = {"APPROVE": "APPROVED", "REQUEST_CHANGES": "CHANGES_REQUESTED", "COMMENT": "COMMENTED"}


def submit_review(req_state: Any, repo: Repo, issue: Issue, login: str, body: str, state: str, commit_id: str | None = None) -> Review:
    """Record a review (shared by the route and the Copilot helper); clears the reviewer's request."""
    pull = issue.pull
    assert pull is not None
    now = req_state.clock.now()
    review = Review(
        req_state.next_id("review"), login, body, state, commit_id or pull.head_sha, None if state == "PENDING" else now
    )
    pull.reviews.append(review)
    if state != "PENDING":
        shown = COPILOT_LOGIN if login == COPILOT_REVIEWER else login
        pull.requested_reviewers = [r for r in pull.requested_reviewers if r.lower() != shown.lower()]
        if login == COPILOT_REVIEWER:
            pull.copilot_review_pending = False
        add_event(req_state, issue, "reviewed", login, review_id=review.id, review_state=state.lower())
    issue.updated_at = now
    req_state.touch()
    return review


def _custom(message: str) -> str:
    """Review validation errors are plain strings (GitHub's `validation-error-simple`)."""
    return message


@router.add("POST", "/repos/{owner}/{repo}/pulls/{pull_number}/reviews", perm=PULLS_W)
def create_review(req: Request) -> Reply:
    repo = repo_of(req)
    issue = pull_of(req, repo)
    body = req.json_obj()
    event = body.get("event")
    text = body.get("body") or ""
    if event is not None and event not in EVENTS:
        raise validation_failed("PullRequestReview", "event", "invalid")
    login = req.login or "ghost"
    if event == "APPROVE" and login.lower() == issue.user.lower():
        raise ApiError(422, "Unprocessable Entity", errors=[_custom("Can not approve your own pull request")])  # type: ignore[list-item]
    if event in ("REQUEST_CHANGES", "COMMENT") and not text and not body.get("comments"):
        raise ApiError(
            422, "Unprocessable Entity", errors=[_custom(f"Review Can not {event.lower().replace('_', ' ')} without a body")]
        )
    if len(text) > BODY_MAX:
        raise ApiError(422, "Unprocessable Entity", errors=[_custom(f"body is too long (maximum is {BODY_MAX} characters)")])  # type: ignore[list-item]
    commit_id = body.get("commit_id")
    if commit_id is not None and commit_id not in repo.git.commits:
        raise validation_failed("PullRequestReview", "commit_id", "invalid")
    review = submit_review(req.state, repo, issue, login, text, EVENTS[event] if event else "PENDING", commit_id)
    return Reply(200, review_json(req.state, repo, issue, review))


@router.add("GET", "/repos/{owner}/{repo}/pulls/{pull_number}/reviews", perm=PULLS_R)
def list_reviews(req: Request) -> Reply:
    repo = repo_of(req)
    issue = pull_of(req, repo)
    pull = issue.pull
    assert pull is not None
    visible = [r for r in pull.reviews if r.state != "PENDING" or r.user == req.login]
    page, headers = paginate(req, visible)
    return Reply(200, [review_json(req.state, repo, issue, r) for r in page], headers)


@router.add("GET", "/repos/{owner}/{repo}/pulls/{pull_number}/reviews/{review_id}", perm=PULLS_R)
def get_review(req: Request) -> Reply:
    repo = repo_of(req)
    issue = pull_of(req, repo)
    pull = issue.pull
    assert pull is not None
    for review in pull.reviews:
        if str(review.id) == req.params["review_id"]:
            return Reply(200, review_json(req.state, repo, issue, review))
    raise not_found()


# -- merge -----------------------------------------------------------------------------------------------
@router.add("GET", "/repos/{owner}/{repo}/pulls/{pull_number}/merge", perm=PULLS_R)
def is_merged(req: Request) -> Reply:
    repo = repo_of(req)
    pull = pull_of(req, repo).pull
    if pull is not None and pull.merged:
        return Reply(204)
    raise not_found()


@router.add("PUT", "/repos/{owner}/{repo}/pulls/{pull_number}/merge", perm=("contents", "write"))
def merge_pull(req: Request) -> Reply:
    repo = repo_of(req)
    issue = pull_of(req, repo)
    pull = issue.pull
    assert pull is not None
    body = req.json_obj()
    if issue.state != "open" or pull.merged:
        raise ApiError(405, "Pull Request is not mergeable")
    if pull.draft:
        raise ApiError(405, "Pull Request is still a draft")
    head = repo.branch_sha(pull.head_ref)
    if head is None:
        raise ApiError(405, "Pull Request is not mergeable")
    if body.get("sha") and body["sha"] != head:
        raise ApiError(409, "Head branch was modified. Review and try the merge again.")
    mergeable, merge_state, _ = merge_status(req.state, repo, issue)
    if mergeable is False or merge_state in ("dirty", "blocked"):
        raise ApiError(405, "Pull Request is not mergeable" if merge_state != "blocked" else "At least 1 approving review is required by reviewers with write access.")
    method = body.get("merge_method", "merge")
    if method not in ("merge", "squash", "rebase"):
        raise validation_failed("PullRequest", "merge_method", "invalid")
    base = repo.branch_sha(pull.base_ref)
    assert base is not None
    flat, conflicts = three_way(repo, merge_base(repo, head, base), base, head)
    if conflicts:
        raise ApiError(405, "Pull Request is not mergeable")
    tree = repo.git.build_tree(flat)
    actor = req.login or "ghost"
    sig: Signature = signature_for(req.state, actor)
    title = body.get("commit_title") or (
        f"Merge pull request #{issue.number} from {repo.owner}/{pull.head_ref}" if method == "merge" else f"{issue.title} (#{issue.number})"
    )
    message = title + (f"\n\n{body['commit_message']}" if body.get("commit_message") else "")
    parents = [base, head] if method == "merge" else [base]
    sha = repo.git.put_commit(tree, parents, message, sig, sig, actor)
    repo.git.refs[f"refs/heads/{pull.base_ref}"] = sha
    now = req.state.clock.now()
    pull.merged, pull.merged_at, pull.merged_by, pull.merge_commit_sha = True, now, actor, sha
    pull.head_sha = head
    set_state(req.state, repo, issue, "closed", None, actor)
    add_event(req.state, issue, "merged", actor, commit_id=sha)
    on_branch_moved(req.state, repo, pull.base_ref)
    req.state.touch()
    return Reply(200, {"sha": sha, "merged": True, "message": "Pull Request successfully merged"})
