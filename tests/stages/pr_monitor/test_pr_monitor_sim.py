"""pr-monitor end to end on the simulator: CI never ran, green -> ready exactly once, red -> hand-back
rounds -> needs-human, conflicts, Copilot's own PRs, several PRs at once, idempotency over repeated runs."""

from __future__ import annotations

import json

import pytest

from autoheal.invoke import invoke
from autoheal.markers import has_marker
from autoheal.stages.shared.record import decode_record
from support.template_tokens import job_permissions, template_token

REPO = "octo/app"
ACTIONS_TOKEN = "ghs_actions_token"  # the monitor job's GITHUB_TOKEN (templates/pr-monitor.yml)
REVIEW_TOKEN = "ghs_review_token"  # the copilot-review job's (templates/pr-copilot-reviewer.yml)
DRAFT_PR_TOKEN = "ghs_draft_pr_token"  # the draft-pr job's, which opened the PR
USER_TOKEN = "ghp_alice_copilot"
COPILOT_TOKEN = "ghu_copilot_agent"  # lets tests act as the coding agent
BRANCH = "autoheal/1-missing-dependency-yaml"
FAILING_LOG = (
    "2026-01-05T12:00:01.0000000Z ##[group]Run pytest\n"
    "2026-01-05T12:00:01.1000000Z pytest -q\n"
    "2026-01-05T12:00:01.2000000Z ##[endgroup]\n"
    "2026-01-05T12:00:02.0000000Z ImportError while importing test module '/home/runner/work/app/tests/test_app.py'.\n"
    "2026-01-05T12:00:02.1000000Z tests/test_app.py:1: in <module>\n"
    "2026-01-05T12:00:02.2000000Z     import yaml\n"
    "2026-01-05T12:00:02.3000000Z E   ModuleNotFoundError: No module named 'yaml'\n"
    "2026-01-05T12:00:03.0000000Z ##[error]Process completed with exit code 2.\n"
)


@pytest.fixture
def pr(sim):
    """An autoheal issue (#1) and autoheal's draft PR (#2) for it, opened with GITHUB_TOKEN."""
    sim.create_repo(REPO, files={"requirements.txt": "requests\n", "app.py": "import yaml\n"})
    template_token(sim, "pr-monitor.yml", "monitor", token=ACTIONS_TOKEN)
    template_token(sim, "pr-copilot-reviewer.yml", "copilot-review", token=REVIEW_TOKEN)
    template_token(sim, "issue-to-draft-pr.yml", "draft-pr", token=DRAFT_PR_TOKEN)
    sim.add_token(USER_TOKEN, login="alice", kind="user")  # user tokens: every permission of their user
    sim.add_token(COPILOT_TOKEN, login="Copilot", kind="user")
    for login in ("alice", "bob"):
        sim.add_collaborator(REPO, login)
    actions = sim.github(DRAFT_PR_TOKEN).get_repo(REPO)
    issue = actions.create_issue("CI / test: missing dependency — yaml", body="<!-- autoheal:fingerprint=00ff -->\nbody",
                                 labels=["autoheal"])
    sim.commit_files(REPO, BRANCH, {"requirements.txt": "requests\nPyYAML\n"}, "autoheal: add PyYAML",
                     author="github-actions[bot]")
    pull = actions.create_pull(title="autoheal: CI / test: missing dependency — yaml", head=BRANCH, base="main",
                               draft=True, body=f"Fixes #{issue.number}\n\n<!-- autoheal:issue={issue.number} -->")
    pull.add_to_labels("autoheal")
    return pull.number


def monitor(sim, tmp_path, *, config=None, token=ACTIONS_TOKEN, **args):
    if config is not None:
        (tmp_path / ".github").mkdir(exist_ok=True)
        (tmp_path / ".github" / "autoheal.yml").write_text(config)
    return invoke("pr-monitor", args, api_url=sim.base_url, token=token, repo=REPO, workspace=tmp_path,
                  gateway_options={"sleep": lambda s: None})


def head_sha(sim, number):
    return next(p for p in sim.pulls(REPO) if p["number"] == number)["head"]["sha"]


def pull_of(sim, number):
    return next(p for p in sim.pulls(REPO) if p["number"] == number)


def labels_of(sim, number):
    return sorted(lb["name"] for lb in pull_of(sim, number)["labels"])


def status_comments(sim, number):
    return [c for c in sim.comments(REPO, number) if has_marker(c["body"], "sticky", "pr-monitor")]


