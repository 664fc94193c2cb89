"""The whole story on the simulator, each stage run as its action would be: a failed run's log ->
open-issue -> draft-pr -> copilot-review -> pr-monitor (CI never ran) -> CI green + Copilot's review ->
ready for review, once."""

from __future__ import annotations

import json

from autoheal.analysis import analyze
from autoheal.invoke import invoke
from autoheal.markers import has_marker
from support.template_tokens import template_token

REPO = "octo/app"
ACTIONS_TOKEN = "ghs_actions_token"
LOG = (
    "2026-01-05T11:58:00.0000000Z ##[group]Run pytest -q\n"
    "2026-01-05T11:58:00.1000000Z pytest -q\n"
    "2026-01-05T11:58:00.2000000Z ##[endgroup]\n"
    "2026-01-05T11:58:01.0000000Z ==================================== ERRORS ====================================\n"
    "2026-01-05T11:58:01.1000000Z ______________________ ERROR collecting tests/test_config.py ______________________\n"
    "2026-01-05T11:58:01.2000000Z ImportError while importing test module '/home/runner/work/app/app/tests/test_config.py'.\n"
    "2026-01-05T11:58:01.3000000Z tests/test_config.py:1: in <module>\n"
    "2026-01-05T11:58:01.4000000Z     import yaml\n"
    "2026-01-05T11:58:01.5000000Z E   ModuleNotFoundError: No module named 'yaml'\n"
    "2026-01-05T11:58:01.6000000Z =========================== short test summary info ============================\n"
    "2026-01-05T11:58:01.7000000Z ERROR tests/test_config.py\n"
    "2026-01-05T11:58:02.0000000Z ##[error]Process completed with exit code 2.\n"
)


# each stage runs with the GITHUB_TOKEN of the template job that runs it
JOBS = {"open-issue": ("autoheal.yml", "heal"), "draft-pr": ("autoheal.yml", "heal"),
        "copilot-review": ("pr-copilot-reviewer.yml", "copilot-review"), "pr-monitor": ("pr-monitor.yml", "monitor")}


def stage(sim, tmp_path, command, **args):
    template, job = JOBS[command]
    token = template_token(sim, template, job, token=f"{ACTIONS_TOKEN}_{job}")
    result = invoke(command, args, api_url=sim.base_url, token=token, repo=REPO, workspace=tmp_path,
                    gateway_options={"sleep": lambda s: None})
    assert result.exit_code == 0, f"{command}: {result.stdout}{result.stderr}"
    return result


def test_failure_to_ready_for_review(sim, tmp_path):
    sim.create_repo(REPO, files={"requirements.txt": "pytest\n", "app/config.py": "import yaml\n",
                                 "tests/test_config.py": "import yaml\n"})
    sim.add_collaborator(REPO, "alice")
    run_id = sim.add_run(REPO, workflow="CI", branch="main", jobs=[
        {"name": "test", "conclusion": "failure", "steps": [{"name": "Run pytest -q", "conclusion": "failure"}], "log": LOG}])
    analysis = analyze(LOG, workflow="CI", job="test", failed_step="Run pytest -q").to_dict()
    analysis.update(workflow="CI", run_id=run_id, head_branch="main", repo=REPO, run_attempt=1,
                    run_url=f"https://github.com/{REPO}/actions/runs/{run_id}")
    (tmp_path / "analysis.json").write_text(json.dumps(analysis))
    (tmp_path / ".github").mkdir()
    (tmp_path / ".github" / "autoheal.yml").write_text("monitor:\n  reviewers: [alice]\n")

    issue = stage(sim, tmp_path, "open-issue", **{"analysis-file": "analysis.json"}).outputs["issue-number"]
    draft = stage(sim, tmp_path, "draft-pr", **{"issue-number": issue, "analysis-file": "analysis.json"})
    pr = int(draft.outputs["pr-number"])
    handoff = stage(sim, tmp_path, "copilot-review", **{"pr-number": pr})
    assert handoff.outputs["mode"] == "code_review" and handoff.outputs["verified"] == "true"

    # autoheal opened the PR with GITHUB_TOKEN: no CI ever starts
    sim.clock.advance(minutes=20)
    states = json.loads(stage(sim, tmp_path, "pr-monitor").outputs["states"])
    assert [(s["number"], s["state"]) for s in states] == [(pr, "no_ci")]

    # someone re-triggers CI and it passes; Copilot submits its review
    head = next(p for p in sim.pulls(REPO) if p["number"] == pr)["head"]["sha"]
    sim.add_run(REPO, workflow="CI", branch=draft.outputs["branch"], head_sha=head, event="pull_request",
                conclusion="success", jobs=[{"name": "test", "conclusion": "success", "log": "ok\n"}])
    sim.copilot_review(REPO, pr, "No issues found.")
    for _ in range(3):
        states = json.loads(stage(sim, tmp_path, "pr-monitor").outputs["states"])
        assert [(s["number"], s["state"]) for s in states] == [(pr, "ready_for_review")]
    pull = next(p for p in sim.pulls(REPO) if p["number"] == pr)
    assert pull["draft"] is False and [u["login"] for u in pull["requested_reviewers"]] == ["alice"]
    assert {"autoheal", "copilot-ready", "ready-for-review"} <= {lb["name"] for lb in pull["labels"]}
    notices = [c for c in sim.comments(REPO, int(issue)) if has_marker(c["body"], "ready-notified", pr)]
    assert len(notices) == 1
    stickies = [c for c in sim.comments(REPO, pr) if has_marker(c["body"], "sticky")]
    assert sorted(has_marker(c["body"], "sticky", "pr-monitor") for c in stickies) == [False, True]
