"""pr-monitor: watch autoheal's PRs until a human should look, with one sticky status comment each.

Per PR: gather (monitor_facts) -> assess + decide (monitor_state, monitor_plan; pure) -> apply here.
Transitions, each switchable and each done once: CI green + Copilot done + no changes requested ->
mark ready for review (GraphQL), request the configured reviewers, add the ready label, tell the linked
issue; CI red on the fix branch -> analyze the failed job with analyze-failure's core and hand it back to
Copilot, at most `monitor.max_fix_rounds` times, then label `needs-human`; conflicts -> label (removed
again when resolved). Running the monitor again on an unchanged PR writes nothing.

API cost: 3 requests per run (repository, config, open PRs) + 7 reads per PR (see monitor_facts); writes only
on transitions: sticky comment 1-2, each label 1 (+2 the first time the label is created), mark ready
1 (GraphQL), reviewers 1, issue notice 2, a hand-back ~4 reads + 1-3 writes; the count of autoheal's
comments in the last hour 1 (before the first comment created in the run).

rate_limits.max_comments_per_hour: the status comment is the record that keeps transitions once-only, so a
PR without one waits while the cap leaves no room for it (and keeps one comment of the hour for it while its
transitions run); the ready notice and a hand-back by comment wait for a later run, spending no round.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from ...errors import AutohealError, BudgetExhausted, InputError, MissingPermission
from ...spec import Input, Output, StageSpec, common
from ..shared.comment_budget import held_back_note, stage_comment_budget
from ..shared.context import Plan, StageContext, StageResult
from ..shared.copilot_identity import SHOWN_LOGIN
from ..shared.handoff import (
    HELD,
    Target,
    assign_agent,
    find_marked_comment,
    post_comment,
    reason_line,
    run_modes,
    user_gateway,
)
from ..shared.labels import ensure_labels
from ..shared.links import linked_issue_number
from ..shared.pulls import pr_number_from_event
from ..shared.sticky import PullComments, upsert_sticky_comment
from .assess import STATES, Assessment, MonitorFacts, assess
from .decide import (
    NOTIFY_MARKER,
    ROUND_MARKER,
    STICKY_KEY,
    TRANSITIONS,
    MonitorDecision,
    MonitorSettings,
    decide,
)
from .gather import failure_analysis, gather_pr, is_autoheal_pr, watched_pulls
from .render import (
    as_posted,
    handback_comment,
    handback_task,
    ready_notice,
    status_body,
)

KEEP_ROUND_DETAILS = 3
"""Fix rounds whose notes stay in the record; older ones keep their SHA, mode and outcome (the record
must stay small even with a large `monitor.max_fix_rounds`)."""


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


def assess_with(facts: MonitorFacts, s: MonitorSettings) -> Assessment:
    return assess(facts, no_checks_after_minutes=s.no_checks_after_minutes, needs_human_label=s.needs_human_label)


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


class Applier:
    """Carries out one PR's plan, keeping `after` (the PR as it will look) and the record in step."""

    def __init__(self, ctx: StageContext, facts: MonitorFacts, decision: MonitorDecision, s: MonitorSettings, pr: Any):
        self.ctx, self.gw, self.s, self.pr = ctx, ctx.gw, s, pr
        self.facts = facts
        self.after = copy.deepcopy(facts)
        self.record = decision.record
        self.after.record = self.record
        self.done: list[str] = []
        self.a = assess_with(facts, s)
        self.user_gateway: Any = None
        self.budget = stage_comment_budget(ctx)
        # A PR without a status comment yet keeps one comment of the hour for it: it holds the record.
        self.keep = 1 if facts.sticky_body is None else 0

    # -- helpers ---------------------------------------------------------------------------------------
    def _ready(self) -> dict[str, Any]:
        return self.record.setdefault("ready", {})

    def _labels_now(self) -> list[str]:
        return [lb.name for lb in self.gw.read(lambda: list(self.pr.get_labels()), what="re-read labels")]

    def add_labels(self, labels: list[str]) -> None:
        labels = [lb for lb in labels if lb not in self.after.pr.labels]
        if not labels:
            return
        ensure_labels(self.gw, labels)
        self.gw.write(lambda: self.pr.add_to_labels(*labels),
                      find=lambda: True if set(labels) <= set(self._labels_now()) else None,
                      what=f"label #{self.pr.number} {', '.join(labels)}")
        self.after.pr.labels.extend(labels)
        self.done.append("label " + ", ".join(labels))

    def remove_label(self, label: str) -> None:
        try:
            self.gw.write(lambda: self.pr.remove_from_labels(label), what=f"unlabel #{self.pr.number} {label}")
        except AutohealError as exc:
            if getattr(exc, "status", None) != 404:  # already gone: fine
                raise
        self.after.pr.labels = [lb for lb in self.after.pr.labels if lb != label]
        self.done.append(f"unlabel {label}")

    def user_gw(self) -> Any:
        if self.user_gateway is None:
            self.user_gateway = user_gateway(self.gw, self.ctx.input("copilot-token"))
        return self.user_gateway

    # -- transitions -----------------------------------------------------------------------------------
    def mark_ready(self) -> None:
        repo = self.gw.repo()
        number = self.pr.number
        self.gw.write(lambda: self.pr.mark_ready_for_review(),
                      find=lambda: True if not repo.get_pull(number).draft else None,
                      what=f"mark #{number} ready for review")
        self.after.pr.draft = False
        self._ready()["marked"] = True
        self.done.append("marked ready for review")

    def request_reviewers(self, users: list[str], teams: list[str]) -> None:
        try:
            self.gw.write(lambda: self.pr.create_review_request(reviewers=users, team_reviewers=teams),
                          what=f"request reviewers on #{self.pr.number}")
        except MissingPermission:
            raise
        except AutohealError as exc:  # e.g. 422: not a collaborator — say so, never retry every run
            self._ready()["reviewers_error"] = exc.message[:300]
            self.ctx.rt.annotate("warning", f"PR #{self.pr.number}: could not request reviewers: {exc.message}")
        else:
            self.after.requested_users.extend(users)
            self.after.requested_teams.extend(teams)
            self.done.append("requested reviews from " + ", ".join(users + teams))
        self._ready()["reviewers"] = True

    def notify_issue(self) -> None:
        issue = self.facts.issue
        assert issue is not None
        repo, number = self.facts.repo, self.pr.number
        if find_marked_comment(self.gw, repo, issue.number, NOTIFY_MARKER, str(number)) is None:
            if self.budget.left() <= self.keep:  # not recorded as notified: a later run tells the issue
                self.done.append(f"issue #{issue.number} ready notice: {held_back_note(self.budget.limit)}")
                return
            body = ready_notice(self.after, self.a, list(self.after.requested_users))

            def landed() -> Any:
                found = find_marked_comment(self.gw, repo, issue.number, NOTIFY_MARKER, str(number))
                return (201, {}, found) if found else None

            self.gw.raw("POST", f"/repos/{repo}/issues/{issue.number}/comments", body={"body": body}, find=landed,
                        what=f"tell issue #{issue.number} that #{number} is ready")
            self.budget.spend()
            self.done.append(f"notified issue #{issue.number}")
        self._ready()["notified"] = True
        self.after.issue_notified = True

    def give_up(self, reason: str, label: str | None) -> None:
        self.record["gave_up"] = {"sha": self.facts.pr.head_sha, "reason": reason[:500]}
        if label:
            self.add_labels([label])
        self.done.append("gave up: " + reason)

    def hand_back(self, number: int, steps: list[tuple[str, str | None]]) -> None:
        facts, s = self.facts, self.s
        analysis, note = failure_analysis(self.ctx, facts)
        task = handback_task(facts, self.a, s, analysis, number)
        marker_value = f"{number}-{facts.pr.head_sha[:12]}"
        target = Target(repo=facts.repo, pr_number=facts.pr.number, base_branch=facts.pr.head_ref,
                        issue_number=facts.issue.number if facts.issue else None, instructions=task,
                        comment_body=handback_comment(task, marker_value), comment_marker=(ROUND_MARKER, marker_value),
                        model=str(self.ctx.config["copilot"].get("model") or ""))
        actions = {
            "coding_agent": lambda: assign_agent(self.user_gw(), self.gw, target, reassign=True),
            "comment": lambda: post_comment(self.gw, target, budget=self.budget, keep=self.keep),
        }
        attempts = run_modes([(m, None if why else actions[m], why or "") for m, why in steps])
        effect = next((x for x in attempts if x.took_effect), None)
        held = next((x for x in attempts if x.outcome == HELD), None)
        if effect is None and held is not None:
            # Not a failed round: nothing is recorded and nobody gives up; a later run hands this commit back.
            self.done.append(f"fix round {number} waits: {held.detail}")
            return
        rounds = self.record.setdefault("rounds", [])
        keep = KEEP_ROUND_DETAILS - 1  # the round appended below is the last one kept in full
        for old in rounds[:max(0, len(rounds) - keep)]:
            for key in ("note", "attempts", "fingerprint", "at"):
                old.pop(key, None)
        rounds.append({
            "round": number, "sha": facts.pr.head_sha, "at": self.ctx.now().strftime("%Y-%m-%dT%H:%M:%SZ"),
            "category": (analysis or {}).get("category") or "unknown",
            "fingerprint": (analysis or {}).get("fingerprint") or "",
            "mode": effect.mode if effect else "none", "verified": effect is not None,
            "note": note[:300], "attempts": [f"{x.mode}: {x.outcome}" for x in attempts],
        })
        if effect is None:
            self.give_up("could not hand the failure back to Copilot: " + reason_line(attempts),
                         s.needs_human_label if s.on("needs_human_label") else None)
            return
        if effect.mode == "coding_agent" and self.after.issue is not None:
            self.after.issue.assignees = [*self.after.issue.assignees, SHOWN_LOGIN]
        self.done.append(f"fix round {number}: handed back to Copilot ({effect.mode})")

    def apply(self, plan: Plan) -> str:
        for write in plan:
            args = write.args
            if write.op == "add_labels":
                self.add_labels(list(args["labels"]))
                if args.get("ready"):
                    self._ready()["labelled"] = True
            elif write.op == "remove_label":
                self.remove_label(args["label"])
            elif write.op == "mark_ready":
                self.mark_ready()
            elif write.op == "request_reviewers":
                self.request_reviewers(list(args["users"]), list(args["teams"]))
            elif write.op == "notify_issue":
                self.notify_issue()
            elif write.op == "hand_back":
                self.hand_back(int(args["round"]), list(args["steps"]))
            elif write.op == "give_up":
                self.give_up(str(args["reason"]), args.get("label"))
        self.a = assess_with(self.after, self.s)
        if any(w.op == "upsert_comment" for w in plan):
            body = status_body(self.after, self.a, self.s, self.record)
            action, _ = upsert_sticky_comment(self.gw, PullComments(self.pr), STICKY_KEY, body, budget=self.budget)
            if action == "held":
                self.done.append(f"status {held_back_note(self.budget.limit)}")
            elif action != "unchanged":
                self.done.append(f"status comment {action}")
        return self.a.state


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
    if is_autoheal_pr(closed, s.autoheal_label):
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


def summary_markdown(states: list[dict[str, Any]]) -> str:
    from ...markdown import neutralize

    if not states:
        return "### autoheal pr-monitor\n\nNo autoheal pull request is open.\n"
    lines = ["### autoheal pr-monitor", "", "| PR | state | CI | Copilot | done this run |", "|---|---|---|---|---|"]
    for e in states:
        done = neutralize("; ".join(e.get("actions") or []) or "—").replace("|", "\\|")
        lines.append(f"| #{e['number']} | {e['state']} | {e.get('ci', '')} | {e.get('copilot', '')} | {done} |")
    return "\n".join(lines) + "\n"


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
