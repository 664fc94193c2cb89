"""sync-workflows: discovers workflows, rewrites only the watched list, idempotent in every mode."""

from __future__ import annotations

import json

import pytest
import yaml

from autoheal.invoke import invoke
from autoheal.permissions import STAGE_PERMISSIONS

AUTOHEAL_YML = """\
name: autoheal
on:
  workflow_run:
    # watched workflows (kept in sync by autoheal)
    workflows:
      - CI   # the main one
    types: [completed]
permissions: {}
jobs:
  heal:
    runs-on: ubuntu-latest
    steps:
      - uses: acme/autoheal/actions/analyze-failure@v1
"""

FILES = {
    ".github/workflows/autoheal.yml": AUTOHEAL_YML,
    ".github/workflows/ci.yml": "name: CI\non: [push]\njobs: {t: {runs-on: x, steps: [{run: 'true'}]}}\n",
    ".github/workflows/lint.yml": "name: Lint\non:\n  pull_request:\njobs: {t: {runs-on: x, steps: [{run: 'true'}]}}\n",
    ".github/workflows/nightly.yml": "name: Nightly experiments\non: {schedule: [{cron: '0 0 * * *'}]}\njobs: {t: {runs-on: x, steps: [{run: 'true'}]}}\n",
    ".github/workflows/broken.yml": "name: Broken\non: [push\njobs: {}\n",
    ".github/workflows/reusable.yml": "name: Reusable\non: workflow_call\njobs: {t: {runs-on: x, steps: [{run: 'true'}]}}\n",
    ".github/autoheal.yml": "sync:\n  exclude: ['Nightly*']\n",
}


def watched_list(text: str) -> list[str]:
    return yaml.safe_load(text)[True]["workflow_run"]["workflows"]


def write_workspace(tmp_path, files):
    for path, text in files.items():
        target = tmp_path / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    return tmp_path


def test_list_local_prints_discovered_workflows(tmp_path):
    ws = write_workspace(tmp_path, FILES)
    result = invoke("sync-workflows", {"list": True, "local": True, "json": True}, workspace=ws)
    assert result.exit_code == 0, result.stdout + result.stderr
    rows = json.loads(result.stdout[result.stdout.index("{"):])["workflows"]
    by_file = {r["file"]: r for r in rows}
    assert by_file[".github/workflows/lint.yml"]["watched"] is True
    assert by_file[".github/workflows/nightly.yml"]["watched"] is False  # excluded by config glob
    assert by_file[".github/workflows/autoheal.yml"]["watched"] is False  # autoheal's own
    assert by_file[".github/workflows/broken.yml"]["error"]


def test_check_mode_fails_with_diff_when_out_of_sync_and_passes_when_in_sync(tmp_path):
    ws = write_workspace(tmp_path, FILES)
    result = invoke("sync-workflows", {"mode": "check", "local": True}, workspace=ws)
    assert result.exit_code == 1
    assert "+      - Lint" in result.stdout
    assert any("out of sync" in a for a in result.annotations)
    assert any("broken.yml" in a and "malformed" in a for a in result.annotations)
    synced = AUTOHEAL_YML.replace("      - CI   # the main one\n", "      - CI   # the main one\n      - Lint\n")
    (ws / ".github/workflows/autoheal.yml").write_text(synced)
    again = invoke("sync-workflows", {"mode": "check", "local": True}, workspace=ws)
    assert again.exit_code == 0, again.stdout


@pytest.fixture
def repo(sim):
    sim.create_repo("octo/app", files=FILES)
    add_workflows_token(sim)
    return "octo/app"


WORKFLOWS_TOKEN = "github_pat_alice_workflows"


def add_workflows_token(sim):
    """templates/sync-workflows.yml does every read and write with secrets.AUTOHEAL_WORKFLOWS_TOKEN (its job's
    GITHUB_TOKEN gets `permissions: {}`): a fine-grained PAT with what the stage writes with
    (autoheal/permissions.py) plus Workflows: write, which no GITHUB_TOKEN can hold."""
    perms = {key.replace("-", "_"): level for key, level in STAGE_PERMISSIONS["sync-workflows"].items()}
    sim.add_token(WORKFLOWS_TOKEN, login="alice", kind="user", permissions={**perms, "workflows": "write"})


def run_remote(sim, tmp_path, token=WORKFLOWS_TOKEN, **args):
    return invoke("sync-workflows", args, api_url=sim.base_url, token=token, repo="octo/app", workspace=tmp_path)


def test_pr_mode_opens_one_pr_and_is_idempotent(sim, repo, tmp_path):
    first = run_remote(sim, tmp_path)
    assert first.exit_code == 0, first.stdout + first.stderr
    assert first.outputs["changed"] == "true"
    pulls = sim.pulls(repo)
    assert len(pulls) == 1 and pulls[0]["head"]["ref"] == "autoheal/sync-workflows"
    text = sim.file(repo, ".github/workflows/autoheal.yml", ref="autoheal/sync-workflows")
    assert watched_list(text) == ["CI", "Lint"]
    assert "# the main one" in text and "# watched workflows" in text  # comments survive
    assert sim.file(repo, ".github/workflows/autoheal.yml") == AUTOHEAL_YML  # default branch untouched
    second = run_remote(sim, tmp_path)
    assert second.exit_code == 0
    assert second.writes == 0
    assert len(sim.pulls(repo)) == 1
    assert second.outputs["pr-number"] == first.outputs["pr-number"]


def test_commit_mode_commits_once(sim, repo, tmp_path):
    first = run_remote(sim, tmp_path, mode="commit")
    assert first.exit_code == 0, first.stdout + first.stderr
    assert watched_list(sim.file(repo, ".github/workflows/autoheal.yml")) == ["CI", "Lint"]
    second = run_remote(sim, tmp_path, mode="commit")
    assert second.writes == 0 and second.outputs["changed"] == "false"


def test_dry_run_writes_nothing(sim, repo, tmp_path):
    result = run_remote(sim, tmp_path, **{"dry-run": True})
    assert result.exit_code == 0
    assert result.writes == 0 and sim.pulls(repo) == []
    assert "push_branch" in result.stdout


def test_missing_autoheal_workflow_is_a_clear_error(sim, tmp_path):
    sim.create_repo("octo/app", files={".github/workflows/ci.yml": FILES[".github/workflows/ci.yml"]})
    add_workflows_token(sim)
    result = run_remote(sim, tmp_path)
    assert result.exit_code == 1
    assert "workflow-file" in result.stdout and "autoheal init" in result.stdout


@pytest.mark.parametrize("mode", ["pr", "commit"])
def test_a_github_token_is_refused_with_a_clear_message(sim, repo, tmp_path, mode):
    """A GITHUB_TOKEN wired into `token` (even one granted everything the stage writes with) can never change
    a workflow file (contents API 404, octokit/octokit.rb #1184): the stage says which token to give instead."""
    perms = {key.replace("-", "_"): level for key, level in STAGE_PERMISSIONS["sync-workflows"].items()}
    token = sim.add_token("ghs_sync_job", kind="github_token", permissions=perms)
    result = run_remote(sim, tmp_path, token=token, mode=mode)
    assert result.exit_code == 1
    out = result.stdout + result.stderr
    assert "GitHub refused to change .github/workflows/autoheal.yml: the token lacks the `workflows` permission" in out
    assert "AUTOHEAL_WORKFLOWS_TOKEN" in out and "mode `check`" in out
    assert sim.file(repo, ".github/workflows/autoheal.yml") == AUTOHEAL_YML
    assert sim.pulls(repo) == []
