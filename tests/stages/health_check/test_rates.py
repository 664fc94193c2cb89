"""The dashboard's rates (issue #23) against a scenario whose answers are known by construction:
automation, fix, false-positive and recurrence rates, the median time from failure to green, gaps shown
as gaps, custom categories counted, excluded workflows never alerted. Everything is read from GitHub
(the simulator) by the health-check stage itself."""

from __future__ import annotations

import json
from datetime import timedelta

from autoheal.invoke import invoke
from autoheal.markers import marker
from autoheal.stages.health_check.metrics import Rate, autoheal_rates
from autoheal.stages.shared.issue_blocks import encode_block

REPO = "octo/app"
CONFIG = """\
excluded_workflows: [Nightly]
categories:
  flaky_db:
    pattern: 'psycopg\\.errors\\.DeadlockDetected'
    confidence: 85
"""
DEADLOCK = ("2026-01-01T00:00:00.0000000Z psycopg.errors.DeadlockDetected: deadlock detected\n"
            "2026-01-01T00:00:00.0000000Z ##[error]Process completed with exit code 1.\n")
MISSING = ("2026-01-01T00:00:00.0000000Z ModuleNotFoundError: No module named 'yaml'\n"
           "2026-01-01T00:00:00.0000000Z ##[error]Process completed with exit code 1.\n")


def iso(moment) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def autoheal_issue(gh_repo, title: str, run_ids: list[int], first_seen, green_at=None):
    record = {"v": 1, "count": len(run_ids), "seen": [f"{r}.1" for r in run_ids], "runs": [],
              "first_seen": iso(first_seen), "closed_by": {"run": 1, "at": iso(green_at)} if green_at else None}
    body = "\n".join([marker("fingerprint", "f" * 16), encode_block("occurrences", record), "", title])
    return gh_repo.create_issue(title=title, body=body, labels=["autoheal"])