def writes_since(sim, start):
    return [(r.method, r.path) for r in sim.requests[start:] if r.is_write]


def only_state(result):
    assert result.exit_code == 0, result.stdout + result.stderr
    states = json.loads(result.outputs["states"])
    assert len(states) == 1
    return states[0]


def test_ci_never_triggered_is_detected_and_explained(sim, pr, tmp_path):
    first = only_state(monitor(sim, tmp_path))
    assert first["state"] == "ci_pending" and first["ci"] == "none"
    sim.clock.advance(minutes=16)
    second = monitor(sim, tmp_path)
    assert only_state(second)["state"] == "no_ci"
    assert json.loads(second.outputs["counts"]) == {"no_ci": 1}
    comments = status_comments(sim, pr)
    assert len(comments) == 1  # edited in place, not a new comment per run
    body = comments[0]["body"]
    assert "CI never ran" in body and "GITHUB_TOKEN" in body and "actions/create-github-app-token" in body
    assert f"push a commit to `{BRANCH}`" in body
    assert "opened by `github-actions[bot]`, that is with a workflow's `GITHUB_TOKEN`" in body
    start = len(sim.requests)
    sim.clock.advance(hours=3)
    assert only_state(monitor(sim, tmp_path))["state"] == "no_ci"
    assert writes_since(sim, start) == []


def test_green_pr_becomes_ready_exactly_once_across_repeated_runs(sim, pr, tmp_path):
    config = "monitor:\n  reviewers: [alice]\n"
    # Copilot reviews the PR first: while its review is pending, nothing moves
    review = invoke("copilot-review", {"pr-number": pr}, api_url=sim.base_url, token=REVIEW_TOKEN, repo=REPO,
                    workspace=tmp_path)
    assert review.outputs["mode"] == "code_review"
    sim.add_check_run(REPO, head_sha(sim, pr), "test", conclusion="success")
    waiting = only_state(monitor(sim, tmp_path, config=config))
    assert waiting["state"] == "copilot_working" and pull_of(sim, pr)["draft"] is True
    sim.copilot_review(REPO, pr, "Looks fine.")

    start = len(sim.requests)
    results = [monitor(sim, tmp_path, config=config) for _ in range(3)]
    assert [only_state(r)["state"] for r in results] == ["ready_for_review"] * 3
    graphql = [r for r in sim.requests[start:] if r.path == "/graphql" and r.is_write]
    assert len(graphql) == 1  # markPullRequestReadyForReview, once
    pull = pull_of(sim, pr)
    assert pull["draft"] is False
    assert "ready-for-review" in labels_of(sim, pr)
    assert [u["login"] for u in pull["requested_reviewers"]] == ["alice"]
    notices = [c for c in sim.comments(REPO, 1) if has_marker(c["body"], "ready-notified", pr)]
    assert len(notices) == 1 and f"Pull request #{pr} is ready for review" in notices[0]["body"]
    assert len(status_comments(sim, pr)) == 1
    assert only_state(results[0])["actions"][:2] == ["marked ready for review", "requested reviews from alice"]
    # runs 2 and 3 wrote nothing at all
    assert only_state(results[1])["actions"] == [] and only_state(results[2])["actions"] == []
    assert results[1].writes == 0 and results[2].writes == 0
    # a human turning it back into a draft is not fought
    sim.github().get_repo(REPO).get_pull(pr).convert_to_draft()
    again = len(sim.requests)
    monitor(sim, tmp_path, config=config)
    assert not [r for r in sim.requests[again:] if r.path == "/graphql" and r.is_write]


