"""The chaos run: replay failure/success events through the full chain under random faults, then judge.

For each event the engine seeds the completed run in the simulator and delivers it exactly as the
consumer templates would: a failed run runs `heal` (analyze-failure -> open-issue -> draft-pr ->
copilot-review), a green run runs `open-issue` with the run id (which closes issues). Some failed runs
are delivered twice at once (a re-delivered or double-triggered `workflow_run`: two threads), with
random faults scripted into the simulator. A delivery that fails while an injected fault fired is
re-run once, as a person would re-run the job. Gateway back-off never sleeps: it advances the
simulator's fake clock, so rate-limit windows stay honest and the run is fast.

`Oracle` predicts open-issue's decision for each failure from the state before it; `Ledger` re-checks
every invariant over the whole simulator after every event (see chaos_oracle.py).
"""

from __future__ import annotations

import random
import shutil
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from autoheal.invoke import Invocation, invoke
from support.template_tokens import template_token

from .chaos_faults import FaultInjector
from .chaos_oracle import (
    DELIVERY,
    DUPLICATE_KINDS,
    LOST,
    NOT_CLOSED,
    NOT_REOPENED,
    OVERHELD,
    UNSTABLE,
    WRONG_ISSUE,
    Caps,
    Ledger,
    Oracle,
    Violation,
)
from .chaos_state import (
    autoheal_issues,
    autoheal_pulls,
    by_fingerprint,
    comments_on,
    handoff_times,
)
from .chaos_world import (
    DEFAULT_BRANCH,
    REPO,
    WORKFLOWS,
    Event,
    Schedule,
    log_text,
    make_schedule,
    repo_files,
)

CAP_KEYS = ("max_issues_per_hour", "max_prs_per_hour", "max_handoffs_per_hour")
BOT_TOKEN = "ghs_chaosGithubToken0000000000000000000001"  # the heal job's GITHUB_TOKEN (templates/autoheal.yml)
CLOSE_TOKEN = "ghs_chaosCloseToken00000000000000000000003"  # the close-when-green job's
COPILOT_TOKEN = "ghu_chaosCopilotUserToken00000000000000002"


def fake_sleep(sim: Any) -> Any:
    """The gateways' sleep (back-off, waiting for a lock): move GitHub's (the simulator's) clock by the
    whole wait, and let a hundredth of it (at most 0.1 s) pass for real, so the other delivery of a
    concurrent pair — a thread doing real HTTP — gets on meanwhile, as it would on a runner."""
    def sleep(seconds: float) -> None:
        sim.clock.advance(seconds=max(0.0, seconds))
        time.sleep(min(max(0.0, seconds) / 100, 0.1))

    return sleep


@dataclass(frozen=True)
class ChaosSettings:
    """Size of the run and the config it is judged against (caps set to bind, yet reachable)."""

    events: int = 200
    seed: int = 20260105
    workflows: int = len(WORKFLOWS)
    kinds_per_workflow: int = 4
    fault_probability: float = 0.6
    concurrent_share: float = 0.12
    twin_share: float = 0.0
    mean_gap_minutes: float = 4.0
    min_confidence: int = 60
    pr_min_confidence: int = 60
    max_issues_per_hour: int = 4
    max_prs_per_hour: int = 1
    max_handoffs_per_hour: int = 1
    max_comments_per_hour: int = 10
    reopen_window_days: int = 14

    def config_yaml(self) -> str:
        return (
            f"min_confidence: {self.min_confidence}\n"
            "rate_limits:\n"
            f"  max_issues_per_hour: {self.max_issues_per_hour}\n"
            f"  max_prs_per_hour: {self.max_prs_per_hour}\n"
            f"  max_handoffs_per_hour: {self.max_handoffs_per_hour}\n"
            f"  max_comments_per_hour: {self.max_comments_per_hour}\n"
            "issues:\n"
            "  comment_on_repeat: material\n"
            f"  reopen_window_days: {self.reopen_window_days}\n"
            "  close_after_successes: 1\n"
            "pull_requests:\n"
            f"  min_confidence: {self.pr_min_confidence}\n"
        )


