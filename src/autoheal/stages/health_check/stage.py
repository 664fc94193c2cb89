"""health-check: workflow health in the step summary, a JSON file and ONE dashboard issue.

Cost: runs are listed in 7-day chunks (`created=A..B`, 100 per page), so a 10,000-run window costs about
100 requests; pages of finished chunks are revalidated with `If-None-Match` from a cache file (304 answers
do not count against GitHub's rate limit) when `.autoheal-cache/` is kept between runs (actions/cache).
Failure categories come from at most `max-logs` failed runs' logs, cached by run id in the same file.
"""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta, timezone
from typing import Any

from ...spec import Input, Output, StageSpec, common
from ..shared.context import Plan, StageContext, StageResult
from ..shared.labels import ensure_labels
from .apply import sync_alerts, upsert_dashboard
from .gather import (
    RunLister,
    autoheal_activity,
    earlier_attempt_conclusions,
    failure_categories,
)
from .metrics import (
    alerts,
    in_window,
    summarize_autoheal,
    workflow_health,
)
from .render import report_markdown

CACHE_FILE = ".autoheal-cache/health.json"


def run(ctx: StageContext) -> StageResult:
    cfg = ctx.config
    window_days = ctx.input("window-days") or cfg.get_path("health.window_days")
    alert_below = ctx.input("alert-below") if ctx.input("alert-below") is not None else cfg.get_path("health.alert_below")
    alert_drop = ctx.input("alert-drop") if ctx.input("alert-drop") is not None else cfg.get_path("health.alert_drop")
    max_logs = ctx.input("max-logs") if ctx.input("max-logs") is not None else cfg.get_path("health.max_logs_analyzed")
    gw = ctx.gw
    repo = gw.repo()
    now = ctx.now()
    end = datetime.combine(now.date() + timedelta(days=1), time(), tzinfo=timezone.utc)  # whole days: stable reports
    start = end - timedelta(days=window_days)
    prev_start = start - timedelta(days=window_days)

    cache_path = ctx.workspace_path(CACHE_FILE)
    try:
        cache = json.loads(cache_path.read_text()) if cache_path.is_file() else {}
    except ValueError:
        cache = {}
    lister = RunLister(ctx, cache)
    all_runs = lister.runs_between(prev_start, end)
    for span in lister.capped:
        ctx.rt.warn(f"more than 1,000 workflow runs were created within {span}; GitHub lists at most 1,000 "
                    "per filtered listing, so the health figures may miss some of them")
    current, previous = in_window(all_runs, start, end), in_window(all_runs, prev_start, start)
    names = {}
    for r in all_runs:
        names.setdefault(r["workflow_id"], r.get("name") or str(r["workflow_id"]))
    attempts = earlier_attempt_conclusions(ctx, current)
    healths = sorted((workflow_health(names[wid], [r for r in current if r["workflow_id"] == wid],
                                      [r for r in previous if r["workflow_id"] == wid], repo.default_branch, attempts)
                      for wid in names), key=lambda h: h.name.lower())
    healths = [h for h in healths if h.runs]
    overall = workflow_health("all workflows", current, previous, repo.default_branch, attempts)
    alert_map = alerts(healths, alert_below, alert_drop)
    failed = [r for r in current if r.get("conclusion") in ("failure", "timed_out")]
    categories, analyzed = failure_categories(ctx, failed, max_logs, cache)
    issues, pulls = autoheal_activity(ctx, start)
    own = summarize_autoheal(issues, pulls)
    body = report_markdown(healths, overall, alert_map, categories, analyzed, own, start=start, end=end,
                           window_days=window_days)
    # The cost line goes to the step summary only: the dashboard body must not change when nothing else did.
    summary = body + (f"\n<sub>API requests for this report: {gw.usage.requests} "
                      f"({lister.not_modified} answered 304 Not Modified).</sub>\n")
    report = {"window": {"start": start.isoformat(), "end": end.isoformat(), "days": window_days},
              "overall": overall.__dict__, "workflows": [h.__dict__ for h in healths], "alerts": alert_map,
              "failure_categories": dict(categories), "autoheal": own,
              "requests": gw.usage.requests, "not_modified": lister.not_modified}
    report_file = ctx.input("report-file")
    target = ctx.workspace_path(report_file)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(report, indent=2, default=str), encoding="utf-8")
    cache_path.parent.mkdir(parents=True, exist_ok=True)
    cache_path.write_text(json.dumps(cache), encoding="utf-8")

    plan = Plan()
    outputs: dict[str, Any] = {"report-file": report_file, "success-rate": "" if overall.success_rate is None else overall.success_rate,
                               "alerts": json.dumps(sorted(alert_map)), "dashboard-issue": ""}
    dashboard_label = cfg.get_path("health.dashboard_label")
    alert_label = cfg.get_path("health.alert_label")
    if ctx.dry_run:
        plan.add("upsert_issue", "dashboard", "write the dashboard issue")
        for name in alert_map:
            plan.add("upsert_issue", f"alert {name}", alert_map[name])
        return StageResult(outputs=outputs, plan=plan, summary=summary, message="dry run")
    ensure_labels(gw, [dashboard_label] + ([alert_label] if alert_map else []))
    dashboard, action = upsert_dashboard(ctx, dashboard_label, body)
    outputs["dashboard-issue"] = dashboard.number
    notes = sync_alerts(ctx, alert_label, alert_map, healths)
    left_open = [note for note in notes if "left open" in note]
    if left_open:
        summary += "".join(f"\n> {note}\n" for note in left_open)
    return StageResult(outputs=outputs, plan=plan, summary=summary,
                       message=f"dashboard #{dashboard.number} {action}; " + ("; ".join(notes) or "no alerts")
                       + f"; success rate {outputs['success-rate']}%")


SPEC = StageSpec(
    name="health-check",
    title="autoheal: health check",
    description="Report workflow health (success and flaky rates, MTTR, durations, top failure causes) in the step summary and one dashboard issue.",
    icon="bar-chart-2",
    color="green",
    run=run,
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
