"""The chaos run's judge: what each event must have done, and the invariants checked after every event.

`Oracle.expect_failure` predicts open-issue's decision for a failed run from the simulator's state
*before* the event and the documented rules (docs/stages/open-issue.md): an open issue with the
fingerprint records a repeat, a recently completed one is reopened, otherwise a new issue is filed
unless the hourly cap is full or the confidence is below `min_confidence`. `Ledger` re-checks the
whole simulator after every event, so a duplicate or an exceeded cap is attributed to the event that
caused it — and to whether that event was a concurrent delivery (of one run, or of two runs).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from .chaos_state import (
    IssueView,
    PullView,
    autoheal_issues,
    autoheal_pulls,
    by_fingerprint,
    comments_on,
    handoff_times,
)

# Violation kinds (the test asserts per kind; the benchmark prints them all).
DELIVERY = "delivery failed"
LOST = "occurrence lost"
WRONG_ISSUE = "wrong issue state"
DUP_ISSUE = "duplicate issue"
DUP_PR = "duplicate pull request"
DUP_COMMENT = "duplicate comment"
ORPHAN = "branch without pull request"
NOT_CLOSED = "green run did not close"
NOT_REOPENED = "regression not reported"
CAP = "rate limit exceeded"
OVERHELD = "held back below the cap"
TOKEN = "token in output"
UNSTABLE = "unstable fingerprint"
DUPLICATE_KINDS = (DUP_ISSUE, DUP_PR, DUP_COMMENT)


@dataclass(frozen=True)
class Violation:
    kind: str
    message: str
    event: int | None = None  # the event after which it was first seen
    concurrent: bool = False  # that event was delivered twice at once (the same run, or two runs of it)
    rerun: bool = False  # that event had a delivery re-run after an injected fault
    distinct_runs: bool = False  # the concurrent deliveries were two distinct runs of one failure

    def __str__(self) -> str:
        where = f"event {self.event}" if self.event is not None else "end"
        pair = " [two runs at once]" if self.distinct_runs else " [one run delivered twice at once]"
        flags = "".join([pair if self.concurrent else "", " [re-run]" if self.rerun else ""])
        return f"{self.kind}: {self.message} ({where}{flags})"


class Oracle:
    """open-issue's documented decision for a failed run, predicted from the state before the event."""

    def __init__(self, *, min_confidence: int, max_issues_per_hour: int, reopen_window_days: int) -> None:
        self.min_confidence = min_confidence
        self.max_issues_per_hour = max_issues_per_hour
        self.reopen_window = timedelta(days=reopen_window_days)
        self.expected: dict[str, set[str]] = {}  # fingerprint -> run keys ("<run id>.<attempt>") it must count
        self.fingerprint_of_kind: dict[tuple[str, str], str] = {}

    def expect_failure(self, before: list[IssueView], fingerprint: str, confidence: int, t0: datetime,
                       t1: datetime) -> str:
        """`record` (repeat or reopen), `create`, `capped`, `gated`, or `either` when the cap's hour
        boundary fell inside the event ("now" lies in [t0, t1]: the gateway's back-off moved the clock)."""
        if confidence < self.min_confidence:
            return "gated"
        mine = by_fingerprint(before).get(fingerprint, [])
        if any(i.open for i in mine):
            return "record"
        if any(i.state_reason == "completed" and i.closed_at and i.closed_at >= t1 - self.reopen_window for i in mine):
            return "record"
        if created_since(before, t0 - timedelta(hours=1)) < self.max_issues_per_hour:
            return "create"
        if created_since(before, t1 - timedelta(hours=1)) >= self.max_issues_per_hour:
            return "capped"
        return "either"

    def expect(self, fingerprint: str, key: str) -> None:
        self.expected.setdefault(fingerprint, set()).add(key)


def created_since(issues: list[IssueView], since: datetime) -> int:
    return sum(1 for i in issues if i.created_at >= since)


def max_in_hour(times: list[datetime]) -> tuple[int, datetime | None]:
    """The most objects created within any window [t - 1 h, t] (what an hourly cap counts), and its end."""
    ordered = sorted(times)
    best, at, lo = 0, None, 0
    for hi, t in enumerate(ordered):
        while ordered[lo] < t - timedelta(hours=1):
            lo += 1
        if hi - lo + 1 > best:
            best, at = hi - lo + 1, t
    return best, at


@dataclass
class Caps:
    issues: int
    pulls: int
    handoffs: int
    comments: int


