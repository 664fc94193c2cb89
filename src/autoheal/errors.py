"""Errors autoheal reports to a person: each says what went wrong and how to fix it.

The CLI turns these into one `::error::` line (in Actions) or one `error:` line (in a terminal) and an
exit code; only unexpected exceptions get a traceback, and only with RUNNER_DEBUG=1.
"""

from __future__ import annotations


class AutohealError(Exception):
    """A failure with a message meant for the user. `hint` says how to fix it."""

    exit_code = 1

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class InputError(AutohealError):
    """A bad action input / CLI option. Always names the input, so the fix is obvious."""

    def __init__(self, name: str, message: str, hint: str | None = None):
        super().__init__(f"input '{name}': {message}", hint)
        self.name = name


class NotImplementedYet(AutohealError):
    """A stage that exists in the CLI but is not built: exit 2, never pretend."""

    exit_code = 2


class GitHubAPIError(AutohealError):
    """GitHub (or the simulator) refused a request in a way retrying cannot fix."""

    def __init__(self, message: str, hint: str | None = None, status: int | None = None):
        super().__init__(message, hint)
        self.status = status


class MissingPermission(GitHubAPIError):
    """A 403 for lack of a token permission; names the permission the job must grant."""


class BudgetExhausted(AutohealError):
    """The per-run operation budget is spent: stop cleanly, resume next run."""
