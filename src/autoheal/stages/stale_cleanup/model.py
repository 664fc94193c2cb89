"""stale-cleanup's settings and the facts about one PR or issue (plain data)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

STALE_MARKER = "stale"


@dataclass(frozen=True)
class Settings:
    days_before_stale: float
    days_before_close: float
    stale_label: str
    stale_message: str | None
    close_message: str | None
    exempt_labels: tuple[str, ...]
    exempt_authors: tuple[str, ...]
    exempt_milestones: tuple[str, ...]
    only_labels: tuple[str, ...]
    remove_stale_when_updated: bool
    operations_per_run: int
    delete_branch: bool
    start_date: datetime | None
    scope: str
    branch_prefix: str
    autoheal_label: str


@dataclass
class Item:
    """One issue or PR as stale-cleanup sees it (facts only; no decisions)."""

    number: int
    kind: str  # "pull request" | "issue"
    author: str
    labels: tuple[str, ...]
    milestone: str | None
    created_at: datetime
    last_activity: datetime
    stale_since: datetime | None  # when autoheal's warning was posted (None: not marked)
    branch: str | None = None
    autoheal_owned: bool = False
    same_repo: bool = True
    raw: Any = field(default=None, repr=False, compare=False)
