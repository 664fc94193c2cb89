"""Two runs filing the same failure at once file one issue, without a `concurrency:` group.

The interleavings are forced, not hoped for: a wrapper around the failure lock holds each run after it
has gathered (and decided to create) until the other has too, so both really race for the lock; the
loser waits, decides again on what the winner left, and records itself there. When the lock cannot be
had in time, the older create-then-reconcile path still ends with one open issue.
"""

from __future__ import annotations

import threading

import pytest
from .test_open_issue_support import (
    REPO,
    make_analysis,
    open_issue,
    workspace,
    write_analysis,
)

import autoheal.stages.open_issue.apply as stage_github
import autoheal.stages.open_issue.lock as lock_module
from autoheal.stages.open_issue.lock import FailureLock, lock_name
from autoheal.stages.open_issue.state import record_of

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


def lock_labels(sim):
    return [name for name in sim.labels(REPO) if name.startswith("autoheal-lock-")]


@pytest.fixture
def both_gather_first(monkeypatch):
    hold_at_the_lock(monkeypatch)


def hold_at_the_lock(monkeypatch):
    """Hold every run at the lock until two runs have gathered and decided (both decide the same writes)."""
    barrier = threading.Barrier(2, timeout=30)
    real_acquire = FailureLock.acquire

    def acquire_after_both_decided(self):
        barrier.wait()
        return real_acquire(self)

    monkeypatch.setattr(FailureLock, "acquire", acquire_after_both_decided)
    monkeypatch.setattr(lock_module, "WAIT_SCHEDULE", (0.05,) * 200)


def test_two_concurrent_runs_of_the_same_failure_file_one_issue(sim, tmp_path, both_gather_first):
    sim.create_repo(REPO)
    results = run_threads(sim, tmp_path, [make_analysis(run_id=1), make_analysis(run_id=2, branch="dev")])
    (issue,) = issues_with_fingerprint(sim, "open")
    record = record_of(issue["body"])
    assert sorted(record.seen) == ["1.1", "2.1"] and record.count == 2  # no run lost
    assert sorted(record.failing) == ["dev", "main"]
    assert len(sim.issues(REPO, state="all")) == 1  # not even a duplicate closed afterwards
    assert sorted(r.outputs["issue-number"] for r in results) == [str(issue["number"])] * 2
    assert sorted(r.outputs["action"] for r in results) == ["created", "updated"]
    assert lock_labels(sim) == []


def test_two_repeats_of_one_failure_at_once_are_both_counted(sim, tmp_path, monkeypatch):
    """Two runs on one branch (no `concurrency:` group): without the lock the later PATCH of the body
    would overwrite the earlier and lose an occurrence."""
    sim.create_repo(REPO)
    first = tmp_path / "first"
    first.mkdir()
    workspace(first)
    write_analysis(first, make_analysis(run_id=1))
    assert open_issue(sim, first, {"analysis-file": "analysis.json"}).outputs["action"] == "created"
    hold_at_the_lock(monkeypatch)
    results = run_threads(sim, tmp_path, [make_analysis(run_id=2), make_analysis(run_id=3)])
    (issue,) = sim.issues(REPO, state="all")
    assert sorted(record_of(issue["body"]).seen) == ["1.1", "2.1", "3.1"]
    assert [r.outputs["action"] for r in results] == ["updated", "updated"]
    assert sim.comments(REPO, issue["number"]) == []  # same branch, nothing material: no notification
    assert lock_labels(sim) == []


def test_the_same_event_delivered_twice_at_once_files_once(sim, tmp_path, both_gather_first):
    sim.create_repo(REPO)
    results = run_threads(sim, tmp_path, [make_analysis(run_id=7), make_analysis(run_id=7)])
    (issue,) = sim.issues(REPO, state="all")
    assert record_of(issue["body"]).count == 1
    assert sorted(r.outputs["action"] for r in results) == ["created", "skipped"]
    assert all(r.outputs["issue-number"] == str(issue["number"]) for r in results)  # heal goes on from both


def test_a_run_that_decided_before_another_filed_records_itself_there(sim, tmp_path, monkeypatch):
    """Run A gathers (no issue) and decides to create; run B files the issue; then A takes the lock:
    A decides again under it and records its run on B's issue instead of filing a second one."""
    sim.create_repo(REPO)
    ws_a, ws_b = tmp_path / "a", tmp_path / "b"
    for ws, analysis in ((ws_a, make_analysis(run_id=1)), (ws_b, make_analysis(run_id=2))):
        ws.mkdir()
        workspace(ws)
        write_analysis(ws, analysis)
    real_acquire = FailureLock.acquire
    calls = []

    def b_runs_in_between(self):
        if not calls:
            calls.append("a")
            calls.append(open_issue(sim, ws_b, {"analysis-file": "analysis.json"}))
        return real_acquire(self)

    monkeypatch.setattr(FailureLock, "acquire", b_runs_in_between)
    a = open_issue(sim, ws_a, {"analysis-file": "analysis.json"})
    b = calls[1]
    assert b.outputs["action"] == "created" and a.outputs["action"] == "updated"
    assert a.outputs["issue-number"] == b.outputs["issue-number"]
    (issue,) = sim.issues(REPO, state="all")
    assert record_of(issue["body"]).count == 2
    again = open_issue(sim, ws_a, {"analysis-file": "analysis.json"})
    assert again.outputs["action"] == "skipped"


