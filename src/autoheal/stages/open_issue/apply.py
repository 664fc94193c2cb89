"""open-issue's writes, all through the gateway (PyGithub underneath).

Writes go through `gw.write(fn, find=...)`: after a lost response, `find` looks for what the write
would have produced (the fingerprint marker, the exact body, a comment's hidden marker) before
anything is sent again.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime
from typing import Any

import github.Issue

from ...errors import MissingPermission
from ...markers import has_marker
from ..shared.comment_budget import (
    CommentBudget,
    held_back_note,
    post_once,
    stage_comment_budget,
)
from ..shared.context import Plan, StageContext
from ..shared.labels import ensure_labels
from ..shared.repo import lazy_repo
from .decide import (
    Facts,
    KnownIssue,
    Outcome,
    Settings,
    decide_failure,
    with_fingerprint,
)
from .gather import known_issue, list_issues
from ..shared.timestamps import parse_time

PERMISSION_HINT = ("grant it in the job's `permissions:` block (`issues: write`), or use a token that can "
                   "write issues in this repository")


def lazy_issue(gw: Any, number: int) -> Any:
    """An issue object to call `edit` / `create_comment` on, without first GETting the issue."""
    return github.Issue.Issue(gw.requester, url=f"/repos/{gw.repo_name}/issues/{number}", completed=False)


def apply(ctx: StageContext, plan: Plan, facts: Facts, settings: Settings, outcome: Outcome, *,
          locked: bool = False) -> Outcome:
    """Carry out `plan`; returns the outcome (which may change if a concurrent run filed the issue first).

    `locked`: the failure's lock is held (`lock`), so no other delivery can be filing it now.
    """
    held: list[int] = []
    with issues_write_needed():
        for write in plan:
            if write.op == "ensure_labels":
                known = {name.lower() for issue in facts.open_issues + (facts.closed_issues or [])
                         for name in issue.labels}
                missing = [n for n in write.args["names"] if n.lower() not in known]
                if missing:
                    ensure_labels(ctx.gw, missing)
            elif write.op == "create_issue":
                outcome = create_issue(ctx, write.args, facts, settings, outcome, locked=locked)
            elif write.op == "edit_issue":
                edit_issue(ctx.gw, write.args["number"], body=write.args["body"], state=write.args.get("state"),
                           state_reason=write.args.get("state_reason"))
            elif write.op == "comment":
                if not comment(ctx.gw, write.args["number"], write.args["body"], write.args["key"],
                               budget=stage_comment_budget(ctx),
                               since=comments_since(facts), look_first=write.args.get("look_first", True)):
                    held.append(write.args["number"])
            else:  # pragma: no cover - a new op without an applier is a programming error
                raise AssertionError(f"unknown write {write.op}")
    if held:
        note = held_back_note(stage_comment_budget(ctx).limit)
        ctx.rt.info(f"issue {', '.join(map(str, held))}: {note}")
        outcome = replace(outcome, reason=f"{outcome.reason}; {note}")
    return outcome


@contextmanager
def issues_write_needed() -> Iterator[None]:
    """A 403 on any of open-issue's writes (the lock label included) names the permission to grant."""
    try:
        yield
    except MissingPermission as exc:
        raise MissingPermission(f"open-issue needs the `issues: write` permission: {exc.message}",
                                PERMISSION_HINT, exc.status) from None


def comments_since(facts: Facts) -> datetime | None:
    """No comment about this run can be older than the run: list an issue's comments from there only."""
    run = facts.run
    if run is not None and run.created_at is not None:
        return run.created_at
    created = (facts.analysis or {}).get("created_at")
    return parse_time(created) if isinstance(created, str) else None


