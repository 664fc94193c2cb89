"""health-check's reads: the runs of the window (cached, in chunks), failure categories, autoheal's own activity."""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime, timedelta
from typing import Any

from ...errors import AutohealError
from ..shared.context import StageContext
from ..shared.ownership import is_autoheal_pr
from ..shared.run_listing import FILTERED_CAP
from ..shared.trust import own_logins
from .metrics import (
    ts,
)

RUN_FIELDS = ("id", "workflow_id", "name", "head_branch", "head_sha", "event", "status", "conclusion",
              "created_at", "updated_at", "run_started_at", "run_attempt")


CHUNK = timedelta(days=7)


MIN_SPAN = timedelta(seconds=2)  # below this a window is not split further (GitHub's filter has 1 s steps)


class RunLister:
    """Lists runs in fixed 7-day chunks with per-page ETag revalidation.

    A `created` listing stops at 1,000 runs (GitHub's description of "List workflow runs": "up to 1,000
    results for each search when using ... created"), so a chunk GitHub counts at 1,000 or more is split
    in halves until every listing stays below the cap; busy repositories cost more requests, none
    undercounts."""

    def __init__(self, ctx: StageContext, cache: dict[str, Any]):
        self.ctx, self.gw, self.cache = ctx, ctx.gw, cache.setdefault("pages", {})
        self.not_modified = 0
        self.splits = 0
        self.capped: list[str] = []  # windows still at the cap after splitting down to MIN_SPAN

    def runs_between(self, start: datetime, end: datetime) -> list[dict]:
        out: list[dict] = []
        chunk_start = start
        while chunk_start < end:
            chunk_end = min(chunk_start + CHUNK, end)
            out.extend(self._window(chunk_start, chunk_end))
            chunk_start = chunk_end
        return out

    def _window(self, start: datetime, end: datetime) -> list[dict]:
        runs, total = self._chunk(start, end)
        if total < FILTERED_CAP:
            return runs
        if end - start < MIN_SPAN:
            self.capped.append(self._span(start, end))
            return runs
        self.splits += 1
        middle = start + (end - start) / 2
        middle = middle.replace(microsecond=0) if middle.replace(microsecond=0) > start else middle
        return self._window(start, middle) + self._window(middle, end)

    @staticmethod
    def _span(start: datetime, end: datetime) -> str:
        return f"{start.strftime('%Y-%m-%dT%H:%M:%SZ')}..{(end - timedelta(seconds=1)).strftime('%Y-%m-%dT%H:%M:%SZ')}"

    def _chunk(self, start: datetime, end: datetime) -> tuple[list[dict], int]:
        """(the runs of [start, end), GitHub's total_count for it); stops after the first page when the
        total says the window must be split anyway."""
        span = self._span(start, end)
        runs: list[dict] = []
        page = 1
        while True:
            path = f"/repos/{self.ctx.repo}/actions/runs?created={span}&per_page=100&page={page}"
            cached = self.cache.get(path)
            headers = {"If-None-Match": cached["etag"]} if cached else None
            status, resp_headers, data = self.gw.raw("GET", path, headers=headers, what="list workflow runs")
            if status == 304 and cached:
                self.not_modified += 1
                items, total = cached["runs"], cached.get("total", 0)
            elif status == 200 and isinstance(data, dict):
                items = [{k: r.get(k) for k in RUN_FIELDS} for r in data.get("workflow_runs", [])]
                total = int(data.get("total_count") or 0)
                etag = {k.lower(): v for k, v in (resp_headers or {}).items()}.get("etag")
                if etag:
                    self.cache[path] = {"etag": etag, "runs": items, "total": total}
            else:
                raise AutohealError(f"listing workflow runs failed: {status} {data!r:.200}",
                                    "the token needs `actions: read`")
            runs.extend(items)
            if page == 1 and total >= FILTERED_CAP and end - start >= MIN_SPAN:
                return runs, total
            if len(items) < 100:
                return runs, max(total, len(runs))
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
        if is_autoheal_pr(pr, prefix, own_logins(gw)):
            pulls.append({"merged_at": pr.raw_data.get("merged_at"), "created_at": pr.raw_data.get("created_at")})
    return issues, pulls


def _recent_pulls(repo: Any, since: datetime) -> list[Any]:
    out = []
    for pr in repo.get_pulls(state="all", sort="created", direction="desc"):
        if ts(pr.raw_data["created_at"]) < since:
            break
        out.append(pr)
    return out
