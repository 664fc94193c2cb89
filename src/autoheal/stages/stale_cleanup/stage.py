"""stale-cleanup: warn, wait, then close autoheal's stale draft PRs, within an honest op budget.

Parity with actions/stale where it applies, minus its two classic traps: autoheal keeps no cross-run
cache (everything is derived from GitHub: the stale label and autoheal's own marked warning comment),
and autoheal's own warning never counts as activity (so marking does not reset the clock).
Scope: autoheal's draft PRs (default), all draft PRs, or autoheal's issues.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ...errors import BudgetExhausted, InputError
from ...spec import Input, Output, StageSpec, common
from ..shared.comment_budget import held_back_note, stage_comment_budget
from ..shared.context import Plan, StageContext, StageResult
from ..shared.labels import ensure_labels
from ..shared.timestamps import utc
from .apply import apply_item
from .decide import decide_item
from .gather import candidates, exempt_reason, gather_item
from .model import Settings


def settings_from(ctx: StageContext) -> Settings:
    cfg = ctx.config

    def pick(name: str, key: str) -> Any:
        value = ctx.input(name)
        if value is None or value == []:
            return cfg.get_path(f"stale.{key}")
        return value

    start = pick("start-date", "start_date")
    start_dt = None
    if start:
        try:
            start_dt = datetime.fromisoformat(str(start).replace("Z", "+00:00"))
        except ValueError:
            raise InputError("start-date", f"expected an ISO 8601 date like 2026-01-31, got {start!r}") from None
        start_dt = utc(start_dt)
    return Settings(
        days_before_stale=float(pick("days-before-stale", "days_before_stale")),
        days_before_close=float(pick("days-before-close", "days_before_close")),
        stale_label=str(pick("stale-label", "stale_label")),
        stale_message=pick("stale-message", "stale_message"),
        close_message=pick("close-message", "close_message"),
        exempt_labels=tuple(pick("exempt-labels", "exempt_labels") or ()),
        exempt_authors=tuple(pick("exempt-authors", "exempt_authors") or ()),
        exempt_milestones=tuple(pick("exempt-milestones", "exempt_milestones") or ()),
        only_labels=tuple(pick("only-labels", "only_labels") or ()),
        remove_stale_when_updated=bool(pick("remove-stale-when-updated", "remove_stale_when_updated")),
        operations_per_run=int(pick("operations-per-run", "operations_per_run")),
        delete_branch=bool(pick("delete-branch", "delete_branch")),
        start_date=start_dt,
        scope=str(pick("scope", "scope")),
        branch_prefix=str(cfg.get_path("pull_requests.branch_prefix")),
        autoheal_label=str((cfg.get_path("issues.labels") or ["autoheal"])[0]),
    )


class CommentRoom:
    """Whether an item's warning or close message fits under rate_limits.max_comments_per_hour.

    A real run asks the shared budget (each posted comment is spent there); a dry run counts the comments
    it would post itself, so its plan says which items a real run would leave for later.
    """

    def __init__(self, ctx: StageContext) -> None:
        self.ctx = ctx
        self.budget = stage_comment_budget(ctx)
        self.planned = 0

    def fits(self, plan: Plan) -> bool:
        if not any(w.op == "comment" for w in plan):
            return True
        if not self.ctx.dry_run:
            return self.budget.allows()
        if self.budget.left() <= self.planned:
            return False
        self.planned += 1
        return True

    def note(self, number: int, verdict: str) -> str:
        what = "warning" if verdict == "warn" else "close message"
        return (f"#{number}: not {'marked stale' if verdict == 'warn' else 'closed'} this run: its {what} "
                f"{held_back_note(self.budget.limit)}")


def run(ctx: StageContext) -> StageResult:
    s = settings_from(ctx)
    counts = {"examined": 0, "warned": 0, "closed": 0, "unstaled": 0, "held-back": 0}
    gw = ctx.gw
    gw.max_writes = gw.usage.writes + s.operations_per_run
    if not ctx.dry_run:
        ensure_labels(gw, [s.stale_label])
    full_plan = Plan()
    now = ctx.now()
    stopped = None
    room = CommentRoom(ctx)
    held: list[str] = []
    try:
        for obj in candidates(ctx, s):
            reason = exempt_reason(obj, s)
            if reason:
                full_plan.notes.append(f"#{obj.number}: skipped ({reason})")
                continue
            item = gather_item(ctx, obj, s)
            counts["examined"] += 1
            verdict, plan = decide_item(item, s, now)
            if not plan:
                continue
            if not room.fits(plan):  # never marked without its warning, never closed without its message
                held.append(room.note(item.number, verdict))
                full_plan.notes.append(held[-1])
                counts["held-back"] += 1
                continue
            full_plan.writes.extend(plan.writes)
            if ctx.dry_run:
                counts[{"warn": "warned", "close": "closed", "unstale": "unstaled"}[verdict]] += 1
                continue
            remaining = gw.max_writes - gw.usage.writes
            if remaining < len(plan):
                raise BudgetExhausted(f"operation budget left ({remaining}) is less than #{item.number} needs ({len(plan)})")
            apply_item(ctx, item, plan, s)
            counts[{"warn": "warned", "close": "closed", "unstale": "unstaled"}[verdict]] += 1
    except BudgetExhausted as exc:
        stopped = str(exc)
        ctx.rt.warn(f"stale-cleanup stopped early: {stopped}; the next run continues where this one stopped "
                    "(raise `operations-per-run` to do more per run)")
    remaining_ops = max(0, gw.max_writes - gw.usage.writes)
    outputs = {**counts, "remaining-operations": remaining_ops}
    summary = ("### autoheal stale-cleanup\n\n| examined | warned | closed | unstaled | held back | operations left |\n"
               "|---|---|---|---|---|---|\n"
               f"| {counts['examined']} | {counts['warned']} | {counts['closed']} | {counts['unstaled']} "
               f"| {counts['held-back']} | {remaining_ops} |\n")
    if stopped:
        summary += f"\n> [!WARNING]\n> Stopped early: {stopped}.\n"
    if held and not ctx.dry_run:
        for line in held:
            ctx.rt.info(line)
        summary += "\n" + "".join(f"- {line}\n" for line in held)
    return StageResult(outputs=outputs, plan=full_plan, summary=summary,
                       message=f"examined {counts['examined']}, warned {counts['warned']}, closed {counts['closed']}, "
                               f"unstaled {counts['unstaled']}, held back {counts['held-back']}; "
                               f"{remaining_ops} operations left")


SPEC = StageSpec(
    name="stale-cleanup",
    title="autoheal: stale cleanup",
    description="Warn about and then close stale autoheal draft PRs (or issues), actions/stale style, within an operation budget.",
    icon="archive",
    color="gray-dark",
    run=run,
    inputs=common(
        Input("days-before-stale", "Days without activity before a PR is marked stale.", kind="float", min=0),
        Input("days-before-close", "Days after the stale warning before it is closed (-1: never close).", kind="float", min=-1),
        Input("stale-label", "Label that marks a stale item."),
        Input("stale-message", "Comment posted when marking stale (Jinja template text)."),
        Input("close-message", "Comment posted when closing (Jinja template text)."),
        Input("exempt-labels", "Items with any of these labels are never marked stale.", kind="list"),
        Input("exempt-authors", "Items by these authors are never marked stale.", kind="list"),
        Input("exempt-milestones", "Items in these milestones are never marked stale.", kind="list"),
        Input("only-labels", "Only items that carry all of these labels are processed.", kind="list"),
        Input("remove-stale-when-updated", "Remove the stale label when there is new activity.", kind="bool"),
        Input("operations-per-run", "Budget of API writes for this run; the run stops cleanly when it is spent.", kind="int", min=1),
        Input("delete-branch", "Delete the branch of a closed PR (only branches autoheal created).", kind="bool"),
        Input("start-date", "Ignore items created before this date (ISO 8601)."),
        Input("scope", "What to clean.", kind="choice", choices=("autoheal-drafts", "all-drafts", "autoheal-issues")),
    ),
    outputs=(
        Output("examined", "Items examined."),
        Output("warned", "Items marked stale in this run."),
        Output("closed", "Items closed in this run."),
        Output("unstaled", "Items whose stale mark was removed after new activity."),
        Output("held-back", "Items left for a later run because `rate_limits.max_comments_per_hour` had no room for "
               "their warning or close message (never marked or closed without it)."),
        Output("remaining-operations", "Operations left in this run's budget."),
    ),
)
