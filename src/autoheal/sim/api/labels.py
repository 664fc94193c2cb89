"""Repository labels (CRUD) and the labels on an issue (add, replace, remove one, remove all)."""

from __future__ import annotations

import re

from ..limits import LABEL_DESCRIPTION_MAX, LABEL_NAME_MAX, check_length
from ..model import Label
from ..ops import ensure_label, label_names, set_issue_labels
from ..pagination import paginate
from ..router import ApiError, Reply, Request, not_found, router, validation_failed
from ..shapes import label_json
from .issues import ISSUES_RW, item_of, repo_of

COLOR = re.compile(r"^[0-9a-fA-F]{6}$")


def _color(value: object, default: str = "ededed") -> str:
    if value is None:
        return default
    if not isinstance(value, str) or not COLOR.match(value.lstrip("#")):
        raise validation_failed("Label", "color", "invalid")
    return value.lstrip("#").lower()


def _label(req: Request) -> tuple[object, Label]:
    repo = repo_of(req)
    label = repo.labels.get(req.params["name"].lower())
    if label is None:
        raise not_found()
    return repo, label


@router.add("GET", "/repos/{owner}/{repo}/labels", perm=ISSUES_RW)
def list_labels(req: Request) -> Reply:
    repo = repo_of(req)
    labels = sorted(repo.labels.values(), key=lambda lbl: lbl.name.lower())
    page, headers = paginate(req, labels)
    return Reply(200, [label_json(req.state, repo, lbl) for lbl in page], headers)


@router.add("POST", "/repos/{owner}/{repo}/labels", perm=ISSUES_RW)
def create_label(req: Request) -> Reply:
    repo = repo_of(req)
    body = req.json_obj()
    name = body.get("name")
    if not isinstance(name, str) or not name.strip():
        raise validation_failed("Label", "name")
    if name.lower() in repo.labels:
        raise validation_failed("Label", "name", "already_exists")
    check_length("Label", "name", name, LABEL_NAME_MAX)
    description = body.get("description")
    if description is not None and not isinstance(description, str):
        raise validation_failed("Label", "description", "invalid")
    check_length("Label", "description", description, LABEL_DESCRIPTION_MAX)
    label = ensure_label(req.state, repo, name, _color(body.get("color")), description)
    return Reply(201, label_json(req.state, repo, label))


@router.add("GET", "/repos/{owner}/{repo}/labels/{name}", perm=ISSUES_RW)
def get_label(req: Request) -> Reply:
    repo, label = _label(req)
    return Reply(200, label_json(req.state, repo, label))  # type: ignore[arg-type]


@router.add("PATCH", "/repos/{owner}/{repo}/labels/{name}", perm=ISSUES_RW)
def update_label(req: Request) -> Reply:
    repo, label = _label(req)
    body = req.json_obj()
    new_name = body.get("new_name") or body.get("name")
    if new_name is not None:
        if not isinstance(new_name, str) or not new_name.strip():
            raise validation_failed("Label", "name", "invalid")
        if new_name.lower() != label.name.lower() and new_name.lower() in repo.labels:  # type: ignore[attr-defined]
            raise validation_failed("Label", "name", "already_exists")
        del repo.labels[label.name.lower()]  # type: ignore[attr-defined]
        for issue in repo.items.values():  # type: ignore[attr-defined]
            issue.labels = [new_name if n.lower() == label.name.lower() else n for n in issue.labels]
        label.name = new_name
        repo.labels[new_name.lower()] = label  # type: ignore[attr-defined]
    if "color" in body:
        label.color = _color(body["color"])
    if "description" in body:
        label.description = body["description"]
    req.state.touch()
    return Reply(200, label_json(req.state, repo, label))  # type: ignore[arg-type]


@router.add("DELETE", "/repos/{owner}/{repo}/labels/{name}", perm=ISSUES_RW)
def delete_label(req: Request) -> Reply:
    repo, label = _label(req)
    del repo.labels[label.name.lower()]  # type: ignore[attr-defined]
    for issue in repo.items.values():  # type: ignore[attr-defined]
        issue.labels = [n for n in issue.labels if n.lower() != label.name.lower()]
    req.state.touch()
    return Reply(204)


# -- labels on an issue ---------------------------------------------------------------------------------
def _issue_labels(req: Request, repo: object, issue: object) -> list[dict]:
    return [
        label_json(req.state, repo, repo.labels[n.lower()])  # type: ignore[attr-defined]
        for n in issue.labels  # type: ignore[attr-defined]
        if n.lower() in repo.labels  # type: ignore[attr-defined]
    ]


@router.add("GET", "/repos/{owner}/{repo}/issues/{issue_number}/labels", perm=ISSUES_RW)
def list_issue_labels(req: Request) -> Reply:
    repo = repo_of(req)
    issue = item_of(req, repo)
    labels = _issue_labels(req, repo, issue)
    page, headers = paginate(req, labels)
    return Reply(200, list(page), headers)


@router.add("POST", "/repos/{owner}/{repo}/issues/{issue_number}/labels", perm=ISSUES_RW)
def add_issue_labels(req: Request) -> Reply:
    repo = repo_of(req)
    issue = item_of(req, repo)
    names = label_names(req.body if req.body is not None else [])
    set_issue_labels(req.state, repo, issue, issue.labels + names, req.login or "ghost")
    return Reply(200, _issue_labels(req, repo, issue))


@router.add("PUT", "/repos/{owner}/{repo}/issues/{issue_number}/labels", perm=ISSUES_RW)
def set_labels(req: Request) -> Reply:
    repo = repo_of(req)
    issue = item_of(req, repo)
    names = label_names(req.body if req.body is not None else [])
    set_issue_labels(req.state, repo, issue, names, req.login or "ghost")
    return Reply(200, _issue_labels(req, repo, issue))


@router.add("DELETE", "/repos/{owner}/{repo}/issues/{issue_number}/labels", perm=ISSUES_RW)
def remove_all_labels(req: Request) -> Reply:
    repo = repo_of(req)
    issue = item_of(req, repo)
    set_issue_labels(req.state, repo, issue, [], req.login or "ghost")
    return Reply(204)


@router.add("DELETE", "/repos/{owner}/{repo}/issues/{issue_number}/labels/{name}", perm=ISSUES_RW)
def remove_label(req: Request) -> Reply:
    repo = repo_of(req)
    issue = item_of(req, repo)
    name = req.params["name"]
    if name.lower() not in {n.lower() for n in issue.labels}:
        raise ApiError(404, "Label does not exist")
    remaining = [n for n in issue.labels if n.lower() != name.lower()]
    set_issue_labels(req.state, repo, issue, remaining, req.login or "ghost")
    return Reply(200, _issue_labels(req, repo, issue))
