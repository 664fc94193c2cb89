"""copilot-review: a verified hand-off of a PR to GitHub Copilot, with a sticky analysis comment."""

from __future__ import annotations

from ..spec import Input, Output, StageSpec, common

SPEC = StageSpec(
    name="copilot-review",
    title="autoheal: Copilot hand-off",
    description="Hand a pull request to GitHub Copilot through the real APIs and verify that the hand-off took effect.",
    icon="cpu",
    color="purple",
    inputs=common(
        Input("pr-number", "Pull request to hand off. Default: from the `pull_request` event or draft-pr's output.", kind="int", min=1),
        Input("copilot-token", "A user token (PAT or GitHub App user token) allowed to assign the Copilot coding "
              "agent. GITHUB_TOKEN and installation tokens cannot.", kind="secret"),
    ),
    outputs=(
        Output("mode", "Which hand-off took effect: `coding_agent`, `code_review`, `comment` or `none`."),
        Output("verified", "`true` when autoheal re-read GitHub and saw the hand-off registered."),
        Output("reason", "What happened, mode by mode."),
    ),
)
