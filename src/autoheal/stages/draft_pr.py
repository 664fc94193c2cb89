"""draft-pr: a linked draft PR with a real fix where it is safe, a precise task where it is not."""

from __future__ import annotations

from ..spec import Input, Output, StageSpec, common, min_confidence

SPEC = StageSpec(
    name="draft-pr",
    title="autoheal: draft PR",
    description="Open (or update) one draft pull request for an issue: a deterministic fix where safe, a precise task file otherwise.",
    icon="git-pull-request",
    color="blue",
    inputs=common(
        Input("issue-number", "Issue to work on. Default: from the `issues` event, or open-issue's output.", kind="int", min=1),
        Input("analysis-file", "The analysis JSON from analyze-failure, when run in the same job.", kind="path"),
        Input("force", "Create the PR even when gates (confidence, labels, rate limits) would skip it.", kind="bool", default="false"),
        min_confidence("Override `pull_requests.min_confidence` from the config (0-100)."),
    ),
    outputs=(
        Output("pr-number", "Number of the draft PR."),
        Output("pr-url", "URL of the draft PR."),
        Output("branch", "Branch of the draft PR."),
        Output("fix-kind", "`dependency`, `timeout` or `task`."),
        Output("action", "`created`, `updated`, `rebuilt`, `unchanged` or `skipped`."),
        Output("reason", "Why that action."),
    ),
)
