"""The consumer workflow templates, run for real by nektos/act against the simulator.

Each test copies a template into a consumer repository unchanged, delivers an event in GitHub's webhook
shape (payloads.py) and lets act run the job: every autoheal step is the working tree's action metadata
running the working tree's image (actjob.py). The job's GITHUB_TOKEN holds exactly that job's
`permissions:` (read from the template), so a template granting too little fails here. Results are
judged by the simulator's state; every job is delivered twice and the second delivery must write nothing.
"""

from __future__ import annotations

import pytest
import yaml

from autoheal.permissions import STAGE_PERMISSIONS
from support.template_tokens import SCOPES, template_token

from . import payloads
from .actjob import TEMPLATES, ActJob
from .scenarios import (REPO, WORKFLOWS, add_ci_run, seed_draft_opened, seed_failed_run, seed_issue_filed, seed_repo,
                        seed_stale_draft, writes_since)

pytestmark = pytest.mark.container


def cron_of(template: str) -> str:
    return yaml.safe_load((TEMPLATES / template).read_text())[True]["schedule"][0]["cron"]


def deliver(act_runner, sim, template, job, event_name, event, secrets=None) -> ActJob:
    """One delivery of the event to the template's job, with the job's own GITHUB_TOKEN."""
    token = template_token(sim, template, job)
    return act_runner.run(template, job, event_name, event, secrets={"GITHUB_TOKEN": token, **(secrets or {})})


def deliver_twice(act_runner, sim, template, job, event_name, event, secrets=None) -> ActJob:
    first = deliver(act_runner, sim, template, job, event_name, event, secrets)
    assert first.ok, first.log
    before = len(sim.requests)
    again = deliver(act_runner, sim, template, job, event_name, event, secrets)
    assert again.ok, again.log
    assert writes_since(sim, before) == [], "a redelivered event must write nothing\n" + again.log
    return first


def assert_not_run(act_runner, sim, template, job, event_name, event) -> None:
    """The job's `if:` is false for this event: act skips it and nothing reaches the simulator."""
    before = len(sim.requests)
    skipped = deliver(act_runner, sim, template, job, event_name, event)
    assert skipped.ok, skipped.log
    assert sim.requests[before:] == [], skipped.log


def pull(sim, number: int) -> dict:
    return next(p for p in sim.pulls(REPO) if p["number"] == number)


def label_names(item: dict) -> list[str]:
    return [label["name"] for label in item["labels"]]


def copilot_asked(sim, number: int) -> bool:
    """PR `number` has a Copilot review requested, as GitHub shows it: a `review_requested` timeline event
    (the REST API never lists a bot in `requested_reviewers`)."""
    timeline = payloads.api_get(sim, f"/repos/{REPO}/issues/{number}/timeline?per_page=100")
    return any(e.get("event") == "review_requested" and "copilot" in str(e.get("requested_reviewer")).lower()
               for e in timeline)


def test_autoheal_template_heals_a_failed_run_then_closes_when_green(act_runner, sim):
    failed = seed_failed_run(sim).run_id
    event = payloads.workflow_run(sim, REPO, failed)
    assert event["workflow_run"]["conclusion"] == "failure"
    heal = deliver_twice(act_runner, sim, "autoheal.yml", "heal", "workflow_run", event)

    (issue,) = sim.issues(REPO)  # analyze -> one issue
    assert issue["state"] == "open" and "autoheal" in label_names(issue), heal.log
    (pr,) = sim.pulls(REPO)  # -> a draft PR carrying the fix, linked to the issue
    assert pr["draft"] and f"#{issue['number']}" in pr["body"]
    assert "requests" in (sim.file(REPO, "requirements.txt", ref=pr["head"]["ref"]) or "")
    assert copilot_asked(sim, pr["number"])  # -> handed to Copilot
    assert_not_run(act_runner, sim, "autoheal.yml", "close-when-green", "workflow_run", event)

    # Green again: close-when-green closes the issue; the heal job does not run.
    green = payloads.workflow_run(sim, REPO, add_ci_run(sim, "success"))
    assert_not_run(act_runner, sim, "autoheal.yml", "heal", "workflow_run", green)
    deliver_twice(act_runner, sim, "autoheal.yml", "close-when-green", "workflow_run", green)
    (issue,) = sim.issues(REPO)
    assert issue["state"] == "closed"


def test_autoheal_template_heals_a_run_given_by_dispatch(act_runner, sim):
    failed = seed_failed_run(sim).run_id
    event = payloads.workflow_dispatch(sim, REPO, {"run_id": str(failed), "workflow_name": "CI",
                                                   "force_create_pr": "false"})
    deliver_twice(act_runner, sim, "autoheal.yml", "heal", "workflow_dispatch", event)
    (issue,) = sim.issues(REPO)
    (pr,) = sim.pulls(REPO)
    assert issue["state"] == "open" and pr["draft"]


def test_issue_to_draft_pr_template_opens_the_draft(act_runner, sim):
    number = int(seed_issue_filed(sim).inputs["issue-number"])
    assert sim.pulls(REPO) == []
    deliver_twice(act_runner, sim, "issue-to-draft-pr.yml", "draft-pr", "issues",
                  payloads.issues_opened(sim, REPO, number))
    (pr,) = sim.pulls(REPO)
    assert pr["draft"] and f"#{number}" in pr["body"]


