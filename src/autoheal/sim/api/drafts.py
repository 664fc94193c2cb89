"""Draft pull requests refused where the plan lacks them (a per-repo knob, `drafts: unsupported`).

GitHub offers drafts in public repositories on every plan but in private ones only on Team/Enterprise
(docs: "about pull requests", quoted in MetaMask/action-create-release-pr issue #67 and OpenHands/OpenHands
issue #6560). Elsewhere creating a draft answers 422 with only a message, no `errors` array (recorded in
SWE-agent/SWE-agent issue #179: `{"message": "Draft pull requests are not supported in this repository.",
"documentation_url": ".../pulls/pulls#create-a-pull-request"}`); GraphQL answers the same words
(cli/cli issue #520). There is no API to ask beforehand (cli/cli issue #520, mislav).
"""

from __future__ import annotations

from ..model import Repo
from ..router import ApiError

DRAFTS_UNSUPPORTED = "Draft pull requests are not supported in this repository."


def draft_refused(repo: Repo) -> bool:
    """True when this repository cannot hold drafts: the knob, or a private repo on the "free" plan."""
    knob = repo.options.get("drafts")
    if knob is not None:
        return knob == "unsupported"
    return repo.private and repo.options.get("plan", "team") == "free"


def refuse_draft(repo: Repo) -> None:
    if draft_refused(repo):
        raise ApiError(422, DRAFTS_UNSUPPORTED, extra={"documentation_url": "https://docs.github.com/rest/pulls/pulls#create-a-pull-request"})
