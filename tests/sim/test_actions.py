"""Actions: workflows, runs and their filters, attempts, jobs, logs, check runs, statuses, scenarios."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
import requests
from github import GithubException

DATA = Path(__file__).parent / "data"
CI = "name: CI\non: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps: [{run: pytest}]\n"


@pytest.fixture
def repo(sim, gh):
    sim.create_repo("octo/app", files={".github/workflows/ci.yml": CI, ".github/workflows/nightly.yml": "on: schedule\n"})
    return gh.get_repo("octo/app")


def auth(sim):
    return {"Authorization": f"token {sim.token}"}


def test_workflows_come_from_repo_files(sim, repo):
    found = {w.path: w.name for w in repo.get_workflows()}
    assert found == {".github/workflows/ci.yml": "CI", ".github/workflows/nightly.yml": ".github/workflows/nightly.yml"}
    ci = repo.get_workflow("ci.yml")
    assert ci.name == "CI" and ci.state == "active"
    assert repo.get_workflow(ci.id).path == ".github/workflows/ci.yml"
    sim.commit_files("octo/app", "main", {".github/workflows/deploy.yml": "name: Deploy\non: push\n"}, "add deploy")
    assert "Deploy" in [w.name for w in repo.get_workflows()]


def test_add_run_is_visible_through_pygithub(sim, repo):
    run_id = sim.add_run(
        "octo/app",
        workflow="CI",
        conclusion="failure",
        jobs=[{"name": "test", "conclusion": "failure", "steps": [{"name": "Set up job", "conclusion": "success"}, {"name": "Run pytest", "conclusion": "failure"}], "log": "boom\n"}],
    )
    run = repo.get_workflow_run(run_id)
    assert (run.name, run.conclusion, run.status, run.event, run.head_branch) == ("CI", "failure", "completed", "push", "main")
    assert run.head_sha == repo.get_branch("main").commit.sha
    assert run.workflow_id == repo.get_workflow("ci.yml").id
    assert run.run_attempt == 1 and run.run_number == 1
    assert run.created_at.isoformat() == "2026-01-05T12:00:00+00:00"
    [job] = run.jobs()
    assert job.name == "test" and job.conclusion == "failure"
    assert [(s.number, s.name, s.conclusion) for s in job.steps] == [(1, "Set up job", "success"), (2, "Run pytest", "failure")]


def test_run_filters(sim, repo):
    a = sim.add_run("octo/app", workflow="CI", conclusion="failure", created_at="2026-01-01T10:00:00Z")
    b = sim.add_run("octo/app", workflow="CI", branch="dev", conclusion="success", event="pull_request", created_at="2026-01-02T10:00:00Z", head_sha="a" * 40)
    c = sim.add_run("octo/app", workflow="nightly.yml", conclusion="cancelled", event="schedule", created_at="2026-01-03T10:00:00Z")
    d = sim.add_run("octo/app", workflow="CI", status="in_progress", conclusion=None, created_at="2026-01-04T10:00:00Z")

    def ids(**kw):
        return [r.id for r in repo.get_workflow_runs(**kw)]

    assert ids() == [d, c, b, a]  # newest first
    assert ids(branch="dev") == [b]
    assert ids(event="schedule") == [c]
    assert ids(status="failure") == [a]
    assert ids(status="in_progress") == [d]
    assert ids(status="completed") == [c, b, a]
    assert ids(head_sha="a" * 40) == [b]
    assert ids(created=">=2026-01-03") == [d, c]
    assert ids(created="2026-01-01..2026-01-02") == [b, a]
    assert ids(created="<2026-01-02") == [a]
    assert ids(created="2026-01-03") == [c]
    assert [r.id for r in repo.get_workflow("ci.yml").get_runs()] == [d, b, a]
    assert [r.id for r in repo.get_workflow("ci.yml").get_runs(branch="main", status="failure")] == [a]


def test_runs_pagination_total_count(sim, repo):
    sim.add_runs("octo/app", [{"conclusion": "success"} for _ in range(250)])
    r = requests.get(f"{sim.base_url}/repos/octo/app/actions/runs?per_page=100&page=3", headers=auth(sim))
    body = r.json()
    assert body["total_count"] == 250 and len(body["workflow_runs"]) == 50
    assert 'rel="prev"' in r.headers["Link"]
    assert repo.get_workflow_runs().totalCount == 250


def test_run_attempts_and_rerun(sim, repo):
    run_id = sim.add_run("octo/app", conclusion="failure", run_attempt=2)
    run = repo.get_workflow_run(run_id)
    assert run.run_attempt == 2 and run.previous_attempt_url.endswith("/attempts/1")
    first = run.get_attempt(1)
    assert first.run_attempt == 1 and first.conclusion == "failure"
    assert run.rerun() is True
    rerun = repo.get_workflow_run(run_id)
    assert (rerun.run_attempt, rerun.status, rerun.conclusion) == (3, "queued", None)
    with pytest.raises(GithubException):
        repo.get_workflow_run(run_id).get_attempt(4).conclusion  # noqa: B018 - lazy fetch raises
    sim.clock.advance(minutes=5)
    sim.finish_run(run_id, "success")
    done = repo.get_workflow_run(run_id)
    assert (done.run_attempt, done.conclusion) == (3, "success")
    assert len(list(done.jobs("all"))) == 3 and len(list(done.jobs("latest"))) == 1
    assert [r.id for r in repo.get_workflow_runs(status="success")] == [run_id]


def test_explicit_attempt_history(sim, repo):
    run_id = sim.add_run(
        "octo/app",
        conclusion="success",
        attempts=[{"conclusion": "failure"}, {"conclusion": "success"}],
    )
    run = repo.get_workflow_run(run_id)
    assert run.run_attempt == 2 and run.conclusion == "success"
    assert run.get_attempt(1).conclusion == "failure"


def test_job_logs_redirect_to_expiring_blob(sim, repo):
    log = "2026-01-05T11:00:06.2000000Z ##[error]Process completed with exit code 1.\n"
    run_id = sim.add_run("octo/app", jobs=[{"name": "test", "conclusion": "failure", "log": log}])
    job = repo.get_workflow_run(run_id).jobs()[0]
    location = job.logs_url()
    # the log lives on another host (port), like GitHub's signed-log host (PyGithub ReplayData
    # WorkflowJob.testAttributes: Location on pipelines.actions.githubusercontent.com)
    assert sim.blob_base_url != sim.base_url
    assert location.startswith(f"{sim.blob_base_url}/_sim/blobs/")
    raw = requests.get(f"{sim.base_url}/repos/octo/app/actions/jobs/{job.id}/logs", headers=auth(sim), allow_redirects=False)
    assert raw.status_code == 302 and raw.headers["Content-Length"] == "0"
    fetched = requests.get(location)  # no Authorization: signed URLs need none
    # real job logs often start with a UTF-8 BOM (makoni/actioneer-gtk PR #13)
    assert fetched.status_code == 200 and fetched.content == "\ufeff".encode() + log.encode()
    sim.clock.advance(minutes=2)
    assert requests.get(location).status_code == 403


def test_generated_job_log_has_github_format(sim, repo):
    run_id = sim.add_run("octo/app", jobs=[{"name": "build", "conclusion": "failure"}])
    job = repo.get_workflow_run(run_id).jobs()[0]
    text = requests.get(job.logs_url()).content.decode("utf-8-sig")
    lines = text.splitlines()
    assert all(len(line) > 29 and line[28] == " " and line[27] == "Z" for line in lines)
    assert "##[group]Run build" in text and "##[error]Process completed with exit code 1." in text


def test_run_logs_zip_layout(sim, repo):
    run_id = sim.add_run(
        "octo/app",
        jobs=[
            {"name": "test", "conclusion": "failure", "steps": [{"name": "Set up job", "conclusion": "success"}, {"name": "Run pytest", "conclusion": "failure", "log": "E boom\n"}]},
            {"name": "lint", "conclusion": "success", "log": "all good\n"},
        ],
    )
    r = requests.get(f"{sim.base_url}/repos/octo/app/actions/runs/{run_id}/logs", headers=auth(sim), allow_redirects=False)
    assert r.status_code == 302
    archive = zipfile.ZipFile(io.BytesIO(requests.get(r.headers["Location"]).content))
    names = sorted(archive.namelist())
    assert names == ["0_test.txt", "1_lint.txt", "lint/system.txt", "test/1_Set up job.txt", "test/2_Run pytest.txt"]
    assert archive.read("test/2_Run pytest.txt") == b"E boom\n"
    assert b"E boom" in archive.read("0_test.txt")
    assert archive.read("1_lint.txt") == "\ufeffall good\n".encode()  # per-job files carry the BOM too


def test_expired_logs_are_410(sim, repo):
    run_id = sim.add_run("octo/app")
    job_id = sim.jobs(run_id)[0]["id"]
    sim.expire_logs(run_id)
    for url in (f"actions/jobs/{job_id}/logs", f"actions/runs/{run_id}/logs"):
        r = requests.get(f"{sim.base_url}/repos/octo/app/{url}", headers=auth(sim), allow_redirects=False)
        assert r.status_code == 410
    with pytest.raises(GithubException) as err:
        repo.get_workflow_run(run_id).jobs()[0].logs_url()
    assert err.value.status == 410


def test_logs_expire_after_retention(sim, repo):
    run_id = sim.add_run("octo/app")
    sim.clock.advance(days=91)
    r = requests.get(f"{sim.base_url}/repos/octo/app/actions/runs/{run_id}/logs", headers=auth(sim), allow_redirects=False)
    assert r.status_code == 410


def test_check_runs_include_actions_jobs_and_explicit_checks(sim, repo):
    sha = repo.get_branch("main").commit.sha
    sim.add_run("octo/app", jobs=[{"name": "test", "conclusion": "failure"}])
    sim.add_check_run("octo/app", sha, "external-ci", conclusion="success")
    checks = {c.name: c.conclusion for c in repo.get_commit(sha).get_check_runs()}
    assert checks == {"test": "failure", "external-ci": "success"}
    assert [c.name for c in repo.get_commit(sha).get_check_runs(check_name="test")] == ["test"]


def test_combined_status(sim, repo):
    sha = repo.get_branch("main").commit.sha
    combined = repo.get_commit(sha).get_combined_status()
    assert combined.state == "pending" and combined.total_count == 0
    sim.add_status("octo/app", sha, "success", "ci/a")
    sim.add_status("octo/app", sha, "failure", "ci/b")
    sim.add_status("octo/app", sha, "success", "ci/b")  # latest per context wins
    combined = repo.get_commit(sha).get_combined_status()
    assert combined.state == "success" and sorted(s.context for s in combined.statuses) == ["ci/a", "ci/b"]
    repo.get_commit(sha).create_status("failure", context="ci/c")
    assert repo.get_commit("main").get_combined_status().state == "failure"


def test_failing_check_makes_pr_unstable(sim, repo):
    sim.commit_files("octo/app", "fix", {"x.txt": "x"}, "fix", from_branch="main")
    pr = repo.create_pull(title="t", body="", head="fix", base="main")
    sim.add_run("octo/app", branch="fix", head_sha=pr.head.sha, conclusion="failure")
    assert repo.get_pull(pr.number).mergeable_state == "unstable"
    [run] = repo.get_workflow_runs(branch="fix")
    assert [p.number for p in run.pull_requests] == [pr.number]


def test_actions_permission_needed_on_private_repo(sim):
    sim.create_repo("octo/private", private=True)
    run_id = sim.add_run("octo/private")
    sim.add_token("ghs_noactions", permissions={"contents": "read"})
    r = requests.get(f"{sim.base_url}/repos/octo/private/actions/runs/{run_id}", headers={"Authorization": "token ghs_noactions"})
    assert r.status_code == 403 and r.headers["X-Accepted-GitHub-Permissions"] == "actions=read"


def test_scenario_file_loads_repos_runs_logs_issues(sim, gh):
    sim.load_scenario(DATA / "scenario.yml")
    repo = gh.get_repo("octo/app")
    assert {w.name for w in repo.get_workflows()} == {"CI", ".github/workflows/lint.yaml"}
    run = repo.get_workflow_run(1001)
    assert run.conclusion == "failure" and run.created_at.isoformat() == "2026-01-05T11:00:00+00:00"
    job = run.jobs()[0]
    assert [s.name for s in job.steps] == ["Set up job", "Run pytest"]
    assert "ModuleNotFoundError: No module named 'yaml'" in requests.get(job.logs_url()).text
    assert repo.get_workflow_run(1002).name == ".github/workflows/lint.yaml"
    [issue] = sim.issues("octo/app")
    assert issue["state"] == "closed" and [lbl["name"] for lbl in issue["labels"]] == ["autoheal"]
    reader = sim.github("ghs_reader").get_repo("octo/app")
    assert reader.get_workflow_run(1001).id == 1001


def test_scenario_errors_name_the_place(sim, tmp_path):
    from autoheal.sim.scenario import ScenarioError

    with pytest.raises(ScenarioError, match=r"repos\[0\]\.runs\[0\]"):
        sim.load_scenario({"repos": [{"name": "o/r", "runs": [{"conclusion": "exploded"}]}]})
    with pytest.raises(ScenarioError, match="log_file"):
        sim.load_scenario({"repos": [{"name": "o/s", "runs": [{"jobs": [{"name": "j", "log_file": "nope.log"}]}]}]})
    bad = tmp_path / "bad.yml"
    bad.write_text("repos: [unclosed\n")
    with pytest.raises(ScenarioError, match="not valid YAML"):
        sim.load_scenario(bad)


def test_seeding_10k_runs_is_fast_and_pages_quickly(sim):
    import time

    sim.create_repo("octo/big", files={".github/workflows/ci.yml": CI})
    started = time.perf_counter()
    sim.add_runs("octo/big", [{"conclusion": "success" if i % 4 else "failure"} for i in range(10_000)])
    seeded = time.perf_counter() - started
    with requests.Session() as session:
        started = time.perf_counter()
        r = session.get(f"{sim.base_url}/repos/octo/big/actions/runs?per_page=100&page=50", headers=auth(sim))
        first_page = time.perf_counter() - started
    assert r.json()["total_count"] == 10_000 and len(r.json()["workflow_runs"]) == 100
    assert seeded < 3 and first_page < 1, (seeded, first_page)  # generous bounds: CI machines are shared


def test_explicit_empty_jobs_means_a_run_without_jobs(sim, repo):
    run_id = sim.add_run("octo/app", conclusion="startup_failure", jobs=[])
    assert list(repo.get_workflow_run(run_id).jobs()) == []
    default = sim.add_run("octo/app")
    assert [j.name for j in repo.get_workflow_run(default).jobs()] == ["build"]
