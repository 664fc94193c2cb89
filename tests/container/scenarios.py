"""Seeded simulator scenarios, one per stage, shared by the container tests and
benchmarks/container_start.py: each leaves the state (and workspace files) a real run of that stage
would start from, deterministically, so the same seed twice gives the same ids.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from autoheal.invoke import invoke

TOKEN = "ghs_containerStageToken00000000000000001"
# The secret AUTOHEAL_WORKFLOWS_TOKEN of templates/sync-workflows.yml: a PAT with Workflows: write, which
# no GITHUB_TOKEN can hold (the simulator refuses workflow-file changes to TOKEN, like GitHub).
WORKFLOWS_TOKEN = "github_pat_containerWorkflowsToken0000001"
BOT = "github-actions[bot]"
REPO = "octo/app"

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
# The same CI, startable by `workflow_dispatch`: draft-pr then starts it on the fix branch (a branch pushed
# with GITHUB_TOKEN starts no `push` workflow; docs/stages/draft-pr.md, "CI on the fix branch").
DISPATCHABLE = {**WORKFLOWS, ".github/workflows/ci.yml": "name: CI\non: [push, workflow_dispatch]\n" + STEP}
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
    sim.add_token(WORKFLOWS_TOKEN, login="octocat", kind="user",
                  permissions={"contents": "write", "pull_requests": "write", "workflows": "write"})
    return Seeded()


def add_ci_run(sim, conclusion: str) -> int:
    """One run of the CI workflow's `test` job: green, or failing on a missing `requests`."""
    log = FAILED_LOG if conclusion == "failure" else "2026-01-05T11:00:00.0000000Z ok\n"
    return sim.add_run(REPO, workflow="CI", conclusion=conclusion, jobs=[{
        "name": "test", "conclusion": conclusion, "steps": [{"name": "Run pytest", "conclusion": conclusion}],
        "log": log}])


def seed_failed_run(sim, workflows: dict | None = None) -> Seeded:
    """Two green runs of CI, then a failed one (the repository's files: `workflows`, default WORKFLOWS)."""
    seed_repo(sim, WORKFLOWS if workflows is None else workflows)
    add_ci_run(sim, "success")
    add_ci_run(sim, "success")
    return Seeded(run_id=add_ci_run(sim, "failure"))


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


def seed_analyzed(sim, workflows: dict | None = None) -> Seeded:
    seeded = seed_failed_run(sim, workflows)
    in_process(sim, seeded, "analyze-failure", {})
    seeded.inputs = {"analysis-file": ANALYSIS}
    return seeded


def seed_issue_filed(sim, workflows: dict | None = None) -> Seeded:
    seeded = seed_analyzed(sim, workflows)
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
    token: str = TOKEN  # what the template passes as `token` (GITHUB_TOKEN unless it passes a secret)
    login: str = BOT

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
                               event_name="workflow_dispatch", token=WORKFLOWS_TOKEN, login="octocat"),
}


def run_scenario(runner, sim, scenario: Scenario, seeded: Seeded):
    """Run the scenario's action in a container (a DockerActionRunner) as the runner would."""
    return runner.run(scenario.stage, seeded.inputs, token=scenario.token, api_url=sim.base_url, repository=REPO,
                      event_name=scenario.event_name, event=seeded.event, run_id="4242",
                      workspace_files=seeded.workspace_files)


def writes_since(sim, index: int) -> list[tuple[str, str]]:
    """The writes (method, path) the simulator served since request number `index`."""
    return [(r.method, r.path) for r in sim.requests[index:] if r.is_write]
