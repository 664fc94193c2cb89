"""`autoheal stand-down`: dry run by default; --apply disables autoheal and closes its draft PRs only."""

from __future__ import annotations

import io

import pytest
import yaml

from autoheal.runner import run_stage
from autoheal.runtime import Runtime
from autoheal.stages.stand_down.stage import SPEC, disable_text


@pytest.mark.parametrize("text,key_path", [
    ("# keep me\nenabled: true  # master switch\nmin_confidence: 70\n", ("enabled",)),
    ("auto_healing:\n  enabled: true\nmin_confidence: 80\n", ("auto_healing", "enabled")),
    ("min_confidence: 70\n", ("enabled",)),
    ("", ("enabled",)),
])
def test_disable_text_is_surgical(text, key_path):
    new = disable_text(text)
    data = yaml.safe_load(new)
    for key in key_path:
        data = data[key]
    assert data is False
    kept = [line for line in text.splitlines() if "enabled" not in line]
    assert all(line in new.splitlines() for line in kept)


def standdown(sim, tmp_path, apply):
    out = io.StringIO()
    rt = Runtime(env={"GITHUB_WORKSPACE": str(tmp_path)}, stdout=out, stderr=out)
    # stand-down is a CLI a maintainer runs with their own token (no template job): the admin token stands for it
    values = {"repo": "octo/app", "token": sim.token, "api-url": sim.base_url, "apply": "true" if apply else None}
    return run_stage(SPEC, values, rt), out.getvalue()


def test_dry_run_then_apply(sim, gh, tmp_path):
    sim.create_repo("octo/app", files={".github/autoheal.yml": "enabled: true # on\n", "README.md": "x\n"})
    repo = gh.get_repo("octo/app")
    head = repo.get_branch("main").commit.sha
    for branch, body in (("autoheal/1-fix", "<!-- autoheal:issue=1 -->"), ("feature/mine", "mine")):
        repo.create_git_ref(f"refs/heads/{branch}", head)
        repo.create_file(f"{branch.replace('/', '-')}.txt", "x", "x\n", branch=branch)
        repo.create_pull(title=branch, body=body, head=branch, base="main", draft=True)
    code, out = standdown(sim, tmp_path, apply=False)
    assert code == 0 and "dry run" in out and "close_pr" in out
    assert all(p["state"] == "open" for p in sim.pulls("octo/app"))
    code, out = standdown(sim, tmp_path, apply=True)
    assert code == 0, out
    states = {p["head"]["ref"]: p["state"] for p in sim.pulls("octo/app")}
    assert states == {"autoheal/1-fix": "closed", "feature/mine": "open"}
    assert sim.file("octo/app", ".github/autoheal.yml") == "enabled: false # on\n"
