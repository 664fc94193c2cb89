"""copilot-review's decision (pure): is this PR eligible, is Copilot already on it, which modes to try.

Everything here is data in, data out, so every gate and every mode's skip reason is unit-tested
without GitHub. `gather` builds `ReviewFacts`; `run` applies the resulting `Decision`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ..shared.context import Plan
from ..shared.copilot_identity import is_copilot
from ..shared.handoff import ALREADY, HELD, MODES, NO_USER_TOKEN, Attempt
from ..shared.pulls import IssueInfo, PullInfo
from .areas import FileChange

COMMENT_MARKER = "copilot-comment"

@dataclass
class ReviewFacts:
    """Everything copilot-review reads from GitHub about one PR."""

    repo: str
    default_branch: str
    pr: PullInfo
    files: list[FileChange]
    issue: IssueInfo | None
    task_text: str | None  # autoheal's task file on the PR branch, if any
    record: dict[str, Any] | None  # the hand-off record in autoheal's sticky comment
    sticky_body: str | None
    copilot_requested: bool
    copilot_reviewed: bool
    comment_posted: bool  # autoheal's @copilot comment exists
    handoffs_last_hour: int | None  # None: not counted (not needed)
    now: datetime | None = None
    comment_room: bool | None = None  # rate_limits.max_comments_per_hour leaves room for the @copilot comment; None: not asked
    out_of_scope: str | None = None  # not autoheal's PR and not opted in by a writer: why
    autoheal_own: bool = False  # autoheal's branch and `issue` marker, written by its own identity


@dataclass
class Settings:
    """The config keys (and inputs) copilot-review obeys."""

    enabled: bool = True
    modes: tuple[str, ...] = MODES
    allow_comment: bool = False
    review_bot_authored: bool = False
    skip_labels: tuple[str, ...] = ("autoheal:skip",)
    ready_label: str = "copilot-ready"
    max_per_hour: int = 5
    max_comments_per_hour: int = 30
    autoheal_label: str = "autoheal"
    has_user_token: bool = False
    custom_instructions: str = ""
    model: str = ""
    opt_in_label: str = "autoheal:opt-in"
    branch_prefix: str = "autoheal/"

    @classmethod
    def from_config(cls, config: Any, *, has_user_token: bool) -> Settings:
        cp = config["copilot"]
        return cls(
            enabled=bool(cp["enabled"]),
            modes=tuple(cp["handoff_modes"]),
            allow_comment=bool(cp["allow_comment_fallback"]),
            review_bot_authored=bool(cp["review_bot_authored"]),
            skip_labels=tuple(cp["skip_labels"]),
            ready_label=str(cp["ready_label"]),
            max_per_hour=int(config["rate_limits"]["max_handoffs_per_hour"]),
            max_comments_per_hour=int(config["rate_limits"]["max_comments_per_hour"]),
            autoheal_label=(tuple(config["pull_requests"]["labels"]) or ("autoheal",))[0],
            has_user_token=has_user_token,
            custom_instructions=str(cp.get("custom_instructions") or ""),
            model=str(cp.get("model") or ""),
            opt_in_label=str(config.get("opt_in_label") or "autoheal:opt-in"),
            branch_prefix=str(config["pull_requests"]["branch_prefix"]),
        )

    def signature(self) -> str:
        """What a retry of a failed hand-off depends on: it is retried only when this changes."""
        return ",".join(self.modes) + f"|token={int(self.has_user_token)}|comment={int(self.allow_comment)}"


@dataclass
class Decision:
    """What to do about one PR. `steps` are (mode, skip_reason or None when the mode will be tried)."""

    action: str  # handoff | already | skip
    reason: str
    steps: list[tuple[str, str | None]] = field(default_factory=list)
    existing: list[Attempt] = field(default_factory=list)  # when `already`: what is in place
    plan: Plan = field(default_factory=Plan)

    @property
    def mode(self) -> str:
        for attempt in self.existing:
            if attempt.took_effect:
                return attempt.mode
        return "none"


def is_autoheal_pr(facts: ReviewFacts, autoheal_label: str) -> bool:
    """autoheal's own PR (branch and marker written by its identity, learned in gather) or one carrying
    autoheal's label (only triagers can set it). A marker alone proves nothing: anyone can paste it."""
    return facts.autoheal_own or autoheal_label in facts.pr.labels


def gate(facts: ReviewFacts, settings: Settings) -> str | None:
    """Why this PR must not be handed off at all, or None."""
    pr = facts.pr
    if not settings.enabled:
        return "copilot.enabled is false"
    if facts.out_of_scope:
        return facts.out_of_scope
    if pr.state != "open":
        return f"PR #{pr.number} is {'merged' if pr.merged else 'closed'}"
    skip = sorted(set(pr.labels) & set(settings.skip_labels))
    if skip:
        return f"PR #{pr.number} has the skip label(s) {', '.join(skip)}"
    if is_copilot(pr.author):
        return f"PR #{pr.number} was opened by Copilot itself"
    if pr.author_is_bot and not settings.review_bot_authored and not is_autoheal_pr(facts, settings.autoheal_label):
        return f"PR #{pr.number} was opened by the bot {pr.author} (set copilot.review_bot_authored to include bots)"
    return None


