"""The simulator's fake clock: every timestamp the simulator writes comes from here.

Tests and the demo move time explicitly (stale drafts, rate-limit windows, log expiry) instead of
sleeping, so time-dependent behaviour is deterministic and instant.
"""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

DEFAULT_START = datetime(2026, 1, 5, 12, 0, 0, tzinfo=timezone.utc)


def parse_time(value: datetime | str) -> datetime:
    """Accept an aware/naive datetime or an ISO 8601 string ("...Z" allowed); return aware UTC."""
    if isinstance(value, str):
        text = value.strip()
        if text.endswith("Z") or text.endswith("z"):
            text = text[:-1] + "+00:00"
        value = datetime.fromisoformat(text)
    if not isinstance(value, datetime):
        raise ValueError(f"not a timestamp: {value!r}")
    if value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


def iso(dt: datetime | None) -> str | None:
    """GitHub's timestamp format: second precision, UTC, trailing Z."""
    if dt is None:
        return None
    if dt.tzinfo is not timezone.utc:
        dt = dt.astimezone(timezone.utc)
    return f"{dt.year:04d}-{dt.month:02d}-{dt.day:02d}T{dt.hour:02d}:{dt.minute:02d}:{dt.second:02d}Z"


class FakeClock:
    """A settable UTC clock; never moves unless told to."""

    def __init__(self, start: datetime | str = DEFAULT_START) -> None:
        self._lock = threading.Lock()
        self._now = parse_time(start)

    def now(self) -> datetime:
        with self._lock:
            return self._now

    def timestamp(self) -> int:
        """Epoch seconds of now (what `X-RateLimit-Reset` is expressed in)."""
        return int(self.now().timestamp())

    def advance(self, *, days: float = 0, hours: float = 0, minutes: float = 0, seconds: float = 0) -> datetime:
        delta = timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds)
        if delta < timedelta(0):
            raise ValueError("the fake clock only moves forward; use set() to go back")
        with self._lock:
            self._now = self._now + delta
            return self._now

    def set(self, when: datetime | str) -> datetime:
        with self._lock:
            self._now = parse_time(when)
            return self._now

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"FakeClock({iso(self.now())})"