@dataclass
class Delivery:
    """One invocation of a stage for an event (a concurrent pair is two deliveries)."""

    event: int
    command: str
    run_id: int
    inv: Invocation
    rerun: bool = False


@dataclass
class Report:
    """Figures and findings of a chaos run."""

    settings: ChaosSettings
    events: int = 0
    failures: int = 0
    greens: int = 0
    concurrent_pairs: int = 0  # the same run delivered twice at once
    twin_pairs: int = 0  # two distinct runs of one failure on one workflow+branch healed at once
    attempt_reruns: int = 0  # watched runs re-run (attempt 2: a new occurrence)
    deliveries: int = 0
    reruns: int = 0  # deliveries re-run because an injected fault made them fail
    rerun_failed: int = 0
    faults_scripted: Counter = field(default_factory=Counter)
    faults_fired: Counter = field(default_factory=Counter)
    retries: int = 0  # gateway back-off waits across all deliveries
    waited_seconds: float = 0.0  # fake seconds the gateways waited
    requests: int = 0  # requests the simulator served during deliveries
    requests_by_command: Counter = field(default_factory=Counter)
    deliveries_by_command: Counter = field(default_factory=Counter)
    outcomes: Counter = field(default_factory=Counter)
    held_back: Counter = field(default_factory=Counter)  # deliveries an hourly cap stopped, by cap
    expectations: Counter = field(default_factory=Counter)
    fingerprints: int = 0  # distinct fingerprints that must have an issue
    gated_fingerprints: int = 0  # distinct fingerprints below min_confidence (no issue)
    occurrences: int = 0  # runs that must be counted on issues
    lost_runs: set[str] = field(default_factory=set)  # run keys that should be counted and are not
    issues: int = 0
    pulls: int = 0
    comments: int = 0
    peaks: dict[str, int] = field(default_factory=dict)
    violations: list[Violation] = field(default_factory=list)
    trace: list[str] = field(default_factory=list)  # one line per event: what was delivered, what happened
    seconds: float = 0.0
    fake_hours: float = 0.0

    def of(self, *kinds: str) -> list[Violation]:
        return [v for v in self.violations if v.kind in kinds]

    @property
    def duplicates(self) -> int:
        """Duplicate objects autoheal created: issues per fingerprint, PRs per issue, comments per marker."""
        return len(self.of(*DUPLICATE_KINDS))

    @property
    def requests_per_event(self) -> float:
        return self.requests / self.events if self.events else 0.0


