"""Two runs filing the same failure at once end with one issue, without a `concurrency:` group.

The interleavings are forced, not hoped for: a wrapper around the stage's apply step holds each run
after it has gathered (and seen no issue) until the other has too, so both really create.
"""

from __future__ import annotations

import threading

import pytest
from test_open_issue_support import (
    REPO,
    make_analysis,
    open_issue,
    workspace,
    write_analysis,
)

import autoheal.stages.open_issue as stage
from autoheal.stages.open_issue_state import record_of

FINGERPRINT_MARKER = "<!-- autoheal:fingerprint="


def issues_with_fingerprint(sim, state):
    return [i for i in sim.issues(REPO, state=state) if FINGERPRINT_MARKER in (i["body"] or "")]


def run_threads(sim, tmp_path, analyses):
    results = [None] * len(analyses)
    workspaces = []
    for n, analysis in enumerate(analyses):
        ws = tmp_path / f"ws{n}"
        ws.mkdir()
        workspace(ws)
        write_analysis(ws, analysis)
        workspaces.append(ws)

    def worker(n):
        results[n] = open_issue(sim, workspaces[n], {"analysis-file": "analysis.json"})

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(len(analyses))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert all(r is not None and r.exit_code == 0 for r in results), [r and r.stdout for r in results]
    return results


@pytest.fixture
def both_gather_first(monkeypatch):
    """Hold every run at its apply step until two runs have gathered: both decide "create"."""
    barrier = threading.Barrier(2, timeout=30)
    real_apply = stage.apply

    def apply_after_both_gathered(ctx, plan, facts, settings, outcome):
        barrier.wait()
        return real_apply(ctx, plan, facts, settings, outcome)

    monkeypatch.setattr(stage, "apply", apply_after_both_gathered)


def test_two_concurrent_runs_of_the_same_failure_end_with_one_issue(sim, tmp_path, both_gather_first):
    sim.create_repo(REPO)
    results = run_threads(sim, tmp_path, [make_analysis(run_id=1), make_analysis(run_id=2, branch="dev")])
    (issue,) = issues_with_fingerprint(sim, "open")
    record = record_of(issue["body"])
    assert sorted(record.seen) == ["1.1", "2.1"] and record.count == 2  # no run lost
    assert sorted(record.failing) == ["dev", "main"]
    closed = issues_with_fingerprint(sim, "closed")
    assert len(closed) <= 1 and all(c["state_reason"] == "duplicate" for c in closed)
    assert sorted(r.outputs["issue-number"] for r in results) == [str(issue["number"])] * 2
    assert sorted(r.outputs["action"] for r in results) in (["created", "updated"], ["created", "created"])


def test_the_same_event_delivered_twice_at_once_counts_once(sim, tmp_path, both_gather_first):
    sim.create_repo(REPO)
    run_threads(sim, tmp_path, [make_analysis(run_id=7), make_analysis(run_id=7)])
    (issue,) = issues_with_fingerprint(sim, "open")
    assert record_of(issue["body"]).count == 1


def test_a_run_that_loses_the_race_records_itself_on_the_winner(sim, tmp_path, monkeypatch):
    """Run A gathers (no issue), run B files the issue, then A creates: A must fold into B's issue."""
    sim.create_repo(REPO)
    ws_a, ws_b = tmp_path / "a", tmp_path / "b"
    for ws, analysis in ((ws_a, make_analysis(run_id=1)), (ws_b, make_analysis(run_id=2))):
        ws.mkdir()
        workspace(ws)
        write_analysis(ws, analysis)
    real_apply = stage.apply
    calls = []

    def b_runs_in_between(ctx, plan, facts, settings, outcome):
        if not calls:
            calls.append("a")
            calls.append(open_issue(sim, ws_b, {"analysis-file": "analysis.json"}))
        return real_apply(ctx, plan, facts, settings, outcome)

    monkeypatch.setattr(stage, "apply", b_runs_in_between)
    a = open_issue(sim, ws_a, {"analysis-file": "analysis.json"})
    b = calls[1]
    assert b.outputs["action"] == "created" and a.outputs["action"] == "updated"
    assert a.outputs["issue-number"] == b.outputs["issue-number"]
    assert "concurrent run filed issue" in a.outputs["reason"]
    (issue,) = issues_with_fingerprint(sim, "open")
    assert record_of(issue["body"]).count == 2
    (dup,) = issues_with_fingerprint(sim, "closed") or [i for i in sim.issues(REPO, "closed")]
    assert dup["state_reason"] == "duplicate" and f"Duplicate of #{issue['number']}" in dup["body"]
    # And the next run sees one issue and nothing left to do.
    again = open_issue(sim, ws_a, {"analysis-file": "analysis.json"})
    assert again.outputs["action"] == "skipped"


def test_free_running_threads_keep_the_invariant(sim, tmp_path):
    sim.create_repo(REPO)
    run_threads(sim, tmp_path, [make_analysis(run_id=n) for n in (11, 12, 13, 14)])
    assert len(issues_with_fingerprint(sim, "open")) == 1
