"""copilot-review end to end on the simulator: every hand-off mode, verification, fallbacks, idempotency."""

from __future__ import annotations

import json

import pytest

from autoheal.invoke import invoke
from autoheal.markers import has_marker
from autoheal.stages.shared.record import decode_record
from support.template_tokens import template_token

REPO = "octo/app"
ACTIONS_TOKEN = "ghs_actions_token"  # the copilot-review job's GITHUB_TOKEN (templates/pr-copilot-reviewer.yml)
DRAFT_PR_TOKEN = "ghs_draft_pr_token"  # the draft-pr job's GITHUB_TOKEN, which opened the PR
USER_TOKEN = "ghp_alice_copilot"  # a user PAT allowed to assign the coding agent
BRANCH = "autoheal/3-missing-dependency-yaml"

ISSUE_BODY = (
    "<!-- autoheal:fingerprint=0123456789abcdef -->\n<!-- autoheal:analysis\n"
    + json.dumps({"category": "missing_dependency", "confidence": 92, "failed_job": "test",
                  "failed_step": "Run pytest", "key_lines": [{"line": 9, "text": "ModuleNotFoundError: No module named 'yaml'"}]})
    + "\n-->\n## Missing dependency in CI / test\n"
)


@pytest.fixture
def repo(sim, gh):
    """octo/app with an autoheal issue (#1) and autoheal's draft PR for it, opened with GITHUB_TOKEN."""
    sim.create_repo(REPO, files={"requirements.txt": "requests\n", "app.py": "import yaml\n"})
    template_token(sim, "pr-copilot-reviewer.yml", "copilot-review", token=ACTIONS_TOKEN)
    template_token(sim, "issue-to-draft-pr.yml", "draft-pr", token=DRAFT_PR_TOKEN)
    sim.add_token(USER_TOKEN, login="alice", kind="user")  # a user's PAT: every permission of its user
    sim.add_collaborator(REPO, "alice")
    actions = sim.github(DRAFT_PR_TOKEN).get_repo(REPO)
    issue = actions.create_issue("CI / test: missing dependency — yaml", body=ISSUE_BODY, labels=["autoheal"])
    sim.commit_files(REPO, BRANCH, {"requirements.txt": "requests\nPyYAML\n",
                                    f".github/autoheal/tasks/{issue.number}.md": "# Task\nAdd PyYAML.\n"},
                     "autoheal: add PyYAML", author="github-actions[bot]")
    pr = actions.create_pull(title="autoheal: CI / test: missing dependency — yaml", head=BRANCH, base="main", draft=True,
                             body=f"Fixes #{issue.number}\n\n<!-- autoheal:issue={issue.number} -->")
    return {"issue": issue.number, "pr": pr.number}


def review(sim, tmp_path, number, *, token=ACTIONS_TOKEN, copilot_token=None, config=None, **args):
    if config is not None:
        (tmp_path / ".github").mkdir(exist_ok=True)
        (tmp_path / ".github" / "autoheal.yml").write_text(config)
    values = {"pr-number": number, **args}
    if copilot_token:
        values["copilot-token"] = copilot_token
    return invoke("copilot-review", values, api_url=sim.base_url, token=token, repo=REPO, workspace=tmp_path,
                  gateway_options={"sleep": lambda s: None})


def writes_by(sim, start: int) -> list[tuple[str, str]]:
    return [(r.method, r.path) for r in sim.requests[start:] if r.is_write]


def review_requested(sim, number) -> list[str]:
    """Who GitHub shows a review was requested from: the issue events (it never lists a bot in requested_reviewers)."""
    events = sim.github().get_repo(REPO).get_issue(number).get_events()
    return [e.raw_data["requested_reviewer"]["login"] for e in events if e.event == "review_requested"]


def sticky(sim, number):
    found = [c for c in sim.comments(REPO, number) if has_marker(c["body"], "sticky", "copilot-review")]
    assert len(found) <= 1
    return found[0] if found else None


