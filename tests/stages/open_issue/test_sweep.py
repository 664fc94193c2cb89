"""open-issue --sweep (autoheal.yml's hourly job): closes the issues whose workflow is green again, so a
green run needs no container of its own."""

from __future__ import annotations

from .test_open_issue_support import REPO, make_analysis, open_issue, workspace, write_analysis


def test_the_sweep_closes_an_issue_once_its_workflow_is_green_again(sim, tmp_path):
    sim.create_repo(REPO)
    ws = workspace(tmp_path)
    failed_id = sim.add_run(REPO, workflow="CI", branch="main", conclusion="failure", jobs=[])
    filed = open_issue(sim, ws, {"analysis-file": write_analysis(ws, make_analysis(run_id=failed_id))})
    assert filed.outputs["action"] == "created"

    before = len(sim.requests)
    still_red = open_issue(sim, ws, {"sweep": True})
    assert still_red.outputs["action"] == "skipped" and "none green again" in still_red.outputs["reason"]
    assert [r for r in sim.requests[before:] if r.is_write] == []

    sim.clock.advance(hours=1)
    sim.add_run(REPO, workflow="CI", branch="main", conclusion="success", created_at=sim.clock.now(), jobs=[])
    dry = open_issue(sim, ws, {"sweep": True, "dry-run": True})
    assert "would close" in dry.outputs["reason"] and sim.issues(REPO)[0]["state"] == "open"
    swept = open_issue(sim, ws, {"sweep": True})
    assert swept.outputs["action"] == "closed", swept.stdout
    assert sim.issues(REPO, state="all")[0]["state"] == "closed"
    again = open_issue(sim, ws, {"sweep": True})
    assert again.outputs["action"] == "skipped"


def test_with_no_open_issue_the_sweep_costs_two_requests(sim, tmp_path):
    sim.create_repo(REPO)
    ws = workspace(tmp_path)
    result = open_issue(sim, ws, {"sweep": True})
    assert result.outputs["action"] == "skipped" and result.requests <= 2, result.stdout


def _issue_listings(sim, since: int) -> int:
    return sum(1 for r in sim.requests[since:] if r.method == "GET" and r.path == f"/repos/{REPO}/issues")


def test_the_sweep_lists_the_open_issues_again_only_after_a_write(sim, tmp_path):
    """Two workflows' issues: each green run is judged on the first listing until one is closed; the next
    one then reads the list again, so nothing is closed or commented twice."""
    sim.create_repo(REPO)
    ws = workspace(tmp_path)
    for workflow in ("CI", "Lint"):
        failed = sim.add_run(REPO, workflow=workflow, branch="main", conclusion="failure", jobs=[])
        analysis = make_analysis(run_id=failed, workflow=workflow, job=workflow.lower())
        assert open_issue(sim, ws, {"analysis-file": write_analysis(ws, analysis)}).outputs["action"] == "created"

    sim.clock.advance(hours=1)
    sim.add_run(REPO, workflow="CI", branch="main", conclusion="success", created_at=sim.clock.now(), jobs=[])
    before = len(sim.requests)
    one = open_issue(sim, ws, {"sweep": True})
    assert one.outputs["action"] == "closed"
    assert _issue_listings(sim, before) == 1  # Lint is still red: no second listing for it

    sim.add_run(REPO, workflow="Lint", branch="main", conclusion="success", created_at=sim.clock.now(), jobs=[])
    before = len(sim.requests)
    two = open_issue(sim, ws, {"sweep": True})
    assert two.outputs["action"] == "closed"
    closes = [r for r in sim.requests[before:] if r.method == "PATCH" and r.path.startswith(f"/repos/{REPO}/issues/")]
    assert len(closes) == 1 and _issue_listings(sim, before) == 1
    assert [i["state"] for i in sim.issues(REPO, state="all")] == ["closed", "closed"]


def test_after_a_write_the_sweep_reads_the_issues_once_for_the_runs_that_follow(sim, tmp_path):
    """Three workflows green again; only the first has the two green runs in a row that close it. The
    list is read again once after that close and serves both later runs (none of which writes)."""
    sim.create_repo(REPO)
    ws = workspace(tmp_path, "version: 1\nmin_confidence: 50\nissues: {close_after_successes: 2}\n")
    for workflow in ("Build", "CI", "Lint"):
        failed = sim.add_run(REPO, workflow=workflow, branch="main", conclusion="failure", jobs=[])
        analysis = make_analysis(run_id=failed, workflow=workflow, job=workflow.lower())
        assert open_issue(sim, ws, {"analysis-file": write_analysis(ws, analysis)}).outputs["action"] == "created"
    for green_runs, workflow in ((2, "Build"), (1, "CI"), (1, "Lint")):
        for _ in range(green_runs):
            sim.clock.advance(minutes=30)
            sim.add_run(REPO, workflow=workflow, branch="main", conclusion="success", created_at=sim.clock.now(), jobs=[])

    before = len(sim.requests)
    swept = open_issue(sim, ws, {"sweep": True})
    assert swept.outputs["action"] == "closed"
    assert [i["state"] for i in sim.issues(REPO, state="all")].count("closed") == 1
    assert _issue_listings(sim, before) == 2  # the first listing, and one after the close
