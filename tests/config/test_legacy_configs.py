"""Workflow-auto-fix's real configuration files (../shared/legacy-configs, AGPL: read here, never copied) load and run.

Each file must validate (exit 0), every old key must be either mapped with its original meaning or
reported once as unused, and every stage must run with it on the simulator.
"""

from __future__ import annotations

import os
import tempfile
from collections import Counter
from pathlib import Path

import pytest

from autoheal.config import load_config
from autoheal.config.cli import validate_config_main

from conftest import SHARED_DIR

LEGACY = Path(os.environ.get("AUTOHEAL_SHARED_DIR", SHARED_DIR)) / "legacy-configs"
FILES = sorted(LEGACY.glob("*.yml")) if LEGACY.is_dir() else []

pytestmark = pytest.mark.skipif(not FILES, reason=f"legacy configs not found at {LEGACY} (read-only ../shared is absent)")


def _ids(files):
    return [f.name.replace(".workflow-auto-fix-config.yml", "") for f in files]


@pytest.fixture(params=FILES, ids=_ids(FILES))
def legacy(request) -> Path:
    return request.param


def test_there_are_the_five_files_the_issue_names():
    assert len(FILES) == 5


def test_each_file_validates_with_exit_0(legacy, capsys):
    assert validate_config_main([str(legacy)], json_output=False) == 0
    out = capsys.readouterr().out
    assert "problem" not in out
    assert out.rstrip().endswith(": ok")


def test_each_unused_key_gives_exactly_one_notice(legacy):
    cfg = load_config(legacy.read_text(encoding="utf-8"), str(legacy))
    unused = [n.split(": ", 1)[1].split(" is not used", 1)[0] for n in cfg.notices if " is not used by autoheal" in n]
    assert unused, "workflow-auto-fix files all carry keys autoheal does not use"
    assert [k for k, n in Counter(unused).items() if n > 1] == []
    # a repeated field of many patterns is one notice, not one per pattern
    assert not any(k.startswith("error_patterns.") and "*" not in k for k in unused)


def test_notifications_are_reported_as_unused_key_by_key(legacy):
    import yaml

    raw = yaml.safe_load(legacy.read_text(encoding="utf-8"))
    cfg = load_config(legacy.read_text(encoding="utf-8"), str(legacy))
    for key in raw.get("notifications") or {}:
        assert sum(f"notifications.{key} is not used by autoheal" in n for n in cfg.notices) == 1


def test_the_pr_threshold_keeps_its_original_meaning(legacy):
    """Workflow-auto-fix's own comments: min_confidence / min_confidence_for_pr is the threshold for CREATING A PR."""
    import yaml

    raw = yaml.safe_load(legacy.read_text(encoding="utf-8"))
    written = (raw.get("auto_healing") or {}).get("min_confidence", raw.get("min_confidence_for_pr"))
    assert written is not None
    cfg = load_config(legacy.read_text(encoding="utf-8"))
    assert cfg.get_path("pull_requests.min_confidence") == written
    # issues are gated on their own: a located failure, and the native issue threshold left at its default
    assert cfg.get_path("issues.require_located") is True
    assert cfg["min_confidence"] == load_config(None)["min_confidence"]


def test_mapped_keys_carry_their_values(legacy):
    import yaml

    raw = yaml.safe_load(legacy.read_text(encoding="utf-8"))
    cfg = load_config(legacy.read_text(encoding="utf-8"))
    if "pr_settings" in raw:
        assert list(cfg.get_path("pull_requests.labels")) == raw["pr_settings"]["add_labels"]
        assert list(cfg.get_path("issues.labels")) == raw["issue_settings"]["add_labels"]
        assert cfg.get_path("pull_requests.draft") is raw["pr_settings"]["create_draft"]
        assert set(cfg["categories"]) == set(raw["error_patterns"])
    else:
        assert list(cfg.get_path("pull_requests.labels")) == raw["pr"]["labels"]
        assert cfg.get_path("pull_requests.draft") is raw["pr"]["create_as_draft"]
        assert cfg.get_path("pull_requests.create") is raw["auto_create_pr"]
        assert list(cfg.get_path("issues.labels")) == raw["issue_tracking"]["labels"]
        assert cfg.get_path("issues.create") is raw["issue_tracking"]["create_tracking_issue"]
        assert cfg.get_path("copilot.allow_comment_fallback") is raw["copilot"].get("auto_mention", False)
    assert list(cfg["excluded_workflows"]) == (raw.get("excluded_workflows") or [])


def test_a_key_the_seed_never_had_is_still_a_problem(legacy):
    text = legacy.read_text(encoding="utf-8") + "\nadvancd: {}\n"
    assert validate_config_main_quiet(text) == 1


def validate_config_main_quiet(text: str) -> int:
    import io

    with tempfile.NamedTemporaryFile("w", suffix=".yml", delete=False) as handle:
        handle.write(text)
    try:
        return validate_config_main([handle.name], json_output=False, out=io.StringIO())
    finally:
        os.unlink(handle.name)


@pytest.mark.parametrize("legacy_file", FILES, ids=_ids(FILES))
def test_every_stage_runs_with_the_file_on_the_simulator(legacy_file, sim, tmp_path):
    """The demo's repository with workflow-auto-fix file as its config: every stage exits 0 and prints the notices."""
    from autoheal.demo.story import REPO, Demo

    lines: list[str] = []
    demo = Demo(sim=sim, out=lines.append, workspace=tmp_path)
    demo.seed()
    sim.commit_files(REPO, "main", {".github/autoheal.yml": legacy_file.read_text(encoding="utf-8")}, "seed config")
    first = demo.step_missing_dependency()
    demo.step_fix_goes_green(first.get("pr-number", ""))
    demo.step_unknown()
    demo.step_green(first.get("pr-number", ""))
    demo.step_stale()
    demo.step_health()
    demo.step_sync()
    failed = [s for s in demo.steps if not s.ok]
    assert failed == [], "\n".join(lines)
    assert {s.stage for s in demo.steps} >= {"heal", "analyze-failure", "open-issue",
                                              "stale-cleanup", "health-check", "sync-workflows"}
    assert first.get("issue-number"), "the failure got its issue"
    if load_config(legacy_file.read_text(encoding="utf-8")).get_path("pull_requests.create"):
        assert first.get("pr-number") and "pr-monitor" in {s.stage for s in demo.steps}
    else:  # auto_create_pr: false ("Copilot creates PRs automatically") is honoured
        fixes = [p["head"]["ref"] for p in sim.pulls(REPO) if "sync" not in p["head"]["ref"]]
        assert not first.get("pr-number") and fixes == []
