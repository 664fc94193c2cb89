"""heal: the common chain for a failed `workflow_run` in one container start (the root action)."""

from __future__ import annotations

from ..spec import Input, Output, StageSpec, common, min_confidence

SPEC = StageSpec(
    name="heal",
    title="autoheal",
    description="Heal a failed workflow run: analyze it, file one deduplicated issue, open a draft fix PR and hand it to Copilot.",
    icon="heart",
    color="red",
    inputs=common(
        Input("run-id", "Workflow run to heal. Default: the run of the `workflow_run` event.", kind="int", min=1),
        Input("copilot-token", "User token for the Copilot coding agent hand-off (optional).", kind="secret"),
        Input("force", "Create the PR even when gates would skip it (the seed's `force_create_pr`).", kind="bool", default="false"),
        min_confidence(),
    ),
    outputs=(
        Output("category", "Failure category id."),
        Output("confidence", "Confidence 0-100."),
        Output("fingerprint", "Stable failure identifier."),
        Output("issue-number", "The issue filed or updated."),
        Output("pr-number", "The draft PR opened or updated."),
        Output("mode", "Which Copilot hand-off took effect."),
    ),
)
