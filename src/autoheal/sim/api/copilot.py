"""Copilot: assigning the coding agent to an issue (REST `agent_assignment`, notes.md §4a).

The agent is assigned by sending `copilot-swe-agent[bot]` as an assignee; once assigned GitHub shows
it as the bot account `Copilot`. It only works with a user token on a repository where the agent is
enabled; otherwise GitHub accepts the request and silently leaves the agent out, which is exactly
the failure mode autoheal must detect. The per-repo knob `copilot_agent` drives this:
"enabled" (works), "disabled" (never assigned), "silent" (accepted, not registered).
"""

from __future__ import annotations

from typing import Any

from ..model import COPILOT_LOGIN, Issue, Repo
from ..ops import add_event
from ..router import Request, validation_failed

AGENT_INPUT_LOGINS = {"copilot-swe-agent[bot]", "copilot-swe-agent"}
AGENT_ASSIGNMENT_KEYS = {"target_repo", "base_branch", "custom_instructions", "custom_agent", "model"}


def is_agent_login(login: str) -> bool:
    """True for the logins that address the coding agent in an assignees list (or its shown login)."""
    return login.lower() in AGENT_INPUT_LOGINS or login == COPILOT_LOGIN


def agent_enabled(repo: Repo) -> bool:
    return repo.options.get("copilot_agent", "enabled") in ("enabled", "silent")


def maybe_assign_agent(
    req: Request, repo: Repo, issue: Issue, logins: list[str], agent_assignment: Any
) -> None:
    """Assign the agent when asked with an input login; record `agent_assignment` for tests."""
    if not any(login.lower() in AGENT_INPUT_LOGINS for login in logins):
        return
    if agent_assignment is not None:
        if not isinstance(agent_assignment, dict) or not set(agent_assignment) <= AGENT_ASSIGNMENT_KEYS:
            raise validation_failed("Issue", "agent_assignment", "invalid")
    if COPILOT_LOGIN in issue.assignees:
        return
    mode = repo.options.get("copilot_agent", "enabled")
    if mode != "enabled" or req.token is None or req.token.kind != "user":
        return  # GitHub answers success and simply does not assign the agent
    issue.assignees.append(COPILOT_LOGIN)
    issue.agent_assignment = dict(agent_assignment or {})
    issue.updated_at = req.state.clock.now()
    add_event(req.state, issue, "assigned", req.login or "ghost", assignee=COPILOT_LOGIN)
    req.state.touch()
