"""draft-pr end to end on the simulator, through the real PyGithub over HTTP: failed run -> issue -> draft PR.

The chain is the one the consumer template runs: the analysis of a real job log, open-issue on it, then
draft-pr on the issue. Each scenario checks the PR, the commit it carries, the links both ways, and
that a second run changes nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from autoheal.invoke import invoke
from support.template_tokens import template_token

REPO = "octo/app"
ACTIONS_TOKEN = "ghs_actions_token_for_tests"  # the `heal` job's GITHUB_TOKEN (templates/autoheal.yml)
APP_TOKEN = "ghs_app_with_workflows"  # a GitHub App token with Workflows: write, which a GITHUB_TOKEN never has

CI_WORKFLOW = """\
# CI for the app: unit tests on every push.
name: CI
on:
  push:
    branches: [main]
  pull_request:

jobs:
  test:
    runs-on: ubuntu-latest
    timeout-minutes: 30   # raised by hand in 2025 when the suite grew
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - run: pip install -r requirements.txt
      - run: pytest -q
"""

REQUIREMENTS = "# runtime dependencies\nrequests>=2.31  # HTTP client\nclick==8.1.7\n"

# The analyzer gives a job timeout 65/100, below the default issue (70) and PR (80) thresholds, so the
# timeout scenario (and the tests that bring their own config) lower them, as a consumer would.
CONFIG = "min_confidence: 50\npull_requests:\n  min_confidence: 60\n"

FILES = {
    "requirements.txt": REQUIREMENTS,
    "src/app/__init__.py": "",
    "src/app/config.py": "import yaml\n\n\ndef load(path):\n    with open(path) as fh:\n        return yaml.safe_load(fh)\n",
    "tests/test_config.py": "from app.config import load\n\n\ndef test_load():\n    assert load\n",
    ".github/workflows/ci.yml": CI_WORKFLOW,
}

# A real pytest collection error (the traceback was produced by running the code above without PyYAML),
# in GitHub's job-log layout.
MISSING_YAML_LOG = """\
2026-01-05T11:50:01.0000000Z ##[group]Run pip install -r requirements.txt
2026-01-05T11:50:01.1000000Z pip install -r requirements.txt
2026-01-05T11:50:02.0000000Z Successfully installed certifi-2024.8.30 charset-normalizer-3.4.0 click-8.1.7 idna-3.10 requests-2.32.3 urllib3-2.2.3
2026-01-05T11:50:02.1000000Z ##[endgroup]
2026-01-05T11:50:03.0000000Z ##[group]Run pytest -q
2026-01-05T11:50:03.1000000Z pytest -q
2026-01-05T11:50:03.2000000Z shell: /usr/bin/bash -e {0}
2026-01-05T11:50:03.3000000Z ##[endgroup]
2026-01-05T11:50:04.0000000Z ==================================== ERRORS ====================================
2026-01-05T11:50:04.0100000Z __________________ ERROR collecting tests/test_config.py ___________________
2026-01-05T11:50:04.0200000Z ImportError while importing test module '/home/runner/work/app/app/tests/test_config.py'.
2026-01-05T11:50:04.0300000Z Traceback:
2026-01-05T11:50:04.0400000Z tests/test_config.py:1: in <module>
2026-01-05T11:50:04.0500000Z     from app.config import load
2026-01-05T11:50:04.0600000Z src/app/config.py:1: in <module>
2026-01-05T11:50:04.0700000Z     import yaml
2026-01-05T11:50:04.0800000Z E   ModuleNotFoundError: No module named 'yaml'
2026-01-05T11:50:04.0900000Z =========================== short test summary info ============================
2026-01-05T11:50:04.1000000Z ERROR tests/test_config.py
2026-01-05T11:50:04.1100000Z !!!!!!!!!!!!!!!!!!!! Interrupted: 1 error during collection !!!!!!!!!!!!!!!!!!!!
2026-01-05T11:50:04.1200000Z 1 error in 0.12s
2026-01-05T11:50:04.2000000Z ##[error]Process completed with exit code 2.
"""

TIMEOUT_LOG = """\
2026-01-05T11:20:00.0000000Z ##[group]Run pytest -q
2026-01-05T11:20:00.1000000Z pytest -q
2026-01-05T11:20:00.2000000Z shell: /usr/bin/bash -e {0}
2026-01-05T11:20:00.3000000Z ##[endgroup]
2026-01-05T11:20:01.0000000Z ============================= test session starts ==============================
2026-01-05T11:20:01.1000000Z collected 240 items
2026-01-05T11:20:01.2000000Z tests/test_render.py ........................................
2026-01-05T11:50:00.0000000Z ##[error]The job running on runner GitHub Actions 3 has exceeded the maximum execution time of 30 minutes.
2026-01-05T11:50:00.1000000Z ##[error]The operation was canceled.
"""


def no_sleep(_seconds: float) -> None:
    """The gateway's back-off, without waiting (the simulator's faults are deterministic)."""


@pytest.fixture
def repo(sim):
    template_token(sim, "autoheal.yml", "heal", token=ACTIONS_TOKEN)  # analyze-failure -> open-issue -> draft-pr
    sim.create_repo(REPO, files=FILES)
    return sim


def failed_run(sim, log: str, tmp_path: Path, step: str = "Run pytest -q", branch: str = "main") -> Path:
    """A failed run in the simulator, analyzed by the analyze-failure stage as the template runs it."""
    run_id = sim.add_run(REPO, workflow="CI", conclusion="failure", branch=branch,
                         jobs=[{"name": "test", "conclusion": "failure",
                                "steps": [{"name": step, "conclusion": "failure"}], "log": log}])
    result = stage(sim, "analyze-failure", {"run-id": run_id}, tmp_path)
    assert result.outputs["healed"] == "true", result.outputs
    path = tmp_path / result.outputs["analysis-file"]
    analysis = json.loads(path.read_text(encoding="utf-8"))
    assert analysis["run_id"] == run_id and analysis["workflow_path"] == ".github/workflows/ci.yml"
    return path


def stage(sim, command: str, args: dict, tmp_path: Path, **kw):
    token = kw.pop("token", ACTIONS_TOKEN)
    result = invoke(command, args, api_url=sim.base_url, token=token, repo=REPO, workspace=tmp_path,
                    event=kw.pop("event", {}), event_name=kw.pop("event_name", "workflow_run"),
                    gateway_options={"sleep": no_sleep}, **kw)
    assert result.exit_code == 0, result.stdout + result.stderr
    return result


def open_issue(sim, analysis: Path, tmp_path: Path) -> int:
    result = stage(sim, "open-issue", {"analysis-file": analysis.name}, tmp_path)
    assert result.outputs["action"] == "created", result.outputs
    return int(result.outputs["issue-number"])


def draft_pr(sim, tmp_path: Path, issue: int, analysis: Path | None = None, **kw):
    args = {"issue-number": issue}
    if analysis is not None:
        args["analysis-file"] = analysis.name
    args.update(kw.pop("args", {}))
    return stage(sim, "draft-pr", args, tmp_path, **kw)


def opted_in(sim, issue):
    """A maintainer's issue, opted in: its author gets write access and adds the `autoheal:opt-in` label."""
    sim.add_collaborator(REPO, issue.user.login)
    issue.add_to_labels("autoheal:opt-in")
    return issue


