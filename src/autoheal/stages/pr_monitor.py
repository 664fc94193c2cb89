"""pr-monitor: watch autoheal's PRs until a human should look, with one sticky status comment each."""

from __future__ import annotations

from ..spec import Input, Output, StageSpec, common

SPEC = StageSpec(
    name="pr-monitor",
    title="autoheal: PR monitor",
    description="Track CI, Copilot activity, reviews and conflicts on autoheal's pull requests and mark them ready for review when done.",
    icon="eye",
    color="blue",
    inputs=common(
        Input("pr-number", "One pull request to process. Default: the event's PR, else every open autoheal PR.", kind="int", min=1),
        Input("copilot-token", "User token for handing a red fix back to the Copilot coding agent.", kind="secret"),
    ),
    outputs=(
        Output("states", "JSON: per-PR state."),
        Output("counts", "JSON: number of PRs per state."),
    ),
)
