"""The analyzer meets its targets on labeled logs it was not special-cased for."""

from __future__ import annotations

import pytest

from autoheal.analysis import analyze


def _score(items):
    correct = hit = ranges = 0
    wrong = []
    for item in items:
        with open(item["path"], "rb") as fh:
            a = analyze(fh, workflow=item.get("workflow", ""), job=item.get("job", ""))
        if a.category == item["category"]:
            correct += 1
        else:
            wrong.append((item["file"], item["category"], a.category))
        lines = [k.line for k in a.key_lines]
        for r in item["groundtruth_lines"]:
            if r["kind"] == "error":
                ranges += 1
                hit += any(r["start"] <= n <= r["end"] for n in lines)
    return correct / len(items), hit / ranges, wrong


def test_shared_set_accuracy_and_key_line_recall(shared_labels):
    accuracy, recall, wrong = _score(shared_labels)
    assert accuracy >= 0.90, wrong
    assert recall >= 0.80


def test_own_held_out_set_accuracy_and_key_line_recall(own_labels):
    accuracy, recall, wrong = _score(own_labels)
    assert accuracy >= 0.90, wrong
    assert recall >= 0.80


def test_failing_step_matches_the_derived_label(shared_labels):
    checked = agree = 0
    for item in shared_labels:
        want = item.get("failing_step_derived")
        if not want or item["log_format"] != "RAW_GITHUB":
            continue
        checked += 1
        a = analyze(item["path"].read_bytes())
        agree += a.failed_step == want
    assert checked > 30
    assert agree / checked >= 0.9


def test_gh_run_view_layout_uses_the_step_column(shared_labels):
    item = next(i for i in shared_labels if i["log_format"] == "FULL_GITHUB")
    a = analyze(item["path"].read_bytes())
    assert a.failed_step == item["failing_step_derived"]
    assert a.category == item["category"]


@pytest.mark.parametrize("case", ["py-pytest-assert", "gcc-compile", "ruff-lint", "node-missing-module", "mypy-types"])
def test_fingerprint_is_stable_across_two_real_runs(own_labels, case):
    runs = [i for i in own_labels if i["case"] == case]
    assert len(runs) == 2
    prints = {analyze(r["path"].read_bytes(), workflow="CI", job=r["job"]).fingerprint for r in runs}
    assert len(prints) == 1


def test_fingerprints_separate_different_failures(own_labels):
    by_case = {}
    for item in own_labels:
        if item["run"] == 1:
            by_case[item["case"]] = analyze(item["path"].read_bytes(), workflow="CI", job=item["job"]).fingerprint
    assert len(set(by_case.values())) == len(by_case)


def test_all_run_pairs_share_a_fingerprint(own_labels):
    prints: dict[str, set[str]] = {}
    for item in own_labels:
        fp = analyze(item["path"].read_bytes(), workflow="CI", job=item["job"]).fingerprint
        prints.setdefault(item["case"], set()).add(fp)
    unstable = {case: fps for case, fps in prints.items() if len(fps) != 1}
    assert not unstable