def writes_since(sim, start: int) -> list[str]:
    return [f"{r.method} {r.path}" for r in sim.requests[start:] if r.is_write]


def head_commit(sim, branch: str):
    repo = sim.github().get_repo(REPO)
    return repo.get_git_commit(repo.get_git_ref(f"heads/{branch}").object.sha)


# -- the two deterministic fixes ---------------------------------------------------------------------------

def test_missing_module_gives_a_draft_pr_adding_the_distribution_linked_both_ways(repo, tmp_path):
    sim = repo
    analysis = failed_run(sim, MISSING_YAML_LOG, tmp_path)
    issue = open_issue(sim, analysis, tmp_path)
    result = draft_pr(sim, tmp_path, issue, analysis)

    out = result.outputs
    assert out["action"] == "created" and out["fix-kind"] == "dependency"
    number = int(out["pr-number"])
    pr = next(p for p in sim.pulls(REPO) if p["number"] == number)
    assert pr["draft"] is True and pr["state"] == "open"
    assert pr["head"]["ref"] == out["branch"] and out["branch"].startswith(f"autoheal/{issue}-")
    assert pr["base"]["ref"] == "main"
    assert pr["title"].startswith("autoheal: CI / test")
    assert pr["body"].startswith(f"Fixes #{issue}\n")
    assert f"<!-- autoheal:issue={issue} -->" in pr["body"]
    assert out["pr-url"] == pr["html_url"]

    # One commit on main, adding PyYAML and nothing else, byte for byte.
    new = sim.file(REPO, "requirements.txt", ref=out["branch"])
    assert new == REQUIREMENTS + "PyYAML\n" or (new.startswith(REQUIREMENTS) and "PyYAML" in new.splitlines()[-1])
    commit = head_commit(sim, out["branch"])
    main_sha = sim.github().get_repo(REPO).get_git_ref("heads/main").object.sha
    assert [p.sha for p in commit.parents] == [main_sha]
    assert commit.message.startswith("autoheal: add PyYAML to requirements.txt\n")
    assert f"Autoheal-Issue: {issue}" in commit.message
    assert sim.file(REPO, "src/app/config.py", ref=out["branch"]) == FILES["src/app/config.py"]

    # Linked both ways: the PR says Fixes #issue; the issue has one comment naming the PR.
    comments = [c["body"] for c in sim.comments(REPO, issue) if "autoheal:sticky=draft-pr" in c["body"]]
    assert len(comments) == 1 and f"#{number}" in comments[0]
    labels = {lb["name"] for lb in pr["labels"]}
    assert "autoheal" in labels

    # Re-run, in the same job and from the `issues` event: nothing new.
    start = len(sim.requests)
    again = draft_pr(sim, tmp_path, issue, analysis)
    assert again.outputs["action"] == "unchanged" and again.outputs["pr-number"] == str(number)
    assert writes_since(sim, start) == []
    from_event = draft_pr(sim, tmp_path, None, event={"action": "labeled", "issue": {"number": issue}},
                          event_name="issues", args={"issue-number": None})
    assert from_event.outputs["action"] == "unchanged" and from_event.outputs["pr-number"] == str(number)
    assert writes_since(sim, start) == []
    assert len(sim.pulls(REPO)) == 1 and len(sim.branches(REPO)) == 2


