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


@router.add("GET", "/repos/{owner}/{repo}/collaborators/{username}/permission", perm=("metadata", "read"))
def get_collaborator_permission(req: Request) -> Reply:
    """A user's permission on the repository, as GitHub answers it: `admin` for the owner, `write` for a
    collaborator (the simulator grants collaborators write), and for anyone else `read` on a public
    repository (everyone can read it) or `none` on a private one; 404 for a login that does not exist.
    https://docs.github.com/en/rest/collaborators/collaborators#get-repository-permissions-for-a-user
    """
    from ..shapes import user_json

    repo = req.state.repo(req.params["owner"], req.params["repo"])
    login = req.params["username"]
    if req.state.user(login) is None:
        raise ApiError(404, "Not Found")
    if login.lower() == repo.owner.lower():
        permission, role = "admin", "admin"
    elif login.lower() in repo.collaborators:
        permission, role = "write", "write"
    elif repo.private:
        permission, role = "none", "none"
    else:
        permission, role = "read", "read"
    user = dict(user_json(req.state, login) or {})
    user["permissions"] = {"admin": permission == "admin", "maintain": permission == "admin",
                           "push": permission in ("admin", "write"), "triage": permission in ("admin", "write"),
                           "pull": permission != "none"}
    user["role_name"] = role
    return Reply(200, {"permission": permission, "role_name": role, "user": user})
