"""open-issue: exactly one issue per distinct failure, updated on repeat, closed when green."""

from __future__ import annotations

from ..spec import Input, Output, StageSpec, common, min_confidence

SPEC = StageSpec(
    name="open-issue",
    title="autoheal: open issue",
    description="File one deduplicated issue per distinct failure, update it on repeats, close it when the workflow is green again.",
    icon="alert-circle",
    color="orange",
    inputs=common(
        Input("analysis-file", "The analysis JSON written by analyze-failure (its `analysis-file` output).", kind="path"),
        Input("run-id", "The completed run this is about (default: from the `workflow_run` event). A successful "
              "run closes the open issues of its workflow and branch.", kind="int", min=1),
        Input("template", "Path of a Jinja template that overrides the built-in issue body.", kind="path"),
        min_confidence(),
    ),
    outputs=(
        Output("issue-number", "Number of the issue created, updated, reopened or closed."),
        Output("issue-url", "URL of that issue."),
        Output("action", "`created`, `updated`, `reopened`, `closed` or `skipped`."),
        Output("reason", "Why that action (e.g. which gate skipped it)."),
    ),
)
