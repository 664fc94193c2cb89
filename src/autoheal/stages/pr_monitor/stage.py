"""pr-monitor: watch autoheal's PRs until a human should look, with one sticky status comment each.

Per PR: gather -> assess + decide (pure) -> apply, each its own module here.
Transitions, each switchable and each done once: CI green + Copilot done + no changes requested ->
mark ready for review (GraphQL), request the configured reviewers, add the ready label, tell the linked
issue; CI red on the fix branch -> analyze the failed job with analyze-failure's core and hand it back to
Copilot, at most `monitor.max_fix_rounds` times, then label `needs-human`; conflicts -> label (removed
again when resolved). Running the monitor again on an unchanged PR writes nothing.

API cost: 3 requests per run (repository, config, open PRs) + 7 reads per PR (see gather); writes only
on transitions: sticky comment 1-2, each label 1 (+2 the first time the label is created), mark ready
1 (GraphQL), reviewers 1, issue notice 2, a hand-back ~4 reads + 1-3 writes; the count of autoheal's
comments in the last hour 1 (before the first comment created in the run).

rate_limits.max_comments_per_hour: the status comment is the record that keeps transitions once-only, so a
PR without one waits while the cap leaves no room for it (and keeps one comment of the hour for it while its
transitions run); the ready notice and a hand-back by comment wait for a later run, spending no round.
"""

from __future__ import annotations

import json
from typing import Any

from ...errors import AutohealError, BudgetExhausted, InputError, MissingPermission
from ...spec import Input, Output, StageSpec, common
from ..shared.comment_budget import held_back_note, stage_comment_budget
from ..shared.context import Plan, StageContext, StageResult
from ..shared.links import linked_issue_number
from ..shared.pulls import pr_number_from_event
from ..shared.trust import own_logins
from .apply import Applier
from .assess import STATES, Assessment, MonitorFacts
from .decide import (
    TRANSITIONS,
    MonitorDecision,
    MonitorSettings,
    assess_with,
    decide,
)
from .gather import gather_pr, is_autoheal_pr, watched_pulls
from .render import (
    as_posted,
    status_body,
    summary_markdown,
)


def settings_of(ctx: StageContext) -> MonitorSettings:
    chosen = ctx.input("transitions") or None
    if chosen == ["none"]:
        chosen = []
    elif chosen:
        unknown = [t for t in chosen if t not in TRANSITIONS]
        if unknown:
            import difflib

            close = difflib.get_close_matches(unknown[0], TRANSITIONS, n=1)
            raise InputError("transitions", f"unknown transition {unknown[0]!r}",
                             f"did you mean {close[0]}?" if close else "choose from " + ", ".join(TRANSITIONS) + " or none")
    return MonitorSettings.from_config(ctx.config, has_user_token=bool(ctx.input("copilot-token")), transitions=chosen)


def plan_pr(facts: MonitorFacts, s: MonitorSettings) -> tuple[Assessment, MonitorDecision]:
    """assess + decide, plus the sticky comment when it would change (pure: the idempotency check)."""
    a = assess_with(facts, s)
    decision = decide(facts, a, s)
    if facts.pr.state != "open":
        return a, decision
    target = f"{facts.repo}#{facts.pr.number}"
    if decision.plan:
        decision.plan.add("upsert_comment", target, "refresh the sticky status comment")
    elif as_posted(status_body(facts, a, s, decision.record)) != facts.sticky_body:
        decision.plan.add("upsert_comment", target, f"sticky status comment: {a.state}")
    return a, decision


def resolve_targets(ctx: StageContext, s: MonitorSettings) -> tuple[list[int], list[Any], list[str]]:
    """(PR numbers, all open PRs, notes). The PR asked for (input, else the event's) is monitored when it is
    autoheal's; a Copilot PR against an autoheal branch maps to that autoheal PR, and autoheal's issue to its
    open PRs; anything else (a human's PR, an unrelated issue) is left alone. Without one: every open
    autoheal PR."""
    issue = ctx.event.get("issue") if isinstance(ctx.event.get("issue"), dict) else {}
    number = ctx.input("pr-number") or pr_number_from_event(ctx.event) or issue.get("number")
    mine, everything = watched_pulls(ctx, s)
    if not number:
        return [p.number for p in mine], everything, []
    if any(p.number == number for p in mine):
        return [number], everything, []
    open_obj = next((p for p in everything if p.number == number), None)
    if open_obj is not None:
        parents = [p.number for p in mine if p.head.ref == open_obj.base.ref]
        if parents:
            return parents, everything, [f"#{number} targets the branch of autoheal PR(s) {parents}"]
        return [], everything, [f"#{number} is not an autoheal pull request: nothing to monitor"]
    linking = [p.number for p in mine if linked_issue_number(p.body) == number]
    if linking:  # an event on autoheal's issue (e.g. a comment): its open PRs
        return linking, everything, [f"#{number} is the issue of autoheal PR(s) {linking}"]
    repo = ctx.gw.repo()
    try:
        closed = ctx.gw.read(lambda: repo.get_pull(number), what=f"read PR #{number}")
    except AutohealError as exc:
        if getattr(exc, "status", None) != 404:
            raise
        return [], everything, [f"#{number} is not a pull request: nothing to monitor"]
    if is_autoheal_pr(closed, s.autoheal_label, own_logins(ctx.gw)):
        return [number], everything, []
    return [], everything, [f"#{number} is not an autoheal pull request: nothing to monitor"]


