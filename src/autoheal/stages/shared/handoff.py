"""Hand work to Copilot through the real APIs, then re-read GitHub to see whether it registered.

GitHub answers "201 Created" to an assignment or review request it then quietly ignores (the agent is
not enabled, the token's user has no Copilot seat, a misspelled bot login); peers report those as
success. Here every mode is followed by a read of the assignees / review-request events and reviews /
comments, and only what GitHub shows afterwards counts: `verified`. (A requested Copilot review never
appears in `requested_reviewers`: GitHub's REST API lists no bot there; its `review_requested` event
does.) The modes, tried in the configured order:

- `coding_agent`: assign the linked issue to `copilot-swe-agent[bot]` with an `agent_assignment`
  (REST, needs a *user* token: the `copilot-token` input);
- `code_review`: `POST .../pulls/N/copilot-code-review`, falling back to `requested_reviewers` with
  `copilot-pull-request-reviewer[bot]`;
- `comment`: one `@copilot` comment carrying a hidden marker, so it is never posted twice; when
  `rate_limits.max_comments_per_hour` has no room for it, it is `held` (not sent, tried by a later run).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from ...errors import AutohealError
from ...gateway import Gateway
from ...markers import has_marker
from .comment_budget import CommentBudget, held_back_note
from .copilot_identity import (
    AGENT_LOGIN,
    REVIEWER_LOGIN,
    copilot_request_time,
    copilot_reviewed_at,
    is_agent,
    review_pending,
)
from .trust import own_logins

# copilot-review's record of a hand-off (read back by pr-monitor) and its sticky comment.
RECORD_KEY = "copilot-handoff"
STICKY_KEY = "copilot-review"

NO_USER_TOKEN = (
    "no `copilot-token`: GitHub only lets a user token (a PAT or a GitHub App user-to-server token) assign the "
    "Copilot coding agent; GITHUB_TOKEN and App installation tokens are refused. Pass one in the `copilot-token` "
    "input (e.g. a secret AUTOHEAL_COPILOT_TOKEN) to use this mode (see docs/copilot.md)"
)

CODE_REVIEW_API_VERSION = "2026-03-10"
"""The REST version that documents `POST /pulls/{n}/copilot-code-review`."""

MODES = ("coding_agent", "code_review", "comment")

# Outcomes of one mode.
VERIFIED = "verified"  # GitHub shows it after the call
ALREADY = "already"  # it was in place before autoheal asked (nothing sent)
FAILED = "failed"  # refused, or accepted without effect
SKIPPED = "skipped"  # not attempted (no token, not allowed, no linked issue…)
HELD = "held"  # the comment cap left it out this hour: not a failure, a later run tries again


@dataclass
class Attempt:
    """What happened to one hand-off mode; `detail` is one line a person can act on."""

    mode: str
    outcome: str
    detail: str
    status: int | None = None

    @property
    def took_effect(self) -> bool:
        return self.outcome in (VERIFIED, ALREADY)

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Attempt:
        return cls(str(data.get("mode", "")), str(data.get("outcome", "")), str(data.get("detail", "")),
                   data.get("status") if isinstance(data.get("status"), int) else None)


@dataclass
class Target:
    """Where a hand-off goes and what it says."""

    repo: str  # OWNER/NAME
    pr_number: int
    base_branch: str  # the branch Copilot should start from (the draft PR's branch)
    issue_number: int | None
    instructions: str  # custom_instructions for the coding agent
    comment_body: str  # the full `@copilot` comment, hidden marker included
    comment_marker: tuple[str, str | None]  # (key, value) that identifies that comment
    model: str = ""


def user_gateway(main: Gateway, token: str) -> Gateway:
    """A second gateway for the user token, with the same endpoint, retry and clock settings."""
    return Gateway(token=token, api_url=main.api_url, repo=main.repo_name, max_writes=main.max_writes,
                   max_attempts=main.max_attempts, max_wait=main.max_wait, sleep=main._sleep)


def failure_text(status: int, data: Any) -> str:
    """`failure_reason` (Copilot endpoints) or `message` of an error response, in one line."""
    if isinstance(data, dict):
        reason = data.get("failure_reason") or data.get("reason")
        message = data.get("message") or ""
        errors = data.get("errors")
        if isinstance(errors, list) and errors and isinstance(errors[0], dict):
            first = errors[0]
            message = f"{message} ({first.get('message') or first.get('code') or ''})".strip()
        return f"{status} {reason}: {message}".strip().rstrip(":") if reason else f"{status} {message}".strip()
    return f"{status} {str(data or '')[:200]}".strip()


# -- reads used to verify -------------------------------------------------------------------------------
def issue_assignees(gw: Gateway, repo: str, number: int) -> list[str]:
    status, _, data = gw.raw("GET", f"/repos/{repo}/issues/{number}", what=f"re-read issue #{number}")
    if status != 200 or not isinstance(data, dict):
        raise AutohealError(f"cannot re-read issue #{number} to verify the hand-off ({failure_text(status, data)})")
    return [a.get("login", "") for a in data.get("assignees") or [] if isinstance(a, dict)]


MAX_EVENT_PAGES = 10  # 1,000 issue events: far more than a PR autoheal watches ever gathers


def copilot_review_requested_at(gw: Gateway, repo: str, number: int) -> datetime | None:
    """When a Copilot code review was last requested on #number and not withdrawn, from the issue events.

    GitHub's REST API never lists a bot in `requested_reviewers` (neither the PR object nor GET
    .../requested_reviewers; gitbutlerapp/gitbutler PR #15835), so a pending Copilot review shows only as
    a `review_requested` event naming it (`requested_reviewer.login`: `Copilot`)."""
    last: datetime | None = None
    for page in range(1, MAX_EVENT_PAGES + 1):
        status, _, data = gw.raw("GET", f"/repos/{repo}/issues/{number}/events?per_page=100&page={page}",
                                 what=f"list the events of #{number}")
        if status != 200 or not isinstance(data, list):
            raise AutohealError(f"cannot list the events of #{number} to see Copilot's review request "
                                f"({failure_text(status, data)})")
        last = copilot_request_time(data, last)
        if len(data) < 100:
            break
    return last


def copilot_review_state(gw: Gateway, repo: str, number: int) -> tuple[bool, bool]:
    """(requested, reviewed): a Copilot review request still pending / a Copilot review exists.

    Read from what GitHub really shows (the issue events and the reviews), never from
    `requested_reviewers`, where GitHub never lists a bot."""
    requested_at = copilot_review_requested_at(gw, repo, number)
    status, _, reviews = gw.raw("GET", f"/repos/{repo}/pulls/{number}/reviews?per_page=100",
                                what=f"re-read the reviews of #{number}")
    reviewed_at = copilot_reviewed_at(reviews) if status == 200 and isinstance(reviews, list) else None
    return review_pending(requested_at, reviewed_at), reviewed_at is not None


def find_marked_comment(gw: Gateway, repo: str, number: int, key: str, value: str | None) -> dict[str, Any] | None:
    """autoheal's own comment on issue/PR `number` carrying marker key(=value), if any (all pages); the
    same marker in anyone else's comment is ignored (it would fake a hand-off)."""
    logins = own_logins(gw)
    page = 1
    while True:
        status, _, data = gw.raw("GET", f"/repos/{repo}/issues/{number}/comments?per_page=100&page={page}",
                                 what=f"list comments of #{number}")
        if status != 200 or not isinstance(data, list):
            raise AutohealError(f"cannot list the comments of #{number} ({failure_text(status, data)})")
        for comment in data:
            if (isinstance(comment, dict) and has_marker(comment.get("body"), key, value)
                    and str((comment.get("user") or {}).get("login") or "") in logins):
                return comment
        if len(data) < 100:
            return None
        page += 1


