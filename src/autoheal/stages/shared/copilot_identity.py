"""Who Copilot is on GitHub: the logins its two products use, in every spelling the API shows.

GitHub addresses the coding agent as `copilot-swe-agent[bot]` when you assign it, but lists it as the
bot user `Copilot` once assigned; the code reviewer is requested as `copilot-pull-request-reviewer[bot]`,
authors its reviews under that login and shows up as `Copilot` among requested reviewers. Recognising
all spellings is what makes the re-read after a hand-off (the verification) trustworthy.

GitHub's REST API never lists a bot among `requested_reviewers` (gitbutlerapp/gitbutler PR #15835), so a
pending Copilot review is read from the issue events instead: the functions at the end fold those
events and the reviews into "requested at / reviewed at" (pure: data in, data out).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from .timestamps import parse_time

AGENT_LOGIN = "copilot-swe-agent[bot]"
"""The assignee login that starts the Copilot coding agent (REST `agent_assignment`)."""

REVIEWER_LOGIN = "copilot-pull-request-reviewer[bot]"
"""The reviewer login that requests a Copilot code review through `requested_reviewers`."""

SHOWN_LOGIN = "Copilot"
"""How GitHub displays both once they are attached to an issue or PR."""

COMMIT_EMAIL = "198982749+Copilot@users.noreply.github.com"
"""The e-mail on commits the coding agent pushes."""

_AGENT = {AGENT_LOGIN.lower(), "copilot-swe-agent", SHOWN_LOGIN.lower()}
_REVIEWER = {REVIEWER_LOGIN.lower(), "copilot-pull-request-reviewer", SHOWN_LOGIN.lower()}


def is_agent(login: str | None) -> bool:
    """The coding agent, as an assignee or a commit/PR author."""
    return bool(login) and login.lower() in _AGENT


def is_reviewer(login: str | None) -> bool:
    """The code reviewer, as a requested reviewer or a review author."""
    return bool(login) and login.lower() in _REVIEWER


def is_copilot(login: str | None) -> bool:
    return is_agent(login) or is_reviewer(login)


def is_copilot_commit(author_login: str | None, author_email: str | None = None) -> bool:
    """A commit made by the coding agent (matched by login or by its no-reply e-mail)."""
    return is_agent(author_login) or (author_email or "").lower() == COMMIT_EMAIL.lower()


def copilot_request_time(events: list[Any], last: datetime | None = None) -> datetime | None:
    """Fold issue events (oldest first) into the time of the standing Copilot review request (pure)."""
    for event in events:
        if not isinstance(event, dict) or not is_reviewer((event.get("requested_reviewer") or {}).get("login")):
            continue
        if event.get("event") == "review_requested":
            last = parse_time(event.get("created_at")) or last
        elif event.get("event") == "review_request_removed":
            last = None
    return last


def copilot_reviewed_at(reviews: list[Any]) -> datetime | None:
    """The newest submitted review by Copilot's reviewer bot in a reviews listing (pure)."""
    times = [parse_time(r.get("submitted_at")) for r in reviews if isinstance(r, dict)
             and is_reviewer((r.get("user") or {}).get("login")) and r.get("state") != "PENDING"]
    return max((t for t in times if t), default=None)


def review_pending(requested_at: datetime | None, reviewed_at: datetime | None) -> bool:
    """A Copilot review request stands when no Copilot review was submitted after it."""
    return requested_at is not None and (reviewed_at is None or reviewed_at < requested_at)
