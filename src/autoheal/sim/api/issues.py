"""Issue routes: create, get, edit (state, state_reason, reopen), list with filters, assignees."""

from __future__ import annotations

from typing import Any

from ..limits import BODY_MAX, TITLE_MAX, check_length
from ..model import Issue, Repo
from ..ops import (
    add_event,
    assignable,
    label_names,
    new_issue,
    scan_mentions,
    set_issue_labels,
    set_state,
)
from ..pagination import paginate
from ..router import ApiError, Reply, Request, not_found, router, validation_failed
from ..shapes import issue_json, user_json
from . import copilot

ISSUES_RW = (("issues", "write"), ("pull_requests", "write"))
STATE_REASONS = ("completed", "not_planned", "duplicate", "reopened")


def repo_of(req: Request) -> Repo:
    repo = req.state.repo(req.params["owner"], req.params["repo"])
    if repo is None:
        raise not_found()
    return repo


def item_of(req: Request, repo: Repo, key: str = "issue_number") -> Issue:
    try:
        number = int(req.params[key])
    except ValueError:
        raise not_found() from None
    issue = repo.items.get(number)
    if issue is None:
        raise not_found()
    return issue


def _text(body: dict[str, Any], key: str, resource: str = "Issue", *, required: bool = False) -> str | None:
    value = body.get(key)
    if value is None:
        if required:
            raise validation_failed(resource, key)
        return None
    if isinstance(value, int) and not isinstance(value, bool) and key == "title":
        value = str(value)
    if not isinstance(value, str):
        raise validation_failed(resource, key, "invalid")
    if required and not value.strip():
        raise validation_failed(resource, key)
    check_length(resource, key, value, TITLE_MAX if key == "title" else BODY_MAX)
    return value


def _assignee_list(body: dict[str, Any]) -> list[str] | None:
    if "assignees" in body and body["assignees"] is not None:
        value = body["assignees"]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise validation_failed("Issue", "assignees", "invalid")
        return list(dict.fromkeys(value))
    if "assignee" in body:
        value = body["assignee"]
        if value is None or value == "":
            return []
        if not isinstance(value, str):
            raise validation_failed("Issue", "assignee", "invalid")
        return [value]
    return None


def replace_assignees(req: Request, repo: Repo, issue: Issue, logins: list[str], *, strict: bool) -> None:
    """Set assignees; strict (create/edit) answers 422 for a login that cannot be assigned."""
    wanted: list[str] = []
    for login in logins:
        if copilot.is_agent_login(login):
            continue
        if not assignable(req.state, repo, login):
            if strict:
                raise validation_failed("Issue", "assignees", "invalid", f"{login} is not assignable")
            continue
        wanted.append(req.state.user(login).login)  # type: ignore[union-attr]
    keep_agent = [a for a in issue.assignees if copilot.is_agent_login(a) and any(copilot.is_agent_login(x) for x in logins)]
    before = list(issue.assignees)
    issue.assignees = keep_agent + [w for w in wanted if w not in keep_agent]
    _assignment_events(req, issue, before)
    copilot.maybe_assign_agent(req, repo, issue, logins, req.json_obj().get("agent_assignment"))


def _assignment_events(req: Request, issue: Issue, before: list[str]) -> None:
    actor = req.login or "ghost"
    for login in before:
        if login not in issue.assignees:
            add_event(req.state, issue, "unassigned", actor, assignee=login)
    for login in issue.assignees:
        if login not in before:
            add_event(req.state, issue, "assigned", actor, assignee=login)
    if before != issue.assignees:
        issue.updated_at = req.state.clock.now()
        req.state.touch()


@router.add("POST", "/repos/{owner}/{repo}/issues", perm=("issues", "write"))
def create_issue(req: Request) -> Reply:
    repo = repo_of(req)
    body = req.json_obj()
    title = _text(body, "title", required=True)
    text = _text(body, "body")
    issue = new_issue(req.state, repo, title or "", text, req.login or "ghost")
    if body.get("labels"):
        set_issue_labels(req.state, repo, issue, label_names(body["labels"]), req.login or "ghost")
    logins = _assignee_list(body)
    try:
        if logins:
            replace_assignees(req, repo, issue, logins, strict=True)
    except ApiError:
        del repo.items[issue.number]
        repo.next_number -= 1
        raise
    scan_mentions(req.state, repo, issue, text, req.login or "ghost")
    return Reply(201, issue_json(req.state, repo, issue))


@router.add("GET", "/repos/{owner}/{repo}/issues/{issue_number}", perm=ISSUES_RW)
def get_issue(req: Request) -> Reply:
    repo = repo_of(req)
    return Reply(200, issue_json(req.state, repo, item_of(req, repo)))


