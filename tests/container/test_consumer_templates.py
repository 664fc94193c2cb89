"""The consumer workflow templates, run job by job as GitHub would, every autoheal step in its own
container against the simulator: the template's wiring (`if:`, `with:`, step outputs), the action
metadata and the image are checked together, the way a consumer repository uses them. Every job is
delivered twice: the second delivery must write nothing.
"""

from __future__ import annotations

import pytest

from .engine import REPO_ROOT
from .scenarios import (REPO, TOKEN, WORKFLOWS, WORKFLOWS_TOKEN, add_ci_run, seed_draft_opened, seed_failed_run, seed_issue_filed,
                        seed_repo, seed_stale_draft, writes_since)
from .workflowjob import JobRun, run_job

pytestmark = pytest.mark.container

TEMPLATES = REPO_ROOT / "templates"


def workflow_run_event(run_id: int, conclusion: str) -> dict:
    return {"workflow_run": {"id": run_id, "name": "CI", "conclusion": conclusion, "head_branch": "main",
                             "workflow_id": 1}}


def describe(job: JobRun) -> str:
    return "\n".join(f"--- {sid}: " + ("skipped" if run is None else f"exit {run.exit_code}\n{run.stdout}{run.stderr}")
                     for sid, run in job.steps)


def job(action_runner, sim, tmp_path, workflow, name, event_name, event, **kwargs) -> JobRun:
    """One delivery of `workflow`'s job `name`, in a fresh workspace."""
    workspace = tmp_path / f"ws-{len(list(tmp_path.glob('ws-*')))}"
    return run_job(action_runner, TEMPLATES / workflow, name, event_name=event_name, event=event,
                   workspace=workspace, token=TOKEN, api_url=sim.base_url, repository=REPO, **kwargs)


def run_twice(action_runner, sim, tmp_path, workflow, name, event_name, event, **kwargs) -> JobRun:
    """Deliver the job, then the same event again: the second delivery must write nothing."""
    first = job(action_runner, sim, tmp_path, workflow, name, event_name, event, **kwargs)
    assert first.ran and first.ok, describe(first)
    before = len(sim.requests)
    second = job(action_runner, sim, tmp_path, workflow, name, event_name, event, **kwargs)
    assert second.ok, describe(second)
    assert writes_since(sim, before) == [], describe(second)
    return first


def test_autoheal_template_heals_step_by_step_then_closes_when_green(action_runner, sim, tmp_path):
    failed = seed_failed_run(sim).run_id
    heal = run_twice(action_runner, sim, tmp_path, "autoheal.yml", "heal", "workflow_run",
                     workflow_run_event(failed, "failure"))
    assert all(run is not None for _, run in heal.steps), "every step of the chain should run\n" + describe(heal)
    assert heal.outputs("analyze")["healed"] == "true"
    (issue,) = sim.issues(REPO)
    assert str(issue["number"]) == heal.outputs("issue")["issue-number"]
    (pr,) = sim.pulls(REPO)
    assert str(pr["number"]) == heal.outputs("pr")["pr-number"] and pr["draft"]
    assert "requests" in (sim.file(REPO, "requirements.txt", ref=pr["head"]["ref"]) or "")

    # Green again: the other job closes the issue; the heal job does not run.
    event = workflow_run_event(add_ci_run(sim, "success"), "success")
    assert not job(action_runner, sim, tmp_path, "autoheal.yml", "heal", "workflow_run", event).ran
    run_twice(action_runner, sim, tmp_path, "autoheal.yml", "close-when-green", "workflow_run", event)
    (issue,) = sim.issues(REPO)
    assert issue["state"] == "closed"


def test_health_check_template_files_a_dashboard(action_runner, sim, tmp_path):
    seed_failed_run(sim)  # two green runs and a red one
    first = run_twice(action_runner, sim, tmp_path, "health-check.yml", "health-check", "schedule", {})
    (_, run), = first.steps
    assert float(run.outputs["success-rate"]) == pytest.approx(200 / 3, abs=0.1)
    dashboard = next(i for i in sim.issues(REPO) if str(i["number"]) == run.outputs["dashboard-issue"])
    assert dashboard["state"] == "open"
    assert run.summary.strip(), "the health report belongs in the step summary"


