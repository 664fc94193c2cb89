"""POST /actions/workflows/{id}/dispatches as GitHub answers it (sources cited in sim/api/actions.py)."""

from __future__ import annotations

import pytest
import requests

CI = """\
name: CI
on:
  push:
  workflow_dispatch:
    inputs:
      reason:
        required: false
jobs:
  test:
    name: unit tests
    runs-on: ubuntu-latest
    steps: [{run: pytest}]
  lint:
    runs-on: ubuntu-latest
    steps: [{run: ruff .}]
"""
PUSH_ONLY = "name: Docs\non: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps: [{run: make}]\n"
REPO = "octo/app"


@pytest.fixture
def repo(sim):
    sim.create_repo(REPO, files={".github/workflows/ci.yml": CI, ".github/workflows/docs.yml": PUSH_ONLY})
    sim.commit_files(REPO, "autoheal/7-fix", {"requirements.txt": "PyYAML\n"}, "autoheal: add PyYAML",
                     from_branch="main")
    return sim


def post(sim, workflow: str, body: dict, token: str | None = None):
    return requests.post(f"{sim.base_url}/repos/{REPO}/actions/workflows/{workflow}/dispatches", json=body,
                         headers={"Authorization": f"token {token or sim.token}"}, timeout=10)


def test_dispatch_answers_204_and_a_queued_run_appears_on_the_branch_head(repo):
    sim = repo
    token = sim.add_token("ghs_dispatch", permissions={"actions": "write", "contents": "read"})
    answer = post(sim, "ci.yml", {"ref": "autoheal/7-fix"}, token)
    assert answer.status_code == 204 and answer.content == b""
    gh = sim.github()
    branch_head = gh.get_repo(REPO).get_branch("autoheal/7-fix").commit.sha
    runs = list(gh.get_repo(REPO).get_workflow_runs(event="workflow_dispatch"))
    assert len(runs) == 1
    run = runs[0]
    assert (run.head_branch, run.head_sha, run.status, run.event) == ("autoheal/7-fix", branch_head, "queued",
                                                                      "workflow_dispatch")
    assert sorted(j.name for j in run.jobs()) == ["lint", "unit tests"]
    # its jobs are the head commit's checks, so they show on a PR from that branch
    checks = gh.get_repo(REPO).get_commit(branch_head).get_check_runs()
    assert sorted(c.name for c in checks) == ["lint", "unit tests"]


def test_return_run_details_gives_the_run_id(repo):
    answer = post(repo, "ci.yml", {"ref": "autoheal/7-fix", "return_run_details": True})
    assert answer.status_code == 200
    data = answer.json()
    assert repo.run(data["workflow_run_id"])["event"] == "workflow_dispatch"
    assert data["run_url"].endswith(f"/actions/runs/{data['workflow_run_id']}")


@pytest.mark.parametrize("workflow, body, status, message", [
    ("docs.yml", {"ref": "main"}, 422, "Workflow does not have 'workflow_dispatch' trigger"),
    ("nope.yml", {"ref": "main"}, 404, "Not Found"),
    ("ci.yml", {"ref": "no-such-branch"}, 422, "No ref found for: no-such-branch"),
    ("ci.yml", {"ref": "main", "inputs": {"other": "x"}}, 422, 'Unexpected inputs provided: ["other"]'),
    ("ci.yml", {"ref": "main", "inputs": {f"k{i}": "v" for i in range(26)}}, 422, "more than the maximum of 25"),
])
def test_refusals(repo, workflow, body, status, message):
    answer = post(repo, workflow, body)
    assert answer.status_code == status
    assert message in answer.json()["message"]
    assert repo.repo(REPO).dispatches == []


def test_without_actions_write_403(repo):
    token = repo.add_token("ghs_read_only", permissions={"actions": "read", "contents": "write"})
    answer = post(repo, "ci.yml", {"ref": "main"}, token)
    assert answer.status_code == 403
    assert "Resource not accessible by integration" in answer.json()["message"]