def test_job_timeout_gives_a_draft_pr_raising_timeout_minutes(repo, tmp_path):
    sim = repo
    # draft-pr given a token that may change workflow files (an App's, with Workflows: write); the
    # template's GITHUB_TOKEN cannot, see test_a_refused_workflow_commit_becomes_a_task_pr_and_stays_one
    sim.add_token(APP_TOKEN, login="autoheal-app[bot]", kind="installation",
                  permissions={"contents": "write", "issues": "write", "pull_requests": "write", "workflows": "write"})
    # open-issue ran with the job's GITHUB_TOKEN, draft-pr with the App's: the App trusts the job's markers
    # only because the config says so (trusted_identities), see docs/security.md
    sim.commit_files(REPO, "main", {".github/autoheal.yml": CONFIG + "trusted_identities: ['github-actions[bot]']\n"},
                     "autoheal: lower the thresholds")
    analysis = failed_run(sim, TIMEOUT_LOG, tmp_path)
    issue = open_issue(sim, analysis, tmp_path)
    result = draft_pr(sim, tmp_path, issue, analysis, token=APP_TOKEN)
    out = result.outputs
    assert out["action"] == "created" and out["fix-kind"] == "timeout", out
    new = sim.file(REPO, ".github/workflows/ci.yml", ref=out["branch"])
    assert new == CI_WORKFLOW.replace("timeout-minutes: 30 ", "timeout-minutes: 60 ")
    start = len(sim.requests)
    assert draft_pr(sim, tmp_path, issue, analysis, token=APP_TOKEN).outputs["action"] == "unchanged"
    assert writes_since(sim, start) == []


# -- idempotency over time: base moves, people commit -----------------------------------------------------

def dependency_pr(sim, tmp_path):
    analysis = failed_run(sim, MISSING_YAML_LOG, tmp_path)
    issue = open_issue(sim, analysis, tmp_path)
    out = draft_pr(sim, tmp_path, issue, analysis).outputs
    assert out["action"] == "created"
    return analysis, issue, out


def test_base_moved_and_only_autoheals_commit_rebuilds_on_the_new_base(repo, tmp_path):
    sim = repo
    analysis, issue, out = dependency_pr(sim, tmp_path)
    new_main = sim.commit_files(REPO, "main", {"README.md": "# app\n"}, "docs: add a readme", author="alice")
    again = draft_pr(sim, tmp_path, issue, analysis).outputs
    assert again["action"] == "rebuilt" and again["pr-number"] == out["pr-number"]
    commit = head_commit(sim, out["branch"])
    assert [p.sha for p in commit.parents] == [new_main]
    assert sim.file(REPO, "README.md", ref=out["branch"]) == "# app\n"
    assert "PyYAML" in sim.file(REPO, "requirements.txt", ref=out["branch"])
    start = len(sim.requests)
    assert draft_pr(sim, tmp_path, issue, analysis).outputs["action"] == "unchanged"
    assert writes_since(sim, start) == []
    assert len(sim.pulls(REPO)) == 1


def test_a_commit_by_someone_else_means_the_branch_is_never_touched_again(repo, tmp_path):
    sim = repo
    analysis, issue, out = dependency_pr(sim, tmp_path)
    theirs = sim.commit_files(REPO, out["branch"], {"requirements.txt": REQUIREMENTS + "PyYAML>=6.0\n"},
                              "pin PyYAML", author="copilot-swe-agent[bot]")
    sim.commit_files(REPO, "main", {"README.md": "# app\n"}, "docs: add a readme", author="alice")
    start = len(sim.requests)
    again = draft_pr(sim, tmp_path, issue, analysis).outputs
    assert again["action"] == "unchanged" and "leaves it alone" in again["reason"]
    assert writes_since(sim, start) == []
    assert head_commit(sim, out["branch"]).sha == theirs


def test_a_renamed_issue_keeps_its_branch_and_pr(repo, tmp_path, gh):
    sim = repo
    analysis, issue, out = dependency_pr(sim, tmp_path)
    gh.get_repo(REPO).get_issue(issue).edit(title="yaml import broken in CI")
    again = draft_pr(sim, tmp_path, issue, analysis).outputs
    assert again["branch"] == out["branch"] and again["pr-number"] == out["pr-number"]
    assert len(sim.branches(REPO)) == 2 and len(sim.pulls(REPO)) == 1
    # The title is autoheal's own content: the PR follows the issue's new title.
    assert sim.pulls(REPO)[0]["title"] == "autoheal: yaml import broken in CI"


# -- faults: a write that landed but whose response was lost ---------------------------------------------

@pytest.mark.parametrize("suffix", ["/git/refs", "/pulls"], ids=["ref-create", "pr-create"])
def test_lost_response_on_create_makes_no_duplicate(repo, tmp_path, suffix):
    sim = repo
    analysis = failed_run(sim, MISSING_YAML_LOG, tmp_path)
    issue = open_issue(sim, analysis, tmp_path)
    sim.faults.add("lost_response", method="POST", path=suffix + "$")
    result = draft_pr(sim, tmp_path, issue, analysis)
    out = result.outputs
    assert out["action"] == "created"
    assert len(sim.pulls(REPO)) == 1 and sim.pulls(REPO)[0]["number"] == int(out["pr-number"])
    assert sorted(sim.branches(REPO)) == sorted(["main", out["branch"]])
    posts = [r for r in sim.requests if r.method == "POST" and r.path.split("?")[0].endswith(suffix)]
    assert len(posts) == 1  # the lost write was found by `find`, never re-sent
    assert draft_pr(sim, tmp_path, issue, analysis).outputs["action"] == "unchanged"


