"""The consumer workflow templates, run job by job as GitHub would, every autoheal step in its own
container against the simulator: the template's wiring (`if:`, `with:`, step outputs), the action
metadata and the image are checked together, the way a consumer repository uses them.
"""

from __future__ import annotations

import pytest

from autoheal.invoke import invoke

from .engine import REPO_ROOT
from .workflowjob import JobRun, run_job

pytestmark = pytest.mark.container

TEMPLATES = REPO_ROOT / "templates"
TOKEN = "ghs_templateJobToken000000000000000000001"
REPO = "octo/app"
WRITE_METHODS = {"POST", "PATCH", "PUT", "DELETE"}

CI = """\
name: CI
on: [push]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: pip install -r requirements.txt
      - run: pytest -q
"""
FILES = {"README.md": "app\n", "requirements.txt": "click==8.1.7\n", ".github/workflows/ci.yml": CI}
MISSING_REQUESTS_LOG = """\
2026-01-05T11:59:00.0000000Z ##[group]Run pytest -q
2026-01-05T11:59:00.1000000Z pytest -q
2026-01-05T11:59:00.2000000Z ##[endgroup]
2026-01-05T11:59:01.0000000Z ImportError while loading conftest '/home/runner/work/app/app/tests/conftest.py'.
2026-01-05T11:59:01.1000000Z tests/conftest.py:1: in <module>
2026-01-05T11:59:01.2000000Z     import requests
2026-01-05T11:59:01.3000000Z E   ModuleNotFoundError: No module named 'requests'
2026-01-05T11:59:01.5000000Z ##[error]Process completed with exit code 4.
"""


def add_run(sim, conclusion: str) -> int:
    step = "failure" if conclusion == "failure" else "success"
    return sim.add_run(REPO, workflow="CI", conclusion=conclusion, jobs=[{
        "name": "test", "conclusion": step, "steps": [{"name": "Run pytest", "conclusion": step}],
        "log": MISSING_REQUESTS_LOG if conclusion == "failure" else "2026-01-05T12:00:00.0000000Z ok\n"}])


def workflow_run_event(sim, run_id: int, conclusion: str) -> dict:
    return {"workflow_run": {"id": run_id, "name": "CI", "conclusion": conclusion, "head_branch": "main",
                             "workflow_id": 1}}


def describe(job: JobRun) -> str:
    return "\n".join(f"--- {sid}: " + ("skipped" if run is None else f"exit {run.exit_code}\n{run.stdout}{run.stderr}")
                     for sid, run in job.steps)


def writes_since(sim, index: int) -> list[tuple[str, str]]:
    return [(r.method, r.path) for r in sim.requests[index:] if r.method in WRITE_METHODS]


@pytest.fixture
def repo(sim):
    sim.create_repo(REPO, files=FILES)
    sim.add_token(TOKEN, login="github-actions[bot]", kind="github_token")
    return REPO


def job(action_runner, sim, tmp_path, workflow, name, event_name, event, **kwargs) -> JobRun:
    workspace = tmp_path / f"ws-{len(list(tmp_path.glob('ws-*')))}"
    return run_job(action_runner, TEMPLATES / workflow, name, event_name=event_name, event=event,
                   workspace=workspace, token=TOKEN, api_url=sim.base_url, repository=REPO, **kwargs)


def test_autoheal_template_heals_closes_and_is_idempotent(action_runner, sim, repo, tmp_path):
    failed = add_run(sim, "failure")
    heal = job(action_runner, sim, tmp_path, "autoheal.yml", "heal", "workflow_run",
               workflow_run_event(sim, failed, "failure"))
    assert heal.ran and heal.ok, describe(heal)
    assert all(run is not None for _, run in heal.steps), "every step of the chain should run"
    assert heal.outputs("analyze")["healed"] == "true"
    (issue,) = sim.issues(REPO)
    assert str(issue["number"]) == heal.outputs("issue")["issue-number"]
    (pr,) = sim.pulls(REPO)
    assert str(pr["number"]) == heal.outputs("pr")["pr-number"] and pr["draft"]
    assert "requests" in (sim.file(REPO, "requirements.txt", ref=pr["head"]["ref"]) or "")

    # The same event delivered again (a re-run of the job): every step plans nothing.
    before = len(sim.requests)
    again = job(action_runner, sim, tmp_path, "autoheal.yml", "heal", "workflow_run",
                workflow_run_event(sim, failed, "failure"))
    assert again.ok, describe(again)
    assert writes_since(sim, before) == []

    # Green again: the other job closes the issue; the heal job does not run.
    green = add_run(sim, "success")
    event = workflow_run_event(sim, green, "success")
    assert not job(action_runner, sim, tmp_path, "autoheal.yml", "heal", "workflow_run", event).ran
    close = job(action_runner, sim, tmp_path, "autoheal.yml", "close-when-green", "workflow_run", event)
    assert close.ran and close.ok, describe(close)
    (issue,) = sim.issues(REPO)
    assert issue["state"] == "closed"


def healed(sim, tmp_path) -> dict:
    """State after autoheal handled one failure (issue + draft PR), made in-process: these tests
    are about the other templates' containers, not about producing this state again."""
    failed = add_run(sim, "failure")
    result = invoke("heal", {}, api_url=sim.base_url, token=TOKEN, repo=REPO, workspace=tmp_path / "seed",
                    event=workflow_run_event(sim, failed, "failure"), event_name="workflow_run")
    assert result.exit_code == 0 and result.outputs["pr-number"], result.stdout + result.stderr
    return result.outputs