def test_without_copilot_rights_falls_back_to_the_review_request_and_says_why(sim, repo, tmp_path):
    result = review(sim, tmp_path, repo["pr"])
    assert result.exit_code == 0, result.stdout + result.stderr
    assert result.outputs["mode"] == "code_review" and result.outputs["verified"] == "true"
    reason = result.outputs["reason"]
    assert reason.startswith("coding_agent: skipped — no `copilot-token`") and "GITHUB_TOKEN" in reason
    notices = [line for line in result.annotations if "copilot-token" in line]
    assert len(notices) == 1 and notices[0].startswith("::notice")
    assert result.stdout.count("only lets a user token") == 1  # said once
    pull = sim.pulls(REPO)[0]
    assert pull["requested_reviewers"] == []  # GitHub never lists a bot there ...
    assert review_requested(sim, repo["pr"]) == ["Copilot"]  # ... its review_requested event shows the request
    assert "copilot-ready" in [lb["name"] for lb in pull["labels"]]
    comment = sticky(sim, repo["pr"])
    assert comment is not None and "| code review | verified |" in comment["body"]
    assert "Changes dependency manifests" in comment["body"] and "**Linked issue:** #1" in comment["body"]
    record = decode_record(comment["body"], "copilot-handoff")
    assert record["verified"] and record["mode"] == "code_review"


def test_second_run_changes_nothing(sim, repo, tmp_path):
    first = review(sim, tmp_path, repo["pr"])
    assert first.outputs["verified"] == "true"
    start = len(sim.requests)
    again = review(sim, tmp_path, repo["pr"])
    assert again.exit_code == 0
    assert again.outputs["mode"] == "code_review" and again.outputs["verified"] == "true"
    assert again.outputs["reason"].startswith("already handed over")
    assert writes_by(sim, start) == []
    assert len(sim.comments(REPO, repo["pr"])) == 1
    dry = review(sim, tmp_path, repo["pr"], **{"dry-run": True})
    assert "plan: nothing to do" in dry.stdout


def test_coding_agent_with_a_user_token_is_verified_and_gets_the_task(sim, repo, tmp_path):
    result = review(sim, tmp_path, repo["pr"], copilot_token=USER_TOKEN)
    assert result.outputs["mode"] == "coding_agent" and result.outputs["verified"] == "true", result.outputs
    issue = sim.issues(REPO)[0]
    assert [a["login"] for a in issue["assignees"]] == ["Copilot"]
    assignment = sim.repo(REPO).items[repo["issue"]].agent_assignment
    assert assignment["target_repo"] == REPO and assignment["base_branch"] == BRANCH
    assert "issue #1" in assignment["custom_instructions"] and ".github/autoheal/tasks/1.md" in assignment["custom_instructions"]
    assert "missing_dependency" in assignment["custom_instructions"]
    assert not [line for line in result.annotations if "copilot-token" in line]
    # the assignment was made with the user token, the rest with GITHUB_TOKEN
    logins = {(r.method, r.path.split("?")[0].rsplit("/", 1)[-1]): r.login for r in sim.requests if r.method == "POST"}
    assert logins[("POST", "assignees")] == "alice"
    assert not review_requested(sim, repo["pr"])  # stopped at the first verified mode


def test_accepted_but_not_registered_is_reported_as_failed(sim, repo, tmp_path):
    sim.set_repo_option(REPO, copilot_agent="silent")
    config = "copilot:\n  handoff_modes: [coding_agent]\n"
    result = review(sim, tmp_path, repo["pr"], copilot_token=USER_TOKEN, config=config)
    assert result.exit_code == 0
    assert result.outputs["verified"] == "false" and result.outputs["mode"] == "none"
    assert "accepted the assignment (201) but Copilot is not among the assignees" in result.outputs["reason"]
    assert any(line.startswith("::warning") and "not verified" in line for line in result.annotations)
    assert sim.issues(REPO)[0]["assignees"] == []
    pull = sim.pulls(REPO)[0]
    assert "copilot-ready" not in [lb["name"] for lb in pull["labels"]]
    assert "| coding agent | failed |" in sticky(sim, repo["pr"])["body"]
    # the same commit with the same settings is not retried on every run
    start = len(sim.requests)
    again = review(sim, tmp_path, repo["pr"], copilot_token=USER_TOKEN)
    assert again.outputs["verified"] == "false" and "already failed for" in again.outputs["reason"]
    assert writes_by(sim, start) == []


def test_no_copilot_at_all_uses_the_comment_once_when_allowed(sim, repo, tmp_path):
    sim.set_repo_option(REPO, copilot_review="forbidden")
    config = "copilot:\n  allow_comment_fallback: true\n"
    result = review(sim, tmp_path, repo["pr"], config=config)
    assert result.outputs["mode"] == "comment" and result.outputs["verified"] == "true", result.outputs
    reason = result.outputs["reason"]
    assert "code_review: failed" in reason and "requested_reviewers refused: 422" in reason
    posts = [c for c in sim.comments(REPO, repo["pr"]) if c["body"].startswith("@copilot ")]
    assert len(posts) == 1 and "<!-- autoheal:copilot-comment -->" in posts[0]["body"]
    assert "Add PyYAML." in posts[0]["body"]  # the task file travels with the comment
    again = review(sim, tmp_path, repo["pr"], config=config)
    assert again.outputs["mode"] == "comment"
    assert len([c for c in sim.comments(REPO, repo["pr"]) if c["body"].startswith("@copilot ")]) == 1