class ChaosRun:
    def __init__(self, sim: Any, settings: ChaosSettings, workdir: Path | None = None, log: Any = None) -> None:
        self.sim = sim
        self.settings = settings
        self.workdir = Path(workdir) if workdir else Path(tempfile.mkdtemp(prefix="autoheal-chaos-"))
        self.faults = FaultInjector(sim, random.Random(settings.seed * 17 + 3), settings.fault_probability)
        self.oracle = Oracle(min_confidence=settings.min_confidence, max_issues_per_hour=settings.max_issues_per_hour,
                             reopen_window_days=settings.reopen_window_days)
        self.report = Report(settings)
        self.ledger = Ledger(sim, REPO, Caps(settings.max_issues_per_hour, settings.max_prs_per_hour,
                                             settings.max_handoffs_per_hour, settings.max_comments_per_hour),
                             (BOT_TOKEN, CLOSE_TOKEN, COPILOT_TOKEN, sim.token), self.report.violations)
        self.log = log or (lambda text: None)
        self.repo_json: dict[str, Any] = {}
        self.gated: set[str] = set()

    # -- setup ----------------------------------------------------------------------------------------
    def setup(self) -> None:
        sim = self.sim
        template_token(sim, "autoheal.yml", "heal", token=BOT_TOKEN)
        template_token(sim, "autoheal.yml", "close-when-green", token=CLOSE_TOKEN)
        sim.add_token(COPILOT_TOKEN, login="octocat", kind="user")  # a user's PAT: every permission of its user
        self.repo_json = sim.create_repo(REPO, default_branch=DEFAULT_BRANCH,
                                         files=repo_files(self.settings.config_yaml()))
        sim.set_repo_option(REPO, copilot_agent="enabled")
        for wf in WORKFLOWS[: self.settings.workflows]:  # a green history: analyze-failure's baseline
            self._add_run(wf, DEFAULT_BRANCH, "success", wf.green_log, "Run tests")
        sim.clock.advance(minutes=5)

    def _add_run(self, wf: Any, branch: str, conclusion: str, log: Path, step: str) -> int:
        return self.sim.add_run(REPO, workflow=wf.name, branch=branch, conclusion=conclusion,
                                created_at=self.sim.clock.now(), jobs=self._jobs(wf, conclusion, log, step))

    @staticmethod
    def _jobs(wf: Any, conclusion: str, log: Path, step: str) -> list[dict[str, Any]]:
        ok = conclusion == "success"
        steps = [{"name": "Set up job", "conclusion": "success"},
                 {"name": step, "conclusion": "success" if ok else "failure"}]
        return [{"name": wf.job, "conclusion": "success" if ok else conclusion, "steps": steps,
                 "log": log_text(log)}]

    def _payload(self, run_id: int) -> dict[str, Any]:
        """The `workflow_run` event GitHub sends when a run completes."""
        return {"action": "completed", "workflow_run": self.sim.run(run_id), "repository": self.repo_json}

    # -- delivering -----------------------------------------------------------------------------------
    def _sleep(self, seconds: float) -> None:
        fake_sleep(self.sim)(seconds)

    def _invoke(self, command: str, run_id: int) -> Invocation:
        workspace = Path(tempfile.mkdtemp(prefix="ws-", dir=self.workdir))  # each job gets its own runner
        args: dict[str, Any] = {"run-id": run_id}
        if command == "heal":
            args["copilot-token"] = COPILOT_TOKEN
        try:
            token = BOT_TOKEN if command == "heal" else CLOSE_TOKEN  # open-issue on a green run: close-when-green
            return invoke(command, args, api_url=self.sim.base_url, token=token, repo=REPO,
                          workspace=workspace, event=self._payload(run_id), event_name="workflow_run",
                          gateway_options={"sleep": self._sleep})
        finally:
            shutil.rmtree(workspace, ignore_errors=True)

    def _deliver(self, event: Event, command: str, run_ids: list[int]) -> list[Delivery]:
        """Deliver one run per entry of `run_ids`, all at once; re-run (once) each delivery an injected
        fault broke. A failure with no fault fired is a finding, never re-run."""
        self.faults.arm()
        start = len(self.sim.requests)
        results: list[Invocation | None] = [None] * len(run_ids)
        if len(run_ids) == 1:
            results[0] = self._invoke(command, run_ids[0])
        else:
            barrier = threading.Barrier(len(run_ids))

            def worker(slot: int) -> None:
                barrier.wait()
                results[slot] = self._invoke(command, run_ids[slot])

            threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(run_ids))]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        fired = self.faults.fired_since_armed()
        self.faults.settle()
        out = [Delivery(event.index, command, rid, inv) for rid, inv in zip(run_ids, results) if inv is not None]
        for first in list(out):
            if first.inv.exit_code == 0:
                continue
            if not fired:
                self.ledger.add(DELIVERY, f"{command} for run {first.run_id} failed with no fault injected "
                                f"(exit {first.inv.exit_code}): {_errors(first.inv)}", event=event.index)
                continue
            self.report.reruns += 1
            again = Delivery(event.index, command, first.run_id, self._invoke(command, first.run_id), rerun=True)
            if again.inv.exit_code != 0:
                self.report.rerun_failed += 1
                self.ledger.add(DELIVERY, f"{command} for run {first.run_id} failed again when re-run without "
                                f"faults: {_errors(again.inv)}", event=event.index, rerun=True)
            out.append(again)
        used = len(self.sim.requests) - start
        self.report.requests += used
        self.report.requests_by_command[command] += used
        for d in out:
            for cap in CAP_KEYS:
                if d.inv.exit_code == 0 and cap in d.inv.stdout:
                    self.report.held_back[cap] += 1
            self.report.deliveries += 1
            self.report.deliveries_by_command[command] += 1
            for gw in d.inv.gateways:
                self.report.retries += gw.usage.retries
                self.report.waited_seconds += gw.usage.waited_seconds
            self.ledger.scan(f"the output of {command} (event {event.index})", d.inv.stdout, d.inv.stderr,
                             d.inv.summary, *d.inv.outputs.values(), event=event.index)
        return out

    # -- the run --------------------------------------------------------------------------------------
    def schedule(self) -> Schedule:
        s = self.settings
        return make_schedule(s.seed, s.events, workflows=s.workflows, kinds_per_workflow=s.kinds_per_workflow,
                             concurrent_share=s.concurrent_share, twin_share=s.twin_share,
                             mean_gap_minutes=s.mean_gap_minutes)

    def run(self) -> Report:
        began = time.monotonic()
        clock_start = self.sim.clock.now()
        self.setup()
        schedule = self.schedule()
        for event in schedule.events:
            self.sim.clock.advance(minutes=event.minutes_after)
            if event.green:
                deliveries = self._green(event)
            else:
                deliveries = self._failure(event, schedule)
            self.ledger.sweep(event.index, concurrent=event.concurrent or event.twin, distinct_runs=event.twin,
                              rerun=any(d.rerun for d in deliveries))
            self.report.events += 1
            if self.report.events % 25 == 0:
                self.log(f"  {self.report.events} events, {self.report.requests} requests, "
                         f"{len(self.report.violations)} findings")
        self.final_checks()
        rep = self.report
        rep.faults_scripted = self.faults.stats.scripted
        rep.faults_fired = self.faults.stats.fired
        rep.peaks = dict(self.ledger.peaks)
        rep.seconds = time.monotonic() - began
        rep.fake_hours = (self.sim.clock.now() - clock_start).total_seconds() / 3600
        return rep

    def _failure(self, event: Event, schedule: Schedule) -> list[Delivery]:
        wf, kind = event.workflow, event.kind
        assert kind is not None and event.log is not None
        rep = self.report
        rep.failures += 1
        if event.rerun_of is not None:
            earlier = schedule.events[event.rerun_of]
            event.run_id = earlier.run_id
            event.attempt = self.sim.rerun(earlier.run_id, conclusion=kind.conclusion,
                                           jobs=self._jobs(wf, kind.conclusion, event.log, kind.step))
            rep.attempt_reruns += 1
        else:
            event.run_id = self._add_run(wf, event.branch, kind.conclusion, event.log, kind.step)
        run_ids = [event.run_id]
        if event.concurrent:
            run_ids.append(event.run_id)
            rep.concurrent_pairs += 1
        elif event.twin:
            other = kind.logs[(kind.logs.index(event.log) + 1) % len(kind.logs)]
            event.twin_run_id = self._add_run(wf, event.branch, kind.conclusion, other, kind.step)
            run_ids.append(event.twin_run_id)
            rep.twin_pairs += 1
        before = autoheal_issues(self.sim, REPO)
        t0 = self.sim.clock.now()
        deliveries = self._deliver(event, "heal", run_ids)
        t1 = self.sim.clock.now()
        ok = [d for d in deliveries if d.inv.exit_code == 0]
        self._cap_check(event, ok)
        for d in ok:
            rep.outcomes[f"heal: {_heal_outcome(d.inv)}"] += 1
            self._outputs_match_github(event, d)
        fingerprints = {d.inv.outputs.get("fingerprint") for d in ok}
        keys = sorted({f"{rid}.{event.attempt if rid == event.run_id else 1}" for rid in run_ids})
        head = (f"{event.index:3} {t0:%H:%M:%S} fail  {wf.name}/{kind.name}@{event.branch} runs {','.join(keys)}"
                f"{' x2' if event.concurrent else ''}")
        done = "; ".join(f"{_heal_outcome(d.inv)} issue={d.inv.outputs.get('issue-number', '')} "
                         f"pr={d.inv.outputs.get('pr-number', '')}{' (re-run)' if d.rerun else ''}"
                         if d.inv.exit_code == 0 else f"exit {d.inv.exit_code}" for d in deliveries)
        if not ok or len(fingerprints) != 1 or not next(iter(fingerprints)):
            rep.trace.append(f"{head}: {done}")
        if not ok:
            return deliveries
        if len(fingerprints) != 1 or not next(iter(fingerprints)):
            self.ledger.add(UNSTABLE, f"deliveries of one failure disagree on the fingerprint {fingerprints}",
                            event=event.index)
            return deliveries
        fingerprint = fingerprints.pop() or ""
        known = self.oracle.fingerprint_of_kind.setdefault((wf.name, kind.name), fingerprint)
        category = ok[-1].inv.outputs.get("category", "")
        if known != fingerprint:
            self.ledger.add(UNSTABLE, f"{wf.name}/{kind.name} (category {category}) fingerprint changed "
                            f"{known[:12]} -> {fingerprint[:12]} on branch {event.branch}", event=event.index)
        confidence = int(ok[-1].inv.outputs.get("confidence") or 0)
        expectation = self.oracle.expect_failure(before, fingerprint, confidence, t0, t1)
        after = autoheal_issues(self.sim, REPO)
        mine = by_fingerprint(after).get(fingerprint, [])
        recorded = [k for k in keys if any(i.record is not None and i.record.has(k) for i in mine)]
        rerun = any(d.rerun for d in deliveries)
        rep.trace.append(f"{head} fp {fingerprint[:8]} conf {confidence} expect {expectation}: {done}")
        if expectation == "either":  # the cap's hour boundary fell inside the event: both outcomes are right
            rep.expectations["either (cap boundary)"] += 1
            expectation = "create" if recorded else "capped"
        rep.expectations[expectation] += 1
        tag = {"event": event.index, "concurrent": event.concurrent or event.twin, "distinct_runs": event.twin,
               "rerun": rerun}
        if expectation == "gated":
            self.gated.add(fingerprint)
            if recorded or len(mine) != len(by_fingerprint(before).get(fingerprint, [])):
                self.ledger.add(WRONG_ISSUE, f"confidence {confidence} is below min_confidence, yet an issue was "
                                "filed or updated", **tag)
            return deliveries
        if expectation == "capped":
            if recorded:
                self.ledger.add(WRONG_ISSUE, f"an issue was filed for {fingerprint[:12]} although "
                                f"{self.settings.max_issues_per_hour} were created in the last hour", **tag)
            return deliveries
        for key in keys:
            self.oracle.expect(fingerprint, key)
        for key in sorted(set(keys) - set(recorded)):
            self.report.lost_runs.add(key)
            self.ledger.add(LOST, f"run {key} of {wf.name}/{kind.name} should be recorded ({expectation}) but no "
                            "issue holds it", **tag)
        if not any(i.open for i in mine):
            self.ledger.add(WRONG_ISSUE, f"{fingerprint[:12]} failed again but its issue is not open", **tag)
        previous = by_fingerprint(before).get(fingerprint, [])
        if previous and not any(i.open for i in previous):  # a regression: reopened, with a comment saying so
            for issue in (i for i in mine if i.open):
                markers = _comment_keys(self.sim, issue.number)
                if not any(f"comment=regressed-{k}" in markers for k in keys) and not self._comment_cap_reached():
                    self.ledger.add(NOT_REOPENED, f"issue {issue.number} was reopened without the comment saying it "
                                    "regressed", **tag)
        return deliveries

    def _comment_cap_reached(self) -> bool:
        """A comment left out is right only when autoheal really posted max_comments_per_hour in the hour."""
        now = self.sim.clock.now()
        numbers = [i.number for i in autoheal_issues(self.sim, REPO)] + [p.number for p in autoheal_pulls(self.sim, REPO)]
        recent = [c for c in comments_on(self.sim, REPO, numbers) if c.keys and c.created_at > now - timedelta(hours=1)]
        return len(recent) >= self.settings.max_comments_per_hour

    def _cap_check(self, event: Event, deliveries: list[Delivery]) -> None:
        """A PR or hand-off held back by its hourly cap: were there really that many in the hour before?"""
        now = self.sim.clock.now()
        pulls = autoheal_pulls(self.sim, REPO)
        handoffs = [t for _, t in handoff_times(comments_on(self.sim, REPO, [p.number for p in pulls]))]
        counted = {
            "max_prs_per_hour": ([p.created_at for p in pulls], self.settings.max_prs_per_hour),
            "max_handoffs_per_hour": (handoffs, self.settings.max_handoffs_per_hour),
        }
        for key, (times, cap) in counted.items():
            held = [d for d in deliveries if d.inv.exit_code == 0 and key in d.inv.stdout]
            real = [t for t in times if now - timedelta(hours=1) <= t <= now]
            if held and len(real) < cap:
                self.ledger.add(OVERHELD, f"held back by rate_limits.{key} ({cap}) although {len(real)} happened "
                                "in the hour before", event=event.index, concurrent=event.concurrent or event.twin,
                                distinct_runs=event.twin, rerun=any(d.rerun for d in deliveries))

    def _outputs_match_github(self, event: Event, d: Delivery) -> None:
        """What heal says it did is what GitHub holds: its issue carries its fingerprint, its PR fixes its issue."""
        o = d.inv.outputs
        issues = {i.number: i for i in autoheal_issues(self.sim, REPO)}
        pulls = {p.number: p for p in autoheal_pulls(self.sim, REPO)}
        tag = {"event": event.index, "concurrent": event.concurrent or event.twin, "distinct_runs": event.twin,
               "rerun": d.rerun}
        number = int(o["issue-number"]) if o.get("issue-number") else None
        if number is not None:
            issue = issues.get(number)
            if issue is None:
                self.ledger.add(WRONG_ISSUE, f"heal answered issue {number}, which is not an autoheal issue", **tag)
            elif issue.fingerprint != o.get("fingerprint"):
                self.ledger.add(WRONG_ISSUE, f"heal answered issue {number}, which tracks another failure "
                                f"({(issue.fingerprint or 'none')[:12]}, not {o.get('fingerprint', '')[:12]})", **tag)
        if o.get("pr-number"):
            pr = pulls.get(int(o["pr-number"]))
            if pr is None or pr.issue != number or pr.state != "open":
                self.ledger.add(WRONG_ISSUE, f"heal answered PR {o['pr-number']} for issue {number}, but GitHub has "
                                f"{'no such autoheal PR' if pr is None else f'PR for issue {pr.issue}, {pr.state}'}",
                                **tag)

    def _green(self, event: Event) -> list[Delivery]:
        wf = event.workflow
        self.report.greens += 1
        event.run_id = self._add_run(wf, event.branch, "success", wf.green_log, "Run tests")
        before = {i.number: i for i in autoheal_issues(self.sim, REPO)}
        deliveries = self._deliver(event, "open-issue", [event.run_id])
        for d in deliveries:
            if d.inv.exit_code == 0:
                self.report.outcomes[f"green run: {d.inv.outputs.get('action')}"] += 1
        after = {i.number: i for i in autoheal_issues(self.sim, REPO)}
        self.report.trace.append(
            f"{event.index:3} {self.sim.clock.now():%H:%M:%S} green {wf.name}@{event.branch} run {event.run_id}: "
            + "; ".join(f"{d.inv.outputs.get('action')} {d.inv.outputs.get('reason', '')[:90]}" for d in deliveries))
        tag = {"event": event.index, "rerun": any(d.rerun for d in deliveries)}
        closing = f"closed-{event.run_id}"
        for number, issue in before.items():
            now = after[number]
            failing_here = (issue.open and issue.record is not None and issue.record.workflow == wf.name
                            and event.branch in issue.record.failing)
            if not failing_here:
                if issue.open and not now.open:
                    self.ledger.add(WRONG_ISSUE, f"green {wf.name}@{event.branch} closed unrelated issue {number}",
                                    **tag)
                continue
            others = [b for b in issue.record.failing if b != event.branch]
            if others and event.branch != DEFAULT_BRANCH:
                if not now.open or now.record is None or event.branch in now.record.failing:
                    self.ledger.add(NOT_CLOSED, f"green {wf.name}@{event.branch} should clear that branch on issue "
                                    f"{number} and keep it open (still failing on {others})", **tag)
                continue
            if now.open or now.state_reason != "completed":
                self.ledger.add(NOT_CLOSED, f"green {wf.name}@{event.branch} left issue {number} {now.state} "
                                f"({now.state_reason})", **tag)
            elif (not any(f"comment={closing}" in c for c in _comment_keys(self.sim, number))
                  and not self._comment_cap_reached()):
                self.ledger.add(NOT_CLOSED, f"issue {number} closed without the comment naming the fixing commit",
                                **tag)
        return deliveries

    # -- the end --------------------------------------------------------------------------------------
    def final_checks(self) -> None:
        rep, ledger = self.report, self.ledger
        issues = autoheal_issues(self.sim, REPO)
        groups = by_fingerprint(issues)
        rep.issues, rep.pulls = len(issues), len(autoheal_pulls(self.sim, REPO))
        rep.comments = sum(len(self.sim.comments(REPO, n)) for n in [i.number for i in issues])
        rep.fingerprints = len(self.oracle.expected)
        rep.gated_fingerprints = len(self.gated - set(self.oracle.expected))
        rep.occurrences = sum(len(k) for k in self.oracle.expected.values())
        for fingerprint, keys in sorted(self.oracle.expected.items()):
            found = groups.get(fingerprint, [])
            if len(found) != 1:
                continue  # the sweep already reported duplicates; a missing issue shows as lost occurrences
            record = found[0].record
            if record is None:
                ledger.add(LOST, f"issue {found[0].number} has no readable occurrences record")
                continue
            number, seen = found[0].number, set(record.seen)
            later = sorted(keys - seen - rep.lost_runs)  # recorded when delivered, gone by the end
            if later:
                rep.lost_runs.update(later)
                ledger.add(LOST, f"issue {number} no longer holds runs {later}, which it recorded")
            if seen - keys:
                ledger.add(WRONG_ISSUE, f"issue {number} counts runs no event should have recorded: "
                           f"{sorted(seen - keys)}")
            if record.count != len(seen):
                ledger.add(LOST, f"issue {number} says {record.count} occurrences but records {len(seen)} runs")
        for fingerprint, found in groups.items():
            if fingerprint not in self.oracle.expected:
                ledger.add(WRONG_ISSUE, f"issue(s) {[i.number for i in found]} for {fingerprint[:12]}, which no event "
                           "should have filed")
        ledger.sweep(None)


def _comment_keys(sim: Any, number: int) -> list[str]:
    return [key for c in comments_on(sim, REPO, [number]) for key in c.keys]


def _heal_outcome(inv: Invocation) -> str:
    o = inv.outputs
    if o.get("pr-number"):
        return "issue+pr"
    if o.get("issue-number"):
        return "issue"
    return "stopped"


def _errors(inv: Invocation, size: int = 500) -> str:
    lines = [line for line in (inv.stdout + inv.stderr).splitlines() if line.startswith(("::error", "error"))]
    return (" | ".join(lines) or (inv.stdout + inv.stderr)[-size:])[-size:]

