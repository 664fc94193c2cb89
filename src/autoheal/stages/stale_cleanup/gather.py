"""stale-cleanup's reads: the candidates and, per item, its last activity and stale warning."""

from __future__ import annotations

from typing import Any

from ...markers import has_marker
from ..shared.context import StageContext
from ..shared.labels import DRAFT_STAND_IN
from ..shared.ownership import is_autoheal_pr
from ..shared.trust import by_autoheal, own_logins
from ..shared.timestamps import utc
from .model import STALE_MARKER, Item, Settings


def candidates(ctx: StageContext, s: Settings) -> list[Any]:
    """Open items in scope, oldest activity first (one request per 100)."""
    gw, repo = ctx.gw, ctx.gw.repo()
    if s.scope == "autoheal-issues":
        items = gw.read(lambda: [i for i in repo.get_issues(state="open", labels=[s.autoheal_label],
                                                              sort="updated", direction="asc") if not i.pull_request],
                        what="list autoheal issues")
    else:
        pulls = gw.read(lambda: list(repo.get_pulls(state="open", sort="updated", direction="asc")), what="list open PRs")
        logins = own_logins(gw)
        items = [p for p in pulls if is_draft(p) and (s.scope == "all-drafts" or is_autoheal_pr(p, s.branch_prefix, logins))]
    return items


def is_draft(pr: Any) -> bool:
    """A draft, or draft-pr's labelled stand-in for one where GitHub refuses drafts (autoheal-draft)."""
    return bool(pr.draft) or any(label.name == DRAFT_STAND_IN for label in pr.labels)


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
    if s.start_date and utc(obj.created_at) < s.start_date:
        return "created before start-date"
    return None


def gather_item(ctx: StageContext, obj: Any, s: Settings) -> Item:
    """Last activity by anyone other than autoheal's stale marking; when autoheal marked it stale."""
    gw = ctx.gw
    is_pr = hasattr(obj, "head")
    issue = obj.as_issue() if is_pr else obj
    times = [utc(obj.created_at)]
    stale_since = None
    logins = own_logins(gw)
    for comment in gw.read(lambda: list(issue.get_comments()), what=f"read comments of #{obj.number}"):
        # Only autoheal's own warning starts the countdown: a copied marker is someone's activity, nothing more.
        if has_marker(comment.body, STALE_MARKER) and by_autoheal(comment.user, logins):
            stale_since = utc(comment.created_at)
        else:
            times.append(utc(comment.created_at))
    if is_pr:
        commits = gw.read(lambda: list(obj.get_commits()), what=f"read commits of #{obj.number}")
        times += [utc(c.commit.committer.date) for c in commits if c.commit.committer and c.commit.committer.date]
        reviews = gw.read(lambda: list(obj.get_reviews()), what=f"read reviews of #{obj.number}")
        times += [utc(r.submitted_at) for r in reviews if r.submitted_at]
    for event in gw.read(lambda: list(issue.get_events()), what=f"read events of #{obj.number}"):
        if event.event in ("labeled", "unlabeled"):
            label = getattr(event, "label", None)
            name = label.name if label is not None else ""
            if name == s.stale_label:
                continue  # autoheal's own marking (or its removal) is not activity
            times.append(utc(event.created_at))
    labels = tuple(lb.name for lb in obj.labels)
    if s.stale_label not in labels:
        stale_since = None
    return Item(
        number=obj.number,
        kind="pull request" if is_pr else "issue",
        author=obj.user.login,
        labels=labels,
        milestone=obj.milestone.title if obj.milestone else None,
        created_at=utc(obj.created_at),
        last_activity=max(times),
        stale_since=stale_since,
        branch=obj.head.ref if is_pr else None,
        autoheal_owned=(is_autoheal_pr(obj, s.branch_prefix, own_logins(gw)) if is_pr else True),
        same_repo=(obj.head.repo is not None and obj.head.repo.full_name == obj.base.repo.full_name) if is_pr else True,
        raw=obj,
    )