def test_red_is_analyzed_handed_back_then_needs_human(sim, pr, tmp_path):
    config = "monitor:\n  max_fix_rounds: 1\n"
    sim.add_run(REPO, workflow="CI", branch=BRANCH, head_sha=head_sha(sim, pr), event="pull_request",
                jobs=[{"name": "test", "conclusion": "failure",
                       "steps": [{"name": "Run pytest", "conclusion": "failure"}], "log": FAILING_LOG}])
    first = monitor(sim, tmp_path, config=config, **{"copilot-token": USER_TOKEN})
    state = only_state(first)
    assert state["state"] == "copilot_working" and state["fix_rounds"] == 1, first.stdout
    assert [a["login"] for a in sim.issues(REPO)[0]["assignees"]] == ["Copilot"]
    instructions = sim.repo(REPO).items[1].agent_assignment["custom_instructions"]
    assert "fix round 1 of 1" in instructions and "missing_dependency" in instructions
    assert "ModuleNotFoundError: No module named 'yaml'" in instructions
    record = decode_record(status_comments(sim, pr)[0]["body"], "monitor")
    assert record["rounds"][0]["category"] == "missing_dependency" and record["rounds"][0]["verified"]

    start = len(sim.requests)
    assert only_state(monitor(sim, tmp_path, config=config, **{"copilot-token": USER_TOKEN}))["state"] == "copilot_working"
    assert writes_since(sim, start) == []

    # Copilot pushes a fix that is still red: the rounds are used up -> needs-human, once
    sim.clock.advance(minutes=5)
    sha = sim.copilot_commit(REPO, BRANCH, "app.py", "import yaml  # noqa\n", "Try again")
    sim.add_run(REPO, workflow="CI", branch=BRANCH, head_sha=sha, event="pull_request",
                jobs=[{"name": "test", "conclusion": "failure", "log": FAILING_LOG}])
    gave_up = only_state(monitor(sim, tmp_path, config=config, **{"copilot-token": USER_TOKEN}))
    assert gave_up["state"] == "needs_human"
    assert "needs-human" in labels_of(sim, pr)
    body = status_comments(sim, pr)[0]["body"]
    assert "a human should take this pull request over" in body and "after 1 fix round(s)" in body
    start = len(sim.requests)
    assert only_state(monitor(sim, tmp_path, config=config, **{"copilot-token": USER_TOKEN}))["state"] == "needs_human"
    assert writes_since(sim, start) == []


def test_red_without_a_way_to_hand_back_asks_for_a_human(sim, pr, tmp_path):
    sim.add_check_run(REPO, head_sha(sim, pr), "lint", conclusion="failure")
    state = only_state(monitor(sim, tmp_path))
    assert state["state"] == "needs_human" and state["fix_rounds"] == 0
    assert "needs-human" in labels_of(sim, pr)
    body = status_comments(sim, pr)[0]["body"]
    assert "cannot hand the failure back to Copilot" in body and "copilot-token" in body


def test_red_handed_back_in_a_comment_when_allowed(sim, pr, tmp_path):
    config = "copilot:\n  allow_comment_fallback: true\n"
    sim.add_check_run(REPO, head_sha(sim, pr), "lint", conclusion="failure")
    state = only_state(monitor(sim, tmp_path, config=config))
    assert state["state"] == "ci_failed" and state["fix_rounds"] == 1
    asks = [c for c in sim.comments(REPO, pr) if c["body"].startswith("@copilot ")]
    assert len(asks) == 1 and "Failing checks: lint" in asks[0]["body"]
    monitor(sim, tmp_path, config=config)
    assert len([c for c in sim.comments(REPO, pr) if c["body"].startswith("@copilot ")]) == 1
    assert "Copilot was asked to fix it (round 1 of 3)" in status_comments(sim, pr)[0]["body"]


def test_conflicts_are_reported_labelled_and_cleared(sim, pr, tmp_path):
    sim.set_mergeable(REPO, pr, False, "dirty")
    assert only_state(monitor(sim, tmp_path))["state"] == "conflict"
    assert "autoheal:conflict" in labels_of(sim, pr)
    assert "conflicts with main" in status_comments(sim, pr)[0]["body"]
    sim.set_mergeable(REPO, pr, True, "clean")
    assert only_state(monitor(sim, tmp_path))["state"] == "ci_pending"
    assert "autoheal:conflict" not in labels_of(sim, pr)


def test_copilot_pull_request_against_the_branch(sim, pr, tmp_path):
    agent = sim.github(COPILOT_TOKEN).get_repo(REPO)
    sim.commit_files(REPO, "copilot/fix-yaml", {"x.py": "x = 1\n"}, "wip", from_branch=BRANCH)
    child = agent.create_pull(title="[WIP] Fix the missing yaml dependency", head="copilot/fix-yaml", base=BRANCH,
                              body="Fixes #1", draft=True)
    sim.add_check_run(REPO, head_sha(sim, pr), "test", conclusion="success")
    assert only_state(monitor(sim, tmp_path))["state"] == "copilot_working"
    child.edit(title="Fix the missing yaml dependency")
    # the event on Copilot's PR is mapped to autoheal's PR it targets
    result = invoke("pr-monitor", {}, api_url=sim.base_url, token=ACTIONS_TOKEN, repo=REPO, workspace=tmp_path,
                    event={"action": "edited", "pull_request": {"number": child.number}}, event_name="pull_request")
    state = only_state(result)
    assert state["number"] == pr and state["state"] == "copilot_pr_open"
    assert f"review Copilot's pull request #{child.number}" in status_comments(sim, pr)[0]["body"]
    assert status_comments(sim, child.number) == []


