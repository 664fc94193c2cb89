"""A person's issue or PR is autoheal's to act on only when someone with write access opts it in.

Opting in is adding the `opt_in_label` (default `autoheal:opt-in`). What counts is WHO added it — the
event's `sender` when the event is that very labeling, else the newest `labeled` event of the item — and
that person's permission as GitHub reports it (GET /repos/{owner}/{repo}/collaborators/{user}/permission),
never what the author wrote or which labels the item carries: anyone can open an issue, and a label
copied into an issue template is not a maintainer's decision.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from ...errors import GitHubAPIError

WRITE_PERMISSIONS = frozenset({"admin", "maintain", "write"})


@dataclass(frozen=True)
class OptIn:
    opted_in: bool
    reason: str
    labeler: str = ""


def labeler_from_event(event: Mapping[str, Any], event_name: str, number: int, label: str) -> str | None:
    """The login that added ``label`` to item ``number``, when this event is that labeling."""
    if event_name not in ("issues", "pull_request", "pull_request_target") or event.get("action") != "labeled":
        return None
    item = event.get("issue") or event.get("pull_request") or {}
    if int(item.get("number") or 0) != number or (event.get("label") or {}).get("name") != label:
        return None
    return ((event.get("sender") or {}).get("login")) or None


def labeler_from_history(gw: Any, issue: Any, label: str) -> str | None:
    """The login that last added ``label``, from the item's events (one request for a short history)."""
    events = issue.get_issue_events if hasattr(issue, "get_issue_events") else issue.get_events  # a PR, an issue

    def newest() -> str | None:
        who = None
        for event in events():
            if event.event == "labeled" and event.label is not None and event.label.name == label:
                who = event.actor.login if event.actor else None
        return who

    return gw.read(newest, what=f"read who labeled #{issue.number}")


def permission_of(gw: Any, login: str) -> str:
    """`admin`, `write`, `read` or `none`, as GitHub reports it; `none` for an unknown login."""
    repo = gw.repo()
    try:
        return str(gw.read(lambda: repo.get_collaborator_permission(login), what=f"read {login}'s permission"))
    except GitHubAPIError as exc:
        if exc.status == 404:
            return "none"
        raise


def check_opt_in(gw: Any, issue: Any, labels: tuple[str, ...], label: str,
                 event: Mapping[str, Any], event_name: str) -> OptIn:
    """Whether a person's item was opted in by someone with write access (reads nothing without the label)."""
    if not label or label not in labels:
        return OptIn(False, f"it is not autoheal's and carries no `{label}` label (a maintainer opts it in)")
    login = labeler_from_event(event, event_name, issue.number, label) or labeler_from_history(gw, issue, label)
    if not login:
        return OptIn(False, f"who added `{label}` is unknown")
    permission = permission_of(gw, login)
    if permission not in WRITE_PERMISSIONS:
        return OptIn(False, f"`{label}` was added by `{login}`, who has {permission} access, not write", login)
    return OptIn(True, f"opted in by `{login}` ({permission} access) with `{label}`", login)
