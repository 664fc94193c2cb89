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
from support.template_tokens import ACTIONS_BOT, SCOPES, template_token

from . import payloads
from .actjob import TEMPLATES, ActJob
from .scenarios import (DISPATCHABLE, REPO, WORKFLOWS, add_ci_run, seed_draft_opened, seed_failed_run,
                        seed_issue_filed, seed_repo, seed_stale_draft, writes_since)

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


def dispatched_runs(sim, branch: str) -> list[dict]:
    """The `workflow_dispatch` runs on `branch`, as the Actions API lists them."""
    runs = payloads.api_get(sim, f"/repos/{REPO}/actions/runs?event=workflow_dispatch&branch={branch}")
    return runs["workflow_runs"]


def test_autoheal_template_heals_a_failed_run_then_the_sweep_closes_it(act_runner, sim):
    failed = seed_failed_run(sim, DISPATCHABLE).run_id
    event = payloads.workflow_run(sim, REPO, failed)
    assert event["workflow_run"]["conclusion"] == "failure"
    heal = deliver_twice(act_runner, sim, "autoheal.yml", "heal", "workflow_run", event)

    (issue,) = sim.issues(REPO)  # analyze -> one issue
    assert issue["state"] == "open" and "autoheal" in label_names(issue), heal.log
    (pr,) = sim.pulls(REPO)  # -> a draft PR carrying the fix, linked to the issue
    assert pr["draft"] and f"#{issue['number']}" in pr["body"]
    assert "requests" in (sim.file(REPO, "requirements.txt", ref=pr["head"]["ref"]) or "")
    # -> CI started on the fix branch (CI has `workflow_dispatch`), once for both deliveries
    (ci,) = dispatched_runs(sim, pr["head"]["ref"])
    assert ci["name"] == "CI" and ci["head_sha"] == pr["head"]["sha"], heal.log
    assert copilot_asked(sim, pr["number"])  # -> handed to Copilot
    assert_not_run(act_runner, sim, "autoheal.yml", "close-when-green", "workflow_run", event)

    # A plain green run starts nothing: neither heal nor close-when-green (safe defaults, docs/cost.md).
    green = payloads.workflow_run(sim, REPO, add_ci_run(sim, "success"))
    assert green["workflow_run"]["run_attempt"] == 1
    assert_not_run(act_runner, sim, "autoheal.yml", "heal", "workflow_run", green)
    assert_not_run(act_runner, sim, "autoheal.yml", "close-when-green", "workflow_run", green)
    (issue,) = sim.issues(REPO)
    assert issue["state"] == "open"

    # The hourly sweep (schedule) finds CI green again on main and closes the issue, once.
    sweep = deliver_twice(act_runner, sim, "autoheal.yml", "close-when-green", "schedule",
                          payloads.schedule(cron_of("autoheal.yml")))
    assert_not_run(act_runner, sim, "autoheal.yml", "heal", "schedule", payloads.schedule(cron_of("autoheal.yml")))
    (issue,) = sim.issues(REPO)
    assert issue["state"] == "closed", sweep.log


def test_autoheal_template_closes_at_once_when_a_rerun_turns_green(act_runner, sim):
    seeded = seed_issue_filed(sim)
    number = int(seeded.inputs["issue-number"])
    assert sim.rerun(seeded.run_id, conclusion="success", jobs=[{
        "name": "test", "conclusion": "success", "steps": [{"name": "Run pytest", "conclusion": "success"}],
        "log": "2026-01-05T12:10:00.0000000Z ok\n"}]) == 2
    green = payloads.workflow_run(sim, REPO, seeded.run_id)
    assert green["workflow_run"]["conclusion"] == "success" and green["workflow_run"]["run_attempt"] == 2
    assert_not_run(act_runner, sim, "autoheal.yml", "heal", "workflow_run", green)
    closed = deliver_twice(act_runner, sim, "autoheal.yml", "close-when-green", "workflow_run", green)
    (issue,) = sim.issues(REPO)
    assert issue["number"] == number and issue["state"] == "closed", closed.log


