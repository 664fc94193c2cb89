"""GitHub helpers several stages share: labels created once, sticky comments, hourly write caps.

All of them go through the gateway and are idempotent: calling them twice changes nothing the second time.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Iterable

import github.Repository

from ...markers import has_marker, marker

if TYPE_CHECKING:  # comment_budget imports this module
    from .comment_budget import CommentBudget

# Colour and description of the labels autoheal creates on first use (others get a neutral grey).
LABEL_STYLE: dict[str, tuple[str, str]] = {
    "autoheal": ("d73a4a", "Filed by autoheal for a failing workflow"),
    "autoheal-dashboard": ("0e8a16", "autoheal's workflow health dashboard"),
    "autoheal-alert": ("b60205", "autoheal: a workflow's success rate needs attention"),
    "copilot-ready": ("8250df", "Handed to GitHub Copilot by autoheal"),
    "ready-for-review": ("0e8a16", "autoheal: CI green, ready for a human review"),
    "needs-human": ("e99695", "autoheal gave up: a human should take over"),
    "stale": ("cfd3d7", "No activity for a while; autoheal will close it"),
}


def label_style(name: str) -> tuple[str, str]:
    if name in LABEL_STYLE:
        return LABEL_STYLE[name]
    if name.startswith("autoheal:"):
        return ("fbca04", f"autoheal: {name.split(':', 1)[1].replace('_', ' ')}")
    return ("ededed", "Added by autoheal")


def lazy_repo(gw: Any) -> Any:
    """The repository as a PyGithub object without the `GET /repos/{o}/{r}` a normal lookup costs.

    Built on the gateway's own requester (PyGithub's `lazy=True` would make a new, uncounted one), and
    marked incomplete so PyGithub fetches nothing until a method is called on it.
    """
    return github.Repository.Repository(gw.requester, url=f"/repos/{gw.repo_name}", completed=False)


def ensure_labels(gw: Any, names: Iterable[str]) -> list[str]:
    """Create missing repo labels with colour and description; never duplicates. Returns those created."""
    wanted = [n for n in dict.fromkeys(names) if n]
    if not wanted:
        return []
    repo = gw.repo()
    existing = {label.name.lower() for label in gw.read(lambda: list(repo.get_labels()), what="list labels")}
    created = []
    for name in wanted:
        if name.lower() in existing:
            continue
        color, description = label_style(name)

        def find(name: str = name) -> Any:
            return next((lb for lb in repo.get_labels() if lb.name.lower() == name.lower()), None)

        try:
            gw.write(lambda name=name, color=color, description=description:
                     repo.create_label(name, color, description), find=find, what=f"create label {name}")
        except Exception as exc:  # 422 already_exists when a concurrent run created it first: fine
            if getattr(exc, "status", None) != 422:
                raise
        existing.add(name.lower())
        created.append(name)
    return created


def upsert_sticky_comment(gw: Any, issue: Any, key: str, body: str, *, login: str | None = None,
                          budget: CommentBudget | None = None) -> tuple[str, Any]:
    """One comment per (issue, key), edited in place. Returns (action, comment): created|updated|unchanged,
    or ("held", None) when the comment does not exist yet and `budget` (rate_limits.max_comments_per_hour)
    has no room for a new one: nothing is written, and a later run creates it. Editing is never held."""
    tagged = f"{body.rstrip()}\n\n{marker('sticky', key)}\n"

    def find() -> Any:
        for comment in issue.get_comments():
            if has_marker(comment.body, "sticky", key) and (login is None or comment.user.login == login):
                return comment
        return None

    current = gw.read(find, what=f"find the {key} comment")
    if current is None:
        if budget is not None and not budget.allows():
            return "held", None
        comment = gw.write(lambda: issue.create_comment(tagged), find=find, what=f"comment on #{issue.number}")
        # Two runs may both have found nothing and both created one: the older comment wins, the newer
        # one deletes itself, so exactly one remains whichever run looks last.
        twins = [c for c in gw.read(lambda: list(issue.get_comments()), what=f"re-read comments of #{issue.number}")
                 if has_marker(c.body, "sticky", key) and (login is None or c.user.login == login)]
        older = [c for c in twins if c.id < comment.id]
        if older:
            gw.write(lambda: comment.delete(), what=f"delete a duplicate {key} comment on #{issue.number}")
            return "unchanged", older[0]
        if budget is not None:
            budget.spend()
        return "created", comment
    if current.body == tagged:
        return "unchanged", current
    gw.write(lambda: current.edit(tagged), what=f"edit the {key} comment on #{issue.number}")
    return "updated", current


def is_autoheal_pr(pr: Any, branch_prefix: str) -> bool:
    """A PR autoheal opened: draft-pr's `issue` / `fingerprint` marker in its body, or an autoheal branch."""
    return has_marker(pr.body, "issue") or has_marker(pr.body, "fingerprint") or pr.head.ref.startswith(branch_prefix)


def read_repo_file(gw: Any, path: str) -> str | None:
    """A file from the repository's default branch, or None when it does not exist (or is a folder)."""
    from ...errors import GitHubAPIError

    try:
        content = gw.read(lambda: gw.repo().get_contents(path), what=f"read {path}")
    except GitHubAPIError as exc:
        if exc.status == 404:
            return None
        raise
    if isinstance(content, list):
        return None
    return content.decoded_content.decode("utf-8", errors="replace")


def hour_ago(now: datetime) -> datetime:
    return now - timedelta(hours=1)
