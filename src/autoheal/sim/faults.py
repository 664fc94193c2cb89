"""Scripted, deterministic faults: "the Nth request matching METHOD/PATH misbehaves this way".

Faults reproduce what GitHub does on a bad day (5xx, secondary and primary rate limits, slow
answers, expired logs) and the classic duplicate maker: a write that is committed but whose
response never arrives.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field

KINDS = ("5xx", "secondary_rate_limit", "primary_rate_limit", "lost_response", "slow", "gone")

SECONDARY_MESSAGE = (
    "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. "
    "If you reach out to GitHub Support for help, please include the request ID {request_id}."
)
SECONDARY_DOCS = (
    "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits"
)
PRIMARY_DOCS = (
    "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-primary-rate-limits"
)


@dataclass
class Fault:
    kind: str
    method: str | None = None
    path: re.Pattern[str] | None = None
    nth: int = 1
    times: int = 1
    retry_after: int | None = 1
    delay: float = 0.0
    status: int | None = None
    seen: int = 0
    fired: int = 0

    def matches(self, method: str, path: str) -> bool:
        if self.method is not None and self.method.upper() != method:
            return False
        return self.path is None or self.path.search(path) is not None

    @property
    def exhausted(self) -> bool:
        return self.fired >= self.times


@dataclass
class FaultPlan:
    """The faults scripted for the current test, consulted once per request in arrival order."""

    faults: list[Fault] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def add(
        self,
        kind: str,
        *,
        method: str | None = None,
        path: str | None = None,
        nth: int = 1,
        times: int = 1,
        retry_after: int | None = 1,
        delay: float = 0.0,
        status: int | None = None,
    ) -> Fault:
        """Script a fault. `path` is a regex searched in the request path (without query string).

        The fault fires on matching requests number nth .. nth+times-1 (1-based). `status` picks
        the code for "5xx" (default 502) and "secondary_rate_limit" (403 default, or 429).
        `retry_after=None` makes a secondary rate limit arrive without a `Retry-After` header, as GitHub
        often sends it (advanced-security/gh-code-scanning PR #10, hivecommons/hive PR #4674: "GitHub does
        not reliably attach one"); GitHub's best-practices page then asks for a wait of at least one minute.
        """
        if kind not in KINDS:
            raise ValueError(f"unknown fault kind {kind!r}; expected one of {', '.join(KINDS)}")
        if retry_after is not None and (not isinstance(retry_after, int) or retry_after < 0):
            raise ValueError("retry_after is a number of seconds (or None for no Retry-After header)")
        if nth < 1 or times < 1:
            raise ValueError("nth and times are 1-based and positive")
        if kind == "secondary_rate_limit" and status not in (None, 403, 429):
            raise ValueError("a secondary rate limit answers 403 or 429")
        if kind == "5xx" and status is not None and not 500 <= status <= 599:
            raise ValueError("a 5xx fault needs a 5xx status")
        try:
            pattern = re.compile(path) if path else None
        except (re.error, TypeError) as exc:
            raise ValueError(f"path must be a regular expression: {exc}") from None
        fault = Fault(
            kind,
            method.upper() if method else None,
            pattern,
            nth,
            times,
            retry_after,
            delay,
            status,
        )
        with self._lock:
            self.faults.append(fault)
        return fault

    def clear(self) -> None:
        with self._lock:
            self.faults.clear()

    def pick(self, method: str, path: str) -> list[Fault]:
        """Faults that fire for this request (a "slow" one may accompany one other fault)."""
        fired: list[Fault] = []
        with self._lock:
            for fault in self.faults:
                if fault.exhausted or not fault.matches(method, path):
                    continue
                fault.seen += 1
                if fault.seen < fault.nth:
                    continue
                if fault.kind != "slow" and any(f.kind != "slow" for f in fired):
                    fault.seen -= 1  # not consumed: another fault already answers this request
                    continue
                fault.fired += 1
                fired.append(fault)
        return fired

    def __len__(self) -> int:
        return len(self.faults)
