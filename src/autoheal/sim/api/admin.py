"""Simulator control over HTTP for `autoheal sim serve` (black-box use from outside the test suite).

Not GitHub: these live under /_sim/admin and need a token with `administration: write` (the token
given to `serve --token` has every permission). They mirror the Python handle: clock, reset,
scenario, runs, faults, the request log.
"""

from __future__ import annotations

import yaml

from ..clock import iso
from ..router import ApiError, Reply, Request, router

ADMIN = ("administration", "write")


def _check(req: Request) -> None:
    if req.token is None or req.token.level("administration") < 2:
        raise ApiError(403, "Simulator admin routes need a token with administration: write")


@router.add("POST", "/_sim/admin/clock", perm=ADMIN, in_spec=False)
def clock(req: Request) -> Reply:
    """{"set": "2026-01-06T00:00:00Z"} or {"advance": {"days": 1, "hours": 2, "minutes": 3, "seconds": 4}}."""
    _check(req)
    body = req.json_obj()
    if "set" in body:
        try:
            req.core.clock.set(str(body["set"]))
        except ValueError:
            raise ApiError(422, f"not an ISO 8601 timestamp: {body['set']!r}") from None
    if "advance" in body:
        step = body["advance"] or {}
        try:
            req.core.clock.advance(**{k: float(v) for k, v in dict(step).items() if k in ("days", "hours", "minutes", "seconds")})
        except (TypeError, ValueError, OverflowError) as exc:
            raise ApiError(422, f"bad advance: {exc}") from None
    return Reply(200, {"now": iso(req.core.clock.now())})


@router.add("POST", "/_sim/admin/reset", perm=ADMIN, in_spec=False)
def reset(req: Request) -> Reply:
    """Fresh state; the calling token survives so the caller can keep talking to the server."""
    _check(req)
    token = req.token
    req.core.reset()
    req.core.state.tokens[token.value] = token
    req.core.state.ensure_user(token.login)
    return Reply(204)


@router.add("POST", "/_sim/admin/scenario", perm=ADMIN, in_spec=False)
def scenario(req: Request) -> Reply:
    """Body: the scenario as JSON (or YAML text in a JSON string). Paths are relative to the server's cwd."""
    _check(req)
    from ..scenario import ScenarioError, load
    from ..simulator import Simulator

    data = req.body
    if isinstance(data, str):
        try:
            data = yaml.safe_load(data)
        except yaml.YAMLError as exc:
            raise ApiError(422, f"not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise ApiError(422, "a scenario is a mapping with 'repos'")
    try:
        load(Simulator(req.core), data)
    except ScenarioError as exc:
        raise ApiError(422, str(exc)) from None
    return Reply(201, {"repos": sorted(r.full_name for r in req.state.repos.values())})


@router.add("POST", "/_sim/admin/faults", perm=ADMIN, in_spec=False)
def faults(req: Request) -> Reply:
    """{"kind": "5xx", "method": "POST", "path": "/issues$", "nth": 1, "times": 1, ...}."""
    _check(req)
    body = dict(req.json_obj())
    kind = body.pop("kind", None)
    try:
        req.core.faults.add(str(kind), **body)
    except (TypeError, ValueError) as exc:
        raise ApiError(422, str(exc)) from None
    return Reply(201, {"faults": len(req.core.faults)})


@router.add("GET", "/_sim/admin/requests", perm=ADMIN, in_spec=False)
def requests_log(req: Request) -> Reply:
    _check(req)
    records = [
        {"method": r.method, "path": r.path, "status": r.status, "login": r.login, "route": r.route, "fault": r.fault, "wall_time": r.wall_time}
        for r in list(req.core.requests)
    ]
    return Reply(200, records)
