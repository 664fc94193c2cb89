"""Close when green, on the simulator: the workflow_run event or a run id looked up through the API,
consecutive successes from the runs API, the fixing commit named, and nothing closed by mistake."""

from __future__ import annotations

from .test_open_issue_support import (
    REPO,
    make_analysis,
    open_issue,
    requests_since,
    workspace,
    write_analysis,
)

from autoheal.stages.open_issue.state import record_of


def failed_issue(sim, ws, **kwargs):
    result = open_issue(sim, ws, {"analysis-file": write_analysis(ws, make_analysis(**kwargs))})
    assert result.outputs["action"] in ("created", "updated"), result.outputs
    return int(result.outputs["issue-number"])


def run_event(sim, run_id):
    """The `workflow_run` event payload GitHub sends for a completed run (the run as the API shows it)."""
    gh = sim.github()
    run = gh.get_repo(REPO).get_workflow_run(run_id).raw_data
    repo = gh.get_repo(REPO).raw_data
    return {"action": "completed", "workflow_run": run, "repository": repo}


def test_green_run_from_the_event_closes_the_issue_naming_the_commit(sim, tmp_path):
    sim.create_repo(REPO)
    ws = workspace(tmp_path)
    number = failed_issue(sim, ws, run_id=1)
    sim.clock.advance(hours=1)
    sha = "c0ffee" + "1" * 34
    green = sim.add_run(REPO, workflow="CI", branch="main", conclusion="success", head_sha=sha)
    event = run_event(sim, green)
    start = len(sim.requests)
    result = open_issue(sim, ws, {}, event=event)
    assert result.exit_code == 0, result.stdout
    assert result.outputs["action"] == "closed" and result.outputs["issue-number"] == str(number)
    # The comment goes before the close (a re-run after a failure between them must still post it), once
    # the hour's autoheal comments are counted against rate_limits.max_comments_per_hour. The issue was
    # last touched before this green run began, so no comment about it can exist: no look for one.
    assert requests_since(sim, start) == [("GET", "/repos/octo/app/issues"), ("POST", "/graphql"),
                                          ("GET", "/repos/octo/app/issues/comments"),
                                          ("POST", f"/repos/octo/app/issues/{number}/comments"),
                                          ("PATCH", f"/repos/octo/app/issues/{number}")]
    issue = sim.issues(REPO)[0]
    assert issue["state"] == "closed" and issue["state_reason"] == "completed"
    (comment,) = sim.comments(REPO, number)
    assert "`c0ffee1`" in comment["body"] and f"/commit/{sha}" in comment["body"]
    assert "Fixed: [" in issue["body"] and record_of(issue["body"]).closed_by["run"] == green
    # The same event again: nothing to do.
    start = len(sim.requests)
    again = open_issue(sim, ws, {}, event=event)
    assert again.outputs["action"] == "skipped" and requests_since(sim, start) == [("GET", "/repos/octo/app/issues")]


def test_run_id_is_looked_up_when_the_event_is_not_about_it(sim, tmp_path):
    sim.create_repo(REPO)
    ws = workspace(tmp_path)
    number = failed_issue(sim, ws, run_id=1)
    sim.clock.advance(hours=1)
    green = sim.add_run(REPO, workflow="CI", branch="main", conclusion="success")
    result = open_issue(sim, ws, {"run-id": green}, event_name="workflow_dispatch")
    assert result.exit_code == 0, result.stdout
    assert result.outputs["action"] == "closed" and result.outputs["issue-number"] == str(number)
    assert any(r.method == "GET" and r.path == f"/repos/octo/app/actions/runs/{green}" for r in sim.requests)


def test_a_failed_run_id_without_analysis_is_skipped_and_an_unknown_one_named(sim, tmp_path):
    sim.create_repo(REPO)
    ws = workspace(tmp_path)
    red = sim.add_run(REPO, workflow="CI", conclusion="failure")
    skipped = open_issue(sim, ws, {"run-id": red})
    assert skipped.outputs["action"] == "skipped" and "concluded failure" in skipped.outputs["reason"]
    missing = open_issue(sim, ws, {"run-id": 987654})
    assert missing.exit_code == 1 and any("input 'run-id'" in a for a in missing.annotations)