@router.add("PATCH", "/repos/{owner}/{repo}/issues/{issue_number}", perm=ISSUES_RW)
def edit_issue(req: Request) -> Reply:
    repo = repo_of(req)
    issue = item_of(req, repo)
    body = req.json_obj()
    actor = req.login or "ghost"
    now = req.state.clock.now()
    if "title" in body:
        title = _text(body, "title", required=True)
        if title != issue.title:
            add_event(req.state, issue, "renamed", actor, rename={"from": issue.title, "to": title})
            issue.title = title or ""
            issue.updated_at = now
    if "body" in body:
        issue.body = _text(body, "body")
        issue.updated_at = now
        scan_mentions(req.state, repo, issue, issue.body, actor)
    reason = body.get("state_reason")
    if reason is not None and reason not in STATE_REASONS:
        raise validation_failed("Issue", "state_reason", "invalid")
    if "state" in body:
        if body["state"] not in ("open", "closed"):
            raise validation_failed("Issue", "state", "invalid")
        set_state(req.state, repo, issue, body["state"], reason if body["state"] == "closed" else None, actor)
    elif reason is not None and issue.state == "closed":
        issue.state_reason = reason
    if "labels" in body and body["labels"] is not None:
        set_issue_labels(req.state, repo, issue, label_names(body["labels"]), actor)
    logins = _assignee_list(body)
    if logins is not None:
        replace_assignees(req, repo, issue, logins, strict=True)
    issue.updated_at = now
    req.state.touch()
    return Reply(200, issue_json(req.state, repo, issue))


def _matches(issue: Issue, q: dict[str, str], since: Any) -> bool:
    state = q.get("state", "open")
    if state in ("open", "closed") and issue.state != state:
        return False
    labels = [n.strip().lower() for n in q.get("labels", "").split(",") if n.strip()]
    if labels and not set(labels) <= {n.lower() for n in issue.labels}:
        return False
    creator = q.get("creator")
    if creator and issue.user.lower() != creator.lower():
        return False
    assignee = q.get("assignee")
    if assignee == "none" and issue.assignees:
        return False
    if assignee == "*" and not issue.assignees:
        return False
    if assignee and assignee not in ("none", "*") and assignee.lower() not in {a.lower() for a in issue.assignees}:
        return False
    if since is not None and issue.updated_at < since:
        return False
    return True


def sort_items(items: list[Issue], sort: str, direction: str) -> list[Issue]:
    keys = {
        "created": lambda i: (i.created_at, i.number),
        "updated": lambda i: (i.updated_at, i.number),
        "comments": lambda i: (len(i.comment_ids), i.number),
    }
    return sorted(items, key=keys.get(sort, keys["created"]), reverse=direction != "asc")


@router.add("GET", "/repos/{owner}/{repo}/issues", perm=ISSUES_RW)
def list_issues(req: Request) -> Reply:
    repo = repo_of(req)
    q = req.query
    since = req.q_time("since", "Issue")
    found = [i for i in repo.items.values() if _matches(i, q, since)]
    found = sort_items(found, q.get("sort", "created"), q.get("direction", "desc"))
    page, headers = paginate(req, found)
    return Reply(200, [issue_json(req.state, repo, i) for i in page], headers)


# -- assignees -----------------------------------------------------------------------------------------
@router.add("POST", "/repos/{owner}/{repo}/issues/{issue_number}/assignees", perm=ISSUES_RW)
def add_assignees(req: Request) -> Reply:
    repo = repo_of(req)
    issue = item_of(req, repo)
    body = req.json_obj()
    logins = _assignee_list(body) or []
    before = list(issue.assignees)
    for login in logins:
        if copilot.is_agent_login(login):
            continue
        user = req.state.user(login)
        if user is not None and assignable(req.state, repo, login) and user.login not in issue.assignees:
            issue.assignees.append(user.login)  # GitHub silently ignores logins it cannot assign
    issue.assignees = issue.assignees[:10]
    _assignment_events(req, issue, before)
    copilot.maybe_assign_agent(req, repo, issue, logins, body.get("agent_assignment"))
    return Reply(201, issue_json(req.state, repo, issue))


@router.add("DELETE", "/repos/{owner}/{repo}/issues/{issue_number}/assignees", perm=ISSUES_RW)
def remove_assignees(req: Request) -> Reply:
    repo = repo_of(req)
    issue = item_of(req, repo)
    logins = {a.lower() for a in (_assignee_list(req.json_obj()) or [])}
    if any(copilot.is_agent_login(login) for login in logins):
        logins.add(copilot.COPILOT_LOGIN.lower())
    before = list(issue.assignees)
    issue.assignees = [a for a in issue.assignees if a.lower() not in logins]
    _assignment_events(req, issue, before)
    return Reply(200, issue_json(req.state, repo, issue))


@router.add("GET", "/repos/{owner}/{repo}/assignees", perm=("issues", "read"))
def list_assignable(req: Request) -> Reply:
    repo = repo_of(req)
    people = sorted(
        (u for u in req.state.users.values() if assignable(req.state, repo, u.login)), key=lambda u: u.login.lower()
    )
    page, headers = paginate(req, people)
    return Reply(200, [user_json(req.state, u.login) for u in page], headers)


@router.add("GET", "/repos/{owner}/{repo}/assignees/{assignee}", perm=("issues", "read"))
def check_assignable(req: Request) -> Reply:
    repo = repo_of(req)
    login = req.params["assignee"]
    if assignable(req.state, repo, login) or (copilot.is_agent_login(login) and copilot.agent_enabled(repo)):
        return Reply(204)
    raise not_found()