@pytest.mark.parametrize("suffix", ["/git/blobs", "/git/trees", "/git/commits"])
@pytest.mark.parametrize("kind", ["5xx", "lost_response"])
def test_failures_on_the_git_objects_are_resent_safely(repo, tmp_path, suffix, kind):
    sim = repo
    analysis = failed_run(sim, MISSING_YAML_LOG, tmp_path)
    issue = open_issue(sim, analysis, tmp_path)
    sim.faults.add(kind, method="POST", path=suffix + "$")
    result = draft_pr(sim, tmp_path, issue, analysis)
    assert result.outputs["action"] == "created" and "1 retries" in result.stdout
    posts = [r for r in sim.requests if r.method == "POST" and r.path.split("?")[0].endswith(suffix)]
    assert len(posts) == 2
    assert len(sim.pulls(REPO)) == 1
    assert "PyYAML" in sim.file(REPO, "requirements.txt", ref=result.outputs["branch"])


# -- the other entry point: any issue ---------------------------------------------------------------------

def test_a_plain_issue_gets_a_task_pr_from_its_text_once_a_maintainer_opts_it_in(repo, tmp_path, gh):
    sim = repo
    human = gh.get_repo(REPO).create_issue("Docs build fails on Sphinx 8",
                                           "Running `make docs` fails since the upgrade. @octocat can you look? See #3.")
    before = len(sim.requests)
    opened = draft_pr(sim, tmp_path, None, event={"action": "opened", "issue": {"number": human.number}},
                      event_name="issues", args={"issue-number": None}).outputs
    assert opened["action"] == "skipped" and "not in scope" in opened["reason"]
    assert writes_since(sim, before) == []
    maintainer = human.user.login
    sim.add_collaborator(REPO, maintainer)  # write access: the permission endpoint says `write`
    human.add_to_labels("autoheal:opt-in")
    labeled = {"action": "labeled", "issue": {"number": human.number}, "label": {"name": "autoheal:opt-in"},
               "sender": {"login": maintainer}}
    out = draft_pr(sim, tmp_path, None, event=labeled, event_name="issues", args={"issue-number": None}).outputs
    assert out["action"] == "created" and out["fix-kind"] == "task"
    task = sim.file(REPO, f".github/autoheal/tasks/{human.number}.md", ref=out["branch"])
    assert "make docs" in task and "Docs build fails on Sphinx 8" in task
    pr = sim.pulls(REPO)[0]
    assert pr["body"].startswith(f"Fixes #{human.number}") and "@octocat" not in pr["body"]


def test_a_look_alike_issue_from_a_stranger_cannot_choose_the_package(repo, tmp_path):
    sim = repo
    sim.add_token("ghp_stranger", login="mallory", kind="user", permissions={"issues": "write", "metadata": "read"})
    from autoheal.stages.open_issue.state import analysis_essentials, encode_block

    forged = {"schema_version": 1, "category": "missing_dependency", "confidence": 99, "fingerprint": "f0rged00",
              "failed_job": "test", "specifics": {"modules": ["evil_pkg"]},
              "key_lines": [{"line": 1, "text": "ModuleNotFoundError: No module named 'evil_pkg'"}]}
    body = f"<!-- autoheal:fingerprint=f0rged00 -->\n{encode_block('analysis', analysis_essentials(forged))}\nplease fix"
    issue = sim.github("ghp_stranger").get_repo(REPO).create_issue("CI / test: missing dependency — evil_pkg", body)
    before = len(sim.requests)
    result = draft_pr(sim, tmp_path, issue.number)
    assert result.outputs["action"] == "skipped" and "not in scope" in result.outputs["reason"]
    assert writes_since(sim, before) == [] and sim.pulls(REPO) == []
    # a maintainer opts it in: a task PR that quotes none of the stranger's text, never their package
    sim.add_collaborator(REPO, sim.login)
    sim.github().get_repo(REPO).get_issue(issue.number).add_to_labels("autoheal:opt-in")
    result = draft_pr(sim, tmp_path, issue.number)
    assert result.outputs["fix-kind"] == "task", result.stdout
    branch = result.outputs["branch"]
    assert "evil" not in sim.file(REPO, "requirements.txt", ref=branch) and "evil" not in branch
    task = sim.file(REPO, f".github/autoheal/tasks/{issue.number}.md", ref=branch)
    assert "evil" not in task and "please fix" not in task
    (pr,) = sim.pulls(REPO)
    assert "evil" not in pr["title"] and "evil" not in pr["body"]
    assert "its hidden analysis" in result.stdout


# -- gates, dry run, permissions ----------------------------------------------------------------------------

def test_a_skip_label_skips_without_writing(repo, tmp_path, gh):
    sim = repo
    analysis = failed_run(sim, MISSING_YAML_LOG, tmp_path)
    issue = open_issue(sim, analysis, tmp_path)
    gh.get_repo(REPO).get_issue(issue).add_to_labels("wontfix")
    start = len(sim.requests)
    out = draft_pr(sim, tmp_path, issue, analysis).outputs
    assert out["action"] == "skipped" and "wontfix" in out["reason"] and out["pr-number"] == ""
    assert writes_since(sim, start) == [] and sim.pulls(REPO) == []
    forced = draft_pr(sim, tmp_path, issue, analysis, args={"force": True}).outputs
    assert forced["action"] == "created"


