"""The runtime contract, observed from outside the container exactly as the runner sees it:
exit codes and annotations for bad inputs, the token masked first, and the offline analysis giving
the same outputs in the container as on the host.
"""

from __future__ import annotations

import json

import pytest

from autoheal.invoke import invoke
from autoheal.stages import STAGES, load_spec

from .actionrunner import load_action
from .engine import REPO_ROOT

pytestmark = pytest.mark.container

SECRET = "ghs_containerTestToken0123456789abcdefXYZ"
ACTIONS = [None, *STAGES]  # None = the root action (`heal`)


def action_id(stage):
    return stage or "root"


def actions_with_input(name):
    return [s for s in ACTIONS
            if name in (load_action(REPO_ROOT / ("action.yml" if s is None else f"actions/{s}/action.yml"))
                        .get("inputs") or {})]


# A tiny GitHub job log (timestamps, group markers) of a real pytest import failure.
FAILING_LOG = """\
2026-01-05T12:00:00.0000000Z ##[group]Run python -m pytest -q
2026-01-05T12:00:00.0100000Z python -m pytest -q
2026-01-05T12:00:00.0200000Z shell: /usr/bin/bash -e {0}
2026-01-05T12:00:00.0300000Z ##[endgroup]
2026-01-05T12:00:01.1000000Z ImportError while loading conftest '/home/runner/work/app/app/tests/conftest.py'.
2026-01-05T12:00:01.1100000Z tests/conftest.py:3: in <module>
2026-01-05T12:00:01.1200000Z     import requests
2026-01-05T12:00:01.1300000Z E   ModuleNotFoundError: No module named 'requests'
2026-01-05T12:00:01.5000000Z ##[error]Process completed with exit code 4.
"""


@pytest.mark.parametrize("stage", actions_with_input("min-confidence"), ids=action_id)
def test_bad_min_confidence_is_one_error_naming_the_input_and_exit_1(action_runner, stage):
    run = action_runner.run(stage, {"min-confidence": "abc"}, token=SECRET)
    assert run.exit_code == 1, run.stdout + run.stderr
    errors = run.annotations("error")
    assert len(errors) == 1, run.stdout
    assert "min-confidence" in errors[0].message and "abc" in errors[0].message
    assert "Traceback" not in run.stderr
    assert run.outputs == {}


def test_bad_boolean_input_names_it(action_runner):
    run = action_runner.run("analyze-failure", {"dry-run": "perhaps", "log": "x.log"}, token=SECRET)
    assert run.exit_code == 1
    (error,) = run.annotations("error")
    assert "dry-run" in error.message and "perhaps" in error.message


def test_token_is_masked_before_any_other_output_and_never_printed(action_runner):
    run = action_runner.run(None, {"min-confidence": "abc"}, token=SECRET)
    first = run.stdout.splitlines()[0]
    assert first == f"::add-mask::{SECRET}"
    rest = run.stdout.split("\n", 1)[1] + run.stderr
    assert SECRET not in rest


def test_missing_token_names_github_token(action_runner):
    stage = next(s for s in STAGES if load_spec(s).needs_github)
    run = action_runner.run(stage, token="")
    assert run.exit_code == 1
    (error,) = run.annotations("error")
    assert "GITHUB_TOKEN" in error.message


def test_analyze_failure_offline_matches_the_host(action_runner, tmp_path):
    """The same log analyzed in the container and in-process gives the same outputs."""
    inputs = {"log": "logs/job.log", "workflow-name": "CI", "job-name": "test"}
    run = action_runner.run("analyze-failure", inputs, token=SECRET,
                            workspace_files={"logs/job.log": FAILING_LOG})
    host_ws = tmp_path / "host"
    (host_ws / "logs").mkdir(parents=True)
    (host_ws / "logs/job.log").write_text(FAILING_LOG)
    host = invoke("analyze-failure", inputs, workspace=host_ws, token=SECRET, repo="octo/app")

    assert run.exit_code == host.exit_code == 0, run.stdout + run.stderr
    assert run.outputs == host.outputs
    assert run.outputs["healed"] == "true"
    assert 0 <= int(run.outputs["confidence"]) <= 100
    assert run.outputs["category"] and run.outputs["fingerprint"]
    analysis = json.loads((run.workspace / run.outputs["analysis-file"]).read_text())
    assert analysis, "the analysis file is empty"
    assert run.summary.strip(), "no step summary written"


def test_token_from_the_step_env_is_used_and_masked_when_the_input_is_empty(action_runner, sim):
    """`with: token: ${{ secrets.UNSET }}` leaves INPUT_TOKEN empty; a step `env: GITHUB_TOKEN` (passed
    to the container as `-e GITHUB_TOKEN`, like every step env) is the documented fallback."""
    sim.create_repo("octo/app", files={"README.md": "hi\n"})
    sim.add_token(SECRET, login="github-actions[bot]", kind="github_token")
    run = action_runner.run("health-check", {"token": ""}, token="", api_url=sim.base_url,
                            step_env={"GITHUB_TOKEN": SECRET})
    assert run.exit_code == 0, run.stdout + run.stderr
    assert run.stdout.splitlines()[0] == f"::add-mask::{SECRET}"
    assert SECRET not in run.stdout.split("\n", 1)[1] + run.stderr
    assert {r.login for r in sim.requests if r.login} == {"github-actions[bot]"}
