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


def test_ready_autoheal_prs_are_closed_only_with_include_ready(sim, gh, tmp_path):
    sim.create_repo("octo/app", files={".github/autoheal.yml": "enabled: true\n", "README.md": "x\n"})
    repo = gh.get_repo("octo/app")
    head = repo.get_branch("main").commit.sha
    for branch, draft in (("autoheal/1-draft", True), ("autoheal/2-ready", False)):
        repo.create_git_ref(f"refs/heads/{branch}", head)
        repo.create_file(f"{branch.replace('/', '-')}.txt", "x", "x\n", branch=branch)
        repo.create_pull(title=branch, body=f"<!-- autoheal:issue={branch[9]} -->", head=branch, base="main",
                         draft=draft)

    def states():
        return {p["head"]["ref"]: p["state"] for p in sim.pulls("octo/app")}

    code, out = standdown(sim, tmp_path, apply=True)
    assert code == 0, out
    assert states() == {"autoheal/1-draft": "closed", "autoheal/2-ready": "open"}  # default: drafts only
    out_io = io.StringIO()
    rt = Runtime(env={"GITHUB_WORKSPACE": str(tmp_path)}, stdout=out_io, stderr=out_io)
    values = {"repo": "octo/app", "token": sim.token, "api-url": sim.base_url, "apply": "true",
              "include-ready": "true"}
    assert run_stage(SPEC, values, rt) == 0, out_io.getvalue()
    assert states() == {"autoheal/1-draft": "closed", "autoheal/2-ready": "closed"}
    ready = next(p for p in sim.pulls("octo/app") if p["head"]["ref"] == "autoheal/2-ready")
    comments = sim.comments("octo/app", ready["number"])
    assert len(comments) == 1 and "this pull request is closed" in comments[0]["body"]


def standdown_flags(sim, tmp_path, **flags):
    out = io.StringIO()
    rt = Runtime(env={"GITHUB_WORKSPACE": str(tmp_path)}, stdout=out, stderr=out)
    values = {"repo": "octo/app", "token": sim.token, "api-url": sim.base_url, **flags}
    return run_stage(SPEC, values, rt), out.getvalue()


@pytest.mark.parametrize("flags,message", [
    ({"apply": "true", "dry-run": "true"}, "--apply and --dry-run contradict each other"),
    ({"dry-run": "false"}, "--dry-run false does nothing without --apply"),
])
def test_contradictory_or_no_op_flags_are_refused_before_any_write(sim, gh, tmp_path, flags, message):
    sim.create_repo("octo/app", files={".github/autoheal.yml": "enabled: true\n"})
    repo = gh.get_repo("octo/app")
    repo.create_git_ref("refs/heads/autoheal/1-fix", repo.get_branch("main").commit.sha)
    repo.create_file("f.txt", "x", "x\n", branch="autoheal/1-fix")
    repo.create_pull(title="fix", body="<!-- autoheal:issue=1 -->", head="autoheal/1-fix", base="main", draft=True)
    before = len(sim.requests)
    code, out = standdown_flags(sim, tmp_path, **flags)
    assert code != 0 and message in out, out
    assert [r for r in sim.requests[before:] if r.is_write] == []
    assert sim.file("octo/app", ".github/autoheal.yml") == "enabled: true\n"
    assert all(p["state"] == "open" for p in sim.pulls("octo/app"))


def test_the_same_flags_in_the_environment_are_refused_too(sim, tmp_path):
    out = io.StringIO()
    rt = Runtime(env={"GITHUB_WORKSPACE": str(tmp_path), "INPUT_APPLY": "true", "INPUT_DRY-RUN": "true"},
                 stdout=out, stderr=out)
    assert run_stage(SPEC, {"repo": "octo/app", "token": sim.token, "api-url": sim.base_url}, rt) != 0
    assert "contradict" in out.getvalue()


def test_apply_alone_and_dry_run_alone_are_accepted(sim, tmp_path):
    sim.create_repo("octo/app", files={".github/autoheal.yml": "enabled: true\n"})
    code, out = standdown_flags(sim, tmp_path, **{"dry-run": "true"})
    assert code == 0 and "dry run" in out, out
    assert sim.file("octo/app", ".github/autoheal.yml") == "enabled: true\n"