def test_all_open_autoheal_prs_and_nothing_else(sim, pr, tmp_path, gh):
    repo = gh.get_repo(REPO)
    sim.commit_files(REPO, "feature", {"f.py": "1\n"}, "feature")
    repo.create_pull(title="a human PR", head="feature", base="main", body="mine")
    sim.commit_files(REPO, "autoheal/9-other", {"g.py": "1\n"}, "fix", author="github-actions[bot]")
    # autoheal's PR is opened by autoheal's identity (only its own markers count)
    other = sim.github(ACTIONS_TOKEN).get_repo(REPO).create_pull(
        title="autoheal: other", head="autoheal/9-other", base="main", draft=True, body="<!-- autoheal:issue=9 -->")
    sim.add_check_run(REPO, head_sha(sim, other.number), "test", conclusion="failure")
    result = monitor(sim, tmp_path, transitions="none")
    states = json.loads(result.outputs["states"])
    assert sorted(s["number"] for s in states) == [pr, other.number]
    assert json.loads(result.outputs["counts"]) == {"ci_failed": 1, "ci_pending": 1}
    # `none`: a report (the status comments) and no transition at all
    assert labels_of(sim, other.number) == [] and len(status_comments(sim, other.number)) == 1


def test_lost_response_on_the_issue_notice_posts_it_once(sim, pr, tmp_path):
    sim.add_check_run(REPO, head_sha(sim, pr), "test", conclusion="success")
    sim.faults.add("lost_response", method="POST", path=r"/issues/1/comments$")
    assert only_state(monitor(sim, tmp_path))["state"] == "ready_for_review"
    assert len([c for c in sim.comments(REPO, 1) if has_marker(c["body"], "ready-notified")]) == 1


def test_dry_run_and_bad_transition_name(sim, pr, tmp_path):
    sim.add_check_run(REPO, head_sha(sim, pr), "test", conclusion="success")
    start = len(sim.requests)
    dry = monitor(sim, tmp_path, **{"dry-run": True})
    assert dry.exit_code == 0 and writes_since(sim, start) == []
    assert "mark_ready" in dry.stdout and "notify_issue" in dry.stdout
    bad = monitor(sim, tmp_path, transitions="mark_redy")
    assert bad.exit_code != 0 and "did you mean mark_ready?" in bad.stdout + bad.stderr


def test_no_autoheal_pr_is_a_quiet_success(sim, tmp_path):
    sim.create_repo(REPO, files={"a": "b"})
    result = monitor(sim, tmp_path, token=template_token(sim, "pr-monitor.yml", "monitor"))
    assert result.exit_code == 0 and json.loads(result.outputs["states"]) == []
    assert "no autoheal pull request to monitor" in result.stdout


def test_an_explicit_number_is_a_filter_not_an_order(sim, pr, gh, tmp_path):
    repo = gh.get_repo(REPO)
    sim.commit_files(REPO, "feature", {"f.py": "1\n"}, "feature")
    human = repo.create_pull(title="a human PR", head="feature", base="main", body="mine")
    # the template passes `github.event.pull_request.number || github.event.issue.number`
    other = repo.create_issue("unrelated").number
    for number, note in ((human.number, "is not an autoheal pull request"), (other, "is not a pull request")):
        start = len(sim.requests)
        result = monitor(sim, tmp_path, **{"pr-number": number})
        assert result.exit_code == 0 and json.loads(result.outputs["states"]) == []
        assert note in result.stdout and writes_since(sim, start) == []
    repo.get_pull(pr).edit(state="closed")
    closed = monitor(sim, tmp_path, **{"pr-number": pr})
    assert only_state(closed)["state"] == "closed" and status_comments(sim, pr) == []