def existing_handoff(facts: ReviewFacts) -> list[Attempt]:
    """What already has Copilot on this PR: autoheal's verified record, or what GitHub shows."""
    record = facts.record or {}
    if record.get("verified"):
        attempts = [Attempt.from_dict(a) for a in record.get("attempts") or [] if isinstance(a, dict)]
        if any(a.took_effect for a in attempts):
            return attempts
    found: list[Attempt] = []
    if facts.issue is not None and any(is_copilot(a) for a in facts.issue.assignees):
        found.append(Attempt("coding_agent", ALREADY, f"issue #{facts.issue.number} is already assigned to Copilot"))
    if facts.copilot_requested or facts.copilot_reviewed:
        what = "is already a requested reviewer" if facts.copilot_requested else "has already reviewed it"
        found.append(Attempt("code_review", ALREADY, f"Copilot {what}"))
    if facts.comment_posted:
        found.append(Attempt("comment", ALREADY, "autoheal's @copilot comment is already posted"))
    return found


def mode_steps(facts: ReviewFacts, settings: Settings) -> list[tuple[str, str | None]]:
    """Every configured mode with the reason it cannot be tried (None: it will be tried)."""
    steps: list[tuple[str, str | None]] = []
    for mode in settings.modes:
        reason: str | None = None
        if mode == "coding_agent":
            if facts.issue is None:
                reason = "the PR links no issue (the coding agent works from an issue)"
            elif facts.issue.state != "open":
                reason = f"issue #{facts.issue.number} is closed"
            elif not settings.has_user_token:
                reason = NO_USER_TOKEN
        elif mode == "comment" and not settings.allow_comment:
            reason = "copilot.allow_comment_fallback is false (a comment does not reliably start Copilot)"
        steps.append((mode, reason))
    return steps


def decide(facts: ReviewFacts, settings: Settings) -> Decision:
    pr = facts.pr
    target = f"{facts.repo}#{pr.number}"
    blocked = gate(facts, settings)
    if blocked:
        decision = Decision("skip", blocked)
        decision.plan.notes.append(f"skip: {blocked}")
        return decision

    existing = existing_handoff(facts)
    if existing:
        decision = Decision("already", "already handed over: " + "; ".join(a.detail for a in existing if a.took_effect),
                            existing=existing)
        if settings.ready_label not in pr.labels:
            decision.plan.add("add_labels", target, f"label {settings.ready_label}: Copilot already has it",
                              labels=[settings.ready_label])
        return decision

    record = facts.record or {}
    if record and not record.get("verified") and record.get("sha") == pr.head_sha \
            and record.get("signature") == settings.signature() and not was_held(record):
        previous = [Attempt.from_dict(a) for a in record.get("attempts") or [] if isinstance(a, dict)]
        reason = (f"the hand-off already failed for {pr.head_sha[:7]} with these settings "
                  f"({'; '.join(a.mode + ': ' + a.outcome for a in previous)}); it is retried after a new push or a config/token change")
        decision = Decision("skip", reason, existing=previous)
        decision.plan.notes.append(f"skip: {reason}")
        return decision

    if facts.handoffs_last_hour is not None and facts.handoffs_last_hour >= settings.max_per_hour:
        reason = (f"rate_limits.max_handoffs_per_hour reached ({facts.handoffs_last_hour}/{settings.max_per_hour} "
                  "in the last hour); the next run will try again")
        decision = Decision("skip", reason)
        decision.plan.notes.append(f"skip: {reason}")
        return decision

    steps = mode_steps(facts, settings)
    tried = [(m, r) for m, r in steps if r is None]
    if facts.comment_room is False and tried and all(m == "comment" for m, _ in tried):
        reason = (f"the @copilot comment is the only hand-off mode that can be tried and "
                  f"rate_limits.max_comments_per_hour ({settings.max_comments_per_hour}) is reached; "
                  "the next run will try again")
        decision = Decision("skip", reason)
        decision.plan.notes.append(f"skip: {reason}")
        return decision
    decision = Decision("handoff", "", steps=steps)
    if not tried:
        decision.reason = "no configured hand-off mode can be tried: " + "; ".join(f"{m}: {r}" for m, r in steps)
    for mode, why_not in steps:
        if why_not:
            decision.plan.notes.append(f"{mode}: skipped — {why_not}")
            continue
        summary = {
            "coding_agent": f"assign issue #{facts.issue.number if facts.issue else '?'} to Copilot's coding agent",
            "code_review": "request a Copilot code review (fallback: requested_reviewers)",
            "comment": "post one @copilot comment",
        }[mode]
        decision.plan.add(f"handoff:{mode}", target, summary + (" (if the previous mode did not take effect)" if mode != tried[0][0] else ""))
        if mode == "comment" and facts.comment_room is False:
            decision.plan.notes.append(f"comment: would be held back — rate_limits.max_comments_per_hour "
                                       f"({settings.max_comments_per_hour}) is reached")
    decision.plan.add("upsert_comment", target, "the sticky PR analysis + hand-off record")
    decision.plan.add("add_labels", target, f"label {settings.ready_label} once a hand-off is verified",
                      labels=[settings.ready_label])
    return decision


def was_held(record: dict[str, Any]) -> bool:
    """A hand-off the comment cap cut short is not a settled failure: the next run tries it again."""
    return any(isinstance(a, dict) and a.get("outcome") == HELD for a in record.get("attempts") or [])


def new_record(attempts: list[Attempt], facts: ReviewFacts, settings: Settings, at: datetime | None) -> dict[str, Any]:
    verified = any(a.took_effect for a in attempts)
    return {
        "verified": verified,
        "mode": next((a.mode for a in attempts if a.took_effect), "none"),
        "sha": facts.pr.head_sha,
        "signature": settings.signature(),
        "at": at.strftime("%Y-%m-%dT%H:%M:%SZ") if at else "",
        "attempts": [a.to_dict() for a in attempts],
    }
