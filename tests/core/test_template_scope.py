"""The templates' job-level `if:` start a container only for autoheal's own work (or opted-in items).

Evaluated from the template files themselves (tests/container/templatejobs.py), against event payloads
shaped as GitHub sends them (webhook docs: issues, pull_request, issue_comment, workflow_run).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from container.templatejobs import load_templates, started_jobs

ROOT = Path(__file__).resolve().parents[2]
REPO = "octo/shop"


@pytest.fixture(scope="module")
def templates():
    return load_templates(ROOT / "templates")


def jobs(templates, event_name, event, **kw):
    return {(j.workflow, j.job) for j in started_jobs(templates, event_name, event, repository=REPO, **kw)}


def issue(body="Something is broken", author="stranger", pull_request=None):
    item = {"number": 7, "body": body, "user": {"login": author}, "author_association": "NONE", "labels": []}
    if pull_request:
        item["pull_request"] = {"url": "x"}
    return item


def pull(head="feature/x", base="main", repo=REPO, body="My change"):
    return {"number": 9, "body": body, "head": {"ref": head, "repo": {"full_name": repo}},
            "base": {"ref": base, "repo": {"full_name": REPO}}}


def run(name="CI", branch="main", conclusion="success", event="push", repo=REPO):
    return {"action": "completed", "workflow_run": {"id": 1, "name": name, "head_branch": branch,
                                                   "conclusion": conclusion, "event": event, "run_attempt": 1,
                                                   "head_repository": {"full_name": repo}},
            "repository": {"full_name": REPO, "default_branch": "main"}}


def test_an_outsiders_issue_starts_nothing(templates):
    assert jobs(templates, "issues", {"action": "opened", "issue": issue()}) == set()
    # labels a maintainer uses for triage are not an opt-in
    assert jobs(templates, "issues", {"action": "labeled", "issue": issue(), "label": {"name": "bug"}}) == set()
    # an outsider pasting autoheal's marker into a new issue does not get a run either
    assert jobs(templates, "issues", {"action": "opened", "issue": issue(body="<!-- autoheal:issue=1 -->")}) == set()


def test_an_opted_in_issue_and_autoheals_reopened_issue_start_draft_pr(templates):
    opted = {"action": "labeled", "issue": issue(), "label": {"name": "autoheal:opt-in"}}
    assert jobs(templates, "issues", opted) == {("issue-to-draft-pr.yml", "draft-pr")}
    mine = {"action": "reopened", "issue": issue(body="...\n<!-- autoheal:fingerprint=abc -->")}
    assert jobs(templates, "issues", mine) == {("issue-to-draft-pr.yml", "draft-pr")}
    on_a_pr = {"action": "labeled", "issue": issue(pull_request=True), "label": {"name": "autoheal:opt-in"}}
    assert jobs(templates, "issues", on_a_pr) == set()


def test_a_persons_pr_starts_nothing(templates):
    for action in ("opened", "reopened", "ready_for_review", "synchronize"):
        assert jobs(templates, "pull_request", {"action": action, "pull_request": pull()}) == set(), action
    review = {"action": "submitted", "pull_request": pull(), "review": {"state": "approved"}}
    assert jobs(templates, "pull_request_review", review) == set()
    comment = {"action": "created", "issue": issue(pull_request=True), "comment": {"body": "lgtm"}}
    assert jobs(templates, "issue_comment", comment) == set()
    assert jobs(templates, "issue_comment", {"action": "created", "issue": issue(), "comment": {"body": "hi"}}) == set()


def test_autoheals_prs_get_the_handoff_and_the_monitor(templates):
    mine = pull(head="autoheal/12-ci-missing-dependency", body="Fixes #12\n<!-- autoheal:issue=12 -->")
    assert jobs(templates, "pull_request", {"action": "ready_for_review", "pull_request": mine}) == {
        ("pr-copilot-reviewer.yml", "copilot-review")}
    assert jobs(templates, "pull_request", {"action": "synchronize", "pull_request": mine}) == {
        ("pr-monitor.yml", "monitor")}
    child = pull(head="copilot/fix-12", base="autoheal/12-ci-missing-dependency")
    assert ("pr-monitor.yml", "monitor") in jobs(templates, "pull_request", {"action": "synchronize", "pull_request": child})
    comment = {"action": "created", "issue": issue(body=mine["body"], pull_request=True), "comment": {"body": "x"}}
    assert jobs(templates, "issue_comment", comment) == {("pr-monitor.yml", "monitor")}
    assert ("pr-monitor.yml", "monitor") in jobs(templates, "workflow_run", run(branch="autoheal/12-ci"))


def test_a_fork_cannot_use_the_autoheal_branch_name_or_the_opt_in_label(templates):
    fork = pull(head="autoheal/12-x", repo="mallory/shop")
    assert jobs(templates, "pull_request", {"action": "opened", "pull_request": fork}) == set()
    labeled = {"action": "labeled", "pull_request": fork, "label": {"name": "autoheal:opt-in"}}
    assert jobs(templates, "pull_request", labeled) == set()
    ours = {"action": "labeled", "pull_request": pull(), "label": {"name": "autoheal:opt-in"}}
    assert jobs(templates, "pull_request", ours) == {("pr-copilot-reviewer.yml", "copilot-review")}


def test_a_red_run_starts_heal_and_a_green_run_on_a_feature_branch_starts_nothing(templates):
    assert jobs(templates, "workflow_run", run(conclusion="failure")) == {("autoheal.yml", "heal")}
    assert jobs(templates, "workflow_run", run(branch="feature/x", conclusion="success", event="pull_request")) == set()
    assert jobs(templates, "workflow_run", run(name="Not watched", conclusion="failure")) == set()
    assert jobs(templates, "workflow_run", run(branch="main", event="pull_request")) == set()
    assert jobs(templates, "workflow_run", run(branch="main", repo="mallory/shop")) == set()
    # a green run starts nothing, even on the default branch: the hourly sweep closes issues
    assert jobs(templates, "workflow_run", run()) == set()
    rerun = run()
    rerun["workflow_run"]["run_attempt"] = 2
    assert jobs(templates, "workflow_run", rerun) == {("autoheal.yml", "close-when-green")}
    assert jobs(templates, "schedule", {"schedule": "7 * * * *"}) == {("autoheal.yml", "close-when-green")}


def test_sync_workflows_runs_only_when_workflow_files_change(templates):
    push = {"ref": "refs/heads/main"}
    assert jobs(templates, "push", push, changed_paths=("src/app.py",)) == set()
    assert jobs(templates, "push", push, changed_paths=(".github/workflows/ci.yml",)) == {
        ("sync-workflows.yml", "sync")}
