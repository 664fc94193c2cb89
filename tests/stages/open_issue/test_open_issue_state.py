"""open-issue's hidden record: exact counting, re-delivery, material changes, and safe encoding in a body."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

from .test_open_issue_support import ASSERT_LOG, MODULE_LOG, MODULE_LOG_2, make_analysis

from autoheal.markers import read_markers
from autoheal.stages.open_issue.state import MAX_RUNS_SHOWN, MAX_SEEN_KEYS, Record, add_occurrence, analysis_essentials, clear_branch, confidence_class, decode_blocks, encode_block, header, line_signature, merge_records, new_record, occurrence_from, occurrence_key, record_of, replace_blocks
from autoheal.stages.shared.issue_blocks import analysis_from_issue_body

NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)


def occ(**kwargs):
    return occurrence_from(make_analysis(**kwargs), NOW)


def test_occurrence_key_is_the_run_and_attempt_so_a_redelivery_has_the_same_key():
    assert occurrence_key(make_analysis(run_id=7, attempt=2)) == "7.2"
    assert occurrence_key(make_analysis(run_id=7)) == occurrence_key(make_analysis(run_id=7))
    assert occurrence_key(make_analysis(run_id=7, attempt=1)) != occurrence_key(make_analysis(run_id=7, attempt=2))
    offline = make_analysis(run_id=None, sha="0123456789abcdef0123456789abcdef01234567")
    assert occurrence_key(offline) == "sha.0123456789ab"


def test_a_run_is_counted_once_and_a_known_run_changes_nothing():
    analysis = make_analysis(run_id=1)
    record = new_record(analysis, occ(run_id=1))
    assert (record.count, record.seen, record.failing) == (1, ["1.1"], ["main"])
    again, changes = add_occurrence(record, occ(run_id=1))
    assert again.to_json() == record.to_json() and not changes.material
    second, changes = add_occurrence(record, occ(run_id=2, created_at="2026-01-05T13:00:00Z"))
    assert second.count == 2 and second.last_seen == "2026-01-05T13:00:00Z"
    assert second.first_seen == "2026-01-05T11:00:00Z"
    assert [r["id"] for r in second.runs] == [2, 1]  # newest first
    assert not changes.material  # same branch, same error lines, same confidence class


def test_material_changes_new_branch_new_error_line_confidence_class():
    record = new_record(make_analysis(run_id=1), occ(run_id=1))
    _, changes = add_occurrence(record, occ(run_id=2, branch="release/1.x"))
    assert changes.new_branch == "release/1.x" and changes.material

    other_lines = occurrence_from(make_analysis(ASSERT_LOG, run_id=3), NOW)
    _, changes = add_occurrence(record, other_lines)
    assert changes.new_lines and changes.new_branch is None

    low = occurrence_from(make_analysis(run_id=4, confidence=30), NOW)
    _, changes = add_occurrence(record, low)
    assert changes.class_change == (confidence_class(record.confidence), "low")
    assert [confidence_class(c) for c in (95, 80, 79, 50, 49, 0)] == ["high", "high", "medium", "medium", "low", "low"]


def test_the_same_failure_from_another_real_run_adds_no_new_error_line():
    record = new_record(make_analysis(MODULE_LOG, run_id=1), occurrence_from(make_analysis(MODULE_LOG, run_id=1), NOW))
    _, changes = add_occurrence(record, occurrence_from(make_analysis(MODULE_LOG_2, run_id=2), NOW))
    assert changes.new_lines == ()


def test_line_signature_ignores_numbers_hashes_and_temp_paths():
    assert line_signature("FAILED tests/t.py::test_x - assert 3 == 4 (0.42s)") == \
        line_signature("FAILED tests/t.py::test_x - assert 5 == 6 (1.07s)")
    assert line_signature("error at /tmp/pytest-of-runner/pytest-12/x.py commit 3f2a9c8d1e") == \
        line_signature("error at /tmp/pytest-of-runner/pytest-99/y.py commit 77aa00bb11")
    assert line_signature("No module named 'yaml'") != line_signature("No module named 'toml'")


def test_record_is_bounded_but_the_count_is_exact():
    record = Record(fingerprint="f" * 16)
    for n in range(1, 251):
        record, _ = add_occurrence(record, occ(run_id=n, branch=f"b{n % 40}",
                                               created_at=f"2026-01-{1 + n // 24:02d}T{n % 24:02d}:00:00Z"))
    assert record.count == 250
    assert len(record.seen) == MAX_SEEN_KEYS and record.seen[-1] == "250.1"
    assert len(record.runs) == MAX_RUNS_SHOWN
    assert len(record.branches) <= 30
    assert len(encode_block("occurrences", record.to_json())) < 12_000


def test_blocks_survive_hostile_text_and_cannot_be_closed_or_forged():
    hostile = "x --> <!-- autoheal:fingerprint=evil --> </details> <img src=x> & ``` @org/team #1"
    analysis = make_analysis(head_branch="evil-->branch", key_lines=[{"line": 1, "text": hostile}])
    record = new_record(analysis, occurrence_from(analysis, NOW))
    head = header("abc123def456", analysis, record)
    # Exactly the three hidden comments, each opened and closed once: nothing leaks out of them.
    assert head.count("<!--") == 3 and head.count("-->") == 3
    assert read_markers(head + "\n" + hostile) ["fingerprint"] == "abc123def456"
    decoded = decode_blocks(head)
    assert decoded["analysis"]["key_lines"][0]["text"] == hostile
    assert record_of(head).branches == {"evil-->branch": record.branches["evil-->branch"]}


def test_broken_block_is_ignored_not_fatal():
    body = "<!-- autoheal:fingerprint=abcd1234 -->\n<!-- autoheal:occurrences\n{not json\n-->\ntext"
    assert record_of(body) is None and decode_blocks(body) == {}


def test_replace_blocks_in_place_keeps_everything_else():
    analysis = make_analysis(run_id=1)
    record = new_record(analysis, occurrence_from(analysis, NOW))
    body = header(analysis["fingerprint"], analysis, record) + "\n\nA human wrote this.\n"
    newer, _ = add_occurrence(record, occ(run_id=2))
    updated = replace_blocks(body, None, newer)
    assert updated.endswith("\n\nA human wrote this.\n")
    assert record_of(updated).count == 2
    assert analysis_from_issue_body(updated)["fingerprint"] == analysis["fingerprint"]
    # A body without blocks (an old or hand-made issue) gets them after its fingerprint marker.
    bare = f"<!-- autoheal:fingerprint={analysis['fingerprint']} -->\nold text"
    filled = replace_blocks(bare, analysis, newer)
    assert filled.startswith(bare.split("\n")[0]) and filled.endswith("old text")
    assert record_of(filled).count == 2


def test_essentials_are_bounded_and_keep_what_draft_pr_needs():
    analysis = make_analysis(specifics={"modules": ["m" * 5000] * 500, "nested": {"a": list(range(1000))}},
                             suggested_fix="fix " * 10_000)
    essentials = analysis_essentials(analysis)
    assert len(json.dumps(essentials)) < 40_000
    for key in ("category", "confidence", "fingerprint", "failed_job", "failed_step", "key_lines", "specifics",
                "suggested_fix", "fix_type", "head_branch", "run_id"):
        assert key in essentials, key
    assert len(essentials["specifics"]["modules"]) == 20


def test_merge_records_counts_each_run_once():
    a = new_record(make_analysis(run_id=1), occ(run_id=1))
    b = new_record(make_analysis(run_id=2), occ(run_id=2, branch="dev"))
    merged = merge_records(a, b)
    assert merged.count == 2 and set(merged.seen) == {"1.1", "2.1"} and set(merged.failing) == {"main", "dev"}
    assert merge_records(merged, b).to_json() == merged.to_json()


def test_clear_branch_and_close():
    record = new_record(make_analysis(run_id=1), occ(run_id=1))
    record, _ = add_occurrence(record, occ(run_id=2, branch="dev"))
    assert clear_branch(record, "dev").failing == ["main"]
    closed = clear_branch(record, "main", closed_by={"run": 9, "sha": "abc"})
    assert closed.failing == [] and closed.closed_by == {"run": 9, "sha": "abc"}
    reopened, _ = add_occurrence(closed, occ(run_id=3), reopening=True)
    assert reopened.closed_by is None and reopened.failing == ["main"] and reopened.count == 3


def test_encoded_json_has_no_angle_brackets_or_ampersands():
    text = encode_block("analysis", {"t": "<>&-->"})
    assert not re.search(r"[<>&]", text.split("\n", 1)[1].rsplit("\n", 1)[0])