def test_the_hourly_cap_is_counted_from_github(repo, tmp_path, gh):
    sim = repo
    sim.commit_files(REPO, "main", {".github/autoheal.yml": CONFIG + "rate_limits:\n  max_prs_per_hour: 1\n"}, "cap")
    analysis, issue, _out = dependency_pr(sim, tmp_path)
    other = opted_in(sim, gh.get_repo(REPO).create_issue("Flaky docs job", "It fails sometimes."))
    skipped = draft_pr(sim, tmp_path, other.number).outputs
    assert skipped["action"] == "skipped" and "max_prs_per_hour = 1" in skipped["reason"]
    # Updating autoheal's own PR is never capped, and an hour later the cap is free again.
    assert draft_pr(sim, tmp_path, issue, analysis).outputs["action"] == "unchanged"
    sim.clock.advance(minutes=61)
    assert draft_pr(sim, tmp_path, other.number).outputs["action"] == "created"


def test_dry_run_prints_the_plan_and_writes_nothing(repo, tmp_path):
    sim = repo
    analysis = failed_run(sim, MISSING_YAML_LOG, tmp_path)
    issue = open_issue(sim, analysis, tmp_path)
    start = len(sim.requests)
    result = draft_pr(sim, tmp_path, issue, analysis, args={"dry-run": True, "json": True})
    log = result.stdout + result.stderr  # with --json the log lines may go to stderr, the document to stdout
    assert "plan: 4 write(s)" in log and "create_pr" in log
    assert "dry run: a new PR would be created (dependency)" in log
    assert writes_since(sim, start) == [] and sim.pulls(REPO) == []
    doc = json.loads(result.stdout[result.stdout.index("{\n"):])
    assert [w["op"] for w in doc["plan"]] == ["commit", "create_pr", "add_labels", "comment"]
    assert doc["change"]["files"] == ["requirements.txt"] and "+PyYAML" in doc["change"]["diff"]
    assert doc["outputs"]["action"] == "created" and doc["outputs"]["pr-number"] == ""


def test_a_token_without_contents_write_gets_an_error_naming_it(repo, tmp_path):
    sim = repo
    analysis = failed_run(sim, MISSING_YAML_LOG, tmp_path)
    issue = open_issue(sim, analysis, tmp_path)
    sim.add_token("ghs_readonly", permissions={"contents": "read", "issues": "write", "pull_requests": "write",
                                                "metadata": "read", "actions": "read"})
    result = invoke("draft-pr", {"issue-number": issue, "analysis-file": analysis.name}, api_url=sim.base_url,
                    token="ghs_readonly", repo=REPO, workspace=tmp_path, gateway_options={"sleep": no_sleep})
    assert result.exit_code == 1
    assert "contents" in result.stdout and "permissions" in result.stdout
    assert sim.pulls(REPO) == [] and sim.branches(REPO) == ["main"]


def test_hostile_titles_give_valid_branches(repo, tmp_path, gh):
    import subprocess

    sim = repo
    # GitHub caps issue titles at 256 characters; "autoheal: " + title must still fit the PR title limit.
    title = ("..@{evil}~^:?*[\\ ünïcödé 🚀 x.lock " + "y" * 300)[:256]
    issue = opted_in(sim, gh.get_repo(REPO).create_issue(title, "broken"))
    out = draft_pr(sim, tmp_path, issue.number).outputs
    assert out["action"] == "created"
    subprocess.run(["git", "check-ref-format", "--branch", out["branch"]], check=True, capture_output=True)
    assert out["branch"] in sim.branches(REPO)
    assert len(sim.pulls(REPO)[0]["title"]) <= 256


def test_an_autoheal_issue_alone_is_enough_the_issues_event_flow(repo, tmp_path):
    """`issues: labeled` in another workflow: no analysis file, the analysis is read back from the issue."""
    sim = repo
    analysis = failed_run(sim, MISSING_YAML_LOG, tmp_path)
    issue = open_issue(sim, analysis, tmp_path)
    analysis.unlink()
    out = draft_pr(sim, tmp_path, None, event={"action": "labeled", "issue": {"number": issue}},
                   event_name="issues", args={"issue-number": None}).outputs
    assert out["action"] == "created" and out["fix-kind"] == "dependency"
    assert "PyYAML" in sim.file(REPO, "requirements.txt", ref=out["branch"])


