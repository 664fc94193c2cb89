"""Issue search (`GET /search/issues`) for the qualifiers autoheal uses, on its own 30/min limit.

Supported: `repo:o/r`, `is:issue|pr|open|closed|merged|draft`, `type:issue|pr`, `state:`, `label:x`
(repeatable, quoted allowed, `-label:` negates), `author:`, `assignee:`, `no:label|assignee`,
`in:title|body|comments`, `head:`, `base:`, `created:`/`updated:` ranges, and free text (every word
or "quoted phrase" must appear, case-insensitively). Search has an optional indexing lag
(`Simulator.set_search_lag`) so tests can show why deduplication must not trust search alone.
"""

from __future__ import annotations

import re
import shlex
from datetime import timedelta
from typing import Any

from ..model import Issue, Repo
from ..pagination import link_header, page_bounds
from ..router import Reply, Request, router, validation_failed
from ..shapes import issue_json
from .actions import _created_filter

TERM = re.compile(r'(-?)(\w+):("[^"]*"|\S+)')


def _split(query: str) -> list[str]:
    try:
        return shlex.split(query)
    except ValueError:
        return query.split()


def parse(query: str) -> tuple[list[tuple[bool, str, str]], list[str]]:
    """(qualifiers as (negated, key, value), free-text words/phrases)."""
    qualifiers: list[tuple[bool, str, str]] = []
    words: list[str] = []
    for token in _split(query):
        match = TERM.fullmatch(token)
        if match and match.group(2).lower() in KEYS:
            qualifiers.append((match.group(1) == "-", match.group(2).lower(), match.group(3).strip('"')))
        elif token and token.upper() not in ("AND",):
            words.append(token.lower())
    return qualifiers, words


KEYS = {"repo", "is", "type", "state", "label", "author", "assignee", "no", "in", "head", "base", "created", "updated", "user", "org", "sort"}


def _match(repo: Repo, issue: Issue, qualifiers: list[tuple[bool, str, str]], words: list[str], state: Any) -> bool:
    fields = {"title", "body", "comments"}
    wanted_in = {part.lower() for _, key, value in qualifiers if key == "in" for part in value.split(",")}
    if wanted_in:
        fields = wanted_in
    for negated, key, value in qualifiers:
        low = value.lower()
        if key == "is" or key == "type" or key == "state":
            if low in ("issue",):
                ok = not issue.is_pull
            elif low in ("pr", "pull-request", "pull_request"):
                ok = issue.is_pull
            elif low in ("open", "closed"):
                ok = issue.state == low
            elif low == "merged":
                ok = bool(issue.pull and issue.pull.merged)
            elif low == "unmerged":
                ok = bool(issue.pull and not issue.pull.merged and issue.state == "closed")
            elif low == "draft":
                ok = bool(issue.pull and issue.pull.draft)
            else:
                ok = True
        elif key == "label":
            ok = any(low == n.lower() for n in issue.labels)
        elif key == "author":
            ok = issue.user.lower() == low
        elif key == "assignee":
            ok = any(a.lower() == low for a in issue.assignees)
        elif key == "no":
            ok = (low == "label" and not issue.labels) or (low == "assignee" and not issue.assignees)
        elif key == "head":
            ok = bool(issue.pull and issue.pull.head_ref == value)
        elif key == "base":
            ok = bool(issue.pull and issue.pull.base_ref == value)
        elif key in ("created", "updated"):
            ok = _created_filter(value)(issue.created_at if key == "created" else issue.updated_at)
        else:
            ok = True  # repo/user/org narrow the repositories (handled by the caller); in:/sort: are modifiers
        if ok == negated:
            return False
    if words:
        haystack = []
        if "title" in fields:
            haystack.append(issue.title)
        if "body" in fields:
            haystack.append(issue.body or "")
        if "comments" in fields:
            haystack.extend(state.comments[c].body for c in issue.comment_ids if c in state.comments)
        text = "\n".join(haystack).lower()
        if not all(word in text for word in words):
            return False
    return True


def _repos(req: Request, qualifiers: list[tuple[bool, str, str]]) -> list[Repo]:
    names = [v.lower() for neg, k, v in qualifiers if k == "repo" and not neg]
    owners = [v.lower() for neg, k, v in qualifiers if k in ("user", "org") and not neg]
    repos = list(req.state.repos.values())
    if names:
        repos = [r for r in repos if r.full_name.lower() in names]
    if owners:
        repos = [r for r in repos if r.owner.lower() in owners]
    token = req.token
    can_read_private = token is not None and max(token.level("issues"), token.level("pull_requests")) >= 1
    return [r for r in repos if not r.private or can_read_private]


@router.add("GET", "/search/issues", resource="search")
def search_issues(req: Request) -> Reply:
    query = req.query.get("q", "").strip()
    if not query:
        raise validation_failed("Search", "q")
    qualifiers, words = parse(query)
    lag = req.core.search_lag if req.core is not None else 0.0
    horizon = req.state.clock.now() - timedelta(seconds=lag)
    hits: list[tuple[Repo, Issue]] = []
    for repo in _repos(req, qualifiers):
        for issue in repo.items.values():
            if lag and issue.updated_at > horizon:
                continue  # not indexed yet
            if _match(repo, issue, qualifiers, words, req.state):
                hits.append((repo, issue))
    sort = req.query.get("sort")
    order = req.query.get("order", "desc")
    keys = {
        "created": lambda h: (h[1].created_at, h[1].number),
        "updated": lambda h: (h[1].updated_at, h[1].number),
        "comments": lambda h: (len(h[1].comment_ids), h[1].number),
    }
    hits.sort(key=keys.get(sort or "created", keys["created"]), reverse=order != "asc")
    start, stop, page, last = page_bounds(req, min(len(hits), 1000))
    items = []
    for repo, issue in hits[start:stop]:
        item = issue_json(req.state, repo, issue)
        item.pop("closed_by", None)
        item["score"] = 1.0
        items.append(item)
    body = {"total_count": len(hits), "incomplete_results": False, "items": items, "search_type": "lexical"}
    return Reply(200, body, link_header(req, page, last))
