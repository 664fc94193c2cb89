"""Each stage's container, run as the runner runs it, against the simulator on the host.

For every scenario the same stage first runs in-process (`autoheal.invoke`) on a freshly seeded
simulator, then in the container on an identically seeded one: exit code, outputs and the exact
sequence of API requests must match, so no behaviour depends on where the code runs. Then the
container run itself is checked: outputs in GITHUB_OUTPUT, the step summary, the token masked
first and never printed, the requests carrying the action's token, and a second run writing nothing.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest

from autoheal.invoke import invoke
from autoheal.stages import STAGES, load_spec

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
    "requirements.txt": "click==8.1.7\n",
}
FAILED_LOG = ("2026-01-05T12:00:01.0000000Z E   ModuleNotFoundError: No module named 'requests'\n"
              "2026-01-05T12:00:01.5000000Z ##[error]Process completed with exit code 1.\n")
ANALYSIS = "autoheal-analysis.json"


@dataclass
class Seeded:
    """What a scenario's seed leaves behind for the stage under test."""

    run_id: int | None = None
    inputs: dict = field(default_factory=dict)
    workspace_files: dict = field(default_factory=dict)

    @property
    def event(self) -> dict:
        if self.run_id is None:
            return {}
        return {"workflow_run": {"id": self.run_id, "conclusion": "failure", "name": "CI", "head_branch": "main"}}


def seed_repo(sim, files=None) -> Seeded:
    sim.create_repo(REPO, files={"README.md": "hi\n", **(files or {})})
    sim.add_token(TOKEN, login=BOT, kind="github_token")
    return Seeded()


def seed_failed_run(sim) -> Seeded:
    seed_repo(sim, WORKFLOWS)
    for _ in range(2):
        sim.add_run(REPO, workflow="CI", conclusion="success", jobs=[{
            "name": "test", "conclusion": "success", "steps": [{"name": "Run pytest", "conclusion": "success"}],
            "log": "2026-01-05T11:00:00.0000000Z ok\n"}])
    run_id = sim.add_run(REPO, workflow="CI", conclusion="failure", jobs=[{
        "name": "test", "conclusion": "failure", "steps": [{"name": "Run pytest", "conclusion": "failure"}],
        "log": FAILED_LOG}])
    return Seeded(run_id=run_id)


def in_process(sim, seeded: Seeded, command: str, args: dict) -> dict:
    """Run an earlier stage of the chain in-process to build the state a later stage starts from."""
    with tempfile.TemporaryDirectory(prefix="autoheal-seed-") as ws:
        for name, text in seeded.workspace_files.items():
            Path(ws, name).write_text(text)
        result = invoke(command, args, api_url=sim.base_url, token=TOKEN, repo=REPO, workspace=Path(ws),
                        event=seeded.event, event_name="workflow_run")
        assert result.exit_code == 0, result.stdout + result.stderr
        if (Path(ws) / ANALYSIS).is_file():
            seeded.workspace_files[ANALYSIS] = (Path(ws) / ANALYSIS).read_text()
    return result.outputs


def seed_analyzed(sim) -> Seeded:
    seeded = seed_failed_run(sim)
    in_process(sim, seeded, "analyze-failure", {})
    seeded.inputs = {"analysis-file": ANALYSIS}
    return seeded


def seed_issue_filed(sim) -> Seeded:
    seeded = seed_analyzed(sim)
    issue = in_process(sim, seeded, "open-issue", {"analysis-file": ANALYSIS})["issue-number"]
    seeded.inputs = {"analysis-file": ANALYSIS, "issue-number": issue}
    return seeded


def seed_draft_opened(sim) -> Seeded:
    seeded = seed_issue_filed(sim)
    pr = in_process(sim, seeded, "draft-pr", seeded.inputs)["pr-number"]
    seeded.inputs = {"pr-number": pr}
    return seeded


def seed_stale_draft(sim) -> Seeded:
    seeded = seed_draft_opened(sim)
    sim.clock.advance(days=8)
    seeded.inputs = {}
    return seeded


@dataclass
class Scenario:
    stage: str | None  # None = the root action (`heal`)
    seed: Callable[..., Seeded]
    writes: bool | None  # whether the first run is expected to write (None: the stage decides)
    event_name: str = "workflow_run"

    @property
    def command(self) -> str:
        return self.stage or "heal"


SCENARIOS = {
    "heal": Scenario(None, seed_failed_run, writes=True),
    "analyze-failure": Scenario("analyze-failure", seed_failed_run, writes=False),
    "open-issue": Scenario("open-issue", seed_analyzed, writes=True),
    "draft-pr": Scenario("draft-pr", seed_issue_filed, writes=True),
    "copilot-review": Scenario("copilot-review", seed_draft_opened, writes=True),
    "pr-monitor": Scenario("pr-monitor", seed_draft_opened, writes=None, event_name="schedule"),
    "stale-cleanup": Scenario("stale-cleanup", seed_stale_draft, writes=True, event_name="schedule"),
    "health-check": Scenario("health-check", seed_failed_run, writes=True, event_name="schedule"),
    "sync-workflows": Scenario("sync-workflows", lambda sim: seed_repo(sim, WORKFLOWS), writes=True,
                               event_name="workflow_dispatch"),
}