def test_hand_back_reassigns_the_coding_agent_for_a_new_session(sim, pr, tmp_path):
    handoff = invoke("copilot-review", {"pr-number": pr, "copilot-token": USER_TOKEN}, api_url=sim.base_url,
                     token=REVIEW_TOKEN, repo=REPO, workspace=tmp_path)
    assert handoff.outputs["mode"] == "coding_agent"
    first_task = sim.repo(REPO).items[1].agent_assignment["custom_instructions"]
    sim.clock.advance(minutes=10)
    sha = sim.copilot_commit(REPO, BRANCH, "app.py", "import yaml\n\nx = 1\n", "Fix")
    sim.add_run(REPO, workflow="CI", branch=BRANCH, head_sha=sha, event="pull_request",
                jobs=[{"name": "test", "conclusion": "failure", "log": FAILING_LOG}])
    start = len(sim.requests)
    state = only_state(monitor(sim, tmp_path, **{"copilot-token": USER_TOKEN}))
    assert state["state"] == "copilot_working" and state["fix_rounds"] == 1
    calls = [(r.method, r.login) for r in sim.requests[start:] if r.path.endswith("/issues/1/assignees")]
    assert calls == [("DELETE", "alice"), ("POST", "alice")]
    task = sim.repo(REPO).items[1].agent_assignment["custom_instructions"]
    assert task != first_task and "fix round 1 of 3" in task and sha[:7] in task


def test_lost_response_on_mark_ready_is_not_resent(sim, pr, tmp_path):
    sim.add_check_run(REPO, head_sha(sim, pr), "test", conclusion="success")
    sim.faults.add("lost_response", method="POST", path=r"^/graphql$")
    assert only_state(monitor(sim, tmp_path))["state"] == "ready_for_review"
    assert len([r for r in sim.requests if r.path == "/graphql" and r.is_write]) == 1
    assert pull_of(sim, pr)["draft"] is False


def test_one_unreadable_pr_does_not_stop_the_others(sim, pr, tmp_path, gh):
    repo = gh.get_repo(REPO)
    sim.commit_files(REPO, "autoheal/9-other", {"g.py": "1\n"}, "fix", author="github-actions[bot]")
    other = sim.github(ACTIONS_TOKEN).get_repo(REPO).create_pull(
        title="autoheal: other", head="autoheal/9-other", base="main", draft=True, body="Fixes #5\n<!-- autoheal:issue=5 -->")
    repo.create_issue("filler 3"), repo.create_issue("filler 4"), repo.create_issue("the linked issue")
    sim.faults.add("5xx", method="GET", path=r"/issues/5$", times=20)
    result = monitor(sim, tmp_path)
    assert result.exit_code == 1
    states = {s["number"]: s for s in json.loads(result.outputs["states"])}
    assert states[other.number]["state"] == "error"
    assert states[other.number]["error"].startswith("read issue #5: GitHub answered 5")
    assert states[pr]["state"] == "ci_pending"
    assert any(line.startswith("::error") and f"#{other.number}" in line for line in result.annotations)


def test_many_rounds_keep_the_record_small(sim, pr, tmp_path):
    config = "copilot:\n  allow_comment_fallback: true\nmonitor:\n  max_fix_rounds: 6\n"
    for i in range(5):
        sha = sim.copilot_commit(REPO, BRANCH, "app.py", f"x = {i}\n", f"attempt {i}")
        sim.add_check_run(REPO, sha, "test", conclusion="failure")
        assert only_state(monitor(sim, tmp_path, config=config))["fix_rounds"] == i + 1
    rounds = decode_record(status_comments(sim, pr)[0]["body"], "monitor")["rounds"]
    assert [r["round"] for r in rounds] == [1, 2, 3, 4, 5]
    assert ["note" in r for r in rounds] == [False, False, True, True, True]
    assert len([c for c in sim.comments(REPO, pr) if c["body"].startswith("@copilot ")]) == 5


def test_expired_logs_still_hand_back_with_the_failing_checks(sim, pr, tmp_path):
    run_id = sim.add_run(REPO, workflow="CI", branch=BRANCH, head_sha=head_sha(sim, pr), event="pull_request",
                         jobs=[{"name": "test", "conclusion": "failure", "log": FAILING_LOG}])
    sim.expire_logs(run_id)
    monitor(sim, tmp_path, config="copilot:\n  allow_comment_fallback: true\n")
    ask = next(c for c in sim.comments(REPO, pr) if c["body"].startswith("@copilot "))
    assert "Failing checks: test" in ask["body"]
    rounds = decode_record(status_comments(sim, pr)[0]["body"], "monitor")["rounds"]
    assert "410 Gone" in rounds[0]["note"] and rounds[0]["category"] == "unknown"


