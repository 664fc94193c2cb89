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
