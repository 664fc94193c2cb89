"""Contract test: every route the simulator serves, exercised over HTTP, validated against GitHub's
OpenAPI description (requests and responses, per operation and status), plus "no invented fields".

The exercise runs once per module with request capture on; each (route, status) pair is validated
once, which keeps this test at a few seconds. Routes GitHub serves outside its description are
allow-listed explicitly (ALLOW_UNDOCUMENTED) and must still be exercised.
"""

from __future__ import annotations

import base64
import json
import warnings
from typing import Any
from urllib.parse import quote

import pytest
import requests

from autoheal.sim.router import router

ALLOW_UNDOCUMENTED = {
    "POST /repos/{owner}/{repo}/pulls/{pull_number}/copilot-code-review": "API version 2026-03-10, not in the 2026-09 file",
    "POST /graphql": "GraphQL, not REST",
    "GET /repos/{owner}/{repo}/git/refs": "legacy list-all-refs endpoint PyGithub's get_git_refs() uses",
    "GET /repos/{owner}/{repo}/statuses/{sha}": "legacy alias PyGithub's Commit.get_statuses() uses",
    "GET /_sim/blobs/{key}": "signed log download URL (pipelines.actions.githubusercontent.com's role)",
    "GET /_sim/raw/{owner}/{repo}/{ref}/{path}": "download_url target (raw.githubusercontent.com's role)",
    "POST /_sim/admin/clock": "simulator admin",
    "POST /_sim/admin/faults": "simulator admin",
    "GET /_sim/admin/requests": "simulator admin",
    "POST /_sim/admin/scenario": "simulator admin",
    "POST /_sim/admin/reset": "simulator admin",
}
# Bodies GitHub documents loosely or not at all; these statuses are checked for shape by other tests.
SKIP_STATUS = {304}
# (route, status) pairs the description cannot validate, with the reason.
SPEC_AMBIGUOUS = {
    ("PUT /repos/{owner}/{repo}/contents/{path}", 409): "oneOf basic-error | repository-rule-violation-error: "
    "neither forbids extra properties, so every error body matches both and oneOf always fails",
}


class Client:
    def __init__(self, sim: Any) -> None:
        self.base = sim.base_url
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"token {sim.token}"
        self.session.headers["Accept"] = "application/vnd.github+json"

    def __call__(self, method: str, path: str, expect: int, **kw: Any) -> Any:
        r = self.session.request(method, self.base + path, allow_redirects=False, **kw)
        assert r.status_code == expect, (method, path, r.status_code, r.text[:300])
        return r.json() if r.content and r.headers.get("Content-Type", "").startswith("application/json") else r


