"""pr-monitor's writes for one PR: the planned transitions, in order, keeping the record in step."""

from __future__ import annotations

import copy
from typing import Any

from ...errors import AutohealError, MissingPermission
from ..shared.comment_budget import held_back_note, stage_comment_budget
from ..shared.context import Plan, StageContext
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
from ..shared.sticky import PullComments, upsert_sticky_comment
from .assess import MonitorFacts
from .decide import (
    NOTIFY_MARKER,
    ROUND_MARKER,
    STICKY_KEY,
    MonitorDecision,
    MonitorSettings,
    assess_with,
)
from .gather import failure_analysis
from .render import (
    handback_comment,
    handback_task,
    ready_notice,
    status_body,
)

KEEP_ROUND_DETAILS = 3
"""Fix rounds whose notes stay in the record; older ones keep their SHA, mode and outcome (the record
must stay small even with a large `monitor.max_fix_rounds`)."""


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
