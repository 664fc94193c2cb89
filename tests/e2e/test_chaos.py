"""Chaos run (issue 12): failures and green runs across 10 workflows through the full chain, under faults.

One run per module (a smaller version of `benchmarks/chaos.py`): failed runs go through `heal`
(analyze-failure -> open-issue -> draft-pr -> copilot-review), green runs through `open-issue`, some
deliveries twice at once, with random 5xx, secondary and primary rate limits, lost responses after
committed writes and slow answers. Each test then asserts one family of invariants from the
simulator's state (see chaos_oracle.py): one issue per fingerprint, occurrences counted exactly, at
most one PR per issue, no duplicate comments, green runs closed their issues, the config's hourly
caps held on the fake clock, no token anywhere.

A family whose only findings are known, precisely named limitations (chaos_bugs.py) is marked xfail with
the description; every other finding fails. Each bug the chaos run found has a deterministic
reproduction below, kept as a regression test once fixed.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from autoheal.analysis import analyze
from autoheal.invoke import invoke
from support.template_tokens import template_token

from .chaos_bugs import explained_by
from .chaos_engine import ChaosRun, ChaosSettings, Report, fake_sleep
from .chaos_oracle import (
    CAP,
    DELIVERY,
    DUP_COMMENT,
    DUP_ISSUE,
    DUP_PR,
    LOST,
    NOT_CLOSED,
    NOT_REOPENED,
    ORPHAN,
    OVERHELD,
    TOKEN,
    UNSTABLE,
    WRONG_ISSUE,
    Caps,
    Ledger,
    Oracle,
    max_in_hour,
)
from .chaos_state import IssueView, autoheal_issues, autoheal_pulls
from .chaos_world import DEMO_LOGS, REPO, WORKFLOWS, log_text, repo_files

SETTINGS = ChaosSettings(events=90, seed=20260105, twin_share=0.08)


@pytest.fixture(scope="module")
def chaos(sim_server, tmp_path_factory) -> Report:
    sim_server.reset()
    try:
        return ChaosRun(sim_server, SETTINGS, workdir=tmp_path_factory.mktemp("chaos")).run()
    finally:
        sim_server.reset()


def assert_none(report: Report, *kinds: str) -> None:
    """No finding of these kinds — or, when every finding is a known bug, xfail naming it."""
    found = report.of(*kinds)
    if not found:
        return
    listing = "\n".join(f"  - {v}" for v in found)
    bugs = explained_by(found)
    if bugs:
        pytest.xfail("known bug(s): " + " || ".join(b.reason for b in bugs) + f"\nfindings:\n{listing}")
    involved = {v.event for v in found}
    trace = [line for line in report.trace if int(line[:3]) in involved]
    pytest.fail(f"{len(found)} finding(s):\n{listing}\nevents involved:\n" + "\n".join(trace), pytrace=False)


# -- the run was really chaotic (so the assertions below mean something) ------------------------------

def test_the_run_covered_every_kind_of_event_and_fault(chaos: Report) -> None:
    assert chaos.events == SETTINGS.events
    assert chaos.failures and chaos.greens and chaos.failures + chaos.greens == chaos.events
    assert chaos.concurrent_pairs >= 3, "same-run concurrent deliveries"
    assert chaos.twin_pairs >= 3, "two distinct runs of one failure at once (no concurrency group)"
    assert chaos.attempt_reruns >= 1, "a watched run re-run (attempt 2)"
    assert len(chaos.trace) == chaos.events, "one trace line per event"
    fired = {kind for kind, n in chaos.faults_fired.items() if n}
    assert {"5xx", "secondary_rate_limit", "lost_response", "slow"} <= fired, chaos.faults_fired
    assert chaos.retries >= 5 and chaos.waited_seconds > 0, "the gateways backed off on the fake clock"
    assert chaos.reruns >= 1, "a fault the gateway could not ride out failed a delivery, which was re-run"
    # Every decision open-issue can take was exercised, the hourly cap included (it binds, yet all
    # the fingerprints that should get an issue got one).
    assert {"create", "record", "capped", "gated"} <= set(chaos.expectations), chaos.expectations
    assert chaos.outcomes["green run: closed"] >= 2 and chaos.outcomes["heal: issue+pr"] >= 2, chaos.outcomes
    assert chaos.fingerprints >= 8 and chaos.occurrences > chaos.fingerprints
    assert {"max_issues_per_hour", "max_prs_per_hour"} <= set(chaos.held_back), "each cap held something back"


def test_every_delivery_succeeded_or_recovered_after_one_rerun(chaos: Report) -> None:
    assert_none(chaos, DELIVERY)
    assert chaos.rerun_failed == 0


def test_fingerprints_are_stable_and_distinct(chaos: Report) -> None:
    assert_none(chaos, UNSTABLE)


def test_exactly_one_issue_per_distinct_fingerprint(chaos: Report) -> None:
    assert_none(chaos, DUP_ISSUE, WRONG_ISSUE)


def test_occurrences_counted_exactly(chaos: Report) -> None:
    assert_none(chaos, LOST)


def test_at_most_one_pr_per_issue_and_no_half_done_fix(chaos: Report) -> None:
    assert_none(chaos, DUP_PR, ORPHAN)


def test_no_duplicate_comments(chaos: Report) -> None:
    assert_none(chaos, DUP_COMMENT)


def test_every_green_run_closed_its_issues_and_every_regression_reopened_one(chaos: Report) -> None:
    assert_none(chaos, NOT_CLOSED, NOT_REOPENED)


def test_rate_limits_from_the_config_never_exceeded(chaos: Report) -> None:
    assert_none(chaos, CAP)


def test_caps_hold_back_only_when_reached(chaos: Report) -> None:
    assert_none(chaos, OVERHELD)


def test_no_token_in_any_output_or_body(chaos: Report) -> None:
    assert_none(chaos, TOKEN)


# -- deterministic reproductions of what the chaos run found (regression tests) ---------------------------------

BOT = "ghs_reproToken000000000000000000000000001"
COPILOT = "ghu_reproCopilotToken0000000000000000002"
CLOSE = "ghs_reproCloseToken00000000000000000000003"


def seeded(sim, *, max_issues_per_hour: int = 10, max_handoffs_per_hour: int = 5,
           max_comments_per_hour: int = 30) -> None:
    settings = ChaosSettings(max_issues_per_hour=max_issues_per_hour, max_prs_per_hour=5,
                             max_handoffs_per_hour=max_handoffs_per_hour, max_comments_per_hour=max_comments_per_hour)
    template_token(sim, "autoheal.yml", "heal", token=BOT)  # analyze-failure -> open-issue -> draft-pr, heal
    template_token(sim, "autoheal.yml", "close-when-green", token=CLOSE)
    sim.create_repo(REPO, files=repo_files(settings.config_yaml()))


def failed_run(sim, log: Path, step: str = "Run pytest -q tests") -> int:
    wf = WORKFLOWS[0]
    return sim.add_run(REPO, workflow=wf.name, conclusion="failure", created_at=sim.clock.now(),
                       jobs=[{"name": wf.job, "conclusion": "failure",
                              "steps": [{"name": step, "conclusion": "failure"}], "log": log_text(log)}])


def analysis_file(sim, tmp_path: Path, run_id: int, log: Path) -> str:
    """The analysis JSON analyze-failure would write for the run (pure analyzer + the run fields)."""
    run = sim.run(run_id)
    data = analyze(log_text(log), workflow=run["name"], job=WORKFLOWS[0].job).to_dict()
    data.update(workflow=run["name"], run_id=run_id, run_attempt=1, run_url=run["html_url"],
                head_branch=run["head_branch"], head_sha=run["head_sha"], repo=REPO, created_at=run["created_at"])
    (tmp_path / "analysis.json").write_text(json.dumps(data), encoding="utf-8")
    return "analysis.json"


def twice_at_once(fn) -> list:
    """Call fn() in two threads released together (one workflow_run delivered twice)."""
    barrier, results = threading.Barrier(2), [None, None]

    def worker(slot: int) -> None:
        barrier.wait()
        results[slot] = fn()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def open_issue(sim, tmp_path: Path, name: str):
    return invoke("open-issue", {"analysis-file": name}, api_url=sim.base_url, token=BOT, repo=REPO,
                  workspace=tmp_path, gateway_options={"sleep": fake_sleep(sim)})


def test_heal_rerun_after_a_failed_draft_pr_opens_the_pr(sim, tmp_path) -> None:
    seeded(sim)
    log = DEMO_LOGS / "ci-missing-yaml.log"
    run_id = failed_run(sim, log)
    common = {"api_url": sim.base_url, "token": BOT, "repo": REPO, "workspace": tmp_path,
              "event_name": "workflow_run", "event": {"action": "completed", "workflow_run": sim.run(run_id)},
              "gateway_options": {"sleep": fake_sleep(sim)}}
    # GitHub refuses the PR creation for longer than autoheal waits: draft-pr fails after pushing its branch.
    sim.faults.add("secondary_rate_limit", method="POST", path=r"/pulls$", retry_after=600)
    first = invoke("heal", {"run-id": run_id}, **common)
    assert first.exit_code == 1 and "rate limited" in first.stdout
    assert [p for p in sim.pulls(REPO)] == [] and any(b.startswith("autoheal/") for b in sim.branches(REPO))
    again = invoke("heal", {"run-id": run_id}, **common)  # the person re-runs the failed job
    assert again.exit_code == 0
    assert len(autoheal_issues(sim, REPO)) == 1
    assert again.outputs.get("pr-number"), again.stdout[-1500:]
    assert len(autoheal_pulls(sim, REPO)) == 1


def test_the_same_repeat_delivered_twice_at_once_comments_once(sim, tmp_path) -> None:
    seeded(sim)
    first_log, repeat_log = DEMO_LOGS / "ci-missing-yaml.log", DEMO_LOGS / "ci-missing-yaml-repeat.log"
    created = open_issue(sim, tmp_path, analysis_file(sim, tmp_path, failed_run(sim, first_log), first_log))
    assert created.outputs["action"] == "created"
    sim.clock.advance(minutes=10)
    repeat = failed_run(sim, repeat_log)
    name = analysis_file(sim, tmp_path, repeat, repeat_log)
    data = json.loads((tmp_path / name).read_text())
    data["head_branch"] = "feat/new"  # a branch not seen before: a material change, so a comment is due
    (tmp_path / name).write_text(json.dumps(data))
    # Both deliveries read the issue before either update lands (GitHub is slow to answer the PATCH).
    sim.faults.add("slow", method="PATCH", path=r"/issues/\d+$", delay=0.5, times=2)
    results = twice_at_once(lambda: open_issue(sim, tmp_path, name))
    assert [r.exit_code for r in results] == [0, 0]
    (issue,) = autoheal_issues(sim, REPO)
    assert issue.record is not None and issue.record.count == 2
    repeat_comments = [c for c in sim.comments(REPO, issue.number) if f"comment=repeat-{repeat}.1" in c["body"]]
    assert len(repeat_comments) == 1, f"{len(repeat_comments)} repeat comments for one run"


def test_a_new_failure_delivered_twice_at_once_files_one_issue(sim, tmp_path) -> None:
    seeded(sim, max_issues_per_hour=1)
    log = DEMO_LOGS / "ci-missing-yaml.log"
    name = analysis_file(sim, tmp_path, failed_run(sim, log), log)
    sim.faults.add("slow", method="POST", path=r"/issues$", delay=0.5, times=2)
    results = twice_at_once(lambda: open_issue(sim, tmp_path, name))
    assert [r.exit_code for r in results] == [0, 0]
    issues = autoheal_issues(sim, REPO)
    assert len(issues) == 1, f"{len(issues)} issues created with max_issues_per_hour: 1"  # avoided, not resolved
    assert issues[0].open and issues[0].record is not None and issues[0].record.count == 1
    assert sorted(r.outputs["action"] for r in results) == ["created", "skipped"]
    assert [n for n in sim.labels(REPO) if n.startswith("autoheal-lock-")] == []


def test_two_draft_prs_for_one_issue_at_once_comment_once(sim, tmp_path) -> None:
    seeded(sim)
    log = DEMO_LOGS / "ci-missing-yaml.log"
    filed = open_issue(sim, tmp_path, analysis_file(sim, tmp_path, failed_run(sim, log), log))
    number = int(filed.outputs["issue-number"])
    # Both runs look for the sticky comment before either one's comment lands.
    sim.faults.add("slow", method="POST", path=r"/issues/\d+/comments$", delay=0.5, times=2)
    results = twice_at_once(lambda: invoke("draft-pr", {"issue-number": number}, api_url=sim.base_url, token=BOT,
                                           repo=REPO, workspace=tmp_path))
    assert [r.exit_code for r in results] == [0, 0]
    assert len(autoheal_pulls(sim, REPO)) == 1  # the PR itself is not duplicated...
    sticky = [c for c in sim.comments(REPO, number) if "autoheal:sticky=draft-pr" in c["body"]]
    assert len(sticky) == 1, f"{len(sticky)} sticky draft-pr comments on issue {number}"  # ...its comment is


def test_an_old_hand_off_does_not_count_against_this_hours_cap(sim, tmp_path) -> None:
    seeded(sim, max_handoffs_per_hour=1)
    sim.add_token(COPILOT, login="octocat", kind="user")
    sim.set_repo_option(REPO, copilot_agent="enabled")
    ci, node = WORKFLOWS[0], next(wf for wf in WORKFLOWS if wf.name == "Node")

    def heal(wf, log: Path, step: str):
        run_id = sim.add_run(REPO, workflow=wf.name, conclusion="failure", created_at=sim.clock.now(),
                             jobs=[{"name": wf.job, "conclusion": "failure",
                                    "steps": [{"name": step, "conclusion": "failure"}], "log": log_text(log)}])
        return invoke("heal", {"run-id": run_id, "copilot-token": COPILOT}, api_url=sim.base_url, token=BOT, repo=REPO,
                      workspace=tmp_path, event={"action": "completed", "workflow_run": sim.run(run_id)},
                      event_name="workflow_run")

    first = heal(ci, DEMO_LOGS / "ci-missing-yaml.log", "Run pytest -q tests")
    assert first.outputs["mode"] == "coding_agent", first.stdout[-1500:]
    sim.clock.advance(minutes=65)  # that hand-off is now more than an hour old
    repeat = heal(ci, DEMO_LOGS / "ci-missing-yaml-repeat.log", "Run pytest -q tests")
    assert repeat.outputs["pr-number"] == first.outputs["pr-number"]
    sim.clock.advance(minutes=5)
    other = heal(node, node.kinds[0].logs[0], node.kinds[0].step)
    assert other.outputs["pr-number"] and other.outputs["pr-number"] != first.outputs["pr-number"], other.stdout[-1500:]
    # 0 hand-offs in the last hour, the cap is 1: this one must go through.
    assert other.outputs["mode"] == "coding_agent", other.stdout[-1500:]


def green_run(sim) -> int:
    wf = WORKFLOWS[0]
    return sim.add_run(REPO, workflow=wf.name, conclusion="success", created_at=sim.clock.now(),
                       jobs=[{"name": wf.job, "conclusion": "success",
                              "steps": [{"name": "Run pytest -q tests", "conclusion": "success"}],
                              "log": log_text(wf.green_log)}])


def test_a_rerun_of_a_green_run_posts_the_closing_comment(sim, tmp_path) -> None:
    seeded(sim)
    log = DEMO_LOGS / "ci-missing-yaml.log"
    number = int(open_issue(sim, tmp_path, analysis_file(sim, tmp_path, failed_run(sim, log), log))
                 .outputs["issue-number"])
    sim.clock.advance(minutes=10)
    green = green_run(sim)
    common = {"api_url": sim.base_url, "token": BOT, "repo": REPO, "workspace": tmp_path,
              "event_name": "workflow_run", "event": {"action": "completed", "workflow_run": sim.run(green)},
              "gateway_options": {"sleep": fake_sleep(sim)}}
    # The issue is closed, then GitHub asks to wait 10 minutes before the comment: the job fails.
    sim.faults.add("secondary_rate_limit", method="POST", path=r"/issues/\d+/comments$", retry_after=600)
    first = invoke("open-issue", {"run-id": green}, **common)
    assert first.exit_code == 1
    again = invoke("open-issue", {"run-id": green}, **common)  # the person re-runs the failed job
    assert again.exit_code == 0
    (issue,) = autoheal_issues(sim, REPO)
    assert issue.state == "closed" and issue.state_reason == "completed"
    closing = [c for c in sim.comments(REPO, number) if f"autoheal:comment=closed-{green}" in c["body"]]
    assert len(closing) == 1, "the comment naming the fixing commit was never posted"


def test_a_rerun_of_a_regression_posts_the_regressed_comment(sim, tmp_path) -> None:
    seeded(sim)
    log, repeat_log = DEMO_LOGS / "ci-missing-yaml.log", DEMO_LOGS / "ci-missing-yaml-repeat.log"
    number = int(open_issue(sim, tmp_path, analysis_file(sim, tmp_path, failed_run(sim, log), log))
                 .outputs["issue-number"])
    sim.clock.advance(minutes=10)
    green = green_run(sim)
    closed = invoke("open-issue", {"run-id": green}, api_url=sim.base_url, token=CLOSE, repo=REPO, workspace=tmp_path,
                    event_name="workflow_run", event={"action": "completed", "workflow_run": sim.run(green)})
    assert closed.outputs["action"] == "closed"
    sim.clock.advance(minutes=10)
    regressed = failed_run(sim, repeat_log)
    name = analysis_file(sim, tmp_path, regressed, repeat_log)
    sim.faults.add("secondary_rate_limit", method="POST", path=r"/issues/\d+/comments$", retry_after=600)
    assert open_issue(sim, tmp_path, name).exit_code == 1  # reopened, then stopped before the comment
    again = open_issue(sim, tmp_path, name)  # the person re-runs the failed job
    assert again.exit_code == 0
    (issue,) = autoheal_issues(sim, REPO)
    assert issue.open and issue.record is not None and issue.record.count == 2
    said = [c for c in sim.comments(REPO, number) if f"autoheal:comment=regressed-{regressed}.1" in c["body"]]
    assert len(said) == 1, "the issue was reopened without the comment saying it regressed"


def test_comments_stop_at_max_comments_per_hour(sim, tmp_path) -> None:
    seeded(sim, max_comments_per_hour=1)
    first, repeat = DEMO_LOGS / "ci-missing-yaml.log", DEMO_LOGS / "ci-missing-yaml-repeat.log"
    open_issue(sim, tmp_path, analysis_file(sim, tmp_path, failed_run(sim, first), first))
    for branch in ("feat/a", "feat/b"):  # a branch seen for the first time is a material change: a comment is due
        sim.clock.advance(minutes=5)
        name = analysis_file(sim, tmp_path, failed_run(sim, repeat), repeat)
        data = json.loads((tmp_path / name).read_text())
        (tmp_path / name).write_text(json.dumps({**data, "head_branch": branch}))
        assert open_issue(sim, tmp_path, name).outputs["action"] == "updated"
    (issue,) = autoheal_issues(sim, REPO)
    assert len(sim.comments(REPO, issue.number)) <= 1, "more comments within the hour than max_comments_per_hour"


def test_an_unknown_failure_has_one_fingerprint_on_every_branch(sim, tmp_path) -> None:
    seeded(sim)
    release = next(wf for wf in WORKFLOWS if wf.name == "Release")
    unknown = release.kinds[0]
    common = {"api_url": sim.base_url, "token": BOT, "repo": REPO, "workspace": tmp_path}

    def run_on(branch: str, conclusion: str, log: Path) -> int:
        return sim.add_run(REPO, workflow=release.name, branch=branch, conclusion=conclusion,
                           created_at=sim.clock.now(),
                           jobs=[{"name": release.job, "conclusion": conclusion,
                                  "steps": [{"name": unknown.step, "conclusion": conclusion}],
                                  "log": log_text(log)}])

    run_on("main", "success", release.green_log)  # main has a green run; feat/x has none yet
    sim.clock.advance(minutes=5)
    on_main = invoke("analyze-failure", {"run-id": run_on("main", "failure", unknown.logs[0])}, **common)
    on_branch = invoke("analyze-failure", {"run-id": run_on("feat/x", "failure", unknown.logs[0])}, **common)
    assert on_main.outputs["category"] == on_branch.outputs["category"] == "unknown"
    assert on_main.outputs["fingerprint"] == on_branch.outputs["fingerprint"], "same log, same job, same failure"


# -- the checks catch what they claim to (so a clean chaos run means something) ------------------------

def test_the_ledger_catches_planted_duplicates_orphans_exceeded_caps_and_tokens(sim) -> None:
    seeded(sim)
    ledger = Ledger(sim, REPO, Caps(issues=1, pulls=5, handoffs=5, comments=2), (BOT,), [])
    ledger.sweep(0)
    assert ledger.violations == [], "a fresh repository is clean"
    repo = sim.github().get_repo(REPO)
    tracked = "<!-- autoheal:fingerprint=abcd1234 -->\nbody"
    first = repo.create_issue("one", body=tracked, labels=["autoheal"])
    repo.create_issue("two", body=f"{tracked}\nleaked {BOT}", labels=["autoheal"])  # same failure, and a token
    for text in ("a", "b"):  # one hidden comment key, twice
        first.create_comment(f"{text}\n<!-- autoheal:comment=repeat-7.1 -->")
    first.create_comment("c")  # three comments within the hour; the cap is 2
    for branch in ("autoheal/1-fix", "autoheal/1-again", "autoheal/9-orphan"):
        sim.commit_files(REPO, branch, {"x.txt": branch})
    for branch in ("autoheal/1-fix", "autoheal/1-again"):  # two PRs for issue 1
        repo.create_pull(title=branch, body="<!-- autoheal:issue=1 -->", head=branch, base="main", draft=True)
    ledger.sweep(1, concurrent=True)
    found = {(v.kind, v.event, v.concurrent) for v in ledger.violations}
    assert found == {(kind, 1, True) for kind in (DUP_ISSUE, DUP_COMMENT, DUP_PR, ORPHAN, CAP, TOKEN)}, found
    assert {v.message for v in ledger.violations if v.kind == CAP} == {
        "2 issues created in the hour up to 12:00:00 (limit 1)",
        "3 comments created in the hour up to 12:00:00 (limit 2)",
    }
    ledger.sweep(2)
    assert len({(v.kind, v.message) for v in ledger.violations}) == len(ledger.violations) == 7, "each reported once"


def test_the_oracle_predicts_open_issue_from_the_state_before(sim) -> None:
    from datetime import timedelta

    oracle = Oracle(min_confidence=60, max_issues_per_hour=2, reopen_window_days=14)
    now = sim.clock.now()

    def issue(number: int, fingerprint: str, *, minutes_ago: float, state: str = "open", reason=None,
              closed_days_ago: float | None = None) -> IssueView:
        closed = now - timedelta(days=closed_days_ago) if closed_days_ago is not None else None
        return IssueView(number, state, reason, now - timedelta(minutes=minutes_ago), closed, fingerprint, None, None,
                         ("autoheal",), "t", "")

    expect = oracle.expect_failure
    assert expect([], "fp", 59, now, now) == "gated"
    assert expect([], "fp", 60, now, now) == "create"
    assert expect([issue(1, "fp", minutes_ago=300)], "fp", 90, now, now) == "record"
    assert expect([issue(1, "fp", minutes_ago=300, state="closed", reason="completed", closed_days_ago=3)],
                  "fp", 90, now, now) == "record", "a regression within the window reopens"
    assert expect([issue(1, "fp", minutes_ago=300, state="closed", reason="completed", closed_days_ago=20)],
                  "fp", 90, now, now) == "create", "outside the window it is a new issue"
    full = [issue(1, "a", minutes_ago=50), issue(2, "b", minutes_ago=10)]
    assert expect(full, "fp", 90, now, now) == "capped"
    assert expect(full, "fp", 90, now, now + timedelta(minutes=15)) == "either", "the hour ends during the event"
    assert expect(full, "fp", 90, now + timedelta(minutes=15), now + timedelta(minutes=15)) == "create"
    assert max_in_hour([now, now + timedelta(minutes=59), now + timedelta(minutes=61)])[0] == 2
    assert max_in_hour([now, now + timedelta(minutes=60)])[0] == 2, "the window includes its start, like the gate"
