"""Pure workflow-health arithmetic: runs (as dicts from the runs API) in, metrics out. No I/O.

Definitions (also in docs/stages/health-check.md):
- success rate = successes / decided runs, where decided = success, failure, timed_out, startup_failure
  (cancelled and skipped runs are counted but decide nothing);
- a head SHA is flaky for a workflow when, across its runs and re-run attempts, one failed and one
  succeeded; flaky rate = flaky SHAs / SHAs that ran more than once (same-SHA definition of Trunk/Mergify);
- MTTR (default branch) = mean time from the first failed run of a red streak to the completion of the
  next successful run of the same workflow;
- duration = completion - start; queue time = start - creation;
- autoheal's rates (automation, fix, false positive, recurrence, failure to green): `autoheal_rates`.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Iterable

DECIDED = {"success", "failure", "timed_out", "startup_failure"}
FAILED = {"failure", "timed_out", "startup_failure"}


def ts(value: str | None) -> datetime | None:
    if not value:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


@dataclass
class WorkflowHealth:
    name: str
    runs: int = 0
    successes: int = 0
    failures: int = 0
    cancelled: int = 0
    success_rate: float | None = None
    previous_success_rate: float | None = None
    flaky_shas: int = 0
    rerun_shas: int = 0
    flaky_rate: float | None = None
    mttr_hours: float | None = None
    median_duration_s: float | None = None
    p95_duration_s: float | None = None
    median_queue_s: float | None = None
    daily_success: dict[str, float] = field(default_factory=dict)

    @property
    def drop(self) -> float | None:
        if self.success_rate is None or self.previous_success_rate is None:
            return None
        return self.previous_success_rate - self.success_rate


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def rate(successes: int, decided: int) -> float | None:
    return round(100.0 * successes / decided, 1) if decided else None


def in_window(runs: Iterable[dict], start: datetime, end: datetime) -> list[dict]:
    return [r for r in runs if (t := ts(r.get("created_at"))) is not None and start <= t < end]


def flaky_counts(runs: list[dict], earlier_attempts: dict[int, list[str]] | None = None) -> tuple[int, int]:
    """(flaky SHAs, SHAs with more than one attempt or run). `earlier_attempts`: run id -> conclusions."""
    by_sha: dict[str, list[str]] = defaultdict(list)
    for run in runs:
        if run.get("conclusion"):
            by_sha[run.get("head_sha", "")].append(run["conclusion"])
        for conclusion in (earlier_attempts or {}).get(run["id"], []):
            by_sha[run.get("head_sha", "")].append(conclusion)
        if (run.get("run_attempt") or 1) > 1 and run["id"] not in (earlier_attempts or {}):
            by_sha[run.get("head_sha", "")].append("rerun")  # an earlier attempt exists, conclusion unknown
    multi = {sha: c for sha, c in by_sha.items() if len(c) > 1}
    flaky = sum(1 for c in multi.values() if "success" in c and (set(c) & FAILED))
    return flaky, len(multi)


def mttr_hours(runs: list[dict]) -> float | None:
    """Mean red->green time over the runs of ONE workflow on one branch."""
    ordered = sorted((r for r in runs if r.get("conclusion") in DECIDED), key=lambda r: r["created_at"])
    red_since: datetime | None = None
    spans: list[float] = []
    for run in ordered:
        if run["conclusion"] in FAILED:
            if red_since is None:
                red_since = ts(run.get("updated_at")) or ts(run["created_at"])
        elif red_since is not None:
            green_at = ts(run.get("updated_at")) or ts(run["created_at"])
            spans.append((green_at - red_since) / timedelta(hours=1))
            red_since = None
    return round(statistics.fmean(spans), 2) if spans else None


def workflow_health(name: str, current: list[dict], previous: list[dict], default_branch: str,
                    earlier_attempts: dict[int, list[str]] | None = None) -> WorkflowHealth:
    h = WorkflowHealth(name=name, runs=len(current))
    decided = [r for r in current if r.get("conclusion") in DECIDED]
    h.successes = sum(1 for r in decided if r["conclusion"] == "success")
    h.failures = sum(1 for r in decided if r["conclusion"] in FAILED)
    h.cancelled = sum(1 for r in current if r.get("conclusion") == "cancelled")
    h.success_rate = rate(h.successes, len(decided))
    prev_decided = [r for r in previous if r.get("conclusion") in DECIDED]
    h.previous_success_rate = rate(sum(1 for r in prev_decided if r["conclusion"] == "success"), len(prev_decided))
    h.flaky_shas, h.rerun_shas = flaky_counts(current, earlier_attempts)
    h.flaky_rate = rate(h.flaky_shas, h.rerun_shas)
    h.mttr_hours = mttr_hours([r for r in current if r.get("head_branch") == default_branch])
    durations, queues = [], []
    for r in current:
        start, created, end = ts(r.get("run_started_at")), ts(r.get("created_at")), ts(r.get("updated_at"))
        if r.get("status") == "completed" and start and end and end >= start:
            durations.append((end - start).total_seconds())
        if start and created and start >= created:
            queues.append((start - created).total_seconds())
    h.median_duration_s = statistics.median(durations) if durations else None
    h.p95_duration_s = percentile(durations, 0.95)
    h.median_queue_s = statistics.median(queues) if queues else None
    per_day: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for r in decided:
        day = r["created_at"][:10]
        per_day[day][0] += r["conclusion"] == "success"
        per_day[day][1] += 1
    h.daily_success = {day: rate(s, n) or 0.0 for day, (s, n) in sorted(per_day.items())}
    return h


OWN_WORKFLOWS = ("autoheal", "autoheal *", "autoheal-*", "autoheal:*", "autoheal/*")
OWN_WORKFLOW_FILES = (".github/workflows/autoheal*.yml", ".github/workflows/autoheal*.yaml")


def is_excluded(name: str, path: str, patterns: Iterable[str]) -> bool:
    """`excluded_workflows` (names or globs, matched on name or path) and autoheal's own workflows: never
    alerted, and not counted as failures autoheal should have handled (the same rule open-issue applies)."""
    from ...fixes.workflow_list import excluded as matches

    path = (path or "").split("@", 1)[0]
    return (matches(name, OWN_WORKFLOWS) or (bool(path) and matches(path, OWN_WORKFLOW_FILES))
            or any(matches(name, [p]) or (bool(path) and matches(path, [p])) for p in patterns))


def alerts(healths: Iterable[WorkflowHealth], alert_below: float, alert_drop: float,
           excluded: Iterable[str] = ()) -> dict[str, str]:
    """Workflow name -> why it is in alert (absent when healthy, without decided runs, or excluded)."""
    out = {}
    skip = set(excluded)
    for h in healths:
        if h.success_rate is None or h.name in skip:
            continue
        if h.success_rate < alert_below:
            out[h.name] = f"success rate {h.success_rate:.1f}% is below {alert_below:g}%"
        elif h.drop is not None and h.drop > alert_drop:
            out[h.name] = (f"success rate dropped {h.drop:.1f} points "
                           f"({h.previous_success_rate:.1f}% -> {h.success_rate:.1f}%)")
    return out


def summarize_autoheal(issues: list[dict], pulls: list[dict]) -> dict[str, Any]:
    """autoheal's own numbers (the success metrics of the workflow-auto-fix plan) from its issues and PRs in the window."""
    merged = [p for p in pulls if p.get("merged_at")]
    fixes = []
    for issue in issues:
        if issue.get("state") == "closed" and issue.get("state_reason") == "completed" and issue.get("closed_at"):
            fixes.append((ts(issue["closed_at"]) - ts(issue["created_at"])) / timedelta(hours=1))
    return {
        "failures_analyzed": sum(int(i.get("occurrences") or 1) for i in issues),
        "issues_opened": len(issues),
        "prs_opened": len(pulls),
        "prs_merged": len(merged),
        "prs_merged_pct": rate(len(merged), len(pulls)),
        "median_time_to_fix_hours": round(statistics.median(fixes), 1) if fixes else None,
        "false_positives": sum(1 for i in issues if i.get("state_reason") == "not_planned"),
    }


