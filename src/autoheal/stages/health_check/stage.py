"""health-check: workflow health in the step summary, a JSON file and ONE dashboard issue.

Cost: runs are listed in 7-day chunks (`created=A..B`, 100 per page), so a 10,000-run window costs about
100 requests; pages of finished chunks are revalidated with `If-None-Match` from a cache file (304 answers
do not count against GitHub's rate limit) when `.autoheal-cache/` is kept between runs (actions/cache).
Failure categories come from at most `max-logs` failed runs' logs, cached by run id in the same file.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import datetime, time, timedelta, timezone
from typing import Any

from ...errors import AutohealError
from ...markers import has_marker, marker
from ...render import render
from ...spec import Input, Output, StageSpec, common
from ..shared.comment_budget import held_back_note, post_once, stage_comment_budget
from ..shared.context import Plan, StageContext, StageResult
from ..shared.labels import ensure_labels
from ..shared.ownership import is_autoheal_pr
from .metrics import (
    WorkflowHealth,
    alerts,
    in_window,
    summarize_autoheal,
    ts,
    workflow_health,
)

CACHE_FILE = ".autoheal-cache/health.json"
RUN_FIELDS = ("id", "workflow_id", "name", "head_branch", "head_sha", "event", "status", "conclusion",
              "created_at", "updated_at", "run_started_at", "run_attempt")
CHUNK = timedelta(days=7)
RECOVERED_MARKER = "alert-recovered"
RECOVERED_TEXT = "Recovered: the success rate is back within the thresholds."


# -- gather ---------------------------------------------------------------------------------------------

class RunLister:
    """Lists runs in fixed 7-day chunks with per-page ETag revalidation."""

    def __init__(self, ctx: StageContext, cache: dict[str, Any]):
        self.ctx, self.gw, self.cache = ctx, ctx.gw, cache.setdefault("pages", {})
        self.not_modified = 0

    def runs_between(self, start: datetime, end: datetime) -> list[dict]:
        out: list[dict] = []
        chunk_start = start
        while chunk_start < end:
            chunk_end = min(chunk_start + CHUNK, end)
            out.extend(self._chunk(chunk_start, chunk_end))
            chunk_start = chunk_end
        return out

    def _chunk(self, start: datetime, end: datetime) -> list[dict]:
        span = f"{start.strftime('%Y-%m-%dT%H:%M:%SZ')}..{(end - timedelta(seconds=1)).strftime('%Y-%m-%dT%H:%M:%SZ')}"
        runs: list[dict] = []
        page = 1
        while True:
            path = f"/repos/{self.ctx.repo}/actions/runs?created={span}&per_page=100&page={page}"
            cached = self.cache.get(path)
            headers = {"If-None-Match": cached["etag"]} if cached else None
            status, resp_headers, data = self.gw.raw("GET", path, headers=headers, what="list workflow runs")
            if status == 304 and cached:
                self.not_modified += 1
                items = cached["runs"]
            elif status == 200 and isinstance(data, dict):
                items = [{k: r.get(k) for k in RUN_FIELDS} for r in data.get("workflow_runs", [])]
                etag = {k.lower(): v for k, v in (resp_headers or {}).items()}.get("etag")
                if etag:
                    self.cache[path] = {"etag": etag, "runs": items}
            else:
                raise AutohealError(f"listing workflow runs failed: {status} {data!r:.200}",
                                    "the token needs `actions: read`")
            runs.extend(items)
            if len(items) < 100:
                return runs
            page += 1


def earlier_attempt_conclusions(ctx: StageContext, runs: list[dict], limit: int = 50) -> dict[int, list[str]]:
    """Conclusions of the attempt before the last, for re-run runs (bounded: `limit` requests)."""
    out: dict[int, list[str]] = {}
    for run in [r for r in runs if (r.get("run_attempt") or 1) > 1][:limit]:
        status, _, data = ctx.gw.raw("GET", f"/repos/{ctx.repo}/actions/runs/{run['id']}/attempts/{run['run_attempt'] - 1}")
        if status == 200 and isinstance(data, dict) and data.get("conclusion"):
            out[run["id"]] = [data["conclusion"]]
    return out


def failure_categories(ctx: StageContext, failed: list[dict], limit: int, cache: dict[str, Any]) -> tuple[Counter, int]:
    """Categories of the newest `limit` failed runs, analyzing each failed job log once (cached by run id)."""
    from ...analysis import analyze

    known: dict[str, str] = cache.setdefault("categories", {})
    counts: Counter = Counter()
    repo = ctx.gw.repo()
    analyzed = 0
    for run in sorted(failed, key=lambda r: r["created_at"], reverse=True)[:limit]:
        key = str(run["id"])
        if key not in known:
            try:
                known[key] = _categorize(ctx, repo, run, analyze)
            except AutohealError as exc:
                ctx.rt.info(f"run {run['id']}: not analyzed ({exc.message})")
                continue
        counts[known[key]] += 1
        analyzed += 1
    return counts, analyzed


def _categorize(ctx: StageContext, repo: Any, run: dict, analyze: Any) -> str:
    gw = ctx.gw
    wf_run = gw.read(lambda: repo.get_workflow_run(run["id"]), what=f"read run {run['id']}")
    jobs = gw.read(lambda: list(wf_run.jobs()), what=f"list jobs of run {run['id']}")
    job = next((j for j in jobs if j.conclusion in ("failure", "timed_out")), None)
    if job is None:
        return "unknown"
    url = gw.read(lambda: job.logs_url(), what=f"log URL of job {job.id}")
    text = gw.download(url, what=f"log of job {job.id}")
    return analyze(text, workflow=run.get("name") or "", job=job.name).category


def autoheal_activity(ctx: StageContext, since: datetime) -> tuple[list[dict], list[dict]]:
    gw, repo, cfg = ctx.gw, ctx.gw.repo(), ctx.config
    label = (cfg.get_path("issues.labels") or ["autoheal"])[0]
    prefix = cfg.get_path("pull_requests.branch_prefix")
    issues = []
    for issue in gw.read(lambda: list(repo.get_issues(state="all", labels=[label], since=since)), what="list autoheal issues"):
        if issue.pull_request or ts(issue.raw_data["created_at"]) < since:
            continue
        count = re.search(r"<!-- autoheal:occurrences=(\d+) -->", issue.body or "")
        issues.append({**{k: issue.raw_data.get(k) for k in ("state", "state_reason", "created_at", "closed_at")},
                       "occurrences": int(count.group(1)) if count else 1})
    pulls = []
    for pr in gw.read(lambda: _recent_pulls(repo, since), what="list autoheal PRs"):
        if is_autoheal_pr(pr, prefix):
            pulls.append({"merged_at": pr.raw_data.get("merged_at"), "created_at": pr.raw_data.get("created_at")})
    return issues, pulls


def _recent_pulls(repo: Any, since: datetime) -> list[Any]:
    out = []
    for pr in repo.get_pulls(state="all", sort="created", direction="desc"):
        if ts(pr.raw_data["created_at"]) < since:
            break
        out.append(pr)
    return out


# -- decide (pure) ----------------------------------------------------------------------------------------

def mermaid_label(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9 _./:-]", "", text)[:40] or "?"


def report_markdown(healths: list[WorkflowHealth], overall: WorkflowHealth, alert_map: dict[str, str],
                    categories: Counter, analyzed: int, own: dict, *, start: datetime, end: datetime,
                    window_days: int) -> str:
    top = sorted((h for h in healths if h.daily_success), key=lambda h: -h.runs)[:5]
    days = sorted({d for h in top for d in h.daily_success})
    series = [[h.daily_success.get(d, 0) for d in days] for h in top]
    return render(
        "health_dashboard.md.j2", workflows=healths, overall=overall, alerts=alert_map, window_days=window_days,
        window_start=start.date().isoformat(), window_end=(end - timedelta(seconds=1)).date().isoformat(),
        chart_days=[f'"{d[5:]}"' for d in days], chart_series=series, chart_names=[h.name for h in top],
        categories=[(mermaid_label(k), v) for k, v in categories.most_common(8)], analyzed=analyzed, own=own,
        pct=lambda v: "—" if v is None else f"{v:.1f}%", num=lambda v: "—" if v is None else f"{v:g}",
        dur=lambda v: "—" if v is None else (f"{v / 60:.1f} min" if v >= 60 else f"{v:.0f} s"),
    )


def alert_slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60] or "workflow"


# -- apply ------------------------------------------------------------------------------------------------

def upsert_dashboard(ctx: StageContext, label: str, body: str) -> Any:
    gw, repo = ctx.gw, ctx.gw.repo()
    body = body.rstrip() + "\n\n" + marker("dashboard") + "\n"

    def find() -> Any:
        return next((i for i in repo.get_issues(state="open", labels=[label]) if has_marker(i.body, "dashboard")), None)

    current = gw.read(find, what="find the dashboard issue")
    if current is None:
        return gw.write(lambda: repo.create_issue("autoheal: workflow health dashboard", body=body, labels=[label]),
                        find=find, what="create the dashboard issue"), "created"
    if current.body != body:
        gw.write(lambda: current.edit(body=body), what=f"update dashboard #{current.number}")
        return current, "updated"
    return current, "unchanged"


def sync_alerts(ctx: StageContext, label: str, alert_map: dict[str, str], healths: list[WorkflowHealth]) -> list[str]:
    """One open alert issue per workflow in alert (updated in place), closed when it recovers."""
    gw, repo = ctx.gw, ctx.gw.repo()
    open_alerts = {}
    for issue in gw.read(lambda: list(repo.get_issues(state="open", labels=[label])), what="list alert issues"):
        m = re.search(r"<!-- autoheal:alert=([a-z0-9-]+) -->", issue.body or "")
        if m:
            open_alerts[m.group(1)] = issue
    by_name = {h.name: h for h in healths}
    actions = []
    for name, why in alert_map.items():
        slug = alert_slug(name)
        h = by_name[name]
        body = (f"The workflow **{name}** needs attention: {why}.\n\n"
                f"Runs in the window: {h.runs}; failures: {h.failures}; flaky SHAs: {h.flaky_shas}.\n"
                "See the autoheal dashboard issue for the details. autoheal closes this issue when it recovers.\n\n"
                f"{marker('alert', slug)}\n")
        existing = open_alerts.pop(slug, None)
        if existing is None:
            def find(slug: str = slug) -> Any:
                return next((i for i in repo.get_issues(state="open", labels=[label])
                             if has_marker(i.body, "alert", slug)), None)

            gw.write(lambda body=body, name=name: repo.create_issue(f"autoheal alert: {name} success rate", body=body,
                                                                    labels=[label]), find=find, what="open an alert")
            actions.append(f"alert opened: {name}")
        elif existing.body != body:
            gw.write(lambda existing=existing, body=body: existing.edit(body=body), what="update an alert")
            actions.append(f"alert updated: {name}")
    for slug, issue in open_alerts.items():
        if not say_recovered(ctx, issue, slug):
            # Never closed without saying why: the alert stays open until a run may post the comment.
            actions.append(f"alert #{issue.number} recovered but left open: the recovery "
                           f"{held_back_note(stage_comment_budget(ctx).limit)}")
            continue
        gw.write(lambda issue=issue: issue.edit(state="closed", state_reason="completed"), what="close a recovered alert")
        actions.append(f"alert closed: #{issue.number}")
    return actions


def say_recovered(ctx: StageContext, issue: Any, slug: str) -> bool:
    """The "Recovered" comment on an alert, once (marked, so a re-run after a lost close does not repeat it
    and rate_limits.max_comments_per_hour counts it). False when the comment cap held it back."""
    gw = ctx.gw

    def find() -> Any:
        return next((c for c in issue.get_comments() if has_marker(c.body, RECOVERED_MARKER, slug)), None)

    body = f"{RECOVERED_TEXT}\n\n{marker(RECOVERED_MARKER, slug)}\n"
    return post_once(gw, issue, body, find, stage_comment_budget(ctx), what="comment on a recovered alert")


# -- run --------------------------------------------------------------------------------------------------

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
