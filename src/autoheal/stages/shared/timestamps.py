"""GitHub's timestamps as aware UTC datetimes, in one place.

PyGithub hands back naive or aware datetimes depending on its version, and our own hidden records
carry ISO strings; comparing a naive with an aware datetime raises, so every stage reads times
through these two functions.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, overload


@overload
def utc(value: datetime) -> datetime: ...
@overload
def utc(value: None) -> None: ...
def utc(value: datetime | None) -> datetime | None:
    """The same moment in UTC; a naive datetime is taken to be UTC already (GitHub's convention)."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def parse_time(value: Any) -> datetime | None:
    """A GitHub timestamp (`2026-01-05T12:00:00Z`) or datetime -> aware UTC datetime; None if unreadable."""
    if isinstance(value, datetime):
        return utc(value)
    if not isinstance(value, str) or not value:
        return None
    try:
        return utc(datetime.fromisoformat(value.replace("Z", "+00:00")))
    except ValueError:
        return None


def iso(moment: datetime) -> str:
    """`2026-01-05T12:00:00Z`: the form GitHub writes and its search filters read."""
    return utc(moment).strftime("%Y-%m-%dT%H:%M:%SZ")
