"""One comment per (issue or PR, key), edited in place: the stages' status comments.

Idempotent: calling it twice changes nothing the second time; a comment created twice by two runs at
once is cut back to one.
"""

from __future__ import annotations

from typing import Any

from ...markers import has_marker, marker
from .comment_budget import CommentBudget
from .trust import by_autoheal, own_logins


def own_sticky(issue: Any, key: str, logins: Any) -> Any:
    """autoheal's sticky comment `key` on `issue` (written by one of `logins`), or None. Call inside a read."""
    for comment in issue.get_comments():
        if has_marker(comment.body, "sticky", key) and by_autoheal(comment.user, logins):
            return comment
    return None


def upsert_sticky_comment(gw: Any, issue: Any, key: str, body: str, *, login: str | None = None,
                          budget: CommentBudget | None = None) -> tuple[str, Any]:
    """One comment per (issue, key), edited in place. Returns (action, comment): created|updated|unchanged,
    or ("held", None) when the comment does not exist yet and `budget` (rate_limits.max_comments_per_hour)
    has no room for a new one: nothing is written, and a later run creates it. Editing is never held."""
    tagged = f"{body.rstrip()}\n\n{marker('sticky', key)}\n"
    # Only autoheal's own comment is its sticky one: an outsider's comment carrying the marker is never
    # edited (it would show autoheal's text under their name) nor counted as a twin.
    logins: Any = frozenset({login.lower()}) if login else own_logins(gw)

    def mine(comment: Any) -> bool:
        return has_marker(comment.body, "sticky", key) and by_autoheal(comment.user, logins)

    def find() -> Any:
        return own_sticky(issue, key, logins)

    current = gw.read(find, what=f"find the {key} comment")
    if current is None:
        if budget is not None and not budget.allows():
            return "held", None
        comment = gw.write(lambda: issue.create_comment(tagged), find=find, what=f"comment on #{issue.number}")
        # Two runs may both have found nothing and both created one: the older comment wins, the newer
        # one deletes itself, so exactly one remains whichever run looks last.
        twins = [c for c in gw.read(lambda: list(issue.get_comments()), what=f"re-read comments of #{issue.number}")
                 if mine(c)]
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


class PullComments:
    """The issue-comment side of a PR in the shape `upsert_sticky_comment` expects (saves a request)."""

    def __init__(self, pr: Any) -> None:
        self.pr = pr
        self.number = pr.number

    def get_comments(self) -> Any:
        return self.pr.get_issue_comments()

    def create_comment(self, body: str) -> Any:
        return self.pr.create_issue_comment(body)