def test_autoheal_template_heals_a_run_given_by_dispatch(act_runner, sim):
    failed = seed_failed_run(sim).run_id
    event = payloads.workflow_dispatch(sim, REPO, {"run_id": str(failed), "workflow_name": "CI",
                                                   "force_create_pr": "false"})
    heal = deliver_twice(act_runner, sim, "autoheal.yml", "heal", "workflow_dispatch", event)
    (issue,) = sim.issues(REPO)
    (pr,) = sim.pulls(REPO)
    assert issue["state"] == "open" and pr["draft"]
    # This CI has no `workflow_dispatch` trigger: nothing is started and the PR still opens.
    assert dispatched_runs(sim, pr["head"]["ref"]) == [], heal.log


OPT_IN = "autoheal:opt-in"  # opt_in_label's default; the template's `if:` names it too


def users(sim, **tokens: str) -> dict:
    """PyGithub clients for people: each login gets a user token (what a person's own requests carry)."""
    clients = {}
    for login, token in tokens.items():
        sim.add_token(token, login=login, kind="user")
        clients[login] = sim.github(token).get_repo(REPO)
    return clients


def test_issue_to_draft_pr_template_takes_its_own_reopened_issue(act_runner, sim):
    number = int(seed_issue_filed(sim, DISPATCHABLE).inputs["issue-number"])
    (octo,) = users(sim, octo="ghu_octoOwnerToken000000000000000001").values()
    octo.get_issue(number).edit(state="closed")
    octo.get_issue(number).edit(state="open")
    assert sim.pulls(REPO) == []
    event = payloads.issues_event(sim, REPO, number, "reopened", sender="octo")
    drafted = deliver_twice(act_runner, sim, "issue-to-draft-pr.yml", "draft-pr", "issues", event)
    (pr,) = sim.pulls(REPO)
    assert pr["draft"] and f"#{number}" in pr["body"], drafted.log
    (ci,) = dispatched_runs(sim, pr["head"]["ref"])  # CI started on the fix branch
    assert ci["head_sha"] == pr["head"]["sha"]
    assert copilot_asked(sim, pr["number"]), drafted.log  # the second step, in the same job


def persons_issue(sim, labeler: str) -> tuple[int, dict]:
    """alice (no access) files an issue; `labeler` adds the opt-in label; the `labeled` event."""
    seed_repo(sim, WORKFLOWS)
    sim.add_collaborator(REPO, "octocat")  # write access
    clients = users(sim, alice="ghu_aliceToken0000000000000000000001",
                    **{labeler: f"ghu_{labeler}Token00000000000000000001"})
    issue = clients["alice"].create_issue("The app crashes on start", "Traceback: KeyError 'port'")
    clients[labeler].get_issue(issue.number).add_to_labels(OPT_IN)
    return issue.number, payloads.issues_event(sim, REPO, issue.number, "labeled", sender=labeler, label=OPT_IN)


def test_issue_to_draft_pr_template_takes_a_persons_issue_a_writer_opts_in(act_runner, sim):
    number, event = persons_issue(sim, labeler="octocat")
    drafted = deliver_twice(act_runner, sim, "issue-to-draft-pr.yml", "draft-pr", "issues", event)
    (pr,) = sim.pulls(REPO)
    assert pr["draft"] and f"#{number}" in pr["body"], drafted.log
    assert copilot_asked(sim, pr["number"]), drafted.log


def test_issue_to_draft_pr_template_refuses_an_opt_in_by_a_non_writer(act_runner, sim):
    """The `if:` sees only the label's name, so the job starts; the stage reads who labeled it (the
    event's sender), finds only `read` access and writes nothing."""
    _, event = persons_issue(sim, labeler="mallory")
    before = len(sim.requests)
    refused = deliver(act_runner, sim, "issue-to-draft-pr.yml", "draft-pr", "issues", event)
    assert refused.ok, refused.log
    assert any(r.path.endswith("/collaborators/mallory/permission") for r in sim.requests[before:]), refused.log
    assert writes_since(sim, before) == [] and sim.pulls(REPO) == []