def exercise(sim: Any) -> None:
    """Touch every route, successes first (so the first (route, 2xx) seen is the canonical one)."""
    call = Client(sim)
    sim.create_repo(
        "octo/app",
        files={
            "requirements.txt": "requests==2.31.0\n",
            ".github/workflows/ci.yml": "name: CI\non: push\njobs: {}\n",
            "src/app.py": "print('hi')\n",
        },
    )
    sim.add_token("ghp_alice", login="alice", kind="user")
    R = "/repos/octo/app"
    # account & repos
    call("GET", "/rate_limit", 200)
    call("GET", "/user", 200)
    call("GET", "/users/alice", 200)
    call("GET", "/users/nobody-here", 404)
    call("POST", "/user/repos", 201, json={"name": "mine", "private": True, "auto_init": True})
    call("POST", "/user/repos", 422, json={"name": "mine"})
    call("POST", "/orgs/acme/repos", 201, json={"name": "tool", "description": "d"})
    call("GET", R, 200)
    call("GET", "/repos/octo/none", 404)
    call("GET", f"{R}/collaborators/alice/permission", 200)
    call("GET", f"{R}/collaborators/nobody-here/permission", 404)
    # labels
    call("POST", f"{R}/labels", 201, json={"name": "autoheal", "color": "0e8a16", "description": "by autoheal"})
    call("POST", f"{R}/labels", 422, json={"name": "autoheal"})
    call("GET", f"{R}/labels", 200)
    call("GET", f"{R}/labels/autoheal", 200)
    call("PATCH", f"{R}/labels/autoheal", 200, json={"new_name": "autoheal", "color": "ff0000"})
    call("POST", f"{R}/labels", 201, json={"name": "doomed"})
    call("DELETE", f"{R}/labels/doomed", 204)
    call("GET", f"{R}/labels/doomed", 404)
    # issues
    issue = call("POST", f"{R}/issues", 201, json={"title": "CI broke", "body": "details", "labels": ["autoheal"], "assignees": ["alice"]})
    n = issue["number"]
    call("POST", f"{R}/issues", 422, json={"body": "no title"})
    call("GET", f"{R}/issues/{n}", 200)
    call("GET", f"{R}/issues/999", 404)
    call("PATCH", f"{R}/issues/{n}", 200, json={"title": "CI broke (2)", "state": "closed", "state_reason": "not_planned"})
    call("PATCH", f"{R}/issues/{n}", 200, json={"state": "open"})
    call("PATCH", f"{R}/issues/{n}", 422, json={"state": "sideways"})
    call("GET", f"{R}/issues", 200, params={"state": "all", "labels": "autoheal", "sort": "updated", "direction": "asc", "per_page": "5"})
    call("GET", f"{R}/issues/{n}/labels", 200)
    call("POST", f"{R}/issues/{n}/labels", 200, json={"labels": ["ci"]})
    call("PUT", f"{R}/issues/{n}/labels", 200, json={"labels": ["autoheal", "ci"]})
    call("DELETE", f"{R}/issues/{n}/labels/ci", 200)
    call("DELETE", f"{R}/issues/{n}/labels/ci", 404)
    call("DELETE", f"{R}/issues/{n}/labels", 204)
    call("POST", f"{R}/issues/{n}/assignees", 201, json={"assignees": ["octocat"]})
    call("DELETE", f"{R}/issues/{n}/assignees", 200, json={"assignees": ["octocat"]})
    call("GET", f"{R}/assignees", 200)
    call("GET", f"{R}/assignees/alice", 204)
    call("GET", f"{R}/assignees/nobody-here", 404)
    comment = call("POST", f"{R}/issues/{n}/comments", 201, json={"body": "first"})
    call("POST", f"{R}/issues/{n}/comments", 422, json={"body": ""})
    call("GET", f"{R}/issues/{n}/comments", 200)
    call("GET", f"{R}/issues/comments", 200, params={"sort": "created", "direction": "desc"})
    call("GET", f"{R}/issues/comments/{comment['id']}", 200)
    call("PATCH", f"{R}/issues/comments/{comment['id']}", 200, json={"body": "edited"})
    extra = call("POST", f"{R}/issues/{n}/comments", 201, json={"body": "bye"})
    call("DELETE", f"{R}/issues/comments/{extra['id']}", 204)
    call("GET", f"{R}/issues/comments/{extra['id']}", 404)
    # git data
    main_sha = call("GET", f"{R}/git/ref/{quote('heads/main')}", 200)["object"]["sha"]
    call("GET", f"{R}/git/ref/heads/nope", 404)
    blob = call("POST", f"{R}/git/blobs", 201, json={"content": "requests==2.32.0\n", "encoding": "utf-8"})
    call("POST", f"{R}/git/blobs", 201, json={"content": base64.b64encode(b"bin").decode(), "encoding": "base64"})
    call("GET", f"{R}/git/blobs/{blob['sha']}", 200)
    base_tree = call("GET", f"{R}/git/commits/{main_sha}", 200)["tree"]["sha"]
    tree = call(
        "POST", f"{R}/git/trees", 201,
        json={"base_tree": base_tree, "tree": [{"path": "requirements.txt", "mode": "100644", "type": "blob", "sha": blob["sha"]}]},
    )
    call("GET", f"{R}/git/trees/{tree['sha']}", 200, params={"recursive": "1"})
    commit = call("POST", f"{R}/git/commits", 201, json={"message": "Bump requests", "tree": tree["sha"], "parents": [main_sha]})
    call("POST", f"{R}/git/commits", 422, json={"message": "x", "tree": "0" * 40, "parents": []})
    call("POST", f"{R}/git/refs", 201, json={"ref": "refs/heads/autoheal/fix-1", "sha": commit["sha"]})
    call("POST", f"{R}/git/refs", 422, json={"ref": "refs/heads/autoheal/fix-1", "sha": commit["sha"]})
    call("GET", f"{R}/git/refs", 200)
    call("GET", f"{R}/git/matching-refs/{quote('heads/autoheal/', safe='')}", 200)
    call("PATCH", f"{R}/git/refs/{quote('heads/autoheal/fix-1', safe='')}", 200, json={"sha": commit["sha"], "force": True})
    call("POST", f"{R}/git/refs", 201, json={"ref": "refs/heads/tmp", "sha": main_sha})
    call("PATCH", f"{R}/git/refs/heads/tmp", 422, json={"sha": "f" * 40})
    call("DELETE", f"{R}/git/refs/heads/tmp", 204)
    # contents, branches, commits
    call("GET", f"{R}/contents/requirements.txt", 200)
    call("GET", f"{R}/contents/src", 200)
    call("GET", f"{R}/contents/missing.txt", 404)
    created = call("PUT", f"{R}/contents/docs/note.md", 201, json={"message": "add note", "content": base64.b64encode(b"# note\n").decode()})
    call(
        "PUT", f"{R}/contents/docs/note.md", 200,
        json={"message": "edit note", "content": base64.b64encode(b"# note 2\n").decode(), "sha": created["content"]["sha"], "branch": "main"},
    )
    call("PUT", f"{R}/contents/docs/note.md", 409, json={"message": "stale", "content": "eA==", "sha": "0" * 40})
    current = call("GET", f"{R}/contents/docs/note.md", 200)
    call("DELETE", f"{R}/contents/docs/note.md", 200, json={"message": "remove", "sha": current["sha"]})
    download = call("GET", f"{R}/contents/src/app.py", 200)["download_url"]
    assert requests.get(download).text == "print('hi')\n"
    call("GET", f"{R}/branches", 200)
    call("GET", f"{R}/branches/main", 200)
    call("GET", f"{R}/branches/nope", 404)
    call("GET", f"{R}/branches/main/protection", 404)
    sim.protect_branch("octo/app", "main")
    call("GET", f"{R}/branches/main/protection", 200)
    sim.protect_branch("octo/app", "main", False)
    call("GET", f"{R}/commits", 200, params={"sha": "main", "path": "requirements.txt"})
    call("GET", f"{R}/commits/{main_sha}", 200)
    call("GET", f"{R}/compare/{quote('main...autoheal/fix-1', safe='')}", 200)
    call("GET", f"{R}/compare/main...nope", 404)
    # pulls
    pr = call("POST", f"{R}/pulls", 201, json={"title": "Fix CI", "head": "autoheal/fix-1", "base": "main", "body": f"Fixes #{n}", "draft": True})
    p = pr["number"]
    call("POST", f"{R}/pulls", 422, json={"title": "again", "head": "autoheal/fix-1", "base": "main"})
    call("GET", f"{R}/pulls", 200, params={"state": "all", "head": "octo:autoheal/fix-1", "base": "main"})
    call("GET", f"{R}/pulls/{p}", 200)
    call("GET", f"{R}/pulls/999", 404)
    call("PATCH", f"{R}/pulls/{p}", 200, json={"title": "Fix CI: bump requests", "body": f"Fixes #{n}\n\nMore."})
    call("GET", f"{R}/pulls/{p}/files", 200)
    call("GET", f"{R}/pulls/{p}/commits", 200)
    call("POST", "/graphql", 200, json={
        "query": "mutation Mutation($input: MarkPullRequestReadyForReviewInput!) { markPullRequestReadyForReview(input: $input) { clientMutationId pullRequest { isDraft } } }",
        "variables": {"input": {"pullRequestId": pr["node_id"]}},
    })
    call("POST", f"{R}/pulls/{p}/requested_reviewers", 201, json={"reviewers": ["alice"]})
    call("POST", f"{R}/pulls/{p}/requested_reviewers", 422, json={"reviewers": ["stranger"]})
    call("GET", f"{R}/pulls/{p}/requested_reviewers", 200)
    call("DELETE", f"{R}/pulls/{p}/requested_reviewers", 200, json={"reviewers": ["alice"]})
    call("POST", f"{R}/pulls/{p}/copilot-code-review", 201, json={})
    sim.copilot_review("octo/app", p, "Copilot reviewed", comments=[{"path": "requirements.txt", "line": 1, "body": "pin it"}])
    review_comment = call("GET", f"{R}/pulls/{p}/comments", 200)[0]
    call("GET", f"{R}/pulls/comments/{review_comment['id']}", 200)
    call("GET", f"{R}/pulls/comments/1", 404)
    review = call("POST", f"{R}/pulls/{p}/reviews", 200, json={"body": "note", "event": "COMMENT"})
    call("POST", f"{R}/pulls/{p}/reviews", 422, json={"body": "mine", "event": "APPROVE"})
    call("GET", f"{R}/pulls/{p}/reviews", 200)
    call("GET", f"{R}/pulls/{p}/reviews/{review['id']}", 200)
    call("GET", f"{R}/pulls/{p}/merge", 404)
    call("PUT", f"{R}/pulls/{p}/merge", 200, json={"merge_method": "squash", "commit_title": "Fix CI (#2)"})
    call("PUT", f"{R}/pulls/{p}/merge", 405, json={})
    call("GET", f"{R}/pulls/{p}/merge", 204)
    call("GET", f"{R}/issues/{n}/timeline", 200)
    call("GET", f"{R}/issues/{p}/timeline", 200)
    event = call("GET", f"{R}/issues/{n}/events", 200)[0]
    call("GET", f"{R}/issues/events/{event['id']}", 200)
    call("GET", f"{R}/issues/events/1", 404)
    # search
    call("GET", "/search/issues", 200, params={"q": "repo:octo/app is:issue label:autoheal in:body details", "sort": "created", "order": "desc"})
    call("GET", "/search/issues", 422, params={"q": ""})
    # actions
    run_id = sim.add_run(
        "octo/app", conclusion="failure", run_attempt=2,
        jobs=[{"name": "test", "conclusion": "failure", "steps": [{"name": "Set up job", "conclusion": "success"}, {"name": "Run pytest", "conclusion": "failure"}]}],
    )
    running = sim.add_run("octo/app", status="in_progress", conclusion=None)
    call("GET", f"{R}/actions/workflows", 200)
    wid = call("GET", f"{R}/actions/workflows/ci.yml", 200)["id"]
    call("GET", f"{R}/actions/workflows/nope.yml", 404)
    call("PUT", f"{R}/actions/workflows/{wid}/disable", 204)
    call("PUT", f"{R}/actions/workflows/{wid}/enable", 204)
    call("GET", f"{R}/actions/runs", 200, params={"branch": "main", "status": "failure", "created": "2026-01-05T12:00:00Z", "per_page": "1"})  # the description types created as date-time; ranges are tested elsewhere
    call("GET", f"{R}/actions/workflows/{wid}/runs", 200, params={"event": "push"})
    call("GET", f"{R}/actions/runs/{run_id}", 200)
    call("GET", f"{R}/actions/runs/1", 404)
    call("GET", f"{R}/actions/runs/{run_id}/attempts/1", 200)
    job_id = call("GET", f"{R}/actions/runs/{run_id}/jobs", 200, params={"filter": "all"})["jobs"][0]["id"]
    call("GET", f"{R}/actions/runs/{run_id}/attempts/1/jobs", 200)
    call("GET", f"{R}/actions/jobs/{job_id}", 200)
    location = call("GET", f"{R}/actions/jobs/{job_id}/logs", 302).headers["Location"]
    assert requests.get(location).status_code == 200
    zip_location = call("GET", f"{R}/actions/runs/{run_id}/logs", 302).headers["Location"]
    assert requests.get(zip_location).content[:2] == b"PK"
    call("GET", f"{R}/actions/runs/{run_id}/attempts/1/logs", 302)
    call("POST", f"{R}/actions/runs/{running}/cancel", 202)
    call("POST", f"{R}/actions/runs/{running}/cancel", 409)
    call("POST", f"{R}/actions/runs/{run_id}/rerun-failed-jobs", 201)
    sim.finish_run(run_id, "failure")
    call("POST", f"{R}/actions/runs/{run_id}/rerun", 201)
    call("POST", f"{R}/actions/runs/{run_id}/rerun", 403)
    call("DELETE", f"{R}/actions/runs/{run_id}/logs", 204)
    call("GET", f"{R}/actions/runs/{run_id}/logs", 410)
    # checks and statuses
    head = call("GET", f"{R}/branches/main", 200)["commit"]["sha"]
    sim.add_check_run("octo/app", head, "external", conclusion="success", title="ok", summary="all good")
    call("POST", f"{R}/statuses/{head}", 201, json={"state": "success", "context": "ci/sim", "description": "fine", "target_url": "https://example.invalid/1"})
    checks = call("GET", f"{R}/commits/{head}/check-runs", 200)["check_runs"]
    for check in checks:
        call("GET", f"{R}/check-runs/{check['id']}", 200)
    call("GET", f"{R}/commits/main/status", 200)
    call("GET", f"{R}/commits/{head}/statuses", 200)
    call("GET", f"{R}/statuses/{head}", 200)
    call("GET", "/_sim/blobs/not-a-key", 404)
    # simulator admin (for `autoheal sim serve`)
    call("POST", "/_sim/admin/clock", 200, json={"advance": {"minutes": 1}})
    call("POST", "/_sim/admin/faults", 201, json={"kind": "5xx", "path": "^/never$"})
    call("GET", "/_sim/admin/requests", 200)
    call("POST", "/_sim/admin/scenario", 201, json={"repos": [{"name": "octo/extra"}]})
    call("POST", "/_sim/admin/reset", 204)


