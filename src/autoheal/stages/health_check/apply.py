"""health-check's writes: the one dashboard issue, one alert digest issue for every unhealthy workflow, Recovered comments."""

from __future__ import annotations

import re
from typing import Any

from ...markers import has_marker, marker
from ..shared.comment_budget import held_back_note, post_once, stage_comment_budget
from ..shared.context import StageContext
from .metrics import (
    WorkflowHealth,
)
from .render import DIGEST_KEY, DIGEST_TITLE, digest_body

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
    """At most ONE open alert issue: a digest of every unhealthy workflow, updated in place, closed (with a
    Recovered comment) when none is left. A repository with 50 workflows gets one issue, not 50.
    Per-workflow alert issues of earlier versions are closed, each saying the digest replaces it."""
    gw, repo = ctx.gw, ctx.gw.repo()
    digest, older = None, []
    for issue in gw.read(lambda: list(repo.get_issues(state="open", labels=[label])), what="list alert issues"):
        m = re.search(r"<!-- autoheal:alert=([a-z0-9-]+) -->", issue.body or "")
        if m and m.group(1) == DIGEST_KEY and digest is None:
            digest = issue
        elif m:
            older.append((m.group(1), issue))
    actions = []
    if alert_map:
        body = digest_body(alert_map, healths)
        if digest is None:
            def find() -> Any:
                return next((i for i in repo.get_issues(state="open", labels=[label])
                             if has_marker(i.body, "alert", DIGEST_KEY)), None)

            digest = gw.write(lambda: repo.create_issue(DIGEST_TITLE, body=body, labels=[label]), find=find,
                              what="open the alert digest")
            actions.append(f"alert opened: {', '.join(sorted(alert_map, key=str.lower))}")
        elif digest.body != body:
            gw.write(lambda: digest.edit(body=body), what="update the alert digest")
            actions.append(f"alert updated: {', '.join(sorted(alert_map, key=str.lower))}")
    elif digest is not None:
        older.append((DIGEST_KEY, digest))
    for slug, issue in older:
        replaced = slug != DIGEST_KEY and digest is not None
        text = (f"Replaced by the alert digest #{digest.number}, which lists every workflow in alert."
                if replaced else None)
        if not say_recovered(ctx, issue, slug, text):
            # Never closed without saying why: the alert stays open until a run may post the comment.
            actions.append(f"alert #{issue.number} recovered but left open: the recovery "
                           f"{held_back_note(stage_comment_budget(ctx).limit)}")
            continue
        gw.write(lambda issue=issue: issue.edit(state="closed", state_reason="completed"), what="close a recovered alert")
        actions.append(f"alert closed: #{issue.number}")
    return actions


def say_recovered(ctx: StageContext, issue: Any, slug: str, text: str | None = None) -> bool:
    """The "Recovered" comment on an alert, once (marked, so a re-run after a lost close does not repeat it
    and rate_limits.max_comments_per_hour counts it). False when the comment cap held it back."""
    gw = ctx.gw

    def find() -> Any:
        return next((c for c in issue.get_comments() if has_marker(c.body, RECOVERED_MARKER, slug)), None)

    body = f"{text or RECOVERED_TEXT}\n\n{marker(RECOVERED_MARKER, slug)}\n"
    return post_once(gw, issue, body, find, stage_comment_budget(ctx), what="comment on a recovered alert")