def test_without_the_lock_in_time_a_race_still_ends_with_one_open_issue(sim, tmp_path, monkeypatch):
    """A holder that hangs (its lock fresh, never released): the run waits out the schedule, warns, and
    files anyway; a racing filer is then folded in by the create-then-reconcile path."""
    sim.create_repo(REPO)
    monkeypatch.setattr(lock_module, "WAIT_SCHEDULE", (0.01, 0.01))
    ws_a, ws_b = tmp_path / "a", tmp_path / "b"
    for ws, analysis in ((ws_a, make_analysis(run_id=1)), (ws_b, make_analysis(run_id=2))):
        ws.mkdir()
        workspace(ws)
        write_analysis(ws, analysis)
    fingerprint = make_analysis()["fingerprint"]
    now = sim.clock.now().strftime("%Y-%m-%dT%H:%M:%SZ")
    sim.github().get_repo(REPO).create_label(lock_name(fingerprint), "ededed", f"autoheal lock x (run 0) since {now}")
    real_create = stage_github.create_issue
    calls = []

    def b_files_in_between(ctx, args, facts, settings, outcome, *, locked=False):
        if not calls:
            calls.append("a")
            calls.append(open_issue(sim, ws_b, {"analysis-file": "analysis.json"}))
        return real_create(ctx, args, facts, settings, outcome, locked=locked)

    monkeypatch.setattr(stage_github, "create_issue", b_files_in_between)
    a = open_issue(sim, ws_a, {"analysis-file": "analysis.json"})
    b = calls[1]
    assert "going on without it" in a.stdout and "going on without it" in b.stdout
    (issue,) = issues_with_fingerprint(sim, "open")
    assert record_of(issue["body"]).count == 2
    (dup,) = [i for i in sim.issues(REPO, state="closed")]
    assert dup["state_reason"] == "duplicate" and f"Duplicate of #{issue['number']}" in dup["body"]
    assert "concurrent run filed issue" in a.outputs["reason"]
    assert lock_labels(sim) == [lock_name(fingerprint)]  # the hung holder's lock is not ours to delete


def test_a_stale_lock_left_by_a_dead_holder_is_broken(sim, tmp_path):
    sim.create_repo(REPO)
    ws = workspace(tmp_path)
    write_analysis(ws, make_analysis(run_id=3))
    fingerprint = make_analysis()["fingerprint"]
    old = (sim.clock.now() - lock_module.STALE_AFTER * 2).strftime("%Y-%m-%dT%H:%M:%SZ")
    sim.github().get_repo(REPO).create_label(lock_name(fingerprint), "ededed", f"autoheal lock x (run 0) since {old}")
    result = open_issue(sim, ws, {"analysis-file": "analysis.json"})
    assert result.outputs["action"] == "created" and "going on without it" not in result.stdout
    assert lock_labels(sim) == []


def test_a_lost_response_to_taking_the_lock_is_recognised_as_ours(sim, tmp_path):
    sim.create_repo(REPO)
    ws = workspace(tmp_path)
    write_analysis(ws, make_analysis(run_id=4))
    sim.faults.add("lost_response", method="POST", path=r"/labels$", times=1)
    result = open_issue(sim, ws, {"analysis-file": "analysis.json"}, gateway_options={"sleep": lambda s: None})
    assert result.exit_code == 0 and result.outputs["action"] == "created", result.stdout
    assert "going on without it" not in result.stdout
    assert len(sim.issues(REPO, state="all")) == 1 and lock_labels(sim) == []


def test_free_running_threads_keep_the_invariant(sim, tmp_path, monkeypatch):
    monkeypatch.setattr(lock_module, "WAIT_SCHEDULE", (0.02,) * 500)
    sim.create_repo(REPO)
    run_threads(sim, tmp_path, [make_analysis(run_id=n) for n in (11, 12, 13, 14)])
    (issue,) = sim.issues(REPO, state="all")
    assert record_of(issue["body"]).count == 4
    assert lock_labels(sim) == []


def test_a_lock_other_deliveries_keep_trading_does_not_hold_a_waiter_forever():
    """Taken on every POST, gone on every look: the immediate retries are bounded like the waits."""

    class Traded(FailureLock):
        def __init__(self):
            super().__init__(gw=None, fingerprint="f" * 16, owner="run 1")
            self.tries = 0

        def _create(self):
            self.tries += 1
            return False

        def _description(self):
            return None

    lock = Traded()
    assert lock.acquire() is False and not lock.held
    assert lock.tries == 2 * len(lock_module.WAIT_SCHEDULE) + 2
