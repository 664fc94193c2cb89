"""Reading the chaos run's outcome back from the simulator: autoheal's issues, PRs and comments.

Everything here reads the simulator's state directly (Python, not HTTP), parses autoheal's hidden
markers and records the same way the stages write them, and never trusts what a stage printed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from autoheal.markers import read_markers
from autoheal.sim.clock import parse_time
from autoheal.stages.shared.handoff import RECORD_KEY as HANDOFF_RECORD_KEY
from autoheal.stages.shared.record import decode_record
from autoheal.stages.open_issue.state import Record, record_of

LABEL = "autoheal"


@dataclass(frozen=True)
class IssueView:
    """One autoheal issue as the simulator holds it."""

    number: int
    state: str
    state_reason: str | None
    created_at: datetime
    closed_at: datetime | None
    fingerprint: str | None  # None for an issue closed as a duplicate (its marker is renamed)
    duplicate_of: int | None
    record: Record | None
    labels: tuple[str, ...]
    title: str
    body: str

    @property
    def open(self) -> bool:
        return self.state == "open"


def issue_view(raw: dict) -> IssueView:
    body = raw.get("body") or ""
    markers = read_markers(body)
    dup = markers.get("duplicate-of")
    return IssueView(
        number=int(raw["number"]),
        state=raw["state"],
        state_reason=raw.get("state_reason"),
        created_at=parse_time(raw["created_at"]),
        closed_at=parse_time(raw["closed_at"]) if raw.get("closed_at") else None,
        fingerprint=markers.get("fingerprint") or None,
        duplicate_of=int(dup) if dup and dup.isdigit() else None,
        record=record_of(body),
        labels=tuple(label["name"] for label in raw.get("labels") or []),
        title=raw.get("title") or "",
        body=body,
    )


def autoheal_issues(sim, repo: str) -> list[IssueView]:
    """Issues carrying autoheal's marker label (pull requests excluded), oldest first."""
    views = [issue_view(i) for i in sim.issues(repo, state="all")]
    return sorted((v for v in views if LABEL in v.labels), key=lambda v: v.number)


def by_fingerprint(issues: Iterable[IssueView]) -> dict[str, list[IssueView]]:
    """Issues that still carry a fingerprint marker (duplicates closed by a race lose theirs)."""
    out: dict[str, list[IssueView]] = {}
    for issue in issues:
        if issue.fingerprint:
            out.setdefault(issue.fingerprint, []).append(issue)
    return out


@dataclass(frozen=True)
class PullView:
    number: int
    state: str
    created_at: datetime
    issue: int | None  # the issue the PR fixes (draft-pr's hidden `issue` marker)
    branch: str
    body: str
    title: str


def autoheal_pulls(sim, repo: str) -> list[PullView]:
    out = []
    for raw in sim.pulls(repo, state="all"):
        markers = read_markers(raw.get("body") or "")
        issue = markers.get("issue")
        if issue is None:
            continue
        out.append(PullView(int(raw["number"]), raw["state"], parse_time(raw["created_at"]),
                            int(issue) if str(issue).isdigit() else None, raw["head"]["ref"], raw.get("body") or "",
                            raw.get("title") or ""))
    return sorted(out, key=lambda p: p.number)


@dataclass(frozen=True)
class CommentView:
    thread: int
    id: int
    created_at: datetime
    body: str
    author: str

    @property
    def keys(self) -> list[str]:
        """The hidden markers that make a comment unique (`comment=<kind>-<key>`, `sticky=<key>`)."""
        markers = read_markers(self.body)
        return [f"{name}={markers[name]}" for name in ("comment", "sticky") if name in markers]


def comments_on(sim, repo: str, numbers: Iterable[int]) -> list[CommentView]:
    out = []
    for number in numbers:
        for raw in sim.comments(repo, number):
            out.append(CommentView(number, int(raw["id"]), parse_time(raw["created_at"]), raw.get("body") or "",
                                   (raw.get("user") or {}).get("login", "")))
    return out


def handoff_times(comments: Iterable[CommentView]) -> list[tuple[int, datetime]]:
    """(PR, when) of each verified Copilot hand-off, from copilot-review's record in its sticky comment."""
    out = []
    for comment in comments:
        record = decode_record(comment.body, HANDOFF_RECORD_KEY)
        if record and record.get("verified") and record.get("at"):
            out.append((comment.thread, parse_time(record["at"])))
    return out
