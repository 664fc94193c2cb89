"""`rate_limits.max_comments_per_hour`: how many comments autoheal may still post, all stages together.

Every comment autoheal posts carries a hidden `<!-- autoheal:... -->` marker. The ones autoheal's own
identity wrote (stages/shared/trust.py: an outsider's marked comments are not counted, so they cannot
fill the cap) created in the last hour (by GitHub's clock) are counted once per gateway, from the repository's comment list newest
first — one request in a normal repository, and the scan stops at the hour's edge or at the cap — and
every comment posted through the same gateway afterwards is added to that count. So `heal`, which runs
several stages on one gateway, counts once. A sticky comment edited in place is not a new comment (it
notifies nobody) and is not counted; only creating one is.

A stage asks `allows()` before creating a comment and calls `spend()` after; when the cap is reached it
leaves the comment out, says so in its outputs, and does the rest of its work.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any

from .ownership import is_autoheal_comment
from .repo import hour_ago, lazy_repo
from .timestamps import utc
from .trust import by_autoheal, own_logins

# A repository whose comments in one hour need more pages than this is a flood; stop counting there and
# treat the cap as reached rather than spend the run's requests on it.
MAX_PAGES = 10

_budgets: weakref.WeakKeyDictionary[Any, CommentBudget] = weakref.WeakKeyDictionary()


class CommentBudget:
    """Comments left this hour under one cap; counted from GitHub on first use, then kept by hand."""

    def __init__(self, gw: Any, limit: int) -> None:
        self.gw = gw
        self.limit = limit
        self.posted: int | None = None  # autoheal comments created in the last hour; None until counted

    def count(self) -> int:
        if self.posted is None:
            self.posted = self._count_recent()
        return self.posted

    def left(self) -> int:
        """New comments the cap still allows this hour (a cap of 0: none, without a request)."""
        if self.limit <= 0:
            return 0
        return max(0, self.limit - self.count())

    def allows(self) -> bool:
        """True when one more comment stays within the cap."""
        return self.left() > 0

    def spend(self) -> None:
        self.posted = self.count() + 1

    def _count_recent(self) -> int:
        repo = lazy_repo(self.gw)

        logins = own_logins(self.gw)

        def scan() -> int:
            found = 0
            since = None  # the hour's edge by GitHub's clock, known once the first page has answered
            listing = repo.get_issues_comments(sort="created", direction="desc")
            for index, comment in enumerate(listing):
                if index >= MAX_PAGES * 100:
                    return self.limit
                since = since or hour_ago(self.gw.now())
                if utc(comment.created_at) < since:
                    break
                if is_autoheal_comment(comment.body) and by_autoheal(comment.user, logins):
                    found += 1
                    if found >= self.limit:
                        break
            return found

        return int(self.gw.read(scan, what="count autoheal's comments in the last hour"))


def comment_budget(gw: Any, limit: int) -> CommentBudget:
    """The budget shared by every stage on this gateway (one count per process, even under `heal`)."""
    budget = _budgets.get(gw)
    if budget is None or budget.limit != limit:
        budget = CommentBudget(gw, limit)
        _budgets[gw] = budget
    return budget


def stage_comment_budget(ctx: Any) -> CommentBudget:
    """The run's shared budget under the config's `rate_limits.max_comments_per_hour`."""
    return comment_budget(ctx.gw, int(ctx.config["rate_limits"]["max_comments_per_hour"]))


def post_once(gw: Any, issue: Any, body: str, find: Callable[[], Any], budget: CommentBudget, *,
              look_first: bool = True, what: str) -> bool:
    """Post a marked comment once under the cap; False when the cap held it back.

    `find` returns the comment when it is already there (by its hidden marker). It is asked first with
    `look_first` (a re-run of a delivery that failed after posting must not post again), and always
    after a lost response, before anything is resent.
    """
    if look_first and gw.read(find, what=f"look for the comment before {what}") is not None:
        return True
    if not budget.allows():
        return False
    gw.write(lambda: issue.create_comment(body), find=find, what=what)
    budget.spend()
    return True


def held_back_note(limit: int) -> str:
    """The words every stage uses when it leaves a comment out."""
    return (f"comment held back: rate_limits.max_comments_per_hour ({limit}) reached; "
            "the next run after the hour posts again")