def run_twice(action_runner, sim, tmp_path, workflow, name, event_name, event, **kwargs) -> JobRun:
    """Run a template job, then the same again: the second delivery must write nothing."""
    first = job(action_runner, sim, tmp_path, workflow, name, event_name, event, **kwargs)
    assert first.ran and first.ok, describe(first)
    before = len(sim.requests)
    second = job(action_runner, sim, tmp_path, workflow, name, event_name, event, **kwargs)
    assert second.ok, describe(second)
    assert writes_since(sim, before) == [], describe(second)
    return first


def test_health_check_template_files_a_dashboard(action_runner, sim, repo, tmp_path):
    for conclusion in ("success", "success", "failure"):
        add_run(sim, conclusion)
    first = run_twice(action_runner, sim, tmp_path, "health-check.yml", "health-check", "schedule", {})
    (step,) = first.steps
    outputs = step[1].outputs
    assert float(outputs["success-rate"]) == pytest.approx(200 / 3, abs=0.1)
    dashboard = next(i for i in sim.issues(REPO) if str(i["number"]) == outputs["dashboard-issue"])
    assert dashboard["state"] == "open"
    assert step[1].summary.strip(), "the health report belongs in the step summary"


def test_issue_to_draft_pr_template_on_an_autoheal_issue_adds_nothing(action_runner, sim, repo, tmp_path):
    outputs = healed(sim, tmp_path)
    issue = next(i for i in sim.issues(REPO) if str(i["number"]) == outputs["issue-number"])
    event = {"action": "opened", "issue": issue}
    before = len(sim.requests)
    result = job(action_runner, sim, tmp_path, "issue-to-draft-pr.yml", "draft-pr", "issues", event)
    assert result.ran and result.ok, describe(result)
    assert result.outputs("__0")["pr-number"] == outputs["pr-number"]
    assert writes_since(sim, before) == []


def test_issue_to_draft_pr_template_skips_pull_request_comments_events(action_runner, sim, repo, tmp_path):
    event = {"action": "opened", "issue": {"number": 1, "pull_request": {"url": "x"}}}
    assert not job(action_runner, sim, tmp_path, "issue-to-draft-pr.yml", "draft-pr", "issues", event).ran


def test_pr_copilot_reviewer_template_is_idempotent_after_the_hand_off(action_runner, sim, repo, tmp_path):
    outputs = healed(sim, tmp_path)
    pr = next(p for p in sim.pulls(REPO) if str(p["number"]) == outputs["pr-number"])
    before = len(sim.requests)
    result = job(action_runner, sim, tmp_path, "pr-copilot-reviewer.yml", "copilot-review", "pull_request",
                 {"action": "opened", "pull_request": pr, "number": pr["number"]})
    assert result.ran and result.ok, describe(result)
    assert result.outputs("__0")["mode"] == outputs["mode"]
    assert writes_since(sim, before) == []


def test_pr_monitor_template_runs_on_schedule(action_runner, sim, repo, tmp_path):
    outputs = healed(sim, tmp_path)
    first = run_twice(action_runner, sim, tmp_path, "pr-monitor.yml", "monitor", "schedule", {})
    states = first.outputs("__0")["states"]
    assert outputs["pr-number"] in states, states


def test_stale_drafts_template_warns_a_forgotten_draft(action_runner, sim, repo, tmp_path):
    outputs = healed(sim, tmp_path)
    sim.clock.advance(days=8)
    first = run_twice(action_runner, sim, tmp_path, "stale-drafts.yml", "stale-cleanup", "schedule", {})
    assert first.outputs("__0")["warned"] == "1"
    pr = next(p for p in sim.pulls(REPO) if str(p["number"]) == outputs["pr-number"])
    assert "stale" in [label["name"] for label in pr["labels"]]


def test_stale_drafts_template_dispatch_defaults_to_dry_run(action_runner, sim, repo, tmp_path):
    healed(sim, tmp_path)
    sim.clock.advance(days=8)
    before = len(sim.requests)
    result = job(action_runner, sim, tmp_path, "stale-drafts.yml", "stale-cleanup", "workflow_dispatch",
                 {"inputs": {"dry-run": True}})
    assert result.ok, describe(result)
    assert writes_since(sim, before) == []


def seed_sync_repo(sim):
    sim.create_repo(REPO, files={**FILES, ".github/workflows/autoheal.yml": (TEMPLATES / "autoheal.yml").read_text(),
                                 ".github/workflows/lint.yml": CI.replace("name: CI", "name: Lint")})
    sim.add_token(TOKEN, login="github-actions[bot]", kind="github_token")


def test_sync_workflows_template_opens_one_pr(action_runner, sim, tmp_path):
    seed_sync_repo(sim)
    first = run_twice(action_runner, sim, tmp_path, "sync-workflows.yml", "sync", "workflow_dispatch", {},
                      secrets={"AUTOHEAL_WORKFLOWS_TOKEN": TOKEN})
    assert first.outputs("__0")["changed"] == "true"
    (pr,) = sim.pulls(REPO)
    assert "Lint" in sim.file(REPO, ".github/workflows/autoheal.yml", ref=pr["head"]["ref"])


def test_sync_workflows_template_without_its_secret_fails_clearly(action_runner, sim, tmp_path):
    """The template passes `token: ${{ secrets.AUTOHEAL_WORKFLOWS_TOKEN }}` (GITHUB_TOKEN may not
    change workflow files); unset, the input is empty and the action's default does not apply."""
    seed_sync_repo(sim)
    before = len(sim.requests)
    result = job(action_runner, sim, tmp_path, "sync-workflows.yml", "sync", "workflow_dispatch", {})
    (step,) = result.steps
    assert step[1].exit_code == 1
    (error,) = step[1].annotations("error")
    assert "token" in error.message and "GITHUB_TOKEN" in error.message
    assert sim.requests[before:] == []
