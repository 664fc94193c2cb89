"""copilot-review: a verified hand-off of a PR to GitHub Copilot, with a sticky analysis comment.

gather -> decide (pure) -> apply (the hand-off, `shared.handoff` underneath): the configured modes
are tried in order until one is *verified* by re-reading GitHub; every mode's result is recorded in
the PR's sticky comment (one per PR, edited in place) and in the `reason` output. A second run finds
the verified record (or Copilot already attached) and changes nothing.

API cost: 8-9 reads (see gather), then per mode tried: coding agent 1 write + 1-2 reads, code
review 1-2 writes + 1-4 reads, comment 1 write + 2 reads; sticky comment 1-2; label 1-3; the count of
autoheal's comments in the last hour 1 (before a comment is created, once per run).

rate_limits.max_comments_per_hour: a held `@copilot` comment is a `held` attempt, retried by the next run
(never a settled failure); when it is the only mode that can be tried the PR is skipped like the hand-off
cap does. A held sticky comment leaves the hand-off done; Copilot's state on GitHub stops a second one.
"""

from __future__ import annotations

from typing import Any

from ...errors import InputError
from ...spec import Input, Output, StageSpec, common
from ..shared.comment_budget import held_back_note, stage_comment_budget
from ..shared.context import StageContext, StageResult, Write
from ..shared.handoff import (
    NO_USER_TOKEN,
    STICKY_KEY,
    reason_line,
)
from ..shared.labels import ensure_labels
from ..shared.pulls import pr_number_from_event
from ..shared.sticky import PullComments, upsert_sticky_comment
from .apply import hand_off
from .decide import Decision, ReviewFacts, Settings, decide, new_record
from .gather import gather, handoffs_in_last_hour
from .render import as_posted, sticky_body, summary_markdown


def settled_record(facts: ReviewFacts, decision: Decision, settings: Settings) -> dict[str, Any]:
    """The record to keep when Copilot already has the PR: autoheal's own verified one, else a new one."""
    if facts.record and facts.record.get("verified"):
        return facts.record
    return new_record(decision.existing, facts, settings, facts.now)


def plan(facts: ReviewFacts, settings: Settings) -> Decision:
    """`decide`, plus the sticky comment refresh when Copilot already has the PR (pure)."""
    decision = decide(facts, settings)
    if decision.action == "already":
        body = sticky_body(facts, decision.existing, settled_record(facts, decision, settings))
        if facts.sticky_body != as_posted(body):
            decision.plan.writes.insert(0, Write("upsert_comment", f"{facts.repo}#{facts.pr.number}",
                                                 "refresh the sticky PR analysis"))
    return decision


def run(ctx: StageContext) -> StageResult:
    number = ctx.input("pr-number") or pr_number_from_event(ctx.event)
    if not number:
        raise InputError("pr-number", "no pull request to hand off: the event carries none",
                         "pass `pr-number: ${{ steps.<draft-pr step id>.outputs.pr-number }}`")
    settings = Settings.from_config(ctx.config, has_user_token=bool(ctx.input("copilot-token")))
    facts, pr = gather(ctx, number, settings)
    decision = plan(facts, settings)
    if decision.action == "handoff" and any(why is None for _, why in decision.steps):
        facts.handoffs_last_hour = handoffs_in_last_hour(ctx.gw, ctx.gw.repo(), settings.ready_label, ctx.now())
        decision = plan(facts, settings)
    if decision.action == "handoff" and ("comment", None) in decision.steps:
        # Asked only when the @copilot comment may be posted (one request, shared with the run's other comments).
        facts.comment_room = stage_comment_budget(ctx).allows()
        decision = plan(facts, settings)
    if any(why == NO_USER_TOKEN for _, why in decision.steps):
        # Said once, where people look (an annotation), not again as a log line.
        ctx.rt.annotate("notice", "copilot-review: " + NO_USER_TOKEN)
        decision.plan.notes = [n for n in decision.plan.notes if NO_USER_TOKEN not in n]

    if ctx.dry_run:
        return StageResult(outputs={"mode": decision.mode, "verified": "false", "reason": "dry run: " + (decision.reason or "would hand off")},
                           plan=decision.plan, message="dry run")
    if decision.action == "skip":
        return StageResult(outputs={"mode": "none", "verified": "false", "reason": decision.reason},
                           plan=decision.plan, message=f"PR #{number}: {decision.reason}")

    gw = ctx.gw
    if decision.action == "already":
        attempts = decision.existing
        record = settled_record(facts, decision, settings)
    else:
        attempts = hand_off(ctx, facts, decision, settings)
        record = new_record(attempts, facts, settings, ctx.now())
    verified = bool(record["verified"])
    action, held = "unchanged", ""
    if any(w.op == "upsert_comment" for w in decision.plan):
        budget = stage_comment_budget(ctx)
        action, _ = upsert_sticky_comment(gw, PullComments(pr), STICKY_KEY, sticky_body(facts, attempts, record),
                                          budget=budget)
        if action == "held":  # Copilot's state on GitHub still stops a second hand-off; a later run posts it
            held = "the sticky analysis " + held_back_note(budget.limit)
            ctx.rt.info(f"PR #{number}: {held}")
    if verified and settings.ready_label not in facts.pr.labels:
        ensure_labels(gw, [settings.ready_label])
        gw.write(lambda: pr.add_to_labels(settings.ready_label),
                 find=lambda: True if settings.ready_label in [lb.name for lb in pr.get_labels()] else None,
                 what=f"label #{number} {settings.ready_label}")
    reason = decision.reason if decision.action == "already" else reason_line(attempts)
    if not verified:
        ctx.rt.annotate("warning", f"Copilot hand-off of PR #{number} not verified: {reason}")
    if held:
        reason = f"{reason}; {held}"
    mode = record.get("mode", "none") if verified else "none"
    return StageResult(
        outputs={"mode": mode, "verified": "true" if verified else "false", "reason": reason},
        summary=summary_markdown(number, mode, verified, attempts) + (f"\n{held}\n" if held else ""),
        message=f"PR #{number}: " + (f"handed to Copilot ({mode}, verified)" if verified else "no verified hand-off")
        + f"; analysis comment {action}",
        plan=decision.plan,
    )



SPEC = StageSpec(
    name="copilot-review",
    title="autoheal: Copilot hand-off",
    description="Hand a pull request to GitHub Copilot through the real APIs and verify that the hand-off took effect.",
    icon="cpu",
    color="purple",
    inputs=common(
        Input("pr-number", "Pull request to hand off. Default: from the `pull_request` event or draft-pr's output.", kind="int", min=1),
        Input("copilot-token", "A user token (PAT or GitHub App user token) allowed to assign the Copilot coding "
              "agent; also used for the Copilot review request when set. GITHUB_TOKEN and installation tokens cannot "
              "assign the agent (see docs/copilot.md).", kind="secret"),
    ),
    outputs=(
        Output("mode", "Which hand-off took effect: `coding_agent`, `code_review`, `comment` or `none`."),
        Output("verified", "`true` when autoheal re-read GitHub and saw the hand-off registered."),
        Output("reason", "What happened, mode by mode."),
    ),
    run=run,
)
