"""The issue gate is a LOCATED failure (a failing step with its error lines), not a confident category;
the pull request gate is a confident category (pull_requests.min_confidence). Issue #17's two decisions."""

from __future__ import annotations

from .test_open_issue_support import REPO, make_analysis, open_issue, workspace, write_analysis


def file(sim, ws, analysis, name):
    return open_issue(sim, ws, {"analysis-file": write_analysis(ws, analysis, name)})


def test_an_unsure_but_located_failure_gets_an_issue_by_default(sim, tmp_path):
    sim.create_repo(REPO)
    ws = workspace(tmp_path, "version: 1\n")  # every default
    unsure = make_analysis(category="unknown", confidence=30)
    assert unsure["key_lines"], "the analyzer quoted the failing lines"
    result = file(sim, ws, unsure, "unsure.json")
    assert result.outputs["action"] == "created", result.outputs
    assert len(sim.issues(REPO)) == 1


def test_a_failure_that_was_not_located_files_nothing(sim, tmp_path):
    sim.create_repo(REPO)
    ws = workspace(tmp_path, "version: 1\n")
    nowhere = make_analysis(key_lines=[], fingerprint="0123456789abcdef")
    result = file(sim, ws, nowhere, "nowhere.json")
    assert result.outputs["action"] == "skipped"
    assert result.outputs["reason"].startswith("issues.require_located: the failure was not located")
    # the analyzer's own verdict wins over the key lines when it gives one
    said_no = make_analysis(located=False, fingerprint="fedcba9876543210")
    assert file(sim, ws, said_no, "said-no.json").outputs["action"] == "skipped"
    assert sim.issues(REPO) == []
    # and the gate can be switched off
    (tmp_path / "off").mkdir()
    ws_off = workspace(tmp_path / "off", "version: 1\nissues:\n  require_located: false\n")
    assert file(sim, ws_off, nowhere, "nowhere.json").outputs["action"] == "created"


def test_the_issue_threshold_still_applies_when_set(sim, tmp_path):
    sim.create_repo(REPO)
    ws = workspace(tmp_path, "version: 1\nmin_confidence: 60\n")
    result = file(sim, ws, make_analysis(confidence=40), "low.json")
    assert result.outputs["reason"] == "min_confidence: confidence 40 is below 60"