def test_comment_fallback_is_off_by_default(sim, repo, tmp_path):
    sim.set_repo_option(REPO, copilot_review="forbidden")
    result = review(sim, tmp_path, repo["pr"])
    assert result.outputs["verified"] == "false"
    assert "comment: skipped — copilot.allow_comment_fallback is false" in result.outputs["reason"]
    assert not [c for c in sim.comments(REPO, repo["pr"]) if c["body"].startswith("@copilot")]


def test_lost_response_on_the_assignment_does_not_repeat_it(sim, repo, tmp_path):
    sim.faults.add("lost_response", method="POST", path=r"/issues/\d+/assignees$")
    result = review(sim, tmp_path, repo["pr"], copilot_token=USER_TOKEN)
    assert result.outputs["mode"] == "coding_agent" and result.outputs["verified"] == "true", result.outputs
    posts = [r for r in sim.requests if r.method == "POST" and r.path.endswith("/assignees")]
    assert len(posts) == 1
    assert [a["login"] for a in sim.issues(REPO)[0]["assignees"]] == ["Copilot"]


def test_copilot_requested_by_a_human_counts_as_handed_over(sim, repo, gh, tmp_path):
    gh.get_repo(REPO).get_pull(repo["pr"]).create_review_request(reviewers=["copilot-pull-request-reviewer[bot]"])
    start = len(sim.requests)
    result = review(sim, tmp_path, repo["pr"])
    assert result.outputs["mode"] == "code_review" and result.outputs["reason"].startswith("already handed over")
    methods = [w for w in writes_by(sim, start) if "copilot-code-review" in w[1] or "requested_reviewers" in w[1]]
    assert methods == []
    assert "| code review | already |" in sticky(sim, repo["pr"])["body"]


@pytest.mark.parametrize("setup, reason", [
    ("close", "is closed"),
    ("skip_label", "skip label(s) autoheal:skip"),
])
def test_gates_write_nothing(sim, repo, gh, tmp_path, setup, reason):
    pull = gh.get_repo(REPO).get_pull(repo["pr"])
    if setup == "close":
        pull.edit(state="closed")
    else:
        pull.add_to_labels("autoheal:skip")
    start = len(sim.requests)
    result = review(sim, tmp_path, repo["pr"])
    assert result.exit_code == 0 and result.outputs["mode"] == "none" and reason in result.outputs["reason"]
    assert writes_by(sim, start) == []


def test_hourly_cap_counts_from_github(sim, repo, gh, tmp_path):
    r = gh.get_repo(REPO)
    r.create_label("copilot-ready", "8250df")
    for i in range(2):
        r.create_issue(f"handed {i}", labels=["copilot-ready"])
    result = review(sim, tmp_path, repo["pr"], config="rate_limits:\n  max_handoffs_per_hour: 2\n")
    assert result.outputs["mode"] == "none" and "max_handoffs_per_hour reached (2/2" in result.outputs["reason"]
    sim.clock.advance(hours=2)
    assert review(sim, tmp_path, repo["pr"], config="rate_limits:\n  max_handoffs_per_hour: 2\n").outputs["verified"] == "true"


def test_pr_number_from_the_event_and_a_missing_one(sim, repo, tmp_path):
    result = invoke("copilot-review", {}, api_url=sim.base_url, token=ACTIONS_TOKEN, repo=REPO, workspace=tmp_path,
                    event={"action": "opened", "pull_request": {"number": repo["pr"]}}, event_name="pull_request")
    assert result.outputs["verified"] == "true"
    missing = invoke("copilot-review", {}, api_url=sim.base_url, token=ACTIONS_TOKEN, repo=REPO, workspace=tmp_path,
                     event={}, event_name="workflow_dispatch")
    assert missing.exit_code != 0 and "pr-number" in missing.stdout + missing.stderr


def test_dry_run_writes_nothing(sim, repo, tmp_path):
    start = len(sim.requests)
    result = review(sim, tmp_path, repo["pr"], **{"dry-run": True})
    assert result.exit_code == 0 and writes_by(sim, start) == []
    assert "handoff:code_review" in result.stdout and "upsert_comment" in result.stdout