@pytest.fixture(scope="module")
def exchanges(sim_server):
    sim_server.reset()
    sim_server.core.capture = captured = []
    try:
        exercise(sim_server)
    finally:
        sim_server.core.capture = None
        sim_server.reset()
    return captured


def _allow_null_in_nullable_enums(node: Any) -> None:
    """OpenAPI 3.0 `nullable: true` admits null even with an `enum`; the JSON Schema validator
    underneath only honours that if null is listed, so list it (GitHub does send null there)."""
    if isinstance(node, dict):
        if node.get("nullable") is True and isinstance(node.get("enum"), list) and None not in node["enum"]:
            node["enum"].append(None)
        for value in node.values():
            _allow_null_in_nullable_enums(value)
    elif isinstance(node, list):
        for value in node:
            _allow_null_in_nullable_enums(value)


@pytest.fixture(scope="module")
def spec(shared_dir):
    data = json.loads((shared_dir / "github" / "api.github.com.json").read_text(encoding="utf-8"))
    _allow_null_in_nullable_enums(data)
    return data


@pytest.fixture(scope="module")
def openapi(spec):
    from openapi_core import Config, OpenAPI

    return OpenAPI.from_dict(spec, config=Config(spec_validator_cls=None))


def canonical(exchanges):
    """First exchange per (route, status): the one we validate."""
    seen: dict[tuple[str, int], Any] = {}
    for ex in exchanges:
        if ex.route is not None:
            seen.setdefault((ex.route, ex.status), ex)
    return seen