def create_issue(ctx: StageContext, args: dict[str, Any], facts: Facts, settings: Settings,
                 outcome: Outcome, *, locked: bool = False) -> Outcome:
    """Create the issue; without the failure's lock, then make sure it is the only open one.

    Under the lock (the normal case) nobody else can be filing this failure, so the created issue
    stands. Without it (a lock held past the whole wait), two runs racing on the same new failure may
    both create an issue. Each then lists the open issues again: issue numbers grow, so the later
    creator always sees the earlier issue. The lowest number wins; a loser closes its own issue as a
    duplicate and records its run on the winner — the same steps as a repeat, decided by the same code.
    """
    gw = ctx.gw
    repo = lazy_repo(gw)
    fingerprint, key = args["fingerprint"], args["key"]

    def find() -> KnownIssue | None:
        matches = with_fingerprint(list_issues(gw, settings.marker_label, state="open"), fingerprint)
        ours = [i for i in matches if i.record is not None and i.record.has(key)]
        return (ours or matches or [None])[0]

    def send() -> KnownIssue:
        created = repo.create_issue(args["title"], body=args["body"], labels=list(args["labels"]))
        issue = known_issue(created)
        assert issue is not None
        return issue

    created = gw.write(send, find=find, what="create the issue")
    if locked:
        return replace(outcome, action="created", number=created.number, url=created.url)
    relisted = list_issues(gw, settings.marker_label, state="open")
    matches = with_fingerprint(relisted, fingerprint)
    if not matches:  # not listed yet (GitHub is not always read-your-writes): ours stands
        return replace(outcome, action="created", number=created.number, url=created.url)
    again = Facts(now=facts.now, analysis=facts.analysis, run=facts.run, open_issues=relisted, closed_issues=[])
    plan, _ = decide_failure(again, settings)
    apply_followups(ctx, plan, settings, again)
    winner = matches[0]
    if winner.number == created.number:
        ours = created.record is not None and created.record.has(key)
        if ours:
            return replace(outcome, action="created", number=created.number, url=created.url)
        return Outcome("updated", f"issue {created.number} for this failure appeared while this run was filing it: "
                       "recorded this run there", created.number, created.url)
    ctx.rt.info(f"another run filed issue {winner.number} for this failure at the same time; "
                f"issue {created.number} was closed as its duplicate")
    return Outcome("updated", f"a concurrent run filed issue {winner.number} for this failure first: recorded this "
                   f"run there and closed {created.number} as its duplicate", winner.number, winner.url)


def apply_followups(ctx: StageContext, plan: Plan, settings: Settings, facts: Facts) -> None:
    for write in plan:
        if write.op == "edit_issue":
            edit_issue(ctx.gw, write.args["number"], body=write.args["body"], state=write.args.get("state"),
                       state_reason=write.args.get("state_reason"))
        elif write.op == "comment":
            comment(ctx.gw, write.args["number"], write.args["body"], write.args["key"],
                    budget=stage_comment_budget(ctx), since=comments_since(facts),
                    look_first=write.args.get("look_first", True))
        else:  # decide_failure never creates when open matches exist
            raise AssertionError(f"unexpected follow-up write {write.op}")


def edit_issue(gw: Any, number: int, *, body: str, state: str | None = None, state_reason: str | None = None) -> None:
    """One PATCH: body (and state). Safe to resend, but only after `find` shows it did not land."""
    kwargs: dict[str, Any] = {"body": body}
    if state:
        kwargs["state"] = state
    if state_reason:
        kwargs["state_reason"] = state_reason

    def send() -> bool:
        lazy_issue(gw, number).edit(**kwargs)
        return True

    def find() -> bool | None:
        issue = lazy_issue(gw, number).complete()
        landed = issue.body == body and (state is None or issue.state == state)
        return True if landed else None

    gw.write(send, find=find, what=f"update issue {number}")


def comment(gw: Any, number: int, body: str, key: str, *, budget: CommentBudget, since: datetime | None = None,
            look_first: bool = True) -> bool:
    """Post a comment once; False when rate_limits.max_comments_per_hour held it back.

    Its hidden `autoheal:comment=<key>` marker is what finds it again: first only with `look_first` (the
    issue changed since the run began, see decide.touched_since; comments older than `since`
    cannot be it), and always after a lost response, before anything is resent.
    """
    issue = lazy_issue(gw, number)

    def find() -> bool | None:
        listing = issue.get_comments(since=since) if since else issue.get_comments()
        return True if any(has_marker(item.body, "comment", key) for item in listing) else None

    return post_once(gw, issue, body, find, budget, look_first=look_first, what=f"comment on issue {number}")
