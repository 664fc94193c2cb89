"""stale-cleanup's decision for one item (pure): leave it, warn, close, or clear the stale mark."""

from __future__ import annotations

from datetime import datetime, timedelta

from ..shared.context import Plan
from .model import Item, Settings


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
