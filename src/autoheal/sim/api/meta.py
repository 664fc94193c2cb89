"""Account-level routes: rate limit status, the authenticated user, public user profiles."""

from __future__ import annotations

from typing import Any

from ..clock import iso
from ..model import State, User
from ..router import ApiError, Reply, Request, not_found, router
from ..shapes import account_json


def _public_user(state: State, user: User) -> dict[str, Any]:
    out = account_json(state.base_url, user)
    out.update(
        {
            "name": user.name,
            "company": None,
            "blog": "",
            "location": None,
            "email": user.email,
            "hireable": None,
            "bio": None,
            "public_repos": sum(1 for r in state.repos.values() if r.owner.lower() == user.login.lower()),
            "public_gists": 0,
            "followers": 0,
            "following": 0,
            "created_at": iso(state.clock.now()),
            "updated_at": iso(state.clock.now()),
        }
    )
    return out


@router.add("GET", "/rate_limit")
def get_rate_limit(req: Request) -> Reply:
    """Does not count against the limit (like GitHub)."""
    token = req.token
    identity = f"{token.kind}:{token.login}" if token else "anonymous"
    kind = token.kind if token else "anonymous"
    resources: dict[str, Any] = {}
    for resource in ("core", "search", "graphql"):
        bucket = req.core.limits.bucket(identity, kind, resource)
        resources[resource] = {
            "limit": bucket.limit,
            "used": bucket.used,
            "remaining": bucket.remaining,
            "reset": bucket.reset,
        }
    return Reply(200, {"resources": resources, "rate": resources["core"]})


@router.add("GET", "/user", perm=None)
def get_authenticated_user(req: Request) -> Reply:
    if req.token is None:
        raise ApiError(401, "Requires authentication")
    if req.token.kind != "user":
        raise ApiError(403, "Resource not accessible by integration")
    user = req.state.ensure_user(req.token.login)
    return Reply(200, _public_user(req.state, user))


@router.add("GET", "/users/{username}")
def get_user(req: Request) -> Reply:
    user = req.state.user(req.params["username"])
    if user is None:
        raise not_found()
    return Reply(200, _public_user(req.state, user))
