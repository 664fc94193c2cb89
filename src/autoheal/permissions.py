"""What each stage does with `GITHUB_TOKEN`: the permissions it reads and writes with.

One table, so the workflow templates can be checked against it (tests/lint/test_template_permissions.py
fails on a write a job's stages never use, and on one they need but are not granted) and
docs/security.md can say the same. A step that passes its own `token:` (a PAT or App token in a secret)
does its writes with that token, so the job's `GITHUB_TOKEN` needs none of them.
"""

from __future__ import annotations

READ, WRITE = "read", "write"

STAGE_PERMISSIONS: dict[str, dict[str, str]] = {
    "analyze-failure": {"actions": READ, "contents": READ},
    "open-issue": {"actions": READ, "contents": READ, "issues": WRITE},
    "draft-pr": {"actions": READ, "contents": WRITE, "issues": WRITE, "pull-requests": WRITE},
    "copilot-review": {"contents": READ, "issues": WRITE, "pull-requests": WRITE},
    # contents: write only for GraphQL markPullRequestReadyForReview, which GitHub refuses to a GITHUB_TOKEN
    # without it (cli/cli issue #8910; the simulator refuses it the same way)
    "pr-monitor": {"actions": READ, "checks": READ, "statuses": READ, "contents": WRITE, "issues": WRITE,
                   "pull-requests": WRITE},
    "stale-cleanup": {"contents": WRITE, "issues": WRITE, "pull-requests": WRITE},
    "health-check": {"actions": READ, "contents": READ, "issues": WRITE},
    "sync-workflows": {"contents": WRITE, "pull-requests": WRITE},
}
# The root action runs the chain analyze-failure -> open-issue -> draft-pr -> copilot-review.
HEAL_CHAIN = ("analyze-failure", "open-issue", "draft-pr", "copilot-review")
STAGE_PERMISSIONS["heal"] = {
    key: WRITE if any(STAGE_PERMISSIONS[s].get(key) == WRITE for s in HEAL_CHAIN) else READ
    for s in HEAL_CHAIN for key in STAGE_PERMISSIONS[s]
}


def writes(stage: str) -> set[str]:
    """The permissions `stage` writes with (what its token must grant at `write`)."""
    return {key for key, level in STAGE_PERMISSIONS[stage].items() if level == WRITE}
