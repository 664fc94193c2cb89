"""The one-file caller plus the reusable workflow start exactly the jobs the seven templates start.

For events shaped as GitHub sends them, the jobs the templates start (their `on:` filters, then each
job's `if:`, evaluated by tests/container/templatejobs.py with GitHub's expression rules) are compared
with the jobs the caller form starts (the caller's `on:` filters, then each reusable job's `if:`, where
`github` is the caller's context, as GitHub does for a called workflow).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from autoheal import workflowgen
from container.expressions import condition
from container.templatejobs import contexts_for, load_templates, started_jobs, triggered

ROOT = Path(__file__).resolve().parents[2]
REPO = "octo/shop"
TEMPLATES = {name: doc for name, doc in load_templates(ROOT / "templates").items()}
CALLER = workflowgen.load((ROOT / workflowgen.CALLER_PATH).read_text())
REUSABLE = workflowgen.load((ROOT / workflowgen.REUSABLE_PATH).read_text())
FAMILY_OF_FILE = {f"{stem}.yml": family for stem, family in workflowgen.FAMILIES.items()}


def issue(body="Something is broken", pull_request=False):
    item = {"number": 7, "body": body, "user": {"login": "someone"}, "labels": []}
    if pull_request:
        item["pull_request"] = {"url": "x"}
    return item


def pull(head="feature/x", base="main", repo=REPO):
    return {"number": 9, "body": "", "head": {"ref": head, "repo": {"full_name": repo}},
            "base": {"ref": base, "repo": {"full_name": REPO}}}


def run(conclusion="failure", branch="main", attempt=1, name="CI"):
    return {"action": "completed", "workflow_run": {"id": 1, "name": name, "head_branch": branch, "conclusion": conclusion,
                                                   "event": "push", "run_attempt": attempt, "workflow_id": 3,
                                                   "head_repository": {"full_name": REPO}},
            "repository": {"full_name": REPO}}


MINE = "autoheal/12-ci-missing-dependency"
EVENTS = [
    ("workflow_run", run("failure"), ()),
    ("workflow_run", run("timed_out"), ()),
    ("workflow_run", run("success"), ()),
    ("workflow_run", run("success", attempt=2), ()),
    ("workflow_run", run("success", branch=MINE), ()),
    ("workflow_run", run("failure", name="Lint"), ()),
    ("issues", {"action": "opened", "issue": issue()}, ()),
    ("issues", {"action": "labeled", "issue": issue(), "label": {"name": "autoheal:opt-in"}}, ()),
    ("issues", {"action": "reopened", "issue": issue("x <!-- autoheal:fingerprint=1 -->")}, ()),
    ("pull_request", {"action": "opened", "pull_request": pull()}, ()),
    ("pull_request", {"action": "opened", "pull_request": pull(head=MINE)}, ()),
    ("pull_request", {"action": "ready_for_review", "pull_request": pull(head=MINE)}, ()),
    ("pull_request", {"action": "synchronize", "pull_request": pull(head=MINE)}, ()),
    ("pull_request", {"action": "labeled", "pull_request": pull(), "label": {"name": "autoheal:opt-in"}}, ()),
    ("pull_request", {"action": "closed", "pull_request": pull(head=MINE)}, ()),
    ("pull_request_review", {"action": "submitted", "pull_request": pull(head=MINE)}, ()),
    ("issue_comment", {"action": "created", "issue": issue("<!-- autoheal:pr -->", pull_request=True)}, ()),
    ("check_suite", {"action": "completed", "check_suite": {"head_branch": MINE}}, ()),
    ("push", {"ref": "refs/heads/main"}, (".github/workflows/ci.yml",)),
    ("push", {"ref": "refs/heads/main"}, ("src/app.py",)),
    ("push", {"ref": "refs/heads/feature"}, (".github/workflows/ci.yml",)),
] + [("schedule", {"schedule": entry["cron"]}, ())
     for doc in TEMPLATES.values() for entry in (doc["on"].get("schedule") or [])]


def caller_jobs(event_name, event, changed_paths):
    if not triggered(CALLER, event_name, event, changed_paths):
        return set()
    contexts = contexts_for(event_name, event, REPO)
    return {job for job, spec in REUSABLE["jobs"].items() if condition(spec.get("if"), contexts)}


@pytest.mark.parametrize("event_name, event, changed", EVENTS,
                         ids=[f"{e}-{p.get('action') or p.get('schedule') or p.get('ref')}" for e, p, _ in EVENTS])
def test_same_jobs_for_every_event(event_name, event, changed):
    templates = {j.job for j in started_jobs(TEMPLATES, event_name, event, repository=REPO, changed_paths=changed)}
    assert caller_jobs(event_name, event, changed) == templates


@pytest.mark.parametrize("file", sorted(FAMILY_OF_FILE))
def test_a_manual_run_starts_the_jobs_of_the_template_it_names(file):
    doc = TEMPLATES[file]
    if "workflow_dispatch" not in doc["on"]:
        pytest.skip(f"{file} has no manual run")
    inputs = {"job": FAMILY_OF_FILE[file], "run_id": "5"}
    event = {"inputs": inputs}
    expected = {j.job for j in started_jobs({file: doc}, "workflow_dispatch", event, repository=REPO)}
    assert caller_jobs("workflow_dispatch", event, ()) == expected
