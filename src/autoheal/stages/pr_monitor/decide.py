"""pr-monitor's transitions (pure): from an assessed PR to the writes that move it on, each exactly once.

Idempotency comes from two places: GitHub's own state (a PR that is no longer a draft is not marked
ready again, a present label is not added again) and the record in the sticky comment for things
GitHub cannot tell apart from a human's action (reviewers already requested once, the issue already
notified, the fix round already spent on this head commit). Every transition can be switched off.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..shared.context import Plan
from ..shared.handoff import MODES, NO_USER_TOKEN
from ..shared.labels import DRAFT_STAND_IN
from .assess import Assessment, MonitorFacts, assess

TRANSITIONS = ("mark_ready", "request_reviewers", "ready_label", "notify_issue", "hand_back",
               "needs_human_label", "conflict_label")
"""Every transition pr-monitor may make; the `transitions` input / `monitor.transitions` picks a subset."""

RECORD_KEY = "monitor"
STICKY_KEY = "pr-monitor"
NOTIFY_MARKER = "ready-notified"
ROUND_MARKER = "copilot-round"


@dataclass
class MonitorSettings:
    ready_label: str = "ready-for-review"
    reviewers: tuple[str, ...] = ()
    team_reviewers: tuple[str, ...] = ()
    max_fix_rounds: int = 3
    no_checks_after_minutes: int = 15
    needs_human_label: str = "needs-human"
    conflict_label: str = "autoheal:conflict"
    transitions: frozenset[str] = frozenset(TRANSITIONS)
    modes: tuple[str, ...] = MODES
    allow_comment: bool = False
    has_user_token: bool = False
    copilot_enabled: bool = True
    autoheal_label: str = "autoheal"

    def on(self, transition: str) -> bool:
        assert transition in TRANSITIONS, transition
        return transition in self.transitions

    @classmethod
    def from_config(cls, config: Any, *, has_user_token: bool, transitions: list[str] | None = None) -> MonitorSettings:
        mon, cp = config["monitor"], config["copilot"]
        chosen = transitions if transitions is not None else config.get_path("monitor.transitions", None)
        if isinstance(chosen, Mapping):  # {name: bool}: switches over the default (all on)
            chosen = [name for name in TRANSITIONS if chosen.get(name, True)]
        return cls(
            ready_label=str(mon["ready_label"]),
            reviewers=tuple(mon["reviewers"]),
            team_reviewers=tuple(mon["team_reviewers"]),
            max_fix_rounds=int(mon["max_fix_rounds"]),
            no_checks_after_minutes=int(mon["no_checks_after_minutes"]),
            needs_human_label=str(mon["needs_human_label"]),
            conflict_label=str(mon["conflict_label"]),
            transitions=frozenset(TRANSITIONS if chosen is None else chosen),
            modes=tuple(cp["handoff_modes"]),
            allow_comment=bool(cp["allow_comment_fallback"]),
            has_user_token=has_user_token,
            copilot_enabled=bool(cp["enabled"]),
            autoheal_label=(tuple(config["pull_requests"]["labels"]) or ("autoheal",))[0],
        )


@dataclass
class MonitorDecision:
    plan: Plan = field(default_factory=Plan)
    record: dict[str, Any] = field(default_factory=dict)  # the record as it stands before apply


def handback_steps(facts: MonitorFacts, s: MonitorSettings) -> list[tuple[str, str | None]]:
    """The configured modes for handing a red PR back, with why each cannot be tried (None: it can)."""
    steps: list[tuple[str, str | None]] = []
    for mode in s.modes:
        reason: str | None = None
        if mode == "coding_agent":
            if facts.issue is None or facts.issue.state != "open":
                reason = "no open linked issue to assign the coding agent to"
            elif not s.has_user_token:
                reason = NO_USER_TOKEN
        elif mode == "code_review":
            reason = "a review does not change code: not used to hand back a failure"
        elif mode == "comment" and not s.allow_comment:
            reason = "copilot.allow_comment_fallback is false"
        steps.append((mode, reason))
    return steps


def wanted_reviewers(facts: MonitorFacts, s: MonitorSettings) -> tuple[list[str], list[str]]:
    """Configured reviewers not yet asked, minus the author and those who already reviewed."""
    asked = {u.lower() for u in facts.requested_users} | {r.login.lower() for r in facts.reviews}
    author = facts.pr.author.lower()
    users = [u for u in s.reviewers if u.lower() not in asked and u.lower() != author]
    teams = [t for t in s.team_reviewers if t.lower() not in {x.lower() for x in facts.requested_teams}]
    return users, teams


def decide(facts: MonitorFacts, a: Assessment, s: MonitorSettings) -> MonitorDecision:
    """The transitions due for this PR (without the sticky comment, which the stage compares itself)."""
    pr = facts.pr
    target = f"{facts.repo}#{pr.number}"
    record = copy.deepcopy(facts.record)
    decision = MonitorDecision(record=record)
    plan = decision.plan
    if pr.state != "open":
        plan.notes.append(f"#{pr.number} is {a.state}: nothing to do")
        return decision

    if s.on("conflict_label"):
        if a.conflict is True and s.conflict_label not in pr.labels:
            plan.add("add_labels", target, f"label {s.conflict_label}: the branch conflicts with {pr.base_ref}",
                     labels=[s.conflict_label])
        elif a.conflict is False and s.conflict_label in pr.labels:
            plan.add("remove_label", target, f"unlabel {s.conflict_label}: the conflict is resolved",
                     label=s.conflict_label)

    if a.state == "ci_failed" and not record.get("gave_up") and s.on("hand_back"):
        rounds = [r for r in record.get("rounds") or [] if isinstance(r, dict)]
        if pr.head_sha not in {r.get("sha") for r in rounds}:
            number = len(rounds) + 1
            why_not = None
            if not s.copilot_enabled:
                why_not = "copilot.enabled is false"
            elif len(rounds) >= s.max_fix_rounds:
                why_not = f"CI is still red after {len(rounds)} fix round(s) (monitor.max_fix_rounds is {s.max_fix_rounds})"
            steps = handback_steps(facts, s) if why_not is None else []
            if why_not is None and not any(reason is None for _, reason in steps):
                why_not = "cannot hand the failure back to Copilot: " + "; ".join(f"{m}: {r}" for m, r in steps)
            if why_not is None:
                plan.add("hand_back", target, f"fix round {number}/{s.max_fix_rounds}: analyze the failure on "
                         f"{pr.head_sha[:7]} and hand it back to Copilot", round=number, sha=pr.head_sha, steps=steps)
            else:
                plan.add("give_up", target, f"{why_not} -> a human should take over", reason=why_not,
                         sha=pr.head_sha, label=s.needs_human_label if s.on("needs_human_label") else None)

    if a.state == "ready_for_review":
        done = record.get("ready") or {}
        if s.on("mark_ready") and pr.draft and not done.get("marked"):
            plan.add("mark_ready", target, "CI green, Copilot done, no changes requested: mark ready for review")
        elif s.on("mark_ready") and not pr.draft and DRAFT_STAND_IN in pr.labels:
            plan.add("remove_label", target, f"CI green, Copilot done, no changes requested: unlabel {DRAFT_STAND_IN} "
                     "(this repository has no drafts; the label stood for one)", label=DRAFT_STAND_IN)
        users, teams = wanted_reviewers(facts, s)
        if s.on("request_reviewers") and not done.get("reviewers") and (users or teams):
            plan.add("request_reviewers", target, "request reviews from " + ", ".join(users + [f"team {t}" for t in teams]),
                     users=users, teams=teams)
        if s.on("ready_label") and not done.get("labelled") and s.ready_label not in pr.labels:
            plan.add("add_labels", target, f"label {s.ready_label}", labels=[s.ready_label], ready=True)
        if s.on("notify_issue") and facts.issue is not None and not done.get("notified") and not facts.issue_notified:
            plan.add("notify_issue", f"{facts.repo}#{facts.issue.number}",
                     f"tell issue #{facts.issue.number} that PR #{pr.number} is ready for review (once)")
    return decision


def assess_with(facts: MonitorFacts, s: MonitorSettings) -> Assessment:
    return assess(facts, no_checks_after_minutes=s.no_checks_after_minutes, needs_human_label=s.needs_human_label)