# -- the three modes -------------------------------------------------------------------------------------
def assign_agent(user_gw: Gateway, gw: Gateway, target: Target, *, reassign: bool = False) -> Attempt:
    """Assign the linked issue to the coding agent; with `reassign`, first remove it (a new session)."""
    mode = "coding_agent"
    number = target.issue_number
    assert number is not None
    path = f"/repos/{target.repo}/issues/{number}/assignees"
    if reassign and any(is_agent(login) for login in issue_assignees(gw, target.repo, number)):
        status, _, data = user_gw.raw("DELETE", path, body={"assignees": [AGENT_LOGIN]},
                                      what=f"unassign Copilot from #{number}")
        if status >= 300:
            return Attempt(mode, FAILED, f"could not unassign Copilot to start a new session ({failure_text(status, data)})", status)
    body = {
        "assignees": [AGENT_LOGIN],
        "agent_assignment": {
            "target_repo": target.repo,
            "base_branch": target.base_branch,
            "custom_instructions": target.instructions,
            "custom_agent": "",
            "model": target.model,
        },
    }

    def landed() -> tuple[int, dict[str, Any], Any] | None:
        return (201, {}, None) if any(is_agent(x) for x in issue_assignees(gw, target.repo, number)) else None

    try:
        status, _, data = user_gw.raw("POST", path, body=body, find=landed, what=f"assign Copilot to #{number}")
    except AutohealError as exc:
        return Attempt(mode, FAILED, f"GitHub refused the assignment: {exc.message}", getattr(exc, "status", None))
    if status >= 300:
        hint = " (the copilot-token was rejected)" if status == 401 else ""
        return Attempt(mode, FAILED, f"GitHub refused the assignment of issue #{number}: {failure_text(status, data)}{hint}", status)
    if any(is_agent(login) for login in issue_assignees(gw, target.repo, number)):
        return Attempt(mode, VERIFIED, f"issue #{number} is assigned to Copilot (base branch "
                       f"{target.base_branch}); it will open a pull request when it has a fix", status)
    return Attempt(mode, FAILED, f"GitHub accepted the assignment ({status}) but Copilot is not among the assignees "
                   f"of #{number}: the coding agent is probably not enabled for this repository, or the token's "
                   "user has no Copilot seat", status)