# -- autoheal's rates (issue #23): each a share with its numerator and denominator, None when nothing to share --
@dataclass
class Rate:
    """`part` of `whole`, in percent (None when `whole` is 0: no data, never 0 %)."""

    part: int
    whole: int

    @property
    def pct(self) -> float | None:
        return rate(self.part, self.whole)


@dataclass
class AutohealRates:
    automation: Rate  # failed runs autoheal filed (or counted on) an issue for / failed runs it watches
    fix: Rate  # autoheal PRs merged / autoheal PRs opened
    false_positive: Rate  # issues closed as not planned or reopened by a person / issues filed
    recurrence: Rate  # fixed issues that regressed (autoheal reopened them) / issues closed as fixed
    failure_to_green_hours: float | None  # median, first failed run -> the green run that closed the issue
    failure_to_green_samples: int = 0


def autoheal_rates(failed_runs: list[dict], issues: list[dict], pulls: list[dict]) -> AutohealRates:
    """The dashboard's rates (definitions in docs/stages/health-check.md). `failed_runs`: the window's failed
    runs of the watched workflows (excluded and autoheal's own already left out); `issues`: autoheal's issues
    filed in the window, each with `run_ids` (from its occurrences record), `first_seen`, `green_at`,
    `reopened_by_person`, `regressed`; `pulls`: autoheal's PRs opened in the window."""
    recorded = {rid for issue in issues for rid in issue.get("run_ids") or ()}
    automated = sum(1 for run in failed_runs if run["id"] in recorded)
    merged = sum(1 for p in pulls if p.get("merged_at"))
    false_positives = sum(1 for i in issues
                          if i.get("state_reason") == "not_planned" or i.get("reopened_by_person"))
    closed_fixed = [i for i in issues if i.get("regressed")
                    or (i.get("state") == "closed" and i.get("state_reason") in ("completed", None))]
    regressed = sum(1 for i in closed_fixed if i.get("regressed"))
    spans = []
    for issue in issues:
        first, green = ts(issue.get("first_seen")), ts(issue.get("green_at"))
        if first and green and green >= first:
            spans.append((green - first) / timedelta(hours=1))
    return AutohealRates(
        automation=Rate(automated, len(failed_runs)),
        fix=Rate(merged, len(pulls)),
        false_positive=Rate(false_positives, len(issues)),
        recurrence=Rate(regressed, len(closed_fixed)),
        failure_to_green_hours=round(statistics.median(spans), 2) if spans else None,
        failure_to_green_samples=len(spans),
    )


def window_days_list(start: datetime, end: datetime) -> list[str]:
    """Every day of the window, as YYYY-MM-DD (the x-axis; a day without runs is a gap, not 0 %)."""
    days, day = [], start
    while day < end:
        days.append(day.date().isoformat())
        day += timedelta(days=1)
    return days


def rates_json(rates: AutohealRates) -> dict[str, Any]:
    """The rates for the JSON report: each as {part, whole, pct} (pct null when there was nothing to count)."""
    out: dict[str, Any] = {}
    for name in ("automation", "fix", "false_positive", "recurrence"):
        r = getattr(rates, name)
        out[name] = {"part": r.part, "whole": r.whole, "pct": r.pct}
    out["failure_to_green_hours"] = {"median": rates.failure_to_green_hours, "samples": rates.failure_to_green_samples}
    return out
