"""stale-cleanup's writes for one item: label, comment, close, each idempotent."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from ...markers import has_marker
from ..shared.comment_budget import stage_comment_budget
from ..shared.context import Plan, StageContext
from ..shared.trust import by_autoheal, own_logins
from ..shared.timestamps import utc
from .model import STALE_MARKER, Item, Settings
from .render import message


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
                             and utc(c.created_at) >= ctx.now() - timedelta(minutes=10)
                             and by_autoheal(c.user, own_logins(gw))), None)

            gw.write(lambda body=body: issue.create_comment(body), find=find, what=f"comment on #{item.number}")
            stage_comment_budget(ctx).spend()
        elif write.op == "close":
            gw.write(lambda: obj.edit(state="closed"), what=f"close #{item.number}")
        elif write.op == "delete_branch":
            repo = gw.repo()
            ref = gw.read(lambda: repo.get_git_ref(f"heads/{write.args['branch']}"), what="read branch")
            gw.write(lambda: ref.delete(), what=f"delete branch {write.args['branch']}")
