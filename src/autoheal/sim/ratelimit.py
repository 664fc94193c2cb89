"""Primary rate limits per identity and resource, on the fake clock, as GitHub reports them."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from .clock import FakeClock

# (limit, window seconds) per resource; core limit depends on the token kind.
CORE_LIMITS = {"user": 5000, "installation": 5000, "github_token": 1000, "anonymous": 60}
WINDOWS = {"core": 3600, "search": 60, "graphql": 3600}


@dataclass
class Bucket:
    limit: int
    used: int
    reset: int  # epoch seconds on the fake clock

    @property
    def remaining(self) -> int:
        return max(0, self.limit - self.used)


class RateLimits:
    """Counts requests per (identity, resource); windows roll over when the fake clock passes reset."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self._lock = threading.Lock()
        self._buckets: dict[tuple[str, str], Bucket] = {}
        self.overrides: dict[str, int] = {}  # resource -> limit for every identity

    def _limit(self, kind: str, resource: str) -> int:
        if resource in self.overrides:
            return self.overrides[resource]
        if resource == "search":
            return 10 if kind == "anonymous" else 30
        if resource == "graphql":
            return 0 if kind == "anonymous" else 5000
        return CORE_LIMITS.get(kind, 5000)

    def bucket(self, identity: str, kind: str, resource: str) -> Bucket:
        now = self.clock.timestamp()
        with self._lock:
            key = (identity, resource)
            bucket = self._buckets.get(key)
            if bucket is None or now >= bucket.reset:
                bucket = Bucket(self._limit(kind, resource), 0, now + WINDOWS.get(resource, 3600))
                self._buckets[key] = bucket
            return bucket

    def consume(self, identity: str, kind: str, resource: str) -> tuple[Bucket, bool]:
        """Count one request; returns (bucket, allowed)."""
        bucket = self.bucket(identity, kind, resource)
        with self._lock:
            if bucket.used >= bucket.limit:
                return bucket, False
            bucket.used += 1
            return bucket, True

    def refund(self, bucket: Bucket) -> None:
        """Give one request back (GitHub does not count an authorised 304)."""
        with self._lock:
            bucket.used = max(0, bucket.used - 1)

    def set_limit(self, resource: str, limit: int | None) -> None:
        """Override the limit of a resource for everyone (None restores GitHub's defaults)."""
        with self._lock:
            if limit is None:
                self.overrides.pop(resource, None)
            else:
                self.overrides[resource] = limit
            self._buckets = {k: v for k, v in self._buckets.items() if k[1] != resource}

    def reset(self) -> None:
        with self._lock:
            self._buckets.clear()
            self.overrides.clear()