def spec_path(ex) -> str:
    template = ex.route.split(" ", 1)[1]
    for name, value in ex.params.items():
        template = template.replace("{" + name + "}", quote(value, safe=""))
    return template


def test_every_served_route_is_exercised(exchanges):
    served = {route.key for route in router.routes}
    hit = {ex.route for ex in exchanges if ex.route}
    assert served - hit == set(), "routes the contract exercise never touched"


def test_allow_list_is_exactly_the_undocumented_routes():
    undocumented = {route.key for route in router.routes if not route.in_spec}
    assert undocumented == set(ALLOW_UNDOCUMENTED)


def test_documented_routes_exist_in_the_description(spec):
    for route in router.routes:
        if route.in_spec:
            assert route.method.lower() in spec["paths"].get(route.template, {}), route.key


def _mock_request(ex):
    from openapi_core.testing import MockRequest

    return MockRequest(
        "https://api.github.com",
        ex.method,
        spec_path(ex),
        args=ex.query,
        headers={k: v for k, v in ex.request_headers.items() if k in ("accept", "content-type")},
        data=ex.request_body or None,
        content_type="application/json",
    )


def test_request_bodies_and_parameters_match_the_description(exchanges, openapi):
    failures = []
    for (route, status), ex in canonical(exchanges).items():
        if route in ALLOW_UNDOCUMENTED or status >= 400:
            continue
        try:
            openapi.validate_request(_mock_request(ex))
        except Exception as exc:  # noqa: BLE001 - collect every mismatch, report all at once
            failures.append(f"{route} -> {status}: {type(exc).__name__}: {exc} {getattr(exc, '__cause__', '')}")
    assert not failures, "\n".join(failures)