def request_code_review(review_gw: Gateway, gw: Gateway, target: Target) -> Attempt:
    """Ask for a Copilot code review: the dedicated endpoint, else the requested-reviewers route."""
    mode = "code_review"
    number = target.pr_number
    try:
        status, _, data = review_gw.raw(
            "POST", f"/repos/{target.repo}/pulls/{number}/copilot-code-review", body={},
            headers={"X-GitHub-Api-Version": CODE_REVIEW_API_VERSION}, what=f"request a Copilot review of #{number}",
            find=lambda: (202, {}, None) if copilot_review_state(gw, target.repo, number) != (False, False) else None)
    except AutohealError as exc:  # e.g. rate limited past the gateway's patience
        status, data = getattr(exc, "status", None) or 0, {"message": exc.message}
    first = ""
    if status < 300 or status == 409:
        requested, reviewed = copilot_review_state(gw, target.repo, number)
        how = "a Copilot review was already pending (409)" if status == 409 else f"copilot-code-review answered {status}"
        if requested or reviewed:
            seen = "GitHub recorded a Copilot review request (review_requested event) on" if requested else "Copilot has reviewed"
            return Attempt(mode, VERIFIED, f"{how}; {seen} #{number}", status)
        first = f"copilot-code-review answered {status} but GitHub shows no Copilot review request or review"
    else:
        first = f"copilot-code-review refused: {failure_text(status, data)}"

    # The documented legacy route: request the reviewer bot by its [bot] login.
    def landed() -> tuple[int, dict[str, Any], Any] | None:
        return (201, {}, None) if copilot_review_state(gw, target.repo, number)[0] else None

    try:
        status2, _, data2 = review_gw.raw("POST", f"/repos/{target.repo}/pulls/{number}/requested_reviewers",
                                          body={"reviewers": [REVIEWER_LOGIN]}, find=landed,
                                          what=f"request {REVIEWER_LOGIN} on #{number}")
    except AutohealError as exc:
        return Attempt(mode, FAILED, f"{first}; requested_reviewers failed too: {exc.message}", status or None)
    if status2 >= 300:
        return Attempt(mode, FAILED, f"{first}; requested_reviewers refused: {failure_text(status2, data2)}", status2)
    requested, reviewed = copilot_review_state(gw, target.repo, number)
    if requested or reviewed:
        return Attempt(mode, VERIFIED, f"{first}; fell back to requested_reviewers: GitHub recorded the Copilot review request on #{number}", status2)
    return Attempt(mode, FAILED, f"{first}; requested_reviewers answered {status2} but GitHub recorded no Copilot "
                   "review request (Copilot code review is probably not available to this repository or token)", status2)


def post_comment(gw: Gateway, target: Target, number: int | None = None, *, budget: CommentBudget | None = None,
                 keep: int = 0) -> Attempt:
    """Post the `@copilot` comment once (found again by its marker after a lost response).

    With a `budget` (rate_limits.max_comments_per_hour) the comment is sent only while more than `keep`
    comments are left this hour (`keep`: room the caller needs for a comment it posts afterwards);
    otherwise the attempt is `held`.
    """
    mode = "comment"
    number = number or target.pr_number
    key, value = target.comment_marker
    if find_marked_comment(gw, target.repo, number, key, value):
        return Attempt(mode, ALREADY, f"the @copilot comment on #{number} was already posted")
    if budget is not None and budget.left() <= keep:
        return Attempt(mode, HELD, f"the @copilot {held_back_note(budget.limit)}")

    def landed() -> tuple[int, dict[str, Any], Any] | None:
        found = find_marked_comment(gw, target.repo, number, key, value)
        return (201, {}, found) if found else None

    status, _, data = gw.raw("POST", f"/repos/{target.repo}/issues/{number}/comments",
                             body={"body": target.comment_body}, find=landed, what=f"comment @copilot on #{number}")
    if status >= 300:
        return Attempt(mode, FAILED, f"could not comment on #{number}: {failure_text(status, data)}", status)
    if budget is not None:
        budget.spend()
    if find_marked_comment(gw, target.repo, number, key, value):
        return Attempt(mode, VERIFIED, f"posted one @copilot comment on #{number}; GitHub gives no API signal that "
                       "Copilot picked it up (it reacts with 👀 when it starts)", status)
    return Attempt(mode, FAILED, f"the comment on #{number} was accepted ({status}) but is not listed", status)


def run_modes(steps: list[tuple[str, Callable[[], Attempt] | None, str]]) -> list[Attempt]:
    """Try (mode, action, skip_reason) in order; stop at the first that took effect."""
    attempts: list[Attempt] = []
    for mode, action, skip_reason in steps:
        if action is None:
            attempts.append(Attempt(mode, SKIPPED, skip_reason))
            continue
        attempt = action()
        attempts.append(attempt)
        if attempt.took_effect:
            break
    return attempts


def reason_line(attempts: list[Attempt]) -> str:
    """The `reason` output: every mode's result, in order."""
    return "; ".join(f"{a.mode}: {a.outcome} — {a.detail}" for a in attempts) or "no hand-off mode was tried"
