"""Render pull requests (full and simple), reviews and review requests as GitHub's JSON."""

from __future__ import annotations

from typing import Any

from .clock import iso
from .merging import merge_base, three_way
from .model import COPILOT_LOGIN, Issue, Repo, Review, State, node_id
from .rollup import checks_state
from .shapes import (
    author_association,
    html_base,
    label_json,
    repo_json,
    repo_url,
    user_json,
)
from .shapes_git import diff_entries


def listed_reviewers(state: State, logins: list[str]) -> list[str]:
    """The requested reviewers GitHub's REST API shows: never a bot.

    GitHub records a Copilot review request (the review arrives later, the timeline shows a
    `review_requested` event) but its REST API never lists a bot in `requested_reviewers`, neither in
    the pull request nor in GET .../requested_reviewers. Sources: gitbutlerapp/gitbutler PR #15835
    ("GitHub's REST API never lists a bot among a pull request's requested reviewers"),
    open-edge-platform/trusted-compute PR #532 ("GitHub Apps never appear in .users[]"),
    pinpoint-apm/pinpoint PR #13955 (requested_reviewers stays empty after a Copilot request).
    """
    out = []
    for login in logins:
        user = state.user(login)
        if login == COPILOT_LOGIN or login.endswith("[bot]") or (user is not None and user.type == "Bot"):
            continue
        out.append(login)
    return out


def merge_status(state: State, repo: Repo, issue: Issue) -> tuple[bool | None, str, bool | None]:
    """(mergeable, mergeable_state, rebaseable) computed from the branches, checks and protection."""
    pull = issue.pull
    assert pull is not None
    if pull.merge_override is not None:
        mergeable, merge_state = pull.merge_override
        return mergeable, merge_state, mergeable
    if issue.state != "open" or pull.merged:
        return None, "unknown", None
    head = repo.branch_sha(pull.head_ref) or pull.head_sha
    base = repo.branch_sha(pull.base_ref) or pull.base_sha
    _, conflicts = three_way(repo, merge_base(repo, head, base), base, head)
    if conflicts:
        return False, "dirty", False
    if pull.draft:
        return True, "draft", True
    checks = checks_state(repo, head)
    if pull.base_ref in repo.protected and not any(
        r.state == "APPROVED" and r.user.lower() != issue.user.lower() for r in pull.reviews
    ):
        return True, "blocked", True
    if checks in ("failure", "pending"):
        return True, "unstable", True
    if base not in (merge_base(repo, head, base),):
        return True, "behind" if pull.base_ref in repo.protected else "clean", True
    return True, "clean", True


def _link(href: str) -> dict[str, str]:
    return {"href": href}


def _branch_side(state: State, repo: Repo, ref: str, sha: str) -> dict[str, Any]:
    return {
        "label": f"{repo.owner}:{ref}",
        "ref": ref,
        "sha": sha,
        "user": user_json(state, repo.owner),
        "repo": repo_json(state, repo, kind="repository"),
    }