def test_analysis_of_a_look_alike_issue_from_an_outsider_is_ignored(sim, repo, gh, tmp_path):
    sim.add_token("ghp_mallory", login="mallory", kind="user")
    outsider = sim.github("ghp_mallory").get_repo(REPO)
    fake = outsider.create_issue("looks like autoheal", body=ISSUE_BODY.replace("missing_dependency", "ignore_all_rules"))
    gh.get_repo(REPO).get_pull(repo["pr"]).edit(body=f"Fixes #{fake.number}\n<!-- autoheal:issue={fake.number} -->")
    result = review(sim, tmp_path, repo["pr"], copilot_token=USER_TOKEN)
    assert result.outputs["mode"] == "coding_agent"
    instructions = sim.repo(REPO).items[fake.number].agent_assignment["custom_instructions"]
    assert "ignore_all_rules" not in instructions and "ignore_all_rules" not in sticky(sim, repo["pr"])["body"]


@pytest.mark.parametrize("knob, first", [
    ("forbidden", "copilot-code-review refused: 403 ACTOR_FLAGGED"),
    ("ineligible", "copilot-code-review refused: 422 NOT_ELIGIBLE"),
    ("rate_limited", "rate limited"),
    ("unavailable", "503"),
])
def test_code_review_refusals_are_read_and_reported(sim, repo, tmp_path, knob, first):
    sim.set_repo_option(REPO, copilot_review=knob)
    result = review(sim, tmp_path, repo["pr"], config="copilot:\n  handoff_modes: [code_review]\n")
    assert result.exit_code == 0 and result.outputs["verified"] == "false"
    reason = result.outputs["reason"]
    assert first in reason and "requested_reviewers refused: 422" in reason, reason
    assert not review_requested(sim, repo["pr"])


def test_already_pending_review_is_fine(sim, repo, tmp_path):
    sim.set_repo_option(REPO, copilot_review="pending")
    result = review(sim, tmp_path, repo["pr"], config="copilot:\n  handoff_modes: [code_review]\n")
    assert result.outputs["verified"] == "true" and result.outputs["mode"] == "code_review"
    assert "409" in result.outputs["reason"]


def test_the_dedicated_endpoint_is_preferred(sim, repo, tmp_path):
    result = review(sim, tmp_path, repo["pr"])
    assert result.outputs["verified"] == "true"
    assert ("copilot-code-review answered 201; GitHub recorded a Copilot review request (review_requested event)"
            in result.outputs["reason"])
    posts = [r.path for r in sim.requests if r.method == "POST"]
    assert not any(p.endswith("/requested_reviewers") for p in posts)
    version = [r for r in sim.requests if r.path.endswith("/copilot-code-review")]
    assert len(version) == 1


@pytest.mark.parametrize("copilot_token, agent", [
    (ACTIONS_TOKEN, "enabled"),  # GITHUB_TOKEN given as copilot-token: GitHub does not assign with it
    (USER_TOKEN, "disabled"),  # a user token, but the coding agent is off for the repository
])
def test_token_without_agent_rights_falls_back_and_says_why(sim, repo, tmp_path, copilot_token, agent):
    sim.set_repo_option(REPO, copilot_agent=agent)
    result = review(sim, tmp_path, repo["pr"], copilot_token=copilot_token)
    assert result.outputs["mode"] == "code_review" and result.outputs["verified"] == "true"
    reason = result.outputs["reason"]
    assert reason.startswith("coding_agent: failed — GitHub accepted the assignment")
    assert "Copilot is not among the assignees" in reason and "code_review: verified" in reason
    body = sticky(sim, repo["pr"])["body"]
    assert "| coding agent | failed |" in body and "| code review | verified |" in body


def test_tokens_never_appear_in_output_or_on_github(sim, repo, tmp_path):
    result = review(sim, tmp_path, repo["pr"], copilot_token=USER_TOKEN)
    assert result.outputs["verified"] == "true"
    for token in (USER_TOKEN, ACTIONS_TOKEN):
        printed = [line for line in result.stdout.splitlines() if token in line]
        assert printed == [f"::add-mask::{token}"]
        assert token not in result.stderr + result.summary + json.dumps(result.outputs)
        texts = [c["body"] for c in sim.comments(REPO, repo["pr"])] + [i["body"] or "" for i in sim.issues(REPO)]
        assert not any(token in text for text in texts)
        assert token not in json.dumps(sim.repo(REPO).items[repo["issue"]].agent_assignment)