def test_two_concurrent_runs_make_one_branch_and_one_pr(repo, tmp_path):
    import threading

    sim = repo
    analysis = failed_run(sim, MISSING_YAML_LOG, tmp_path)
    issue = open_issue(sim, analysis, tmp_path)
    results, barrier = [], threading.Barrier(2)

    def one() -> None:
        barrier.wait()
        results.append(invoke("draft-pr", {"issue-number": issue, "analysis-file": analysis.name},
                              api_url=sim.base_url, token=ACTIONS_TOKEN, repo=REPO, workspace=tmp_path,
                              gateway_options={"sleep": no_sleep}))

    threads = [threading.Thread(target=one) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert len(results) == 2
    assert len(sim.pulls(REPO)) == 1 and len(sim.branches(REPO)) == 2
    numbers = {r.outputs.get("pr-number") for r in results if r.exit_code == 0}
    assert numbers == {str(sim.pulls(REPO)[0]["number"])}
    assert draft_pr(sim, tmp_path, issue, analysis).outputs["action"] == "unchanged"


def test_api_cost_stays_within_the_documented_figures(repo, tmp_path, gh):
    """docs/stages/draft-pr.md, "API cost": a new PR, a re-run and a cheap skip, in requests and writes."""
    sim = repo
    analysis = failed_run(sim, MISSING_YAML_LOG, tmp_path)
    issue = open_issue(sim, analysis, tmp_path)
    created = draft_pr(sim, tmp_path, issue, analysis)
    assert (created.requests, created.writes) <= (24, 7) and created.writes == 7
    rerun = draft_pr(sim, tmp_path, issue, analysis)
    assert rerun.requests <= 16 and rerun.writes == 0
    gh.get_repo(REPO).get_issue(issue).add_to_labels("autoheal:skip")
    skipped = draft_pr(sim, tmp_path, issue, analysis)
    # +1 since the scope check: autoheal's identity is read to know the issue is autoheal's own
    assert skipped.outputs["action"] == "skipped" and skipped.requests <= 4 and skipped.writes == 0
    person = gh.get_repo(REPO).create_issue("Not autoheal's", "someone's")
    out_of_scope = draft_pr(sim, tmp_path, person.number)
    assert "not in scope" in out_of_scope.outputs["reason"]
    assert out_of_scope.requests <= 3 and out_of_scope.writes == 0


# -- links and other people's pull requests --------------------------------------------------------------

def test_the_issue_timeline_shows_the_pr(repo, tmp_path, gh):
    sim = repo
    _analysis, issue, out = dependency_pr(sim, tmp_path)
    events = [e for e in gh.get_repo(REPO).get_issue(issue).get_timeline() if e.event == "cross-referenced"]
    assert [e.source.issue.number for e in events] == [int(out["pr-number"])]


def test_someone_elses_open_pr_for_the_issue_means_no_second_one(repo, tmp_path, gh):
    sim = repo
    analysis = failed_run(sim, MISSING_YAML_LOG, tmp_path)
    issue = open_issue(sim, analysis, tmp_path)
    sim.commit_files(REPO, "fix-yaml", {"requirements.txt": REQUIREMENTS + "pyyaml\n"}, "add pyyaml", author="alice",
                     from_branch="main")
    theirs = gh.get_repo(REPO).create_pull(base="main", head="fix-yaml", title="Add pyyaml", body=f"Fixes #{issue}")
    start = len(sim.requests)
    for force in (False, True):
        out = draft_pr(sim, tmp_path, issue, analysis, args={"force": force}).outputs
        assert out["action"] == "skipped" and f"#{theirs.number}" in out["reason"]
    assert writes_since(sim, start) == [] and len(sim.pulls(REPO)) == 1
    theirs.edit(state="closed")
    gh.get_repo(REPO).create_pull(base="main", head="fix-yaml", title="Unrelated", body=f"While at it, see #{issue}.")
    out = draft_pr(sim, tmp_path, issue, analysis)
    assert out.outputs["action"] == "created" and "mentions the issue without closing it" in out.stdout


def test_a_closed_autoheal_pr_is_respected_unless_forced(repo, tmp_path, gh):
    sim = repo
    analysis, issue, out = dependency_pr(sim, tmp_path)
    gh.get_repo(REPO).get_pull(int(out["pr-number"])).edit(state="closed")
    skipped = draft_pr(sim, tmp_path, issue, analysis).outputs
    assert skipped["action"] == "skipped" and "closed without merging" in skipped["reason"]
    forced = draft_pr(sim, tmp_path, issue, analysis, args={"force": True}).outputs
    assert forced["action"] == "created" and forced["pr-number"] != out["pr-number"]
    assert forced["branch"] == out["branch"] and len(sim.branches(REPO)) == 2


# -- files, templates, labels ----------------------------------------------------------------------------

def test_a_crlf_manifest_keeps_its_line_endings_byte_for_byte(sim, tmp_path):
    template_token(sim, "autoheal.yml", "heal", token=ACTIONS_TOKEN)
    crlf = REQUIREMENTS.replace("\n", "\r\n")
    sim.create_repo(REPO, files={**FILES, "requirements.txt": crlf})
    analysis = failed_run(sim, MISSING_YAML_LOG, tmp_path)
    issue = open_issue(sim, analysis, tmp_path)
    out = draft_pr(sim, tmp_path, issue, analysis).outputs
    repo = sim.github().get_repo(REPO)
    raw = repo.get_contents("requirements.txt", ref=out["branch"]).decoded_content
    assert raw.startswith(crlf.encode()) and raw.endswith(b"\r\n") and b"PyYAML" in raw
    assert b"\n" not in raw.replace(b"\r\n", b"")


def test_the_users_pr_template_and_labels_are_used(repo, tmp_path):
    sim = repo
    template = "Proposed by autoheal for {{ issue.title | oneline }}.\n\n{{ proposal.summary | neutral }}\n"
    sim.commit_files(REPO, "main", {
        ".github/autoheal.yml": CONFIG + "  labels: [autoheal, bot-fix]\n  template: .github/autoheal-pr.md.j2\n",
        ".github/autoheal-pr.md.j2": template,
    }, "autoheal: custom PR body")
    analysis = failed_run(sim, MISSING_YAML_LOG, tmp_path)
    issue = open_issue(sim, analysis, tmp_path)
    out = draft_pr(sim, tmp_path, issue, analysis).outputs
    pr = sim.pulls(REPO)[0]
    assert pr["body"].startswith(f"Fixes #{issue}\n\nProposed by autoheal for CI / test")
    assert "Added PyYAML" in pr["body"] and f"<!-- autoheal:issue={issue} -->" in pr["body"]
    assert {lb["name"] for lb in pr["labels"]} >= {"autoheal", "bot-fix"}
    assert "bot-fix" in sim.labels(REPO)
    assert draft_pr(sim, tmp_path, issue, analysis).outputs["action"] == "unchanged"
    assert out["action"] == "created"


def test_the_root_actions_chain_opens_the_same_pr_once(repo, tmp_path):
    """`heal` (analyze -> issue -> draft PR -> Copilot) for a failed run; a second delivery adds nothing."""
    sim = repo
    run_id = sim.add_run(REPO, workflow="CI", conclusion="failure",
                         jobs=[{"name": "test", "conclusion": "failure",
                                "steps": [{"name": "Run pytest -q", "conclusion": "failure"}], "log": MISSING_YAML_LOG}])
    first = stage(sim, "heal", {"run-id": run_id}, tmp_path)
    assert first.outputs["category"] == "missing_dependency" and first.outputs["pr-number"]
    pr = sim.pulls(REPO)[0]
    assert pr["number"] == int(first.outputs["pr-number"]) and pr["draft"]
    assert "PyYAML" in sim.file(REPO, "requirements.txt", ref=pr["head"]["ref"])
    start = len(sim.requests)
    stage(sim, "heal", {"run-id": run_id}, tmp_path)  # a re-delivered event: the chain stops at open-issue
    assert writes_since(sim, start) == []
    assert len(sim.pulls(REPO)) == 1 and len(sim.issues(REPO)) == 1


# -- GitHub refuses workflow-file commits from tokens without the `workflows` permission ------------------
# The simulator does not model that refusal, so this test makes the ref write fail the way GitHub words it
# (only for commits that touch .github/workflows/); everything else runs against the simulator.

@pytest.mark.parametrize("shape", ["tree", "ref"])
def test_a_refused_workflow_commit_becomes_a_task_pr_and_stays_one(repo, tmp_path, shape):
    """The heal job's GITHUB_TOKEN can never change a workflow file: GitHub refuses the tree (403) or, where
    the tree passes, the ref (422 "Reference update failed"); the timeout fix then becomes a task PR."""
    sim = repo
    if shape == "ref":
        sim.set_repo_option(REPO, workflow_refusal="ref")
    sim.commit_files(REPO, "main", {".github/autoheal.yml": CONFIG}, "autoheal: lower the thresholds")
    analysis = failed_run(sim, TIMEOUT_LOG, tmp_path)
    issue = open_issue(sim, analysis, tmp_path)
    result = draft_pr(sim, tmp_path, issue, analysis)
    out = result.outputs
    assert out["action"] == "created" and out["fix-kind"] == "task"
    refused = [r for r in sim.requests if r.status in (403, 422) and r.path.endswith(("/git/trees", "/git/refs"))]
    assert [(r.status, r.path.rsplit("/", 1)[-1]) for r in refused] == [(403, "trees") if shape == "tree" else (422, "refs")]
    assert sim.file(REPO, ".github/workflows/ci.yml", ref=out["branch"]) == CI_WORKFLOW
    assert sim.file(REPO, f".github/autoheal/tasks/{issue}.md", ref=out["branch"])
    body = sim.pulls(REPO)[0]["body"]
    assert "Proposed change (not committed" in body and "+    timeout-minutes: 60" in body
    assert "workflow" in result.stdout + result.stderr
    assert "Autoheal-Blocked: workflows-permission" in head_commit(sim, out["branch"]).message
    start = len(sim.requests)
    assert draft_pr(sim, tmp_path, issue, analysis).outputs["action"] == "unchanged"
    assert writes_since(sim, start) == []


@pytest.mark.parametrize("status,message,refused", [
    (422, ("refusing to allow a GitHub App to create or update workflow `.github/workflows/x.yml` without "
          "`workflows` permission"), True),
    (403, ("refusing to allow an OAuth App to create or update workflow `.github/workflows/x.yml` without "
          "`workflow` scope"), True),
    (403, "Resource not accessible by integration", False),
    (422, "Reference already exists", False),
    (500, "workflow permission", False),
])
def test_what_counts_as_a_workflows_refusal(status, message, refused):
    from autoheal.errors import GitHubAPIError
    from autoheal.stages.draft_pr.apply import is_workflows_refusal

    assert is_workflows_refusal(GitHubAPIError(f"create branch: {message}", None, status)) is refused


@pytest.mark.parametrize("status,message,touches,refused", [
    (403, "create the fix tree: 403 Resource not accessible by integration — the token needs ...", True, True),
    (403, "create the fix tree: 403 Resource not accessible by integration — the token needs ...", False, False),
    (422, "create branch x: GitHub answered 422 Reference update failed", True, True),
    (422, "create branch x: GitHub answered 422 Reference update failed", False, False),
    (404, "upload: not found (404)", True, True),
    (422, "create branch x: GitHub answered 422 Reference already exists", True, False),
])
def test_unworded_refusals_count_only_when_a_workflow_file_is_touched(status, message, touches, refused):
    """GitHub's unworded shapes (tree 403, ref 422, contents 404) mean "workflows" only for such a change."""
    from autoheal.errors import GitHubAPIError
    from autoheal.stages.draft_pr.apply import is_workflows_refusal

    assert is_workflows_refusal(GitHubAPIError(message, None, status), touches) is refused


# -- inputs and odd targets ----------------------------------------------------------------------------------

def test_the_base_is_the_repositorys_default_branch(sim, tmp_path):
    template_token(sim, "autoheal.yml", "heal", token=ACTIONS_TOKEN)
    sim.create_repo(REPO, default_branch="trunk", files=FILES)
    analysis = failed_run(sim, MISSING_YAML_LOG, tmp_path, branch="trunk")  # runs.branches: the default branch
    issue = open_issue(sim, analysis, tmp_path)
    out = draft_pr(sim, tmp_path, issue, analysis).outputs
    assert sim.pulls(REPO)[0]["base"]["ref"] == "trunk"
    assert "PyYAML" in sim.file(REPO, "requirements.txt", ref=out["branch"])


def test_pull_requests_and_closed_issues_are_skipped(repo, tmp_path, gh):
    sim = repo
    analysis, issue, out = dependency_pr(sim, tmp_path)
    as_pr = draft_pr(sim, tmp_path, int(out["pr-number"])).outputs
    assert as_pr["action"] == "skipped" and "is a pull request" in as_pr["reason"]
    gh.get_repo(REPO).get_issue(issue).edit(state="closed")
    closed = draft_pr(sim, tmp_path, issue, analysis, args={"force": True}).outputs
    assert closed["action"] == "skipped" and "is closed" in closed["reason"]


@pytest.mark.parametrize("args,event,message", [
    ({}, {}, "input 'issue-number': no issue to work on"),
    ({"issue-number": 1, "analysis-file": "missing.json"}, {}, "input 'analysis-file': file not found"),
])
def test_bad_inputs_are_named(repo, tmp_path, args, event, message):
    result = invoke("draft-pr", args, api_url=repo.base_url, token=ACTIONS_TOKEN, repo=REPO, workspace=tmp_path,
                    event=event, event_name="workflow_dispatch")
    assert result.exit_code == 1 and message in result.stdout + result.stderr


def test_a_broken_analysis_file_is_named(repo, tmp_path):
    (tmp_path / "a.json").write_text('{"confidence": 90}', encoding="utf-8")
    result = invoke("draft-pr", {"issue-number": 1, "analysis-file": "a.json"}, api_url=repo.base_url,
                    token=ACTIONS_TOKEN, repo=REPO, workspace=tmp_path)
    assert result.exit_code == 1 and "not an autoheal analysis" in result.stdout + result.stderr


def test_lost_response_on_the_ref_move_of_a_rebuild(repo, tmp_path):
    sim = repo
    analysis, issue, out = dependency_pr(sim, tmp_path)
    new_main = sim.commit_files(REPO, "main", {"README.md": "# app\n"}, "docs: add a readme", author="alice")
    sim.faults.add("lost_response", method="PATCH", path=r"/git/refs/")
    again = draft_pr(sim, tmp_path, issue, analysis).outputs
    assert again["action"] == "rebuilt"
    assert [p.sha for p in head_commit(sim, out["branch"]).parents] == [new_main]
    patches = [r for r in sim.requests if r.method == "PATCH" and "/git/refs/" in r.path]
    assert len(patches) == 1
    assert draft_pr(sim, tmp_path, issue, analysis).outputs["action"] == "unchanged"


# -- drafts refused by the plan ---------------------------------------------------------------------------

def test_refused_draft_becomes_a_labelled_regular_pr_with_githubs_words(repo, tmp_path):
    """Private repositories on plans without drafts answer 422 "Draft pull requests are not supported in
    this repository." (SWE-agent/SWE-agent #179): a regular PR labelled autoheal-draft, GitHub's words shown."""
    sim = repo
    sim.set_repo_option(REPO, drafts="unsupported")
    analysis = failed_run(sim, MISSING_YAML_LOG, tmp_path)
    issue = open_issue(sim, analysis, tmp_path)
    result = draft_pr(sim, tmp_path, issue, analysis)
    out = result.outputs
    assert out["action"] == "created"
    [pull] = sim.pulls(REPO)
    assert pull["draft"] is False and "autoheal-draft" in [label["name"] for label in pull["labels"]]
    assert "Draft pull requests are not supported in this repository." in result.stdout
    assert any(line.startswith("::warning") and "autoheal-draft" in line for line in result.annotations)
    start = len(sim.requests)
    assert draft_pr(sim, tmp_path, issue, analysis).outputs["action"] == "unchanged"
    assert writes_since(sim, start) == []
    assert len(sim.pulls(REPO)) == 1


def test_a_manifest_over_one_megabyte_is_read_as_a_blob(sim, tmp_path):
    """The contents API serves files over 1 MB without content (`encoding: none`, GitHub's description of
    "Get repository content"); draft-pr still reads and fixes such a requirements file."""
    template_token(sim, "autoheal.yml", "heal", token=ACTIONS_TOKEN)
    big = REQUIREMENTS + "".join(f"# pinned note {i:07d}: keep this line for the audit trail\n" for i in range(20000))
    assert len(big.encode()) > 1024 * 1024
    sim.create_repo(REPO, files={**FILES, "requirements.txt": big})
    analysis = failed_run(sim, MISSING_YAML_LOG, tmp_path)
    issue = open_issue(sim, analysis, tmp_path)
    out = draft_pr(sim, tmp_path, issue, analysis).outputs
    assert out["action"] == "created" and out["fix-kind"] == "dependency", out
    fixed = sim.file(REPO, "requirements.txt", ref=out["branch"])
    assert "PyYAML" in fixed and fixed.startswith(REQUIREMENTS[:20]) and len(fixed) > len(big)