def test_a_comment_on_autoheals_issue_monitors_its_pr(sim, pr, tmp_path, gh):
    repo = gh.get_repo(REPO)
    sim.commit_files(REPO, "autoheal/9-other", {"g.py": "1\n"}, "fix", author="github-actions[bot]")
    repo.create_pull(title="autoheal: other", head="autoheal/9-other", base="main", body="<!-- autoheal:issue=9 -->")
    unrelated = repo.create_issue("unrelated").number
    result = invoke("pr-monitor", {}, api_url=sim.base_url, token=ACTIONS_TOKEN, repo=REPO, workspace=tmp_path,
                    event={"action": "created", "issue": {"number": 1}, "comment": {"body": "any news?"}},
                    event_name="issue_comment")
    assert only_state(result)["number"] == pr
    assert only_state(monitor(sim, tmp_path, **{"pr-number": 1}))["number"] == pr
    quiet = invoke("pr-monitor", {}, api_url=sim.base_url, token=ACTIONS_TOKEN, repo=REPO, workspace=tmp_path,
                   event={"action": "created", "issue": {"number": unrelated}}, event_name="issue_comment")
    assert json.loads(quiet.outputs["states"]) == []


def test_hand_back_analyzes_the_primary_failed_job_of_a_matrix(sim, pr, tmp_path):
    cancelled = ("2026-01-05T12:00:01.0000000Z ##[group]Run pytest\n2026-01-05T12:00:02.0000000Z ##[endgroup]\n"
                 "2026-01-05T12:00:09.0000000Z ##[error]The operation was canceled.\n")
    sim.add_run(REPO, workflow="CI", branch=BRANCH, head_sha=head_sha(sim, pr), event="pull_request", jobs=[
        {"name": "test (3.11)", "conclusion": "cancelled", "log": cancelled},
        {"name": "test (3.12)", "conclusion": "failure", "log": FAILING_LOG}])
    monitor(sim, tmp_path, config="copilot:\n  allow_comment_fallback: true\n")
    rounds = decode_record(status_comments(sim, pr)[0]["body"], "monitor")["rounds"]
    assert rounds[0]["category"] == "missing_dependency"
    assert "analyzed 2 failed job(s)" in rounds[0]["note"] and "test (3.12)" in rounds[0]["note"]
    ask = next(c for c in sim.comments(REPO, pr) if c["body"].startswith("@copilot "))
    assert "No module named 'yaml'" in ask["body"]


def test_marking_ready_needs_contents_write_and_the_refusal_names_it(sim, pr, tmp_path):
    """GitHub refuses markPullRequestReadyForReview to a GITHUB_TOKEN without `contents: write`, as an HTTP
    200 GraphQL FORBIDDEN (cli/cli#8910): the template grants it; with the old `contents: read` the stage
    says which permission to add."""
    assert job_permissions("pr-monitor.yml", "monitor")["contents"] == "write"
    weaker = {**job_permissions("pr-monitor.yml", "monitor"), "contents": "read"}
    sim.add_token("ghs_weaker", login="github-actions[bot]", kind="github_token", permissions=weaker)
    sim.copilot_review(REPO, pr, "Looks fine.")
    sim.add_check_run(REPO, head_sha(sim, pr), "test", conclusion="success")
    result = monitor(sim, tmp_path, token="ghs_weaker")
    out = result.stdout + result.stderr
    assert "FORBIDDEN (markPullRequestReadyForReview)" in out and "contents: write" in out, out
    assert pull_of(sim, pr)["draft"] is True
    assert only_state(monitor(sim, tmp_path))["state"] == "ready_for_review"  # the template's own token
    assert pull_of(sim, pr)["draft"] is False


def test_a_draft_stand_in_loses_its_label_where_a_draft_would_be_marked_ready(sim, pr, tmp_path):
    """Where GitHub refuses drafts, draft-pr labels a regular PR autoheal-draft; pr-monitor removes the label
    at the moment it would mark a draft ready, once."""
    sim.github().get_repo(REPO).get_pull(pr).mark_ready_for_review()
    sim.github().get_repo(REPO).get_issue(pr).add_to_labels("autoheal-draft")
    sim.copilot_review(REPO, pr, "Looks fine.")
    sim.add_check_run(REPO, head_sha(sim, pr), "test", conclusion="success")
    state = only_state(monitor(sim, tmp_path))
    assert state["state"] == "ready_for_review"
    assert "autoheal-draft" not in labels_of(sim, pr) and "ready-for-review" in labels_of(sim, pr)
    start = len(sim.requests)
    monitor(sim, tmp_path)
    assert writes_since(sim, start) == []