def _declared(spec, ex) -> bool:
    template = ex.route.split(" ", 1)[1]
    operation = spec["paths"][template][ex.method.lower()]
    return str(ex.status) in operation["responses"] or "default" in operation["responses"]


def test_responses_match_the_description(exchanges, openapi, spec):
    from openapi_core.testing import MockResponse

    failures, checked = [], 0
    for (route, status), ex in canonical(exchanges).items():
        if route in ALLOW_UNDOCUMENTED or status in SKIP_STATUS or (route, status) in SPEC_AMBIGUOUS:
            continue
        if not _declared(spec, ex):
            continue
        media = ex.response_headers.get("content-type", "application/json").split(";")[0]
        response = MockResponse(ex.response_body, status_code=status, headers=ex.response_headers, content_type=media)
        try:
            openapi.validate_response(_mock_request(ex), response)
            checked += 1
        except Exception as exc:  # noqa: BLE001
            failures.append(f"{route} -> {status}: {type(exc).__name__}: {exc} {getattr(exc, '__cause__', '')}")
    assert not failures, "\n".join(failures)
    assert checked >= 100  # most of the ~130 (route, status) pairs are documented


# -- "never invent a field" ---------------------------------------------------------------------------
def _resolve(spec, schema):
    while isinstance(schema, dict) and "$ref" in schema:
        node = spec
        for part in schema["$ref"].lstrip("#/").split("/"):
            node = node[part]
        schema = node
    return schema


