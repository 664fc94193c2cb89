"""Each built stage's container, run as the runner runs it, against the simulator on the host.

For every scenario the same stage first runs in-process (`autoheal.invoke`) on a freshly seeded
simulator, then in the container on an identically seeded one: exit code, outputs and the exact
sequence of API requests must match, so no behaviour depends on where the code runs. Then the
container run itself is checked: outputs in GITHUB_OUTPUT, the step summary, the token masked
first and never printed, the objects it created, and that a second run writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import pytest

from autoheal.invoke import invoke
from autoheal.stages import load_spec

pytestmark = pytest.mark.container

TOKEN = "ghs_containerStageToken00000000000000001"
BOT = "github-actions[bot]"
REPO = "octo/app"
WRITE_METHODS = {"POST", "PATCH", "PUT", "DELETE"}

AUTOHEAL_YML = """\
name: autoheal
on:
  workflow_run:
    workflows:
      - CI
    types: [completed]
permissions: {}
jobs:
  heal:
    runs-on: ubuntu-latest
    steps:
      - uses: acme/autoheal/actions/analyze-failure@v1
"""
STEP = "jobs: {t: {runs-on: x, steps: [{run: 'true'}]}}\n"
WORKFLOWS = {
    ".github/workflows/autoheal.yml": AUTOHEAL_YML,
    ".github/workflows/ci.yml": "name: CI\non: [push]\n" + STEP,
    ".github/workflows/lint.yml": "name: Lint\non: [pull_request]\n" + STEP,
}


def seed_repo(sim, files=None):
    sim.create_repo(REPO, files={"README.md": "hi\n", **(files or {})})
    sim.add_token(TOKEN, login=BOT, kind="github_token")


def seed_stale_draft(sim):
    """An autoheal draft PR left alone for 8 days (past days-before-stale)."""
    seed_repo(sim)
    gh = sim.github()
    try:
        repo = gh.get_repo(REPO)
        repo.create_git_ref("refs/heads/autoheal/1-fix", repo.get_branch("main").commit.sha)
        repo.create_file("fix.txt", "autoheal fix", "x\n", branch="autoheal/1-fix")
        repo.create_pull(title="autoheal: fix", body="<!-- autoheal:issue=1 -->", head="autoheal/1-fix",
                         base="main", draft=True)
    finally:
        gh.close()
    sim.clock.advance(days=8)


def seed_failed_run(sim):
    if not hasattr(sim, "add_run"):
        pytest.skip("the simulator cannot seed workflow runs yet (no sim.add_run)")
    seed_repo(sim, WORKFLOWS)
    return sim.add_run(REPO, workflow="CI", conclusion="failure", jobs=[{
        "name": "test", "conclusion": "failure",
        "steps": [{"name": "Run pytest", "conclusion": "failure"}],
        "log": "2026-01-05T12:00:01.0000000Z E   ModuleNotFoundError: No module named 'requests'\n"
               "2026-01-05T12:00:01.5000000Z ##[error]Process completed with exit code 1.\n",
    }])


@dataclass
class Scenario:
    stage: str | None  # None = the root action (`heal`)
    seed: Callable  # seed(sim) -> run id or None
    inputs: dict
    event_name: str = "workflow_dispatch"

    @property
    def command(self) -> str:
        return self.stage or "heal"

    def event(self, run_id):
        if run_id is None:
            return {}
        return {"workflow_run": {"id": run_id, "conclusion": "failure", "name": "CI"}}


SCENARIOS = {
    "stale-cleanup": Scenario("stale-cleanup", seed_stale_draft, {}),
    "sync-workflows": Scenario("sync-workflows", lambda sim: seed_repo(sim, WORKFLOWS), {}),
    "heal": Scenario(None, seed_failed_run, {}, event_name="workflow_run"),
}


def api_calls(sim, since: int) -> list[tuple[str, str, int]]:
    return [(r.method, r.path, r.status) for r in sim.requests[since:]]


def writes(calls):
    return [c for c in calls if c[0] in WRITE_METHODS]


def run_in_container(action_runner, sim, scenario: Scenario, run_id):
    before = len(sim.requests)
    run = action_runner.run(scenario.stage, scenario.inputs, token=TOKEN, api_url=sim.base_url,
                            repository=REPO, event_name=scenario.event_name, event=scenario.event(run_id),
                            run_id="4242")
    return run, api_calls(sim, before)


@pytest.fixture(params=sorted(SCENARIOS), ids=str)
def scenario(request):
    return SCENARIOS[request.param]


def test_container_behaves_like_the_host(action_runner, sim, scenario, tmp_path):
    run_id = scenario.seed(sim)
    before = len(sim.requests)
    host = invoke(scenario.command, scenario.inputs, api_url=sim.base_url, token=TOKEN, repo=REPO,
                  workspace=tmp_path, event=scenario.event(run_id), event_name=scenario.event_name)
    host_calls = api_calls(sim, before)

    sim.reset()
    assert scenario.seed(sim) == run_id
    run, calls = run_in_container(action_runner, sim, scenario, run_id)

    assert run.exit_code == host.exit_code, run.stdout + run.stderr
    assert run.outputs == host.outputs
    assert calls == host_calls


def test_container_run_reports_and_is_idempotent(action_runner, sim, scenario):
    spec = load_spec(scenario.command)
    run_id = scenario.seed(sim)
    first, calls = run_in_container(action_runner, sim, scenario, run_id)

    lines = first.stdout.splitlines()
    assert lines[0] == f"::add-mask::{TOKEN}", "the token must be masked before anything else"
    assert TOKEN not in "\n".join(lines[1:]) + first.stderr
    assert calls, "the container never reached the simulator"
    assert {r.login for r in sim.requests[-len(calls):]} == {BOT}, "requests must carry the action's token"

    if scenario.command == "heal" and load_spec("analyze-failure").run is None:
        # The chain is built, its first stage is not: it must say so, not pretend.
        assert first.exit_code == 2, first.stdout + first.stderr
        assert any("not implemented yet" in e.message for e in first.annotations("error"))
        return
    assert first.exit_code == 0, first.stdout + first.stderr
    assert set(first.outputs) == {o.name for o in spec.outputs}, "every declared output is written"
    assert first.summary.strip(), "no step summary written"
    assert writes(calls), "the first run should change something in this scenario"

    second, again = run_in_container(action_runner, sim, scenario, run_id)
    assert second.exit_code == 0, second.stdout + second.stderr
    assert not writes(again), f"a second run must write nothing, wrote {writes(again)}"


def test_stale_cleanup_container_marks_the_draft(action_runner, sim):
    scenario = SCENARIOS["stale-cleanup"]
    run, _ = run_in_container(action_runner, sim, scenario, scenario.seed(sim))
    assert run.exit_code == 0, run.stdout + run.stderr
    assert run.outputs["warned"] == "1"
    (pr,) = sim.pulls(REPO)
    assert "stale" in [label["name"] for label in pr["labels"]]
    (comment,) = sim.comments(REPO, pr["number"])
    assert comment["user"]["login"] == BOT


def test_sync_workflows_container_opens_one_pr(action_runner, sim):
    scenario = SCENARIOS["sync-workflows"]
    run, _ = run_in_container(action_runner, sim, scenario, scenario.seed(sim))
    assert run.exit_code == 0, run.stdout + run.stderr
    assert run.outputs["changed"] == "true"
    (pr,) = sim.pulls(REPO)
    assert str(pr["number"]) == run.outputs["pr-number"]
    watched = sim.file(REPO, ".github/workflows/autoheal.yml", ref=pr["head"]["ref"])
    assert "- Lint" in watched


def test_sync_workflows_check_mode_fails_with_a_warning_when_out_of_sync(action_runner, sim):
    seed_repo(sim, WORKFLOWS)
    run = action_runner.run("sync-workflows", {"mode": "check"}, token=TOKEN, api_url=sim.base_url,
                            repository=REPO)
    assert run.exit_code == 1, run.stdout + run.stderr
    assert any("out of sync" in c.message for c in run.commands if c.name in ("error", "warning"))
    assert sim.pulls(REPO) == []
