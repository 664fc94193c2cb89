"""One pass for an opted-in issue (issue #23): the issue-to-draft-pr job opens the draft PR and hands it to
Copilot in the same job (a PR GITHUB_TOKEN opened starts no `pull_request` workflow, so
pr-copilot-reviewer.yml would never see it), with copilot-review's own verification. The job's token holds
exactly templates/issue-to-draft-pr.yml's permissions."""

from __future__ import annotations

from pathlib import Path

import yaml

from autoheal.invoke import invoke
from tests.support.template_tokens import TEMPLATES, template_token

REPO = "octo/app"
REQUEST = ("The `export` command should accept `--format csv`.\n\nToday it only writes JSON; "
           "ask @carol for the column order, see #3.")


def run_step(sim, token: str, command: str, args: dict, tmp_path: Path, event: dict):
    result = invoke(command, args, api_url=sim.base_url, token=token, repo=REPO, workspace=tmp_path, event=event,
                    event_name="issues", gateway_options={"sleep": lambda _s: None})
    assert result.exit_code == 0, result.stdout + result.stderr
    return result


def test_the_template_job_hands_off_in_the_same_job():
    steps = yaml.safe_load((TEMPLATES / "issue-to-draft-pr.yml").read_text())["jobs"]["draft-pr"]["steps"]
    uses = [s["uses"].split("/actions/")[1].split("@")[0] for s in steps]
    assert uses == ["draft-pr", "copilot-review"]
    assert steps[1]["with"]["pr-number"] == "${{ steps.pr.outputs.pr-number }}" and steps[0]["id"] == "pr"


def test_an_opted_in_issue_gets_a_draft_pr_and_a_verified_handoff_in_one_run(sim, tmp_path):
    sim.create_repo(REPO, files={"src/export.py": "def export(rows):\n    return rows\n"})
    token = template_token(sim, "issue-to-draft-pr.yml", "draft-pr")
    issue = sim.github().get_repo(REPO).create_issue(title="Export as CSV", body=REQUEST)
    sim.add_collaborator(REPO, issue.user.login)  # a maintainer's issue, opted in by them
    issue.add_to_labels("autoheal:opt-in")
    event = {"action": "labeled", "label": {"name": "autoheal:opt-in"}, "sender": {"login": issue.user.login},
             "issue": {"number": issue.number, "body": REQUEST}}

    # step 1: draft-pr (from the `issues` event)
    draft = run_step(sim, token, "draft-pr", {}, tmp_path, event)
    assert draft.outputs["action"] == "created" and draft.outputs["fix-kind"] == "task"
    pr = int(draft.outputs["pr-number"])
    task = sim.file(REPO, f".github/autoheal/tasks/{issue.number}.md", ref=draft.outputs["branch"])
    assert task.splitlines()[1] == f"# Do what issue #{issue.number} asks: Export as CSV"
    assert "> The `export` command should accept `--format csv`." in task
    assert "CI failure" not in task and "@carol" not in task and "#3" not in task

    # step 2: copilot-review on step 1's pr-number, same token
    handoff = run_step(sim, token, "copilot-review", {"pr-number": pr}, tmp_path, event)
    assert handoff.outputs["verified"] == "true", handoff.outputs
    assert handoff.outputs["mode"] == "code_review"

    # the same event delivered again changes nothing
    start = len(sim.requests)
    assert run_step(sim, token, "draft-pr", {}, tmp_path, event).outputs["action"] == "unchanged"
    assert run_step(sim, token, "copilot-review", {"pr-number": pr}, tmp_path, event).outputs["verified"] == "true"
    assert [r.path for r in sim.requests[start:] if r.method != "GET" and r.path != "/graphql"] == []
    assert len(sim.pulls(REPO)) == 1


def test_with_a_user_token_the_coding_agent_is_told_to_do_what_the_issue_asks(sim, tmp_path):
    sim.create_repo(REPO, files={"src/export.py": "def export(rows):\n    return rows\n"})
    sim.add_token("ghu_alice", login="alice", kind="user")
    token = template_token(sim, "issue-to-draft-pr.yml", "draft-pr")
    issue = sim.github().get_repo(REPO).create_issue(title="Export as CSV", body=REQUEST)
    sim.add_collaborator(REPO, issue.user.login)
    issue.add_to_labels("autoheal:opt-in")
    event = {"action": "labeled", "label": {"name": "autoheal:opt-in"}, "sender": {"login": issue.user.login},
             "issue": {"number": issue.number}}
    pr = int(run_step(sim, token, "draft-pr", {}, tmp_path, event).outputs["pr-number"])
    handoff = run_step(sim, token, "copilot-review", {"pr-number": pr, "copilot-token": "ghu_alice"}, tmp_path, event)
    assert handoff.outputs["verified"] == "true" and handoff.outputs["mode"] == "coding_agent"
    instructions = sim.repo(REPO).items[issue.number].agent_assignment["custom_instructions"]
    assert instructions.startswith(f"Do what issue #{issue.number} of {REPO} asks")
    assert "failing CI run" not in instructions
