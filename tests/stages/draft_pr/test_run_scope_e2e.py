"""runs.branches / runs.events on the simulator: a contributor's feature-branch or pull_request failure
causes no write; opted in by config, a pull_request run gets an issue and a task file, never a dependency fix."""

from __future__ import annotations

from .test_draft_pr_e2e import (ACTIONS_TOKEN, FILES, MISSING_YAML_LOG, REPO, draft_pr, open_issue, stage,
                                writes_since)


def failed(sim, branch="main", event="push"):
    return sim.add_run(REPO, workflow="CI", conclusion="failure", branch=branch, event=event,
                       jobs=[{"name": "test", "conclusion": "failure",
                              "steps": [{"name": "Run pytest -q", "conclusion": "failure"}], "log": MISSING_YAML_LOG}])


def test_a_contributors_feature_branch_or_pr_failure_causes_no_write_and_reads_no_log(sim, tmp_path):
    sim.add_token(ACTIONS_TOKEN, login="github-actions[bot]", kind="github_token")
    sim.create_repo(REPO, files=FILES)
    for branch, event in (("feature/typo", "push"), ("feature/typo", "pull_request"), ("main", "pull_request")):
        before = len(sim.requests)
        result = stage(sim, "heal", {"run-id": failed(sim, branch, event)}, tmp_path)
        assert result.outputs.get("issue-number", "") == "", result.stdout
        assert "is not healed" in result.stdout
        assert writes_since(sim, before) == []
        assert not any("/logs" in r.path or r.path.endswith("/jobs") for r in sim.requests[before:])
    assert sim.issues(REPO) == [] and sim.pulls(REPO) == []


def test_an_opted_in_pull_request_run_gets_an_issue_and_a_task_file_never_a_dependency(sim, tmp_path):
    sim.add_token(ACTIONS_TOKEN, login="github-actions[bot]", kind="github_token")
    config = "runs:\n  branches: ['*']\n  events: [push, pull_request]\n"
    sim.create_repo(REPO, files={**FILES, ".github/autoheal.yml": config})
    result = stage(sim, "analyze-failure", {"run-id": failed(sim, "feature/typo", "pull_request")}, tmp_path)
    assert result.outputs["healed"] == "true"
    analysis = tmp_path / result.outputs["analysis-file"]
    issue = open_issue(sim, analysis, tmp_path)
    out = draft_pr(sim, tmp_path, issue, analysis).outputs
    assert out["fix-kind"] == "task", out
    branch = out["branch"]
    assert sim.file(REPO, "requirements.txt", ref=branch) == FILES["requirements.txt"]


def test_force_create_pr_is_honoured_for_the_pr_gate(sim, tmp_path):
    """Below pull_requests.min_confidence: no PR; forced (the template's force_create_pr): a task PR, no code."""
    sim.add_token(ACTIONS_TOKEN, login="github-actions[bot]", kind="github_token")
    sim.create_repo(REPO, files={**FILES, ".github/autoheal.yml": "pull_requests:\n  min_confidence: 99\n"})
    plain = stage(sim, "heal", {"run-id": failed(sim)}, tmp_path)
    assert plain.outputs["issue-number"] and not plain.outputs["pr-number"]
    assert "below the pull request threshold 99" in plain.stdout
    forced = stage(sim, "heal", {"run-id": failed(sim), "force": True}, tmp_path)
    assert forced.outputs["pr-number"], forced.stdout
    (pr,) = sim.pulls(REPO)
    assert sim.file(REPO, "requirements.txt", ref=pr["head"]["ref"]) == FILES["requirements.txt"]
