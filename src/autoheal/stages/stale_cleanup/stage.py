"""stale-cleanup: warn, wait, then close autoheal's stale draft PRs, within an honest op budget.

Parity with actions/stale where it applies, minus its two classic traps: autoheal keeps no cross-run
cache (everything is derived from GitHub: the stale label and autoheal's own marked warning comment),
and autoheal's own warning never counts as activity (so marking does not reset the clock).
Scope: autoheal's draft PRs (default), all draft PRs, or autoheal's issues.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from ...errors import BudgetExhausted, InputError
from ...markers import has_marker, marker
from ...render import render, render_user_template
from ...spec import Input, Output, StageSpec, common
from ..shared.comment_budget import held_back_note, stage_comment_budget
from ..shared.context import Plan, StageContext, StageResult
from ..shared.labels import ensure_labels
from ..shared.ownership import is_autoheal_pr

STALE_MARKER = "stale"


@dataclass(frozen=True)
class Settings:
    days_before_stale: float
    days_before_close: float
    stale_label: str
    stale_message: str | None
    close_message: str | None
    exempt_labels: tuple[str, ...]
    exempt_authors: tuple[str, ...]
    exempt_milestones: tuple[str, ...]
    only_labels: tuple[str, ...]
    remove_stale_when_updated: bool
    operations_per_run: int
    delete_branch: bool
    start_date: datetime | None
    scope: str
    branch_prefix: str
    autoheal_label: str


@dataclass
class Item:
    """One issue or PR as stale-cleanup sees it (facts only; no decisions)."""

    number: int
    kind: str  # "pull request" | "issue"
    author: str
    labels: tuple[str, ...]
    milestone: str | None
    created_at: datetime
    last_activity: datetime
    stale_since: datetime | None  # when autoheal's warning was posted (None: not marked)
    branch: str | None = None
    autoheal_owned: bool = False
    same_repo: bool = True
    raw: Any = field(default=None, repr=False, compare=False)


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
        if start_dt.tzinfo is None:
            start_dt = start_dt.replace(tzinfo=timezone.utc)
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


# -- gather ---------------------------------------------------------------------------------------------

def _utc(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def candidates(ctx: StageContext, s: Settings) -> list[Any]:
    """Open items in scope, oldest activity first (one request per 100)."""
    gw, repo = ctx.gw, ctx.gw.repo()
    if s.scope == "autoheal-issues":
        items = gw.read(lambda: [i for i in repo.get_issues(state="open", labels=[s.autoheal_label],
                                                              sort="updated", direction="asc") if not i.pull_request],
                        what="list autoheal issues")
    else:
        pulls = gw.read(lambda: list(repo.get_pulls(state="open", sort="updated", direction="asc")), what="list open PRs")
        items = [p for p in pulls if p.draft and (s.scope == "all-drafts" or is_autoheal_pr(p, s.branch_prefix))]
    return items


def exempt_reason(obj: Any, s: Settings) -> str | None:
    labels = {lb.name for lb in obj.labels}
    if labels & set(s.exempt_labels):
        return "exempt label"
    if obj.user.login in s.exempt_authors:
        return "exempt author"
    if obj.milestone is not None and (obj.milestone.title in s.exempt_milestones):
        return "exempt milestone"
    if s.only_labels and not set(s.only_labels) <= labels:
        return "missing only-labels"
    if s.start_date and _utc(obj.created_at) < s.start_date:
        return "created before start-date"
    return None


def gather_item(ctx: StageContext, obj: Any, s: Settings) -> Item:
    """Last activity by anyone other than autoheal's stale marking; when autoheal marked it stale."""
    gw = ctx.gw
    is_pr = hasattr(obj, "head")
    issue = obj.as_issue() if is_pr else obj
    times = [_utc(obj.created_at)]
    stale_since = None
    for comment in gw.read(lambda: list(issue.get_comments()), what=f"read comments of #{obj.number}"):
        if has_marker(comment.body, STALE_MARKER):
            stale_since = _utc(comment.created_at)
        else:
            times.append(_utc(comment.created_at))
    if is_pr:
        commits = gw.read(lambda: list(obj.get_commits()), what=f"read commits of #{obj.number}")
        times += [_utc(c.commit.committer.date) for c in commits if c.commit.committer and c.commit.committer.date]
        reviews = gw.read(lambda: list(obj.get_reviews()), what=f"read reviews of #{obj.number}")
        times += [_utc(r.submitted_at) for r in reviews if r.submitted_at]
    for event in gw.read(lambda: list(issue.get_events()), what=f"read events of #{obj.number}"):
        if event.event in ("labeled", "unlabeled"):
            label = getattr(event, "label", None)
            name = label.name if label is not None else ""
            if name == s.stale_label:
                continue  # autoheal's own marking (or its removal) is not activity
            times.append(_utc(event.created_at))
    labels = tuple(lb.name for lb in obj.labels)
    if s.stale_label not in labels:
        stale_since = None
    return Item(
        number=obj.number,
        kind="pull request" if is_pr else "issue",
        author=obj.user.login,
        labels=labels,
        milestone=obj.milestone.title if obj.milestone else None,
        created_at=_utc(obj.created_at),
        last_activity=max(times),
        stale_since=stale_since,
        branch=obj.head.ref if is_pr else None,
        autoheal_owned=(is_autoheal_pr(obj, s.branch_prefix) if is_pr else True),
        same_repo=(obj.head.repo is not None and obj.head.repo.full_name == obj.base.repo.full_name) if is_pr else True,
        raw=obj,
    )


