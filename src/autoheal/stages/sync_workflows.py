"""sync-workflows: keep the watched-workflow list of the consumer's autoheal workflow in sync."""

from __future__ import annotations

from ..spec import Input, Output, StageSpec, common

SPEC = StageSpec(
    name="sync-workflows",
    title="autoheal: sync workflows",
    description="Rewrite the `on.workflow_run.workflows` list of the autoheal workflow so it watches every workflow of the repository.",
    icon="refresh-cw",
    color="yellow",
    inputs=common(
        Input("mode", "`pr` (open/update one PR), `commit` (commit to the default branch) or `check` (exit 1 with a diff when out of sync).",
              kind="choice", choices=("pr", "commit", "check")),
        Input("workflow-file", "The autoheal workflow whose list is kept in sync."),
        Input("list", "Only print the discovered workflows (name, file, triggers).", kind="bool", default="false"),
        Input("local", "Read workflows from the local checkout instead of the API (for --check in CI).", kind="bool", default="false"),
    ),
    outputs=(
        Output("changed", "`true` when the list was out of sync."),
        Output("pr-number", "The sync PR, in `pr` mode."),
        Output("workflows", "JSON list of the watched workflow names."),
    ),
)
