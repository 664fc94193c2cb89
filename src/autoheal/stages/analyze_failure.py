"""analyze-failure: read a failed run's logs, find the cause, classify it, fingerprint it."""

from __future__ import annotations

from ..spec import Input, Output, StageSpec, common, min_confidence

SPEC = StageSpec(
    name="analyze-failure",
    title="autoheal: analyze failure",
    description="Read a failed workflow run's job logs, find and classify the cause, and fingerprint it.",
    icon="search",
    color="red",
    needs_github=False,
    inputs=common(
        Input("run-id", "Workflow run to analyze. Default: the run of the `workflow_run` event, or the "
              "`run_id` input of a `workflow_dispatch` event.", kind="int", min=1),
        Input("log", "Offline: a raw job log file to analyze instead of fetching one.", kind="path"),
        Input("log-zip", "Offline: a run's logs zip (as downloaded from GitHub) to analyze.", kind="path"),
        Input("baseline", "Offline: the same job's log from the last green run, to report novel lines.", kind="path"),
        Input("workflow-name", "Workflow name used in the fingerprint when analyzing offline.", default=""),
        Input("job-name", "Job name used in the fingerprint when analyzing offline.", default=""),
        Input("analysis-file", "Where to write the analysis JSON (relative to the workspace).",
              kind="path", default="autoheal-analysis.json"),
    ),
    outputs=(
        Output("category", "Failure category id (e.g. `missing_dependency`)."),
        Output("confidence", "Confidence 0-100 in the category."),
        Output("fingerprint", "Stable identifier of this failure, used to deduplicate issues."),
        Output("failed-job", "Name of the failing job."),
        Output("failed-step", "Name of the failing step."),
        Output("healed", "`false` when the run did not fail (nothing to do), `true` when an analysis was made."),
        Output("analysis-file", "Path of the analysis JSON in the workspace."),
    ),
)
