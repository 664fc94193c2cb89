"""health-check: metric definitions (pure), then the stage on the simulator with a fake clock."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from autoheal.invoke import invoke
from autoheal.stages.health_check.metrics import alerts, flaky_counts, mttr_hours, percentile, workflow_health
from support.template_tokens import template_token


def run(i, conclusion, *, sha="a", hours=0, attempt=1, branch="main", wf=1, dur_min=5, queue_s=30):
    created = datetime(2026, 1, 1, tzinfo=timezone.utc) + timedelta(hours=hours)
    started = created + timedelta(seconds=queue_s)
    done = started + timedelta(minutes=dur_min)
    return {"id": i, "workflow_id": wf, "name": "CI", "head_branch": branch, "head_sha": sha, "status": "completed",
            "conclusion": conclusion, "created_at": created.isoformat().replace("+00:00", "Z"),
            "run_started_at": started.isoformat().replace("+00:00", "Z"),
            "updated_at": done.isoformat().replace("+00:00", "Z"), "run_attempt": attempt}


def test_flaky_is_same_sha_both_failed_and_succeeded():
    runs = [run(1, "failure", sha="x"), run(2, "success", sha="x"),   # flaky
            run(3, "failure", sha="y"), run(4, "failure", sha="y"),   # consistently red
            run(5, "success", sha="z")]                              # ran once
    assert flaky_counts(runs) == (1, 2)
    # A re-run attempt counts when its earlier attempt failed.
    assert flaky_counts([run(6, "success", sha="w", attempt=2)], {6: ["failure"]}) == (1, 1)


def test_mttr_is_first_failure_to_next_success():
    runs = [run(1, "success", hours=0), run(2, "failure", hours=1), run(3, "failure", hours=2),
            run(4, "success", hours=5), run(5, "failure", hours=6), run(6, "success", hours=7)]
    # red streak 1: failure completes at 1h05 -> success completes at 5h05 = 4h; streak 2: 1h
    assert mttr_hours(runs) == 2.5


def test_cancelled_runs_do_not_decide_success_rate():
    h = workflow_health("CI", [run(1, "success"), run(2, "failure"), run(3, "cancelled")], [], "main")
    assert h.success_rate == 50.0 and h.cancelled == 1 and h.runs == 3


def test_durations_and_percentiles():
    h = workflow_health("CI", [run(i, "success", dur_min=i) for i in range(1, 21)], [], "main")
    assert h.median_duration_s == 10.5 * 60
    assert h.p95_duration_s == pytest.approx(percentile([i * 60.0 for i in range(1, 21)], 0.95))
    assert h.median_queue_s == 30


def test_alerts_on_level_and_on_drop():
    low = workflow_health("A", [run(1, "failure"), run(2, "success")], [run(3, "success")], "main")
    dropped = workflow_health("B", [run(i, "success") for i in range(9)] + [run(9, "failure"), run(10, "failure")],
                              [run(20 + i, "success") for i in range(5)], "main")
    fine = workflow_health("C", [run(1, "success")], [run(2, "success")], "main")
    got = alerts([low, dropped, fine], alert_below=80, alert_drop=15)
    assert set(got) == {"A", "B"}
    assert "below 80%" in got["A"] and "dropped" in got["B"]


# -- on the simulator ----------------------------------------------------------------------------------

@pytest.fixture
def repo(sim):
    sim.create_repo("octo/app", files={".github/workflows/ci.yml": "name: CI\non: push\njobs: {}\n",
                                        ".github/workflows/lint.yml": "name: Lint\non: push\njobs: {}\n"})
    return "octo/app"


def seed(sim, n_ci_fail=3, n_ci_ok=7, lint_ok=5):
    start = sim.clock.now() - timedelta(days=10)
    log = "2026-01-01T00:00:00.0000000Z ModuleNotFoundError: No module named 'yaml'\n" \
          "2026-01-01T00:00:00.0000000Z ##[error]Process completed with exit code 1.\n"
    for i in range(n_ci_fail + n_ci_ok):
        ok = i >= n_ci_fail
        sim.add_run("octo/app", workflow="CI", branch="main", conclusion="success" if ok else "failure",
                    head_sha=f"{i:040x}", created_at=start + timedelta(hours=i),
                    jobs=[{"name": "test", "conclusion": "success" if ok else "failure",
                           "steps": [{"name": "Run pytest", "conclusion": "success" if ok else "failure"}],
                           "log": "all good\n" if ok else log}])
    for i in range(lint_ok):
        sim.add_run("octo/app", workflow="Lint", branch="main", conclusion="success", head_sha=f"{i:040x}",
                    created_at=start + timedelta(hours=i), jobs=[{"name": "lint", "conclusion": "success",
                                                                   "steps": [], "log": "ok\n"}])


def health(sim, tmp_path, **args):
    token = template_token(sim, "health-check.yml", "health-check")  # the job's own permissions
    return invoke("health-check", args, api_url=sim.base_url, token=token, repo="octo/app", workspace=tmp_path)


def test_dashboard_issue_is_created_once_and_updated_in_place(sim, repo, tmp_path):
    seed(sim)
    first = health(sim, tmp_path)
    assert first.exit_code == 0, first.stdout + first.stderr
    report = json.loads((tmp_path / "autoheal-health.json").read_text())
    ci = next(w for w in report["workflows"] if w["name"] == "CI")
    assert ci["success_rate"] == 70.0 and ci["runs"] == 10
    assert report["failure_categories"] == {"missing_dependency": 3}
    dashboards = [i for i in sim.issues(repo) if "autoheal-dashboard" in [lb["name"] for lb in i["labels"]]]
    assert len(dashboards) == 1
    body = dashboards[0]["body"]
    assert "```mermaid" in body and "xychart-beta" in body and "pie title" in body
    assert "| CI |" in body
    assert "xychart" in first.summary
    # A second run on the same day with no new runs: no new issue, no edit, logs come from the cache.
    second = health(sim, tmp_path)
    assert second.exit_code == 0
    assert second.writes == 0
    assert len([i for i in sim.issues(repo) if "autoheal-dashboard" in [lb["name"] for lb in i["labels"]]]) == 1


def test_alert_opens_then_closes_when_recovered(sim, repo, tmp_path):
    seed(sim, n_ci_fail=5, n_ci_ok=5)
    health(sim, tmp_path, **{"alert-below": 80})
    alerts_open = [i for i in sim.issues(repo, state="open") if "autoheal-alert" in [lb["name"] for lb in i["labels"]]]
    assert len(alerts_open) == 1 and "CI" in alerts_open[0]["title"]
    health(sim, tmp_path, **{"alert-below": 80})  # still in alert: updated in place, not duplicated
    assert len([i for i in sim.issues(repo) if "autoheal-alert" in [lb["name"] for lb in i["labels"]]]) == 1
    recovered = health(sim, tmp_path, **{"alert-below": 40})
    assert recovered.exit_code == 0
    closed = [i for i in sim.issues(repo, state="closed") if "autoheal-alert" in [lb["name"] for lb in i["labels"]]]
    assert len(closed) == 1 and closed[0]["state_reason"] == "completed"


def test_etag_cache_answers_unchanged_pages_with_304(sim, repo, tmp_path):
    seed(sim)
    health(sim, tmp_path)
    second = health(sim, tmp_path)
    report = json.loads((tmp_path / "autoheal-health.json").read_text())
    assert report["not_modified"] > 0
    assert second.requests < 40


def test_a_busy_week_is_split_until_no_listing_reaches_githubs_1000_cap(sim, repo, tmp_path):
    """GitHub returns at most 1,000 runs for a `created` listing (its description of "List workflow runs");
    2,500 runs in one 7-day chunk are all counted, the window split in halves until each stays below."""
    start = sim.clock.now() - timedelta(days=3)
    sim.add_runs("octo/app", [{"workflow": "CI", "conclusion": "success" if i % 5 else "failure", "jobs": [],
                               "created_at": start + timedelta(minutes=i)} for i in range(2500)])
    result = health(sim, tmp_path, **{"max-logs": 0})
    assert result.exit_code == 0, result.stdout + result.stderr
    report = json.loads((tmp_path / "autoheal-health.json").read_text())
    ci = next(w for w in report["workflows"] if w["name"] == "CI")
    assert ci["runs"] == 2500 and ci["success_rate"] == 80.0
    listings = [r for r in sim.requests if r.path.endswith("/actions/runs")]
    assert all(r.status == 200 for r in listings)
    assert not [line for line in result.annotations if "1,000" in line]