def test_rates_on_a_scenario_with_known_answers(sim, tmp_path):
    sim.create_repo(REPO, files={".github/workflows/ci.yml": "name: CI\non: push\njobs: {}\n",
                                 ".github/workflows/nightly.yml": "name: Nightly\non: push\njobs: {}\n",
                                 ".github/autoheal.yml": CONFIG})
    sim.add_collaborator(REPO, "alice")
    sim.add_token("ghu_alice", login="alice", kind="user")
    sim.add_token("ghs_bot", login="github-actions[bot]", kind="github_token")
    now = sim.clock.now()  # 2026-01-05T12:00Z; the 7-day window is 2025-12-30 .. 2026-01-05
    day = lambda n, h=0: now.replace(hour=0, minute=0, second=0) - timedelta(days=n) + timedelta(hours=h)  # noqa: E731

    def ci(conclusion, when, log=MISSING):
        return sim.add_run(REPO, workflow="CI", conclusion=conclusion, created_at=when,
                           jobs=[{"name": "test", "conclusion": conclusion,
                                  "steps": [{"name": "Run pytest", "conclusion": conclusion}],
                                  "log": log if conclusion == "failure" else "ok\n"}])

    # CI: 4 failed runs (3 recorded on autoheal issues), 4 green; nothing at all on day 3 (a gap)
    fails = [ci("failure", day(6, 1)), ci("failure", day(5, 1)), ci("failure", day(4, 1), DEADLOCK),
             ci("failure", day(2, 1), DEADLOCK)]
    for when in (day(6, 9), day(5, 9), day(4, 9), day(2, 9)):
        ci("success", when)
    # Nightly (excluded): always red — never alerted, never counted as a failure autoheal missed
    for n in (6, 5, 4, 2, 1):
        sim.add_run(REPO, workflow="Nightly", conclusion="failure", created_at=day(n, 3),
                    jobs=[{"name": "n", "conclusion": "failure", "log": MISSING}])

    gh_repo = sim.github().get_repo(REPO)
    bot_repo, alice_repo = sim.github("ghs_bot").get_repo(REPO), sim.github("ghu_alice").get_repo(REPO)
    a = autoheal_issue(gh_repo, "A: fixed in 6 h", fails[:2], day(6, 1), green_at=day(6, 7))
    e = autoheal_issue(gh_repo, "E: fixed in 10 h", [fails[2]], day(4, 1), green_at=day(4, 11))
    b = autoheal_issue(gh_repo, "B: not a real failure", [], day(5, 2))
    c = autoheal_issue(gh_repo, "C: closed by autoheal, reopened by a person", [], day(5, 3))
    d = autoheal_issue(gh_repo, "D: fixed, then failed again", [], day(5, 4))
    a.edit(state="closed", state_reason="completed")
    e.edit(state="closed", state_reason="completed")
    b.edit(state="closed", state_reason="not_planned")
    bot_repo.get_issue(c.number).edit(state="closed", state_reason="completed")
    alice_repo.get_issue(c.number).edit(state="open")  # a person: autoheal was wrong
    bot_repo.get_issue(d.number).edit(state="closed", state_reason="completed")
    bot_repo.get_issue(d.number).edit(state="open")  # autoheal itself: the failure came back

    # autoheal PRs: 4 opened, 1 merged
    for n in range(4):
        branch = f"autoheal/{n + 1}-fix"
        sim.commit_files(REPO, branch, {f"fix{n}.txt": "x\n"}, f"autoheal: fix {n}", from_branch="main")
        pr = gh_repo.create_pull(base="main", head=branch, title=f"autoheal: fix {n}", body=f"Fixes #{n + 1}\n\n"
                                 + marker("issue", n + 1), draft=False)
        if n == 0:
            pr.merge()

    result = invoke("health-check", {"window-days": 7, "alert-below": 60}, api_url=sim.base_url, token=sim.token,
                    repo=REPO, workspace=tmp_path)
    assert result.exit_code == 0, result.stdout + result.stderr
    report = json.loads((tmp_path / "autoheal-health.json").read_text())
    rates = report["rates"]
    assert rates["automation"] == {"part": 3, "whole": 4, "pct": 75.0}
    assert rates["fix"] == {"part": 1, "whole": 4, "pct": 25.0}
    assert rates["false_positive"] == {"part": 2, "whole": 5, "pct": 40.0}  # B (not planned), C (reopened by alice)
    assert rates["recurrence"] == {"part": 1, "whole": 3, "pct": 33.3}  # D among A, E, D
    assert rates["failure_to_green_hours"] == {"median": 8.0, "samples": 2}  # 6 h and 10 h
    assert report["failure_categories"].get("flaky_db") == 2  # the custom category, counted as itself
    assert report["excluded"] == ["Nightly"] and list(report["alerts"]) == ["CI"]  # CI 50 % < 60 %; Nightly 0 %

    dashboard = next(i for i in sim.issues(REPO) if "autoheal-dashboard" in [lb["name"] for lb in i["labels"]])
    body = dashboard["body"]
    assert "| automation | 75.0% (3/4) |" in body and "| fix | 25.0% (1/4) |" in body
    assert "| false positive | 40.0% (2/5) |" in body and "| recurrence | 33.3% (1/3) |" in body
    assert "| failure to green (median) | 8 h (2 issues) |" in body
    gap = (now - timedelta(days=3)).strftime("%m-%d")
    assert f"No runs on {gap}" in body
    chart = body[body.index("xychart-beta"):body.index("```", body.index("xychart-beta"))]
    assert f'"{gap}"' not in chart and " 0," not in chart and "[0" not in chart  # a gap is not 0 %
    assert "| Nightly (excluded) |" in body
    alerts = [i for i in sim.issues(REPO) if "autoheal-alert" in [lb["name"] for lb in i["labels"]]]
    assert len(alerts) == 1 and "CI" in alerts[0]["body"]
    assert all("Nightly" not in (i["title"] + (i["body"] or "")) for i in alerts)


def test_rates_without_data_are_no_data_not_zero():
    empty = autoheal_rates([], [], [])
    assert [r.pct for r in (empty.automation, empty.fix, empty.false_positive, empty.recurrence)] == [None] * 4
    assert empty.failure_to_green_hours is None
    assert Rate(0, 3).pct == 0.0  # zero out of something is 0 %
