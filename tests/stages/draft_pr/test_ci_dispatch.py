"""CI on autoheal's fix PRs without a PAT (issue #23): draft-pr dispatches the failing workflow on its branch with
the heal job's own GITHUB_TOKEN, and pr-monitor (with its job's token) follows those runs to ready / hand-back.

Every token here holds exactly its template job's `permissions:` (tests/support/template_tokens.py).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from autoheal.invoke import invoke
from tests.stages.draft_pr.test_draft_pr_e2e import MISSING_YAML_LOG, REQUIREMENTS
from tests.support.template_tokens import template_token

REPO = "octo/app"
CI_DISPATCHABLE = """\
name: CI
on:
  push:
    branches: [main]
  pull_request:
  workflow_dispatch:   # lets autoheal run CI on its own fix branches
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: pip install -r requirements.txt
      - run: pytest -q
"""
CI_PUSH_ONLY = CI_DISPATCHABLE.replace("  workflow_dispatch:   # lets autoheal run CI on its own fix branches\n", "")
FILES = {
    "requirements.txt": REQUIREMENTS,
    "src/app/__init__.py": "",
    "src/app/config.py": "import yaml\n",
    "tests/test_config.py": "from app.config import load\n",
}
RED_LOG = MISSING_YAML_LOG.replace("No module named 'yaml'", "No module named 'toml'").replace("import yaml", "import toml")


def stage(sim, token: str, command: str, args: dict, tmp_path: Path):
    result = invoke(command, args, api_url=sim.base_url, token=token, repo=REPO, workspace=tmp_path,
                    event={}, event_name="workflow_run", gateway_options={"sleep": lambda _s: None})
    assert result.exit_code == 0, result.stdout + result.stderr
    return result


def heal(sim, tmp_path: Path, token: str):
    """The heal job of templates/autoheal.yml: analyze-failure -> open-issue -> draft-pr -> copilot-review."""
    run_id = sim.add_run(REPO, workflow="CI", conclusion="failure",
                         jobs=[{"name": "test", "conclusion": "failure",
                                "steps": [{"name": "Run pytest -q", "conclusion": "failure"}], "log": MISSING_YAML_LOG}])
    analysis = stage(sim, token, "analyze-failure", {"run-id": run_id}, tmp_path).outputs["analysis-file"]
    issue = stage(sim, token, "open-issue", {"analysis-file": analysis}, tmp_path).outputs["issue-number"]
    draft = stage(sim, token, "draft-pr", {"issue-number": issue, "analysis-file": analysis}, tmp_path)
    return analysis, issue, draft


def monitor(sim, token: str, tmp_path: Path) -> dict:
    out = stage(sim, token, "pr-monitor", {}, tmp_path)
    states = json.loads(out.outputs["states"])
    assert len(states) == 1
    return states[0] | {"summary": out.summary}


@pytest.fixture
def heal_token(sim):
    return template_token(sim, "autoheal.yml", "heal")


@pytest.fixture
def monitor_token(sim):
    return template_token(sim, "pr-monitor.yml", "monitor")


def test_fix_pr_gets_ci_by_dispatch_and_goes_ready_when_it_passes(sim, tmp_path, heal_token, monitor_token):
    sim.create_repo(REPO, files=FILES | {".github/workflows/ci.yml": CI_DISPATCHABLE})
    analysis, issue, draft = heal(sim, tmp_path, heal_token)
    assert draft.outputs["action"] == "created" and draft.outputs["fix-kind"] == "dependency"
    pr = int(draft.outputs["pr-number"])
    runs = [int(r) for r in draft.outputs["ci-runs"].split(",")]
    assert len(runs) == 1
    pull = next(p for p in sim.pulls(REPO) if p["number"] == pr)
    run = sim.run(runs[0])
    # the run is on the fix branch's head commit: its checks are the PR's checks
    assert (run["event"], run["head_branch"], run["head_sha"], run["status"]) == (
        "workflow_dispatch", draft.outputs["branch"], pull["head"]["sha"], "queued")
    assert "workflow_dispatch" in draft.summary and str(runs[0]) in draft.summary

    # the same job hands the PR to Copilot; a re-run of draft-pr starts nothing again
    handoff = stage(sim, heal_token, "copilot-review", {"pr-number": pr}, tmp_path)
    assert handoff.outputs["verified"] == "true"
    start = len(sim.requests)
    again = stage(sim, heal_token, "draft-pr", {"issue-number": issue, "analysis-file": analysis}, tmp_path)
    assert again.outputs["action"] == "unchanged" and again.outputs["ci-runs"] == ""
    assert [r.path for r in sim.requests[start:] if r.is_write] == []  # the viewer query (POST /graphql) is a read

    # long after the push, CI is running rather than "never ran"
    sim.clock.advance(minutes=30)
    state = monitor(sim, monitor_token, tmp_path)
    assert state["state"] == "copilot_working"  # Copilot's review is pending, CI queued
    sim.copilot_review(REPO, pr, "No issues found.")
    assert monitor(sim, monitor_token, tmp_path)["state"] == "ci_pending"

    sim.finish_run(runs[0], "success")
    state = monitor(sim, monitor_token, tmp_path)
    assert state["state"] == "ready_for_review"
    assert next(p for p in sim.pulls(REPO) if p["number"] == pr)["draft"] is False


def test_a_red_dispatched_run_is_handed_back_to_copilot(sim, tmp_path, heal_token, monitor_token):
    sim.create_repo(REPO, files=FILES | {".github/workflows/ci.yml": CI_DISPATCHABLE})
    sim.add_token("ghu_alice", login="alice", kind="user")  # the AUTOHEAL_COPILOT_TOKEN secret
    _analysis, issue, draft = heal(sim, tmp_path, heal_token)
    pr = int(draft.outputs["pr-number"])
    stage(sim, heal_token, "copilot-review", {"pr-number": pr}, tmp_path)
    sim.copilot_review(REPO, pr, "No issues found.")
    run_id = int(draft.outputs["ci-runs"])
    sim.finish_run(run_id, "failure", jobs=[{"name": "test", "conclusion": "failure",
                                             "steps": [{"name": "Run pytest -q", "conclusion": "failure"}],
                                             "log": RED_LOG}])
    out = stage(sim, monitor_token, "pr-monitor", {"copilot-token": "ghu_alice"}, tmp_path)
    state = json.loads(out.outputs["states"])[0]
    assert state["state"] == "copilot_working" and state["fix_rounds"] == 1, out.stdout
    # the round handed to the coding agent carries the dispatched run's failure (the only run on that head)
    task = sim.repo(REPO).items[int(issue)].agent_assignment["custom_instructions"]
    assert "No module named 'toml'" in task and "fix round 1 of 3" in task
    assert next(p for p in sim.pulls(REPO) if p["number"] == pr)["draft"] is True


def test_a_workflow_without_the_trigger_is_named_not_dispatched(sim, tmp_path, heal_token):
    sim.create_repo(REPO, files=FILES | {".github/workflows/ci.yml": CI_PUSH_ONLY})
    _analysis, _issue, draft = heal(sim, tmp_path, heal_token)
    assert draft.outputs["action"] == "created" and draft.outputs["ci-runs"] == ""
    assert "has no `workflow_dispatch` trigger" in draft.summary
    assert sim.repo(REPO).dispatches == []


def test_without_actions_write_the_pr_stands_and_the_refusal_says_what_to_add(sim, tmp_path):
    sim.create_repo(REPO, files=FILES | {".github/workflows/ci.yml": CI_DISPATCHABLE})
    token = sim.add_token("ghs_no_actions_write", permissions={
        "actions": "read", "contents": "write", "issues": "write", "pull_requests": "write"})
    _analysis, _issue, draft = heal(sim, tmp_path, token)
    assert draft.outputs["action"] == "created" and draft.outputs["ci-runs"] == ""
    assert "add `actions: write` to the job's `permissions:`" in draft.stdout
    assert sim.repo(REPO).dispatches == []