def pull_json(state: State, repo: Repo, issue: Issue, *, full: bool = True) -> dict[str, Any]:
    pull = issue.pull
    assert pull is not None
    base_url = repo_url(state, repo)
    url = f"{base_url}/pulls/{issue.number}"
    html = f"{html_base(state, repo)}/pull/{issue.number}"
    issue_url = f"{base_url}/issues/{issue.number}"
    assignees = [user_json(state, a) for a in issue.assignees]
    out: dict[str, Any] = {
        "url": url,
        "id": issue.pull_id,
        "node_id": node_id("PR", issue.pull_id),
        "html_url": html,
        "diff_url": f"{html}.diff",
        "patch_url": f"{html}.patch",
        "issue_url": issue_url,
        "commits_url": f"{url}/commits",
        "review_comments_url": f"{url}/comments",
        "review_comment_url": f"{base_url}/pulls/comments{{/number}}",
        "comments_url": f"{issue_url}/comments",
        "statuses_url": f"{base_url}/statuses/{pull.head_sha}",
        "number": issue.number,
        "state": issue.state,
        "locked": issue.locked,
        "title": issue.title,
        "user": user_json(state, issue.user),
        "body": issue.body,
        "labels": [label_json(state, repo, repo.labels[n.lower()]) for n in issue.labels if n.lower() in repo.labels],
        "milestone": None,
        "active_lock_reason": None,
        "created_at": iso(issue.created_at),
        "updated_at": iso(issue.updated_at),
        "closed_at": iso(issue.closed_at),
        "merged_at": iso(pull.merged_at),
        "merge_commit_sha": pull.merge_commit_sha,
        "assignee": assignees[0] if assignees else None,
        "assignees": assignees,
        "requested_reviewers": [user_json(state, login) for login in listed_reviewers(state, pull.requested_reviewers)],
        "requested_teams": [],
        "head": _branch_side(state, repo, pull.head_ref, pull.head_sha),
        "base": _branch_side(state, repo, pull.base_ref, pull.base_sha),
        "_links": {
            "self": _link(url),
            "html": _link(html),
            "issue": _link(issue_url),
            "comments": _link(f"{issue_url}/comments"),
            "review_comments": _link(f"{url}/comments"),
            "review_comment": _link(f"{base_url}/pulls/comments{{/number}}"),
            "commits": _link(f"{url}/commits"),
            "statuses": _link(f"{base_url}/statuses/{pull.head_sha}"),
        },
        "author_association": author_association(repo, issue.user),
        "auto_merge": None,
        "draft": pull.draft,
    }
    if not full:
        return out
    mergeable, merge_state, rebaseable = merge_status(state, repo, issue)
    files = pull_files(state, repo, issue)
    out.update(
        {
            "merged": pull.merged,
            "mergeable": mergeable,
            "rebaseable": rebaseable,
            "mergeable_state": merge_state,
            "merged_by": user_json(state, pull.merged_by),
            "comments": len(issue.comment_ids),
            "review_comments": 0,
            "maintainer_can_modify": pull.maintainer_can_modify,
            "commits": len(pull_commits(repo, issue)),
            "additions": sum(f["additions"] for f in files),
            "deletions": sum(f["deletions"] for f in files),
            "changed_files": len(files),
        }
    )
    return out


def pull_commits(repo: Repo, issue: Issue) -> list[Any]:
    """Commits on the head branch that are not on the base, oldest first."""
    pull = issue.pull
    assert pull is not None
    stop = merge_base(repo, pull.head_sha, pull.base_sha)
    return list(reversed(repo.git.history(pull.head_sha, stop)))


def pull_files(state: State, repo: Repo, issue: Issue) -> list[dict[str, Any]]:
    pull = issue.pull
    assert pull is not None
    base = merge_base(repo, pull.head_sha, pull.base_sha)
    old_tree = repo.git.commits[base].tree if base else None
    return diff_entries(state, repo, old_tree, repo.git.commits[pull.head_sha].tree, pull.head_sha)


def review_json(state: State, repo: Repo, issue: Issue, review: Review) -> dict[str, Any]:
    html = f"{html_base(state, repo)}/pull/{issue.number}"
    pull_url = f"{repo_url(state, repo)}/pulls/{issue.number}"
    out: dict[str, Any] = {
        "id": review.id,
        "node_id": node_id("PRR", review.id),
        "user": user_json(state, review.user),
        "body": review.body,
        "state": review.state,
        "html_url": f"{html}#pullrequestreview-{review.id}",
        "pull_request_url": pull_url,
        "_links": {"html": _link(f"{html}#pullrequestreview-{review.id}"), "pull_request": _link(pull_url)},
        "commit_id": review.commit_id,
        "author_association": author_association(repo, review.user),
    }
    if review.submitted_at is not None:
        out["submitted_at"] = iso(review.submitted_at)
    return out
