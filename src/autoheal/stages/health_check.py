"""health-check: workflow health (success, flaky rate, MTTR, durations, causes) in one dashboard issue."""

from __future__ import annotations

from ..spec import Input, Output, StageSpec, common

SPEC = StageSpec(
    name="health-check",
    title="autoheal: health check",
    description="Report workflow health (success and flaky rates, MTTR, durations, top failure causes) in the step summary and one dashboard issue.",
    icon="bar-chart-2",
    color="green",
    inputs=common(
        Input("window-days", "Length of the window in days (compared with the window before it).", kind="int", min=1, max=400),
        Input("alert-below", "Open an alert issue when a workflow's success rate falls below this percentage.", kind="float", min=0, max=100),
        Input("alert-drop", "Open an alert issue when a workflow's success rate drops by more than this many points.", kind="float", min=0, max=100),
        Input("max-logs", "Analyze at most this many failed runs' logs for the top failure categories.", kind="int", min=0),
        Input("report-file", "Where to write the JSON report (relative to the workspace).", kind="path", default="autoheal-health.json"),
    ),
    outputs=(
        Output("report-file", "Path of the JSON report."),
        Output("success-rate", "Overall success rate in the window, in percent."),
        Output("dashboard-issue", "Number of the dashboard issue."),
        Output("alerts", "JSON list of workflows in alert."),
    ),
)