# -- decide (pure) ----------------------------------------------------------------------------------------

def decide_item(item: Item, s: Settings, now: datetime) -> tuple[str, Plan]:
    """What to do with one item: 'warn' | 'close' | 'unstale' | 'wait' | 'active', with its writes."""
    plan = Plan()
    target = f"#{item.number}"
    if item.stale_since is not None or s.stale_label in item.labels:
        marked_at = item.stale_since or item.last_activity
        if item.last_activity > marked_at:
            if s.remove_stale_when_updated:
                plan.add("remove_label", target, f"new activity since the stale warning: remove `{s.stale_label}`",
                         label=s.stale_label)
                return "unstale", plan
            return "wait", plan
        if s.days_before_close < 0:
            return "wait", plan
        stale_days = (now - marked_at) / timedelta(days=1)
        if stale_days >= s.days_before_close:
            plan.add("comment", target, "close message", kind="close", days_stale=int(stale_days))
            plan.add("close", target, f"stale for {stale_days:.0f} days with no activity")
            if (s.delete_branch and item.kind == "pull request" and item.autoheal_owned and item.same_repo
                    and item.branch and item.branch.startswith(s.branch_prefix)):
                plan.add("delete_branch", f"refs/heads/{item.branch}", "autoheal's own branch of a closed PR",
                         branch=item.branch)
            return "close", plan
        return "wait", plan
    idle_days = (now - item.last_activity) / timedelta(days=1)
    if idle_days >= s.days_before_stale:
        plan.add("add_label", target, f"no activity for {idle_days:.0f} days: mark `{s.stale_label}`", label=s.stale_label)
        plan.add("comment", target, "stale warning", kind="warn", days_idle=int(idle_days))
        return "warn", plan
    return "active", plan


# -- apply ------------------------------------------------------------------------------------------------

def message(s: Settings, kind: str, context: dict[str, Any]) -> str:
    custom = s.stale_message if kind == "warn" else s.close_message
    body = render_user_template(custom, **context) if custom else render(
        "stale_warning.md.j2" if kind == "warn" else "stale_close.md.j2", **context)
    return body.rstrip() + "\n\n" + (marker(STALE_MARKER) if kind == "warn" else marker("stale-closed")) + "\n"


def apply_item(ctx: StageContext, item: Item, plan: Plan, s: Settings) -> None:
    gw = ctx.gw
    obj = item.raw
    issue = obj.as_issue() if item.kind == "pull request" else obj
    deleted = any(w.op == "delete_branch" for w in plan)
    for write in plan:
        if write.op == "add_label":
            gw.write(lambda: issue.add_to_labels(s.stale_label), what=f"label #{item.number} stale")
        elif write.op == "remove_label":
            gw.write(lambda: issue.remove_from_labels(s.stale_label), what=f"unlabel #{item.number}")
        elif write.op == "comment":
            context = {"kind": item.kind, "stale_label": s.stale_label, "days_before_close": int(s.days_before_close),
                       "days_before_stale": int(s.days_before_stale),
                       "remove_stale_when_updated": s.remove_stale_when_updated,
                       "days_idle": write.args.get("days_idle", 0), "days_stale": write.args.get("days_stale", 0),
                       "deleted_branch": deleted, "branch": item.branch or "", "number": item.number}
            body = message(s, write.args["kind"], context)
            key = STALE_MARKER if write.args["kind"] == "warn" else "stale-closed"

            def find(key: str = key) -> Any:
                return next((c for c in issue.get_comments() if has_marker(c.body, key)
                             and _utc(c.created_at) >= ctx.now() - timedelta(minutes=10)), None)

            gw.write(lambda body=body: issue.create_comment(body), find=find, what=f"comment on #{item.number}")
            stage_comment_budget(ctx).spend()
        elif write.op == "close":
            gw.write(lambda: obj.edit(state="closed"), what=f"close #{item.number}")
        elif write.op == "delete_branch":
            repo = gw.repo()
            ref = gw.read(lambda: repo.get_git_ref(f"heads/{write.args['branch']}"), what="read branch")
            gw.write(lambda: ref.delete(), what=f"delete branch {write.args['branch']}")


# -- run --------------------------------------------------------------------------------------------------

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
