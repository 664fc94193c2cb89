"""Render the simulator's records as GitHub's JSON (users, repositories, labels, issues, comments).

Shapes follow GitHub's OpenAPI description: required fields are always present, optional ones may be
omitted, nothing is invented. Every `url` carries the simulator's own base URL so PyGithub follows it.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from .clock import iso
from .model import Comment, Issue, Label, Repo, State, User, node_id


def user_json(state: State, login: str | None) -> dict[str, Any] | None:
    if login is None:
        return None
    user = state.user(login) or state.ensure_user(login)
    return account_json(state.base_url, user)


def account_json(base: str, user: User) -> dict[str, Any]:
    api = f"{base}/users/{quote(user.login)}"
    out: dict[str, Any] = {
        "login": user.login,
        "id": user.id,
        "node_id": node_id("U" if user.type == "User" else ("BOT" if user.type == "Bot" else "O"), user.id),
        "avatar_url": f"{base}/avatars/u/{user.id}?v=4",
        "gravatar_id": "",
        "url": api,
        "html_url": f"{base}/{quote(user.login)}",
        "followers_url": f"{api}/followers",
        "following_url": f"{api}/following{{/other_user}}",
        "gists_url": f"{api}/gists{{/gist_id}}",
        "starred_url": f"{api}/starred{{/owner}}{{/repo}}",
        "subscriptions_url": f"{api}/subscriptions",
        "organizations_url": f"{api}/orgs",
        "repos_url": f"{api}/repos",
        "events_url": f"{api}/events{{/privacy}}",
        "received_events_url": f"{api}/received_events",
        "type": user.type,
        "user_view_type": "public",
        "site_admin": False,
    }
    if user.name is not None:
        out["name"] = user.name
    return out


def repo_url(state: State, repo: Repo) -> str:
    return f"{state.base_url}/repos/{repo.full_name}"


def html_base(state: State, repo: Repo) -> str:
    return f"{state.base_url}/{repo.full_name}"


_REPO_URL_SUFFIXES = {
    "archive_url": "/{archive_format}{/ref}",
    "assignees_url": "/assignees{/user}",
    "blobs_url": "/git/blobs{/sha}",
    "branches_url": "/branches{/branch}",
    "collaborators_url": "/collaborators{/collaborator}",
    "comments_url": "/comments{/number}",
    "commits_url": "/commits{/sha}",
    "compare_url": "/compare/{base}...{head}",
    "contents_url": "/contents/{+path}",
    "contributors_url": "/contributors",
    "deployments_url": "/deployments",
    "downloads_url": "/downloads",
    "events_url": "/events",
    "forks_url": "/forks",
    "git_commits_url": "/git/commits{/sha}",
    "git_refs_url": "/git/refs{/sha}",
    "git_tags_url": "/git/tags{/sha}",
    "hooks_url": "/hooks",
    "issue_comment_url": "/issues/comments{/number}",
    "issue_events_url": "/issues/events{/number}",
    "issues_url": "/issues{/number}",
    "keys_url": "/keys{/key_id}",
    "labels_url": "/labels{/name}",
    "languages_url": "/languages",
    "merges_url": "/merges",
    "milestones_url": "/milestones{/number}",
    "notifications_url": "/notifications{?since,all,participating}",
    "pulls_url": "/pulls{/number}",
    "releases_url": "/releases{/id}",
    "stargazers_url": "/stargazers",
    "statuses_url": "/statuses/{sha}",
    "subscribers_url": "/subscribers",
    "subscription_url": "/subscription",
    "tags_url": "/tags",
    "teams_url": "/teams",
    "trees_url": "/git/trees{/sha}",
}


def repo_json(state: State, repo: Repo, *, kind: str = "full", token_login: str | None = None) -> dict[str, Any]:
    """kind: "full" (`full-repository`, GET /repos), "repository" (pull request head/base) or
    "minimal" (`minimal-repository`, nested in workflow runs and elsewhere)."""
    url = repo_url(state, repo)
    host = state.base_url.split("://", 1)[-1]
    out: dict[str, Any] = {
        "id": repo.id,
        "node_id": node_id("R", repo.id),
        "name": repo.name,
        "full_name": repo.full_name,
        "owner": user_json(state, repo.owner),
        "private": repo.private,
        "html_url": html_base(state, repo),
        "description": repo.description,
        "fork": False,
        "url": url,
    }
    for key, suffix in _REPO_URL_SUFFIXES.items():
        out[key] = url + suffix
    if kind == "minimal":
        return out
    open_count = sum(1 for i in repo.items.values() if i.state == "open")
    out.update(
        {
            "git_url": f"git://{host}/{repo.full_name}.git",
            "ssh_url": f"git@{host}:{repo.full_name}.git",
            "clone_url": f"{html_base(state, repo)}.git",
            "svn_url": html_base(state, repo),
            "mirror_url": None,
            "homepage": None,
            "language": None,
            "forks_count": 0,
            "forks": 0,
            "stargazers_count": 0,
            "watchers_count": 0,
            "watchers": 0,
            "size": 0,
            "default_branch": repo.default_branch,
            "open_issues_count": open_count,
            "open_issues": open_count,
            "is_template": False,
            "topics": [],
            "has_issues": True,
            "has_projects": False,
            "has_wiki": False,
            "has_pages": False,
            "has_downloads": True,
            "has_discussions": False,
            "archived": False,
            "disabled": False,
            "visibility": "private" if repo.private else "public",
            "pushed_at": iso(repo.pushed_at),
            "created_at": iso(repo.created_at),
            "updated_at": iso(repo.updated_at),
            "allow_forking": True,
            "web_commit_signoff_required": False,
            "license": None,
        }
    )
    if kind == "full":
        out["network_count"] = 0
        out["subscribers_count"] = 0
    if token_login is not None:
        admin = token_login.lower() == repo.owner.lower() or token_login.lower() in repo.collaborators
        out["permissions"] = {"admin": admin, "maintain": admin, "push": admin, "triage": admin, "pull": True}
    return out


def label_json(state: State, repo: Repo, label: Label) -> dict[str, Any]:
    return {
        "id": label.id,
        "node_id": node_id("LA", label.id),
        "url": f"{repo_url(state, repo)}/labels/{quote(label.name, safe='')}",
        "name": label.name,
        "color": label.color,
        "default": label.default,
        "description": label.description,
    }


def author_association(repo: Repo, login: str | None) -> str:
    if login is None:
        return "NONE"
    if login.lower() == repo.owner.lower():
        return "OWNER"
    if login.lower() in repo.collaborators:
        return "COLLABORATOR"
    return "NONE"


def reactions_json(url: str) -> dict[str, Any]:
    return {
        "url": f"{url}/reactions",
        "total_count": 0,
        "+1": 0,
        "-1": 0,
        "laugh": 0,
        "hooray": 0,
        "confused": 0,
        "heart": 0,
        "rocket": 0,
        "eyes": 0,
    }


def issue_json(state: State, repo: Repo, issue: Issue) -> dict[str, Any]:
    base = repo_url(state, repo)
    url = f"{base}/issues/{issue.number}"
    html_kind = "pull" if issue.is_pull else "issues"
    html = f"{html_base(state, repo)}/{html_kind}/{issue.number}"
    labels = [label_json(state, repo, repo.labels[n.lower()]) for n in issue.labels if n.lower() in repo.labels]
    assignees = [user_json(state, login) for login in issue.assignees]
    out: dict[str, Any] = {
        "url": url,
        "repository_url": base,
        "labels_url": f"{url}/labels{{/name}}",
        "comments_url": f"{url}/comments",
        "events_url": f"{url}/events",
        "html_url": html,
        "id": issue.id,
        "node_id": node_id("PR", issue.pull_id) if issue.is_pull else node_id("I", issue.id),
        "number": issue.number,
        "title": issue.title,
        "user": user_json(state, issue.user),
        "labels": labels,
        "state": issue.state,
        "locked": issue.locked,
        "assignee": assignees[0] if assignees else None,
        "assignees": assignees,
        "milestone": None,
        "comments": len(issue.comment_ids),
        "created_at": iso(issue.created_at),
        "updated_at": iso(issue.updated_at),
        "closed_at": iso(issue.closed_at),
        "author_association": author_association(repo, issue.user),
        "active_lock_reason": None,
        "body": issue.body,
        "closed_by": user_json(state, issue.closed_by),
        "reactions": reactions_json(url),
        "timeline_url": f"{url}/timeline",
        "state_reason": issue.state_reason,
    }
    if issue.pull is not None:
        out["draft"] = issue.pull.draft
        out["pull_request"] = {
            "url": f"{base}/pulls/{issue.number}",
            "html_url": html,
            "diff_url": f"{html}.diff",
            "patch_url": f"{html}.patch",
            "merged_at": iso(issue.pull.merged_at),
        }
    return out


def comment_json(state: State, repo: Repo, comment: Comment) -> dict[str, Any]:
    base = repo_url(state, repo)
    issue = repo.items.get(comment.issue_number)
    kind = "pull" if issue is not None and issue.is_pull else "issues"
    url = f"{base}/issues/comments/{comment.id}"
    return {
        "url": url,
        "html_url": f"{html_base(state, repo)}/{kind}/{comment.issue_number}#issuecomment-{comment.id}",
        "issue_url": f"{base}/issues/{comment.issue_number}",
        "id": comment.id,
        "node_id": node_id("IC", comment.id),
        "user": user_json(state, comment.user),
        "created_at": iso(comment.created_at),
        "updated_at": iso(comment.updated_at),
        "author_association": author_association(repo, comment.user),
        "body": comment.body,
        "reactions": reactions_json(url),
    }
