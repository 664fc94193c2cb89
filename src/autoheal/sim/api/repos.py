"""Repository routes: create for a user or an organisation, get."""

from __future__ import annotations

from ..ops import create_repo
from ..router import ApiError, Reply, Request, router, validation_failed
from ..shapes import repo_json


def _create(req: Request, owner: str, owner_type: str) -> Reply:
    body = req.json_obj()
    name = body.get("name")
    if not isinstance(name, str) or not name:
        raise validation_failed("Repository", "name")
    repo = create_repo(
        req.state,
        owner,
        name,
        owner_type=owner_type,
        private=bool(body.get("private", False)),
        description=body.get("description"),
        auto_init=bool(body.get("auto_init", False)),
        creator=req.login,
    )
    return Reply(201, repo_json(req.state, repo, token_login=req.login))


@router.add("POST", "/user/repos", perm=("administration", "write"))
def create_for_user(req: Request) -> Reply:
    if req.token is None or req.token.kind != "user":
        raise ApiError(403, "Resource not accessible by integration")
    return _create(req, req.token.login, "User")


@router.add("POST", "/orgs/{org}/repos", perm=("administration", "write"))
def create_in_org(req: Request) -> Reply:
    org = req.params["org"]
    existing = req.state.user(org)
    if existing is not None and existing.type != "Organization":
        raise ApiError(404, "Not Found")
    return _create(req, org, "Organization")


@router.add("GET", "/repos/{owner}/{repo}", perm=("metadata", "read"))
def get_repo(req: Request) -> Reply:
    repo = req.state.repo(req.params["owner"], req.params["repo"])
    return Reply(200, repo_json(req.state, repo, token_login=req.login))