def run(ctx: StageContext) -> StageResult:
    s = settings_of(ctx)
    numbers, everything, notes = resolve_targets(ctx, s)
    whole = Plan(notes=list(notes))
    states: list[dict[str, Any]] = []
    errors: list[str] = []
    for number in numbers:
        try:
            facts, pr = gather_pr(ctx, number, s, everything)
            a, decision = plan_pr(facts, s)
            whole.writes.extend(decision.plan.writes)
            whole.notes.extend(decision.plan.notes)
            state, done = a.state, []
            wait = status_comment_held(ctx, facts, decision.plan)
            if wait:
                whole.notes.append(f"#{number}: {wait}")
                done = [] if ctx.dry_run else [wait]
            elif decision.plan and not ctx.dry_run:
                applier = Applier(ctx, facts, decision, s, pr)
                state = applier.apply(decision.plan)
                done = applier.done
                if applier.user_gateway is not None:
                    usage = applier.user_gateway.usage
                    ctx.rt.info(f"API requests with copilot-token for #{number}: {usage.requests} ({usage.writes} writes)")
                a = applier.a
                facts = applier.after
        except (BudgetExhausted, MissingPermission):
            raise
        except AutohealError as exc:
            errors.append(f"#{number}: {exc}")
            ctx.rt.annotate("error", f"pr-monitor #{number}: {exc}")
            states.append({"number": number, "state": "error", "error": str(exc)})
            continue
        states.append(state_entry(facts, a, state, done))

    counts = {name: 0 for name in STATES}
    for entry in states:
        counts[entry["state"]] = counts.get(entry["state"], 0) + 1
    counts = {k: v for k, v in counts.items() if v}
    outputs = {"states": json.dumps(states, sort_keys=True), "counts": json.dumps(counts, sort_keys=True)}
    message = (f"monitored {len(numbers)} PR(s): " + ", ".join(f"{k} {v}" for k, v in counts.items())) if numbers \
        else "; ".join(notes) or "no autoheal pull request to monitor"
    return StageResult(outputs=outputs, plan=whole, summary=None if ctx.dry_run else summary_markdown(states),
                       message=("dry run: " if ctx.dry_run else "") + message, exit_code=1 if errors else 0,
                       data={"stage": "pr-monitor", "states": states, "counts": counts,
                             "plan": [w.__dict__ for w in whole]})


def status_comment_held(ctx: StageContext, facts: MonitorFacts, plan: Plan) -> str:
    """Why this PR's plan waits (or ""): it has no status comment yet and the comment cap has no room for one.

    The status comment is the record that keeps each transition once-only (fix rounds above all), so
    pr-monitor does not move a PR on while it could not write that record down.
    """
    if not plan or facts.sticky_body is not None:
        return ""
    budget = stage_comment_budget(ctx)
    if budget.allows():
        return ""
    return f"status {held_back_note(budget.limit)}; this PR's transitions wait for it (it records them)"


def state_entry(facts: MonitorFacts, a: Assessment, state: str, done: list[str]) -> dict[str, Any]:
    return {
        "number": facts.pr.number,
        "state": state,
        "draft": facts.pr.draft,
        "head_sha": facts.pr.head_sha,
        "ci": a.ci.state,
        "failed_checks": a.ci.failed,
        "copilot": a.copilot.status,
        "changes_requested_by": a.changes_requested_by,
        "conflict": a.conflict,
        "fix_rounds": len(facts.record.get("rounds") or []),
        "actions": done,
    }



SPEC = StageSpec(
    name="pr-monitor",
    title="autoheal: PR monitor",
    description="Track CI, Copilot activity, reviews and conflicts on autoheal's pull requests and mark them ready for review when done.",
    icon="eye",
    color="blue",
    inputs=common(
        Input("pr-number", "One pull request to process. Default: the event's PR, else every open autoheal PR.", kind="int", min=1),
        Input("copilot-token", "User token (PAT or GitHub App user token) for handing a red fix back to the Copilot "
              "coding agent (see docs/copilot.md).", kind="secret"),
        Input("transitions", "Transitions to make (comma or newline separated), overriding `monitor.transitions`: "
              "mark_ready, request_reviewers, ready_label, notify_issue, hand_back, needs_human_label, conflict_label; "
              "`none` for a report only. Default: all.", kind="list"),
    ),
    outputs=(
        Output("states", "JSON: per-PR state."),
        Output("counts", "JSON: number of PRs per state."),
    ),
    run=run,
)