def test_issue_to_draft_pr_template_ignores_pull_requests(act_runner, sim):
    number = int(seed_issue_filed(sim).inputs["issue-number"])
    event = payloads.issues_opened(sim, REPO, number)
    event["issue"]["pull_request"] = {"url": f"{sim.base_url}/repos/{REPO}/pulls/{number}"}
    assert_not_run(act_runner, sim, "issue-to-draft-pr.yml", "draft-pr", "issues", event)


def test_pr_templates_hand_off_then_monitor_waits_for_copilot_and_marks_ready(act_runner, sim):
    number = int(seed_draft_opened(sim).inputs["pr-number"])
    deliver_twice(act_runner, sim, "pr-copilot-reviewer.yml", "copilot-review", "pull_request",
                  payloads.pull_request(sim, REPO, number))
    assert copilot_asked(sim, number)

    # CI is green but Copilot has not reviewed yet: the scheduled monitor leaves the draft alone.
    sim.add_check_run(REPO, pull(sim, number)["head"]["sha"], "test", conclusion="success")
    waiting = deliver(act_runner, sim, "pr-monitor.yml", "monitor", "schedule", payloads.schedule(cron_of("pr-monitor.yml")))
    assert waiting.ok, waiting.log
    assert pull(sim, number)["draft"] is True

    # Copilot's review arrives: the pull_request_review event makes the monitor mark it ready, once.
    sim.copilot_review(REPO, number, "Looks fine.")
    review = payloads.pull_request(sim, REPO, number, key="pull_request_review.submitted")
    ready = deliver_twice(act_runner, sim, "pr-monitor.yml", "monitor", "pull_request_review", review)
    assert pull(sim, number)["draft"] is False, ready.log
    assert "ready-for-review" in label_names(pull(sim, number))


def test_stale_drafts_template_warns_a_forgotten_draft(act_runner, sim):
    seed_stale_draft(sim)
    ((number,),) = [[p["number"] for p in sim.pulls(REPO)]]
    deliver_twice(act_runner, sim, "stale-drafts.yml", "stale-cleanup", "schedule",
                  payloads.schedule(cron_of("stale-drafts.yml")))
    assert "stale" in label_names(pull(sim, number))
    assert pull(sim, number)["state"] == "open"  # warned, not yet closed
    assert sim.comments(REPO, number), "the warning is a comment on the draft"


def test_stale_drafts_template_dispatch_defaults_to_dry_run(act_runner, sim):
    seed_stale_draft(sim)
    # GitHub puts the dispatch form's values in the payload as strings; the form's default is dry-run.
    event = payloads.workflow_dispatch(sim, REPO, {"dry-run": "true"})
    before = len(sim.requests)
    dispatched = deliver(act_runner, sim, "stale-drafts.yml", "stale-cleanup", "workflow_dispatch", event)
    assert dispatched.ok, dispatched.log
    assert sim.requests[before:], "the dry run still reads the repository"
    assert writes_since(sim, before) == []


def test_health_check_template_files_a_dashboard(act_runner, sim):
    seed_failed_run(sim)  # two green runs and a red one
    deliver_twice(act_runner, sim, "health-check.yml", "health-check", "schedule",
                  payloads.schedule(cron_of("health-check.yml")))
    (dashboard,) = [i for i in sim.issues(REPO) if "autoheal-dashboard" in label_names(i)]
    assert dashboard["state"] == "open"
    assert "66.7" in dashboard["body"], dashboard["body"]  # 2 of 3 runs green


WORKFLOWS_TOKEN = "github_pat_octo_workflows"


def seed_sync_repo(sim) -> dict[str, str]:
    """The consumer's workflows, autoheal.yml watching only CI. The job's GITHUB_TOKEN gets nothing
    (`permissions: {}`); the secret is a fine-grained PAT with what the stage writes with
    (autoheal.permissions) plus Workflows: write, which no GITHUB_TOKEN can hold."""
    seed_repo(sim, {**WORKFLOWS, ".github/workflows/autoheal.yml": (TEMPLATES / "autoheal.yml").read_text()})
    perms = {SCOPES[key]: level for key, level in STAGE_PERMISSIONS["sync-workflows"].items()}
    sim.add_token(WORKFLOWS_TOKEN, login="octocat", kind="user", permissions={**perms, "workflows": "write"})
    return {"AUTOHEAL_WORKFLOWS_TOKEN": WORKFLOWS_TOKEN}


def test_sync_workflows_template_opens_one_pr(act_runner, sim):
    secrets = seed_sync_repo(sim)
    deliver_twice(act_runner, sim, "sync-workflows.yml", "sync", "workflow_dispatch",
                  payloads.workflow_dispatch(sim, REPO), secrets)
    (pr,) = sim.pulls(REPO)
    watched = yaml.safe_load(sim.file(REPO, ".github/workflows/autoheal.yml", ref=pr["head"]["ref"]))
    assert "Lint" in watched[True]["workflow_run"]["workflows"]


def test_sync_workflows_template_without_its_secret_fails_clearly(act_runner, sim):
    """The template passes `token: ${{ secrets.AUTOHEAL_WORKFLOWS_TOKEN }}`; unset, the input is empty and
    the action's `${{ github.token }}` default does not apply: the job fails before any request."""
    seed_sync_repo(sim)
    event = payloads.workflow_dispatch(sim, REPO)
    before = len(sim.requests)
    failed = deliver(act_runner, sim, "sync-workflows.yml", "sync", "workflow_dispatch", event)
    assert not failed.ok, failed.log
    assert sim.requests[before:] == []
    assert "GITHUB_TOKEN" in failed.log  # the action's one error line names what to give
