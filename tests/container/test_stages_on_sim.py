"""Each stage's container, run as the runner runs it, against the simulator on the host.

For every scenario the same stage first runs in-process (`autoheal.invoke`) on a freshly seeded
simulator, then in the container on an identically seeded one: exit code, outputs and the exact
sequence of API requests must match, so no behaviour depends on where the code runs. The container
run itself is then checked: outputs in GITHUB_OUTPUT, the step summary, the token masked first and
never printed, the requests carrying the action's token; and a second run writes nothing.
"""

from __future__ import annotations

import pytest

from autoheal.invoke import invoke
from autoheal.stages import STAGES, load_spec

from .scenarios import (BOT, REPO, SCENARIOS, TOKEN, WORKFLOWS, Scenario, Seeded, run_scenario,
                        seed_failed_run, seed_repo)

pytestmark = pytest.mark.container


def test_every_stage_has_a_scenario():
    assert set(SCENARIOS) == {*STAGES, "heal"}


def api_calls(sim, since: int) -> list[tuple[str, str, int]]:
    """(method, route, status) of each request: the route template, since some concrete paths
    (expiring log-blob URLs) differ from run to run by design."""
    return [(r.method, r.route or r.path, r.status, r.is_write) for r in sim.requests[since:]]


def writes(calls):
    """The writes among `calls` (RequestRecord.is_write: a GraphQL query such as `viewer` is a read)."""
    return [c[:3] for c in calls if c[3]]


def run_in_container(action_runner, sim, scenario: Scenario, seeded: Seeded):
    before = len(sim.requests)
    run = run_scenario(action_runner, sim, scenario, seeded)
    return run, api_calls(sim, before)


@pytest.fixture(params=sorted(SCENARIOS), ids=str)
def scenario(request):
    return SCENARIOS[request.param]


def test_container_matches_the_host_reports_and_is_idempotent(action_runner, sim, scenario, tmp_path):
    spec = load_spec(scenario.command)
    # 1. The stage in-process, on a freshly seeded simulator.
    seeded = scenario.seed(sim)
    for name, text in seeded.workspace_files.items():
        (tmp_path / name).write_text(text)
    before = len(sim.requests)
    host = invoke(scenario.command, seeded.inputs, api_url=sim.base_url, token=scenario.token, repo=REPO,
                  workspace=tmp_path, event=seeded.event, event_name=scenario.event_name)
    host_calls = api_calls(sim, before)

    # 2. The same in the container, on an identically seeded one: same result, same API calls.
    sim.reset()
    again = scenario.seed(sim)
    assert (again.run_id, again.inputs) == (seeded.run_id, seeded.inputs), "seeding must be deterministic"
    first, calls = run_in_container(action_runner, sim, scenario, again)
    assert first.exit_code == host.exit_code == 0, first.stdout + first.stderr
    assert first.outputs == host.outputs
    assert calls == host_calls

    # 3. What the runner sees of the container run.
    lines = first.stdout.splitlines()
    assert lines[0] == f"::add-mask::{scenario.token}", "the token must be masked before anything else"
    assert scenario.token not in "\n".join(lines[1:]) + first.stderr
    assert calls, "the container never reached the simulator"
    # Every authenticated request carries the action's token (log blobs are fetched without one,
    # as on GitHub, where the redirect URL itself is the credential).
    assert {r.login for r in sim.requests[-len(calls):] if r.login} == {scenario.login}
    assert set(first.outputs) == {o.name for o in spec.outputs}, "every declared output is written"
    assert first.summary.strip(), "no step summary written"
    if scenario.writes is not None:
        assert bool(writes(calls)) == scenario.writes, writes(calls)

    # 4. Running it again plans nothing.
    second, repeat = run_in_container(action_runner, sim, scenario, again)
    assert second.exit_code == 0, second.stdout + second.stderr
    assert not writes(repeat), f"a second run must write nothing, wrote {writes(repeat)}"


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