def test_every_stage_has_a_scenario():
    assert set(SCENARIOS) == {*STAGES, "heal"}


def api_calls(sim, since: int) -> list[tuple[str, str, int]]:
    """(method, route, status) of each request: the route template, since some concrete paths
    (expiring log-blob URLs) differ from run to run by design."""
    return [(r.method, r.route or r.path, r.status) for r in sim.requests[since:]]


def writes(calls):
    return [c for c in calls if c[0] in WRITE_METHODS]


def run_in_container(action_runner, sim, scenario: Scenario, seeded: Seeded):
    before = len(sim.requests)
    run = action_runner.run(scenario.stage, seeded.inputs, token=TOKEN, api_url=sim.base_url, repository=REPO,
                            event_name=scenario.event_name, event=seeded.event, run_id="4242",
                            workspace_files=seeded.workspace_files)
    return run, api_calls(sim, before)


@pytest.fixture(params=sorted(SCENARIOS), ids=str)
def scenario(request):
    return SCENARIOS[request.param]


def test_container_behaves_like_the_host(action_runner, sim, scenario, tmp_path):
    seeded = scenario.seed(sim)
    for name, text in seeded.workspace_files.items():
        (tmp_path / name).write_text(text)
    before = len(sim.requests)
    host = invoke(scenario.command, seeded.inputs, api_url=sim.base_url, token=TOKEN, repo=REPO,
                  workspace=tmp_path, event=seeded.event, event_name=scenario.event_name)
    host_calls = api_calls(sim, before)

    sim.reset()
    again = scenario.seed(sim)
    assert (again.run_id, again.inputs) == (seeded.run_id, seeded.inputs), "seeding must be deterministic"
    run, calls = run_in_container(action_runner, sim, scenario, again)

    assert run.exit_code == host.exit_code, run.stdout + run.stderr
    assert run.outputs == host.outputs
    assert calls == host_calls


def test_container_run_reports_and_is_idempotent(action_runner, sim, scenario):
    spec = load_spec(scenario.command)
    seeded = scenario.seed(sim)
    first, calls = run_in_container(action_runner, sim, scenario, seeded)

    assert first.exit_code == 0, first.stdout + first.stderr
    lines = first.stdout.splitlines()
    assert lines[0] == f"::add-mask::{TOKEN}", "the token must be masked before anything else"
    assert TOKEN not in "\n".join(lines[1:]) + first.stderr
    assert calls, "the container never reached the simulator"
    # Every authenticated request carries the action's token (log blobs are fetched without one,
    # as on GitHub, where the redirect URL itself is the credential).
    assert {r.login for r in sim.requests[-len(calls):] if r.login} == {BOT}
    assert set(first.outputs) == {o.name for o in spec.outputs}, "every declared output is written"
    assert first.summary.strip(), "no step summary written"
    if scenario.writes is not None:
        assert bool(writes(calls)) == scenario.writes, writes(calls)

    second, again = run_in_container(action_runner, sim, scenario, seeded)
    assert second.exit_code == 0, second.stdout + second.stderr
    assert not writes(again), f"a second run must write nothing, wrote {writes(again)}"


def test_analyze_failure_container_writes_the_analysis_to_the_workspace(action_runner, sim):
    seeded = seed_failed_run(sim)
    run, _ = run_in_container(action_runner, sim, SCENARIOS["analyze-failure"], seeded)
    assert run.exit_code == 0, run.stdout + run.stderr
    assert run.outputs["healed"] == "true" and run.outputs["failed-job"] == "test"
    assert (run.workspace / run.outputs["analysis-file"]).is_file()


def test_stale_cleanup_container_marks_the_draft(action_runner, sim):
    scenario = SCENARIOS["stale-cleanup"]
    run, _ = run_in_container(action_runner, sim, scenario, scenario.seed(sim))
    assert run.exit_code == 0, run.stdout + run.stderr
    assert run.outputs["warned"] == "1"
    (pr,) = sim.pulls(REPO)
    assert "stale" in [label["name"] for label in pr["labels"]]
    assert sim.comments(REPO, pr["number"])[-1]["user"]["login"] == BOT


def test_sync_workflows_check_mode_fails_with_a_warning_when_out_of_sync(action_runner, sim):
    seed_repo(sim, WORKFLOWS)
    run = action_runner.run("sync-workflows", {"mode": "check"}, token=TOKEN, api_url=sim.base_url,
                            repository=REPO)
    assert run.exit_code == 1, run.stdout + run.stderr
    assert any("out of sync" in c.message for c in run.commands if c.name in ("error", "warning"))
    assert sim.pulls(REPO) == []
