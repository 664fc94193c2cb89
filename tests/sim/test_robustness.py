"""Whatever a client sends, the simulator answers like GitHub would (4xx), never with a crash (500)."""

from __future__ import annotations

import json
from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from autoheal.sim.router import router
from autoheal.sim.server import SimCore
from autoheal.sim.simulator import Simulator

ROUTES = [r for r in router.routes if not r.template.startswith("/_sim/admin")]
scalars = st.one_of(st.none(), st.booleans(), st.integers(-5, 10**12), st.text(max_size=12), st.floats(allow_nan=False))
FIELDS = [
    "title", "body", "state", "state_reason", "labels", "assignees", "assignee", "name", "new_name", "color",
    "description", "content", "encoding", "tree", "base_tree", "message", "parents", "author", "committer", "ref",
    "sha", "force", "branch", "head", "base", "draft", "reviewers", "event", "commit_id", "merge_method",
    "commit_title", "agent_assignment", "review_effort", "private", "auto_init", "query", "variables", "context",
    "target_url", "maintainer_can_modify", "path", "mode", "type",
]
keys = st.one_of(st.sampled_from(FIELDS), st.text(max_size=8))
json_values = st.recursive(
    scalars, lambda kids: st.lists(kids, max_size=3) | st.dictionaries(keys, kids, max_size=4), max_leaves=8
)
bodies = st.one_of(json_values, st.dictionaries(st.sampled_from(FIELDS), json_values, max_size=6))
param_values = st.one_of(st.sampled_from(["1", "main", "octo", "app", "ci.yml", "heads/main", "0" * 40, "x/y", ""]), st.text(min_size=1, max_size=10))


@pytest.fixture(scope="module")
def core():
    core = SimCore()
    sim = Simulator(core)
    sim.create_repo("octo/app", files={"README.md": "# a\n", ".github/workflows/ci.yml": "name: CI\n"})
    sim.add_run("octo/app")
    core.handle("POST", "/repos/octo/app/issues", {"authorization": f"token {sim.token}"}, b'{"title": "t"}')
    return core


def body_for(route, payload):
    known = {"title": "x", "body": "y", "name": "n", "message": "m", "content": "eA==", "ref": "refs/heads/z", "sha": "0" * 40}
    if isinstance(payload, dict):
        return {**{k: v for k, v in known.items() if route.method != "GET"}, **payload}
    return payload


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_no_input_crashes_the_simulator(core, data):
    route = data.draw(st.sampled_from(ROUTES))
    path = route.template
    for name in [p.strip("{}") for p in path.split("/") if p.startswith("{")]:
        value = {"owner": "octo", "repo": "app"}.get(name) or data.draw(param_values)
        path = path.replace("{" + name + "}", quote(value, safe="/" if name in route.greedy else ""))
    query = data.draw(st.dictionaries(st.sampled_from(["state", "per_page", "page", "created", "q", "sort", "direction", "labels", "since", "filter", "ref", "recursive", "head", "status"]), st.text(max_size=12), max_size=3))
    payload = body_for(route, data.draw(bodies))
    raw = json.dumps(payload).encode() if route.method != "GET" else b""
    headers = {"authorization": "token " + next(iter(core.state.tokens))}
    outcome = core.handle(route.method, path + ("?" + urlencode(query) if query else ""), headers, raw)
    assert outcome.status != 500, (route.key, path, query, payload, outcome.body[:300])


ADMIN = [r for r in router.routes if r.template.startswith("/_sim/admin") and r.key != "POST /_sim/admin/reset"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_admin_routes_refuse_bad_input_without_crashing(core, data):
    route = data.draw(st.sampled_from(ADMIN))
    payload = data.draw(st.one_of(bodies, st.fixed_dictionaries({"set": json_values}), st.fixed_dictionaries({"advance": json_values}),
                                  st.fixed_dictionaries({"repos": json_values}), st.fixed_dictionaries({"kind": st.sampled_from(["5xx", "slow", "x"])}, optional={"nth": json_values, "path": json_values})))
    raw = json.dumps(payload).encode() if route.method != "GET" else b""
    outcome = core.handle(route.method, route.template, {"authorization": "token " + next(iter(core.state.tokens))}, raw)
    core.faults.clear()
    core.clock.set("2026-01-05T12:00:00Z")
    assert outcome.status != 500, (route.key, payload, outcome.body[:300])