@dataclass
class Ledger:
    """Invariants over the whole simulator, re-checked after every event; each finding is reported once."""

    sim: Any
    repo: str
    caps: Caps
    secrets: tuple[str, ...]
    violations: list[Violation] = field(default_factory=list)
    peaks: dict[str, int] = field(default_factory=dict)
    _seen: set[str] = field(default_factory=set)

    def add(self, kind: str, message: str, *, event: int | None = None, concurrent: bool = False,
            rerun: bool = False, distinct_runs: bool = False, once: str | None = None) -> None:
        if once is not None:
            if once in self._seen:
                return
            self._seen.add(once)
        self.violations.append(Violation(kind, message, event, concurrent, rerun, distinct_runs))

    def sweep(self, event: int | None, **tag: Any) -> None:
        """Look at everything autoheal wrote so far; new findings are attributed to `event` (and `tag`)."""
        issues = autoheal_issues(self.sim, self.repo)
        pulls = autoheal_pulls(self.sim, self.repo)
        comments = comments_on(self.sim, self.repo, [i.number for i in issues] + [p.number for p in pulls])
        tag = {"event": event, **tag}

        for fingerprint, found in by_fingerprint(issues).items():
            if len(found) > 1:
                self.add(DUP_ISSUE, f"{len(found)} issues {[i.number for i in found]} carry fingerprint "
                         f"{fingerprint[:12]}", once=f"dup-fp-{fingerprint}-{len(found)}", **tag)
        for issue in issues:
            if issue.duplicate_of is not None:
                # A race loser closed by autoheal itself: not left open, but it was created.
                self.add(DUP_ISSUE, f"issue {issue.number} was created for the same failure as issue "
                         f"{issue.duplicate_of} and closed as its duplicate", once=f"dup-closed-{issue.number}", **tag)
                if issue.open:
                    self.add(DUP_ISSUE, f"duplicate issue {issue.number} is open", once=f"dup-open-{issue.number}",
                             **tag)

        per_issue: dict[int | None, list[PullView]] = {}
        for pr in pulls:
            per_issue.setdefault(pr.issue, []).append(pr)
        for number, prs in per_issue.items():
            if len(prs) > 1:
                self.add(DUP_PR, f"PRs {[p.number for p in prs]} for issue {number}",
                         once=f"dup-pr-{number}-{len(prs)}", **tag)
        with_pr = {p.branch for p in pulls}
        for branch in self.sim.branches(self.repo):
            if branch.startswith("autoheal/") and branch not in with_pr:
                self.add(ORPHAN, f"branch {branch} holds a fix commit but no pull request was opened for it",
                         once=f"orphan-{branch}", **tag)

        keys: Counter = Counter()
        for c in comments:
            for key in c.keys:
                keys[(c.thread, key)] += 1
        for (thread, key), n in keys.items():
            if n > 1:
                self.add(DUP_COMMENT, f"{key} posted {n} times on #{thread}", once=f"dup-c-{thread}-{key}-{n}", **tag)

        for what, times, cap in (
            ("issues", [i.created_at for i in issues], self.caps.issues),
            ("pull requests", [p.created_at for p in pulls], self.caps.pulls),
            ("Copilot hand-offs", [t for _, t in handoff_times(comments)], self.caps.handoffs),
            ("comments", [c.created_at for c in comments], self.caps.comments),
        ):
            peak, at = max_in_hour(times)
            self.peaks[what] = max(self.peaks.get(what, 0), peak)
            if peak > cap and at is not None:
                self.add(CAP, f"{peak} {what} created in the hour up to {at:%H:%M:%S} (limit {cap})",
                         once=f"cap-{what}-{at.isoformat()}-{peak}", **tag)

        for issue in issues:
            self.scan(f"issue {issue.number}", issue.title, issue.body, **tag)
        for pr in pulls:
            self.scan(f"PR {pr.number}", pr.title, pr.body, pr.branch, **tag)
        for c in comments:
            self.scan(f"comment {c.id} on #{c.thread}", c.body, **tag)

    def scan(self, where: str, *texts: str, **tag: Any) -> None:
        """No secret in these texts, except the one `::add-mask::` line the runner needs to hide it."""
        for text in texts:
            visible = "\n".join(line for line in (text or "").splitlines()
                                if not any(line == f"::add-mask::{s}" for s in self.secrets))
            for secret in self.secrets:
                if secret and secret in visible:
                    self.add(TOKEN, f"a token appears in {where}", once=f"token-{where}", **tag)
                    return
