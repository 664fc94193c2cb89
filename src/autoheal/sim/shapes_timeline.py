"""Render issue timeline events (labels, assignments, state changes, comments, cross-references,
review requests, reviews) and pull request review comments as GitHub's JSON."""

from __future__ import annotations

from typing import Any

from .clock import iso
from .model import (
    COPILOT_LOGIN,
    Issue,
    Repo,
    ReviewComment,
    State,
    TimelineEvent,
    node_id,
)
from .shapes import (
    author_association,
    comment_json,
    html_base,
    issue_json,
    repo_url,
    repo_json,
    user_json,
)

GENERIC = {"closed", "reopened", "merged", "ready_for_review", "convert_to_draft", "head_ref_deleted"}


def event_json(state: State, repo: Repo, issue: Issue, event: TimelineEvent) -> dict[str, Any] | None:
    """One timeline entry, or None for an event whose subject no longer exists."""
    base = repo_url(state, repo)
    if event.event == "commented":
        comment = state.comments.get(event.extra.get("comment_id", -1))
        if comment is None:
            return None
        out = comment_json(state, repo, comment)
        out["event"] = "commented"
        out["actor"] = user_json(state, comment.user)
        return out
    if event.event == "cross-referenced":
        assert event.source is not None
        source_repo = state.repo_by_name(event.source[0])
        source = source_repo.items.get(event.source[1]) if source_repo else None
        if source is None or source_repo is None:
            return None
        shown = issue_json(state, source_repo, source)
        if source_repo is repo:
            shown["repository"] = repo_json(state, repo, kind="repository")
        # A source in another repository comes without `source.issue.repository` (the reference names
        # its repository only through repository_url/html_url): google/go-github issue #2668 reports the
        # field cannot be relied on for cross-repository references; modelled as absent.
        return {
            "event": "cross-referenced",
            "actor": user_json(state, event.actor),
            "created_at": iso(event.created_at),
            "updated_at": iso(event.created_at),
            "source": {"type": "issue", "issue": shown},
        }
    if event.event == "reviewed":
        pull = issue.pull
        review = next((r for r in (pull.reviews if pull else []) if r.id == event.extra.get("review_id")), None)
        if review is None:
            return None
        from .shapes_pulls import review_json

        out = review_json(state, repo, issue, review)
        out["event"] = "reviewed"
        return out
    out = {
        "id": event.id,
        "node_id": node_id("E", event.id),
        "url": f"{base}/issues/events/{event.id}",
        "actor": user_json(state, event.actor),
        "event": event.event,
        "commit_id": event.extra.get("commit_id"),
        "commit_url": f"{base}/commits/{event.extra['commit_id']}" if event.extra.get("commit_id") else None,
        "created_at": iso(event.created_at),
        "performed_via_github_app": None,
    }
    if event.event in ("labeled", "unlabeled"):
        name = event.extra["label"]["name"]
        label = repo.labels.get(name.lower())
        out["label"] = {"name": name, "color": label.color if label else "ededed"}
    elif event.event in ("assigned", "unassigned"):
        out["assignee"] = user_json(state, event.extra["assignee"])
    elif event.event == "renamed":
        out["rename"] = dict(event.extra["rename"])
    elif event.event in ("review_requested", "review_request_removed"):
        out["review_requester"] = user_json(state, event.actor)
        out["requested_reviewer"] = user_json(state, event.extra.get("requested_reviewer", COPILOT_LOGIN))
    elif event.event in ("closed", "reopened") and not issue.is_pull:
        out["state_reason"] = issue.state_reason if event.event == "closed" else "reopened"
    elif event.event not in GENERIC:
        return None
    return out


def review_comment_json(state: State, repo: Repo, issue: Issue, comment: ReviewComment) -> dict[str, Any]:
    base = repo_url(state, repo)
    url = f"{base}/pulls/comments/{comment.id}"
    html = f"{html_base(state, repo)}/pull/{issue.number}#discussion_r{comment.id}"
    pull_url = f"{base}/pulls/{issue.number}"
    return {
        "url": url,
        "pull_request_review_id": comment.review_id,
        "id": comment.id,
        "node_id": node_id("PRRC", comment.id),
        "diff_hunk": f"@@ -{comment.line},1 +{comment.line},1 @@",
        "path": comment.path,
        "commit_id": comment.commit_id,
        "original_commit_id": comment.commit_id,
        "user": user_json(state, comment.user),
        "body": comment.body,
        "created_at": iso(comment.created_at),
        "updated_at": iso(comment.created_at),
        "html_url": html,
        "pull_request_url": pull_url,
        "author_association": author_association(repo, comment.user),
        "_links": {"self": {"href": url}, "html": {"href": html}, "pull_request": {"href": pull_url}},
        "line": comment.line,
        "original_line": comment.line,
        "side": "RIGHT",
        "subject_type": "line",
    }


def committed_json(state: State, repo: Repo, commit: Any) -> dict[str, Any]:
    """A pull request timeline's "committed" entry (git commit shape plus `event`)."""
    from .shapes_git import git_commit_json

    out = git_commit_json(state, repo, commit)
    out["event"] = "committed"
    return out