def test_green_on_another_branch_or_workflow_closes_nothing(sim, tmp_path):
    sim.create_repo(REPO)
    ws = workspace(tmp_path)
    failed_issue(sim, ws, run_id=1, branch="main")
    sim.clock.advance(hours=1)
    for workflow, branch in (("CI", "feature"), ("Lint", "main")):
        green = sim.add_run(REPO, workflow=workflow, branch=branch, conclusion="success")
        result = open_issue(sim, ws, {}, event=run_event(sim, green))
        assert result.outputs["action"] == "skipped", result.outputs
    assert sim.issues(REPO)[0]["state"] == "open"


def test_close_after_successes_counts_green_runs_in_a_row(sim, tmp_path):
    sim.create_repo(REPO)
    ws = workspace(tmp_path, "version: 1\nmin_confidence: 50\nissues: {close_after_successes: 2}\n")
    sim.add_run(REPO, workflow="CI", branch="main", conclusion="failure")
    number = failed_issue(sim, ws, run_id=1)
    sim.clock.advance(minutes=30)
    first = sim.add_run(REPO, workflow="CI", branch="main", conclusion="success")
    one = open_issue(sim, ws, {}, event=run_event(sim, first))
    assert one.outputs["action"] == "skipped" and "1 of 2 green runs" in one.outputs["reason"]
    sim.clock.advance(minutes=30)
    second = sim.add_run(REPO, workflow="CI", branch="main", conclusion="success")
    two = open_issue(sim, ws, {}, event=run_event(sim, second))
    assert two.outputs["action"] == "closed" and two.outputs["issue-number"] == str(number)
    assert "2 green runs in a row" in sim.comments(REPO, number)[-1]["body"]


def test_a_late_green_event_does_not_close_a_newer_failure(sim, tmp_path):
    sim.create_repo(REPO)
    ws = workspace(tmp_path)
    green = sim.add_run(REPO, workflow="CI", branch="main", conclusion="success")  # created now
    sim.clock.advance(hours=1)
    failed_issue(sim, ws, run_id=2, created_at="2026-01-05T12:30:00Z")  # failed after the green run
    result = open_issue(sim, ws, {}, event=run_event(sim, green))
    assert result.outputs["action"] == "skipped"
    assert sim.issues(REPO)[0]["state"] == "open"


def test_regression_after_close_reopens(sim, tmp_path):
    sim.create_repo(REPO)
    ws = workspace(tmp_path)
    number = failed_issue(sim, ws, run_id=1)
    sim.clock.advance(hours=1)
    green = sim.add_run(REPO, workflow="CI", branch="main", conclusion="success")
    open_issue(sim, ws, {}, event=run_event(sim, green))
    sim.clock.advance(days=2)
    result = open_issue(sim, ws, {"analysis-file": write_analysis(ws, make_analysis(run_id=3, created_at="2026-01-07T13:00:00Z"))})
    assert result.outputs["action"] == "reopened" and result.outputs["issue-number"] == str(number)
    comment = sim.comments(REPO, number)[-1]["body"]
    assert "Regressed" in comment and "after the issue was closed on 2026-01-05 13:00 UTC" in comment
    assert f"when [{green}](" in comment
    issue = sim.issues(REPO)[0]
    assert issue["state"] == "open" and record_of(issue["body"]).failing == ["main"]


def test_after_every_kind_of_write_a_dry_run_plans_nothing(sim, tmp_path):
    """The stage's idempotency contract: gather again after applying, and the plan is empty."""
    sim.create_repo(REPO)
    ws = workspace(tmp_path)

    def settled(args=None, event=None):
        dry = open_issue(sim, ws, {**(args or {}), "dry-run": True}, event=event)
        assert "plan: nothing to do" in dry.stdout, dry.stdout
        assert dry.writes == 0

    steps = [
        ({"analysis-file": write_analysis(ws, make_analysis(run_id=1), "a1.json")}, None, "created"),
        ({"analysis-file": write_analysis(ws, make_analysis(run_id=2, branch="dev"), "a2.json")}, None, "updated"),
    ]
    for args, event, action in steps:
        assert open_issue(sim, ws, args, event=event).outputs["action"] == action
        settled(args, event)
    sim.clock.advance(hours=1)
    green = run_event(sim, sim.add_run(REPO, workflow="CI", branch="main", conclusion="success"))
    assert open_issue(sim, ws, {}, event=green).outputs["action"] == "closed"
    settled(event=green)
    sim.clock.advance(days=1)
    again = {"analysis-file": write_analysis(ws, make_analysis(run_id=3, created_at="2026-01-06T14:00:00Z"), "a3.json")}
    assert open_issue(sim, ws, again).outputs["action"] == "reopened"
    settled(again)