def _extra_fields(spec, schema, data, where, out):
    schema = _resolve(spec, schema)
    if not isinstance(schema, dict) or data is None:
        return
    variants = schema.get("allOf") or schema.get("anyOf") or schema.get("oneOf")
    if variants:
        props: dict[str, Any] = {}
        for variant in variants:
            props.update(_resolve(spec, variant).get("properties", {}))
        merged = {**{k: v for k, v in schema.items() if k not in ("allOf", "anyOf", "oneOf")}, "properties": {**schema.get("properties", {}), **props}}
        schema = merged
    if isinstance(data, list):
        if "items" in schema:
            for i, item in enumerate(data[:3]):
                _extra_fields(spec, schema["items"], item, f"{where}[{i}]", out)
        return
    if isinstance(data, dict) and schema.get("properties"):
        props = schema["properties"]
        for key, value in data.items():
            if key not in props:
                if schema.get("additionalProperties") in (None, False):
                    out.append(f"{where}.{key}")
                continue
            _extra_fields(spec, props[key], value, f"{where}.{key}", out)


def test_no_response_field_is_missing_from_the_schema(exchanges, spec):
    invented = []
    for (route, status), ex in canonical(exchanges).items():
        if route in ALLOW_UNDOCUMENTED or not ex.response_body or not _declared(spec, ex):
            continue
        if not ex.response_headers.get("content-type", "").startswith("application/json"):
            continue
        operation = spec["paths"][route.split(" ", 1)[1]][ex.method.lower()]
        response = _resolve(spec, operation["responses"].get(str(status)) or operation["responses"]["default"])
        content = response.get("content", {})
        media = content.get("application/json") or next(iter(content.values()), None)
        if media is None:
            continue
        _extra_fields(spec, media.get("schema", {}), json.loads(ex.response_body), f"{route} {status}", invented)
    assert not invented, "\n".join(invented)


