"""GraphQL: the two mutations PyGithub sends for draft state (exactly as it sends them), and `viewer`.

`query { viewer { login } }` answers the token's login: the user for a personal token, the app's bot
(`github-actions[bot]` for `GITHUB_TOKEN`, `<slug>[bot]` for an App installation token) for an
installation token, for which REST `GET /user` is a 403 "Resource not accessible by integration"
(docs.github.com/rest/users/users#get-the-authenticated-user; reported in actions/create-github-app-token#258,
and `viewer` returning `<slug>[bot]` for installation tokens in fullsend-ai/fullsend#1953). GitHub needs
no repository permission for `viewer`; the mutations need `pull_requests: write` and `contents: write`
(below), refused the GraphQL way.

PyGithub's `PullRequest.mark_ready_for_review()` / `convert_to_draft()` post
`mutation Mutation($input: <Name>Input!) { <name>(input: $input) { clientMutationId pullRequest { isDraft } } }`
with `{"input": {"pullRequestId": <node_id>}}`. Anything else gets a GraphQL error (HTTP 200), like
GitHub answers an unknown field.

GraphQL never refuses REST-style: a token without the permission a mutation needs gets HTTP 200 with
`{"data": {"<mutation>": null}, "errors": [{"type": "FORBIDDEN", "path": ["<mutation>"], "message":
"Resource not accessible by integration", ...}]}` (cli/cli issue #8910: `gh pr ready` with a GITHUB_TOKEN
holding `pull-requests: write` fails "GraphQL: Resource not accessible by integration
(markPullRequestReadyForReview)"; starhaven-io/pinprick PR #195 records `type` FORBIDDEN for the same
refusal of createCommitOnBranch). Both draft mutations also need `contents: write` (cli/cli discussion
#6924, quoted in mattermost/mattermost PR #38717: a token with `pull_requests: write` and `contents: read`
is refused; granting `contents: write` fixes it).
"""

from __future__ import annotations

import re
from typing import Any

from ..model import LEVELS, Issue, Repo, State, node_id
from .drafts import DRAFTS_UNSUPPORTED, draft_refused
from ..ops import add_event
from ..router import ApiError, Reply, Request, router

MUTATION = re.compile(r"\bmutation\b[^{]*\{\s*(\w+)\s*\(", re.S)
VIEWER = re.compile(r"^\s*(?:query\b[^{]*)?\{\s*viewer\s*\{\s*login\s*\}\s*\}\s*$", re.S)
DRAFT_MUTATIONS = {"markPullRequestReadyForReview": False, "convertPullRequestToDraft": True}
NEEDS = (("pull_requests", "write"), ("contents", "write"))  # both, see the module docstring


def _find_pull(state: State, pull_node_id: str) -> tuple[Repo, Issue] | None:
    for repo in state.repos.values():
        for item in repo.items.values():
            if item.pull is not None and node_id("PR", item.pull_id) == pull_node_id:
                return repo, item
    return None


def _error(message: str, kind: str | None = None, path: list[str] | None = None) -> Reply:
    error: dict[str, Any] = {"message": message, "locations": [{"line": 1, "column": 1}]}
    if kind:
        error["type"] = kind
    if path:
        error["path"] = path
    body: dict[str, Any] = {"errors": [error]}
    if path:
        body["data"] = {path[0]: None}
    return Reply(200, body)


def _forbidden(req: Request, name: str) -> Reply | None:
    token = req.token
    if token is None:
        return None
    if all(token.level(cat) >= LEVELS[lvl] for cat, lvl in NEEDS):
        return None
    who = "personal access token" if token.kind == "user" else "integration"
    return _error(f"Resource not accessible by {who}", "FORBIDDEN", [name])


@router.add("POST", "/graphql", perm=None, resource="graphql", in_spec=False)
def graphql(req: Request) -> Reply:
    body = req.json_obj()
    query = body.get("query")
    if not isinstance(query, str):
        raise ApiError(400, "Problems parsing JSON")
    if VIEWER.match(query):
        return Reply(200, {"data": {"viewer": {"login": req.login}}})
    match = MUTATION.search(query)
    name = match.group(1) if match else None
    if name not in DRAFT_MUTATIONS:
        return _error(f"simulator: unsupported GraphQL operation {name or 'query'!r}", "UNSUPPORTED")
    variables = body.get("variables") or {}
    data = (variables.get("input") or {}) if isinstance(variables, dict) else {}
    pull_id = data.get("pullRequestId")
    found = _find_pull(req.state, pull_id) if isinstance(pull_id, str) else None
    if found is None:
        return _error(f"Could not resolve to a node with the global id of '{pull_id}'", "NOT_FOUND", [name])
    refused = _forbidden(req, name)
    if refused is not None:
        return refused
    repo, issue = found
    assert issue.pull is not None
    if draft_refused(repo) and DRAFT_MUTATIONS[name]:
        return _error(DRAFTS_UNSUPPORTED, "UNPROCESSABLE", [name])
    if issue.state != "open":
        return _error("Pull request is closed", "UNPROCESSABLE", [name])
    draft = DRAFT_MUTATIONS[name]
    if issue.pull.draft != draft:
        issue.pull.draft = draft
        add_event(req.state, issue, "convert_to_draft" if draft else "ready_for_review", req.login or "ghost")
        issue.updated_at = req.state.clock.now()
        req.state.touch()
    result = {"clientMutationId": data.get("clientMutationId"), "pullRequest": {"isDraft": issue.pull.draft}}
    return Reply(200, {"data": {name: result}})
