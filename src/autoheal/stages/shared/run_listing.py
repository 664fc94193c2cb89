"""Filtered workflow-run listings past GitHub's 1,000-result cap.

GitHub's description of "List workflow runs": "This endpoint will return up to 1,000 results for each
search when using the following parameters: actor, branch, check_suite_id, created, event, head_sha,
status." A listing used up at 1,000 may therefore hide older runs; these helpers list again, created no
later than the oldest run seen, until a listing ends below the cap.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from typing import Any

from .timestamps import iso

FILTERED_CAP = 1000


def created_at_or_before(moment: datetime) -> str:
    """The `created` filter for runs created no later than `moment` (GitHub's `<=` syntax, UTC)."""
    return "<=" + iso(moment)


def beyond_the_cap(listing: Callable[[str | None], Iterable[Any]]) -> Iterator[Any]:
    """Every run of a filtered listing, newest first. `listing(created)` lists with that extra `created`
    filter (None: none); runs seen on an earlier round are not yielded twice."""
    created: str | None = None
    seen: set[int] = set()
    while True:
        count, oldest = 0, None
        for run in listing(created):
            count += 1
            if run.id in seen:
                continue
            seen.add(run.id)
            oldest = run.created_at
            yield run
        if count < FILTERED_CAP or oldest is None:
            return
        created = created_at_or_before(oldest)