def test_issue_to_draft_pr_template_opens_the_draft(action_runner, sim, tmp_path):
    seeded = seed_issue_filed(sim)
    issue = next(i for i in sim.issues(REPO) if str(i["number"]) == seeded.inputs["issue-number"])
    first = run_twice(action_runner, sim, tmp_path, "issue-to-draft-pr.yml", "draft-pr", "issues",
                      {"action": "opened", "issue": issue})
    (pr,) = sim.pulls(REPO)
    assert first.outputs("__0")["pr-number"] == str(pr["number"]) and pr["draft"]


def test_issue_to_draft_pr_template_ignores_pull_requests(action_runner, sim, tmp_path):
    event = {"action": "opened", "issue": {"number": 1, "pull_request": {"url": "x"}}}
    assert not job(action_runner, sim, tmp_path, "issue-to-draft-pr.yml", "draft-pr", "issues", event).ran


def test_pr_copilot_reviewer_template_hands_off_once(action_runner, sim, tmp_path):
    seed_draft_opened(sim)
    (pr,) = sim.pulls(REPO)
    first = run_twice(action_runner, sim, tmp_path, "pr-copilot-reviewer.yml", "copilot-review", "pull_request",
                      {"action": "opened", "pull_request": pr, "number": pr["number"]})
    assert first.outputs("__0")["mode"] not in ("", "none"), describe(first)


def test_pr_monitor_template_runs_on_schedule(action_runner, sim, tmp_path):
    pr = seed_draft_opened(sim).inputs["pr-number"]
    first = run_twice(action_runner, sim, tmp_path, "pr-monitor.yml", "monitor", "schedule", {})
    assert pr in first.outputs("__0")["states"]


def test_stale_drafts_template_warns_a_forgotten_draft(action_runner, sim, tmp_path):
    seed_stale_draft(sim)
    first = run_twice(action_runner, sim, tmp_path, "stale-drafts.yml", "stale-cleanup", "schedule", {})
    assert first.outputs("__0")["warned"] == "1"
    (pr,) = sim.pulls(REPO)
    assert "stale" in [label["name"] for label in pr["labels"]]


def test_stale_drafts_template_dispatch_defaults_to_dry_run(action_runner, sim, tmp_path):
    seed_stale_draft(sim)
    before = len(sim.requests)
    result = job(action_runner, sim, tmp_path, "stale-drafts.yml", "stale-cleanup", "workflow_dispatch",
                 {"inputs": {"dry-run": True}})
    assert result.ok, describe(result)
    assert writes_since(sim, before) == []


def seed_sync_repo(sim):
    seed_repo(sim, {**WORKFLOWS, ".github/workflows/autoheal.yml": (TEMPLATES / "autoheal.yml").read_text()})


def test_sync_workflows_template_opens_one_pr(action_runner, sim, tmp_path):
    seed_sync_repo(sim)
    first = run_twice(action_runner, sim, tmp_path, "sync-workflows.yml", "sync", "workflow_dispatch", {},
                      secrets={"AUTOHEAL_WORKFLOWS_TOKEN": WORKFLOWS_TOKEN})
    assert first.outputs("__0")["changed"] == "true"
    (pr,) = sim.pulls(REPO)
    assert "Lint" in sim.file(REPO, ".github/workflows/autoheal.yml", ref=pr["head"]["ref"])


def test_sync_workflows_template_without_its_secret_fails_clearly(action_runner, sim, tmp_path):
    """The template passes `token: ${{ secrets.AUTOHEAL_WORKFLOWS_TOKEN }}` (GITHUB_TOKEN may not
    change workflow files); unset, the input is empty and the action's default does not apply."""
    seed_sync_repo(sim)
    before = len(sim.requests)
    result = job(action_runner, sim, tmp_path, "sync-workflows.yml", "sync", "workflow_dispatch", {})
    (_, run), = result.steps
    assert run.exit_code == 1
    (error,) = run.annotations("error")
    assert "token" in error.message and "GITHUB_TOKEN" in error.message
    assert sim.requests[before:] == []