def test_issue_to_draft_pr_template_starts_nothing_for_other_issue_events(act_runner, sim):
    number, opted_in = persons_issue(sim, labeler="octocat")
    other_label = {**opted_in, "label": {**opted_in["label"], "name": "bug"}}
    as_pr = {**opted_in, "issue": {**opted_in["issue"],
                                   "pull_request": {"url": f"{sim.base_url}/repos/{REPO}/pulls/{number}"}}}
    persons_reopen = payloads.issues_event(sim, REPO, number, "reopened", sender="alice")  # no autoheal marker
    for event in (other_label, as_pr, persons_reopen):
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


def test_sync_workflows_template_without_its_secret_checks_with_github_token(act_runner, sim):
    """Without the secret the step runs `mode: check` with github.token (contents: read): it reads the
    workflow files, reports the missing `Lint` and fails — and `continue-on-error` keeps the job green.
    Nothing is written."""
    seed_sync_repo(sim)
    event = payloads.workflow_dispatch(sim, REPO)
    before = len(sim.requests)
    checked = deliver(act_runner, sim, "sync-workflows.yml", "sync", "workflow_dispatch", event)
    assert checked.ok, checked.log
    served = sim.requests[before:]
    assert served, "the check reads the workflow files"
    assert {r.login for r in served} == {ACTIONS_BOT}, "only the job's own GITHUB_TOKEN is used"
    assert writes_since(sim, before) == [] and sim.pulls(REPO) == []
    assert "Lint" in checked.log, checked.log  # the out-of-date list is reported


REUSABLE = TEMPLATES.parent / ".github" / "workflows" / "autoheal-reusable.yml"
LEVELS = {"none": 0, "read": 1, "write": 2}


def reusable_job_token(sim, job: str) -> str:
    """The GITHUB_TOKEN of `job` in the reusable workflow: that job's `permissions:`, which GitHub only
    allows if the caller's job grants at least as much (checked here, as GitHub refuses the run otherwise)."""
    called = yaml.safe_load(REUSABLE.read_text())["jobs"][job]["permissions"]
    caller = yaml.safe_load((TEMPLATES / "caller" / "autoheal.yml").read_text())["jobs"]["autoheal"]["permissions"]
    for scope, level in called.items():
        assert LEVELS[level] <= LEVELS[caller.get(scope, "none")], f"the caller does not grant {scope}: {level}"
    return sim.add_token(f"ghs_reusable_{job.replace('-', '_')}", login=ACTIONS_BOT, kind="github_token",
                         permissions={SCOPES[scope]: level for scope, level in called.items()})


def test_one_file_caller_heals_a_failed_run_through_the_reusable_workflow(act_runner, sim):
    """templates/caller/autoheal.yml, copied unchanged, calls
    `autoheal-dev/autoheal/.github/workflows/autoheal-reusable.yml@v1` (mapped to this checkout): on a
    failed run only the reusable workflow's `heal` job starts (every other job's `if:` is false) and it
    does what the long-form template does."""
    failed = seed_failed_run(sim, DISPATCHABLE).run_id
    event = payloads.workflow_run(sim, REPO, failed)
    secrets = {"GITHUB_TOKEN": reusable_job_token(sim, "heal")}
    healed = act_runner.run("caller/autoheal.yml", "autoheal", "workflow_run", event, secrets=secrets)
    assert healed.ok, healed.log
    (issue,) = sim.issues(REPO)
    assert issue["state"] == "open" and "autoheal" in label_names(issue), healed.log
    (pr,) = sim.pulls(REPO)
    assert pr["draft"] and f"#{issue['number']}" in pr["body"]
    (ci,) = dispatched_runs(sim, pr["head"]["ref"])
    assert ci["head_sha"] == pr["head"]["sha"]
    assert copilot_asked(sim, pr["number"])
    before = len(sim.requests)
    again = act_runner.run("caller/autoheal.yml", "autoheal", "workflow_run", event, secrets=secrets)
    assert again.ok, again.log
    assert writes_since(sim, before) == [], "a redelivered event must write nothing\n" + again.log
