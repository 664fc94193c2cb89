"""health-check's writes: the one dashboard issue, one alert issue per unhealthy workflow, Recovered comments."""

from __future__ import annotations

import re
from typing import Any

from ...markers import has_marker, marker
from ..shared.comment_budget import held_back_note, post_once, stage_comment_budget
from ..shared.context import StageContext
from .metrics import (
    WorkflowHealth,
)
from .render import alert_body, alert_slug, alert_title

RECOVERED_MARKER = "alert-recovered"


RECOVERED_TEXT = "Recovered: the success rate is back within the thresholds."


def upsert_dashboard(ctx: StageContext, label: str, body: str) -> Any:
    gw, repo = ctx.gw, ctx.gw.repo()
    body = body.rstrip() + "\n\n" + marker("dashboard") + "\n"

    def find() -> Any:
        return next((i for i in repo.get_issues(state="open", labels=[label]) if has_marker(i.body, "dashboard")), None)

    current = gw.read(find, what="find the dashboard issue")
    if current is None:
        return gw.write(lambda: repo.create_issue("autoheal: workflow health dashboard", body=body, labels=[label]),
                        find=find, what="create the dashboard issue"), "created"
    if current.body != body:
        gw.write(lambda: current.edit(body=body), what=f"update dashboard #{current.number}")
        return current, "updated"
    return current, "unchanged"


def sync_alerts(ctx: StageContext, label: str, alert_map: dict[str, str], healths: list[WorkflowHealth]) -> list[str]:
    """One open alert issue per workflow in alert (updated in place), closed when it recovers."""
    gw, repo = ctx.gw, ctx.gw.repo()
    open_alerts = {}
    for issue in gw.read(lambda: list(repo.get_issues(state="open", labels=[label])), what="list alert issues"):
        m = re.search(r"<!-- autoheal:alert=([a-z0-9-]+) -->", issue.body or "")
        if m:
            open_alerts[m.group(1)] = issue
    by_name = {h.name: h for h in healths}
    actions = []
    for name, why in alert_map.items():
        slug = alert_slug(name)
        h = by_name[name]
        body = alert_body(name, why, h)
        existing = open_alerts.pop(slug, None)
        if existing is None:
            def find(slug: str = slug) -> Any:
                return next((i for i in repo.get_issues(state="open", labels=[label])
                             if has_marker(i.body, "alert", slug)), None)

            gw.write(lambda body=body, name=name: repo.create_issue(alert_title(name), body=body,
                                                                    labels=[label]), find=find, what="open an alert")
            actions.append(f"alert opened: {name}")
        elif existing.body != body:
            gw.write(lambda existing=existing, body=body: existing.edit(body=body), what="update an alert")
            actions.append(f"alert updated: {name}")
    for slug, issue in open_alerts.items():
        if not say_recovered(ctx, issue, slug):
            # Never closed without saying why: the alert stays open until a run may post the comment.
            actions.append(f"alert #{issue.number} recovered but left open: the recovery "
                           f"{held_back_note(stage_comment_budget(ctx).limit)}")
            continue
        gw.write(lambda issue=issue: issue.edit(state="closed", state_reason="completed"), what="close a recovered alert")
        actions.append(f"alert closed: #{issue.number}")
    return actions


def say_recovered(ctx: StageContext, issue: Any, slug: str) -> bool:
    """The "Recovered" comment on an alert, once (marked, so a re-run after a lost close does not repeat it
    and rate_limits.max_comments_per_hour counts it). False when the comment cap held it back."""
    gw = ctx.gw

    def find() -> Any:
        return next((c for c in issue.get_comments() if has_marker(c.body, RECOVERED_MARKER, slug)), None)

    body = f"{RECOVERED_TEXT}\n\n{marker(RECOVERED_MARKER, slug)}\n"
    return post_once(gw, issue, body, find, stage_comment_budget(ctx), what="comment on a recovered alert")