# -- PyGithub parses every object without warnings ------------------------------------------------------
# Properties PyGithub 2.10 cannot read whatever the data (its own bugs), with the reason.
PYGITHUB_BROKEN_PROPERTIES = {
    ("WorkflowStep", "url"): "reads self._url, which WorkflowStep never sets",
    ("Branch", "protection"): "not parsing: fetches /protection, 404 for unprotected branches on GitHub too",
}


def _touch_all(obj, depth=0, seen=None):
    """Read every public property of a PyGithub object (and of nested PyGithub objects)."""
    from github.GithubException import IncompletableObject
    from github.GithubObject import GithubObject

    seen = seen if seen is not None else set()
    if id(obj) in seen or depth > 2:
        return
    seen.add(id(obj))
    for name in dir(type(obj)):
        if name.startswith("_") or not isinstance(getattr(type(obj), name, None), property):
            continue
        if name in ("raw_data", "raw_headers", "etag", "last_modified", "requester"):
            continue
        if (type(obj).__name__, name) in PYGITHUB_BROKEN_PROPERTIES:
            continue
        if depth > 0 and name not in getattr(obj, "_rawData", {}):
            continue  # nested objects: parse what was sent, do not lazily fetch the rest
        try:
            value = getattr(obj, name)
        except IncompletableObject:
            continue  # a nested stub without a URL (e.g. Branch.protection); GitHub sends the same
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, GithubObject):
                _touch_all(item, depth + 1, seen)


def test_pygithub_parses_every_object_without_warnings(sim, gh):
    from github import InputGitTreeElement

    sim.create_repo("octo/app", files={"requirements.txt": "a\n", ".github/workflows/ci.yml": "name: CI\non: push\n"})
    sim.add_token("ghp_alice", login="alice", kind="user")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        # reading a property PyGithub itself deprecated (e.g. Issue.assignee) is not a parse problem
        warnings.filterwarnings("ignore", message=r"Use (property )?[\w.]+ instead", category=DeprecationWarning)
        repo = gh.get_repo("octo/app")
        issue = repo.create_issue("t", body="b", labels=["x"], assignees=["alice"])
        comment = issue.create_comment("c")
        main = repo.get_branch("main")
        blob = repo.create_git_blob("b\n", "utf-8")
        tree = repo.create_git_tree([InputGitTreeElement("requirements.txt", "100644", "blob", sha=blob.sha)], base_tree=repo.get_git_tree(main.commit.sha))
        commit = repo.create_git_commit("m", tree, [repo.get_git_commit(main.commit.sha)])
        ref = repo.create_git_ref("refs/heads/fix", commit.sha)
        pr = repo.create_pull(title="p", body=f"Fixes #{issue.number}", head="fix", base="main", draft=True)
        pr.create_review_request(reviewers=["alice"])
        sim.copilot_review("octo/app", pr.number, "ok", comments=[{"path": "requirements.txt", "line": 1, "body": "nit"}])
        run_id = sim.add_run("octo/app", run_attempt=2)
        sha = main.commit.sha
        sim.add_check_run("octo/app", sha, "ext")
        repo.get_commit(sha).create_status("success", context="c")
        objects = [
            repo, issue, comment, main, blob, tree, commit, ref, pr, gh.get_user(), gh.get_user("alice"),
            repo.get_label("x"), repo.get_contents("requirements.txt"), repo.get_commit(sha),
            *pr.get_files(), *pr.get_commits(), *pr.get_reviews(), *pr.get_review_comments(),
            *repo.get_workflows(), repo.get_workflow_run(run_id), *repo.get_workflow_run(run_id).jobs(),
            repo.get_workflow_run(run_id).get_attempt(1), *repo.get_commit(sha).get_check_runs(),
            repo.get_commit(sha).get_combined_status(), *repo.get_commit(sha).get_statuses(),
            *issue.get_timeline(), *gh.search_issues("repo:octo/app is:issue"), gh.get_rate_limit(),
            *repo.get_git_matching_refs("heads/"), *repo.get_branches(), *repo.get_pulls(state="all"),
        ]
        for obj in objects:
            _touch_all(obj)
        pr.mark_ready_for_review()
