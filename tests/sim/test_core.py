"""Cross-cutting HTTP behaviour: auth, permissions, rate-limit headers, pagination, ETags, errors."""

from __future__ import annotations

import pytest
import requests
from github import GithubException

from autoheal.sim import FakeClock


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"token {token}"}


@pytest.fixture
def repo(sim):
    sim.create_repo("octo/app", files={"README.md": "# app\n"})
    return "octo/app"


def test_unknown_token_is_401_bad_credentials(sim, repo):
    r = requests.get(f"{sim.base_url}/repos/{repo}", headers=auth("nope"))
    assert r.status_code == 401
    assert r.json()["message"] == "Bad credentials"


def test_bearer_and_token_schemes_both_authenticate(sim, repo):
    for scheme in ("token", "Bearer"):
        r = requests.get(f"{sim.base_url}/user", headers={"Authorization": f"{scheme} {sim.token}"})
        assert r.status_code == 200, scheme
        assert r.json()["login"] == "octocat"


def test_anonymous_can_read_public_repo_but_not_write(sim, repo):
    assert requests.get(f"{sim.base_url}/repos/{repo}").status_code == 200
    r = requests.post(f"{sim.base_url}/repos/{repo}/issues", json={"title": "x"})
    assert r.status_code == 401
    assert r.json()["message"] == "Requires authentication"
    assert sim.issues(repo) == []


def test_private_repo_is_404_to_anonymous_callers(sim):
    sim.create_repo("octo/secret", private=True)
    assert requests.get(f"{sim.base_url}/repos/octo/secret").status_code == 404
    assert requests.get(f"{sim.base_url}/repos/octo/secret", headers=auth(sim.token)).status_code == 200


def test_write_without_permission_is_403_with_accepted_permissions_header(sim, repo):
    sim.add_token("ghs_readonly", permissions={"issues": "read", "contents": "read"})
    r = requests.post(f"{sim.base_url}/repos/{repo}/issues", json={"title": "x"}, headers=auth("ghs_readonly"))
    assert r.status_code == 403
    assert r.json()["message"] == "Resource not accessible by integration"
    assert r.headers["X-Accepted-GitHub-Permissions"] == "issues=write"
    assert sim.issues(repo) == []


def test_pygithub_sees_403_as_github_exception(sim, repo):
    sim.add_token("ghs_none", permissions={})
    client = sim.github("ghs_none")
    with pytest.raises(GithubException) as err:
        client.get_repo(repo).create_issue("x")
    assert err.value.status == 403


def test_user_token_403_names_personal_access_token(sim, repo):
    sim.add_token("github_pat_x", login="alice", kind="user", permissions={"contents": "read"})
    r = requests.post(f"{sim.base_url}/repos/{repo}/labels", json={"name": "a"}, headers=auth("github_pat_x"))
    assert r.status_code == 403
    assert r.json()["message"] == "Resource not accessible by personal access token"


def test_private_repo_read_needs_read_permission(sim):
    sim.create_repo("octo/secret", private=True)
    sim.add_token("ghs_contents", permissions={"contents": "read"})
    r = requests.get(f"{sim.base_url}/repos/octo/secret/issues", headers=auth("ghs_contents"))
    assert r.status_code == 403
    assert r.headers["X-Accepted-GitHub-Permissions"] == "issues=read; pull_requests=read"
    sim.add_token("ghs_issues", permissions={"issues": "read"})
    assert requests.get(f"{sim.base_url}/repos/octo/secret/issues", headers=auth("ghs_issues")).status_code == 200


def test_rate_limit_headers_on_every_response_and_counting(sim, repo):
    first = requests.get(f"{sim.base_url}/repos/{repo}", headers=auth(sim.token))
    second = requests.get(f"{sim.base_url}/repos/{repo}/nope", headers=auth(sim.token))
    for r in (first, second):
        for name in ("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "X-RateLimit-Used"):
            assert name in r.headers, (r.status_code, name)
    assert second.status_code == 404
    assert int(first.headers["X-RateLimit-Limit"]) == 5000
    assert int(second.headers["X-RateLimit-Used"]) == int(first.headers["X-RateLimit-Used"]) + 1
    assert int(first.headers["X-RateLimit-Reset"]) == FakeClock().timestamp() + 3600
    sim.requests.clear()  # the deliberate unknown path is not an endpoint the suite misses


def test_github_token_has_1000_per_hour(sim, repo):
    sim.add_token("ghs_t")
    r = requests.get(f"{sim.base_url}/repos/{repo}", headers=auth("ghs_t"))
    assert r.headers["X-RateLimit-Limit"] == "1000"


def test_rate_limit_endpoint_reports_without_counting(sim, repo, gh):
    requests.get(f"{sim.base_url}/repos/{repo}", headers=auth(sim.token))
    body = requests.get(f"{sim.base_url}/rate_limit", headers=auth(sim.token)).json()
    again = requests.get(f"{sim.base_url}/rate_limit", headers=auth(sim.token)).json()
    assert body["resources"]["core"]["used"] == 1 == again["resources"]["core"]["used"]
    assert body["resources"]["search"]["limit"] == 30
    overview = gh.get_rate_limit()
    assert overview.resources.core.remaining == 4999


def test_exhausting_primary_limit_gives_403_until_window_resets(sim, repo):
    sim.set_rate_limit("core", 2)
    codes = [requests.get(f"{sim.base_url}/repos/{repo}", headers=auth(sim.token)).status_code for _ in range(3)]
    assert codes == [200, 200, 403]
    r = requests.get(f"{sim.base_url}/repos/{repo}", headers=auth(sim.token))
    assert r.headers["X-RateLimit-Remaining"] == "0"
    assert r.json()["message"].startswith("API rate limit exceeded")
    sim.clock.advance(hours=1)
    assert requests.get(f"{sim.base_url}/repos/{repo}", headers=auth(sim.token)).status_code == 200


def test_date_header_follows_fake_clock(sim, repo):
    sim.clock.set("2026-02-01T00:00:00Z")
    r = requests.get(f"{sim.base_url}/repos/{repo}", headers=auth(sim.token))
    assert r.headers["Date"] == "Sun, 01 Feb 2026 00:00:00 GMT"


def test_pagination_link_header_and_per_page_cap(sim, repo, gh):
    r_repo = gh.get_repo(repo)
    with requests.Session() as session:
        for n in range(105):
            created = session.post(
                f"{sim.base_url}/repos/{repo}/labels", json={"name": f"l{n:03d}"}, headers=auth(sim.token)
            )
            assert created.status_code == 201
    r = requests.get(f"{sim.base_url}/repos/{repo}/labels?per_page=500", headers=auth(sim.token))
    assert len(r.json()) == 100
    assert 'rel="next"' in r.headers["Link"] and "page=2" in r.headers["Link"]
    last = requests.get(f"{sim.base_url}/repos/{repo}/labels?per_page=100&page=2", headers=auth(sim.token))
    assert [lbl["name"] for lbl in last.json()] == ["l100", "l101", "l102", "l103", "l104"]
    assert 'rel="prev"' in last.headers["Link"] and 'rel="next"' not in last.headers["Link"]
    default = requests.get(f"{sim.base_url}/repos/{repo}/labels", headers=auth(sim.token))
    assert len(default.json()) == 30
    names = [lbl.name for lbl in r_repo.get_labels()]
    assert names == [f"l{n:03d}" for n in range(105)]
    assert r_repo.get_labels().totalCount == 105


def test_single_page_has_no_link_header(sim, repo):
    r = requests.get(f"{sim.base_url}/repos/{repo}/labels", headers=auth(sim.token))
    assert "Link" not in r.headers


def test_etag_and_if_none_match_give_304_without_counting(sim, repo):
    first = requests.get(f"{sim.base_url}/repos/{repo}", headers=auth(sim.token))
    etag = first.headers["ETag"]
    second = requests.get(f"{sim.base_url}/repos/{repo}", headers={**auth(sim.token), "If-None-Match": etag})
    assert second.status_code == 304
    assert second.content == b""
    assert second.headers["X-RateLimit-Used"] == first.headers["X-RateLimit-Used"]
    sim.clock.advance(minutes=1)
    requests.post(f"{sim.base_url}/repos/{repo}/issues", json={"title": "changes the repo"}, headers=auth(sim.token))
    third = requests.get(f"{sim.base_url}/repos/{repo}", headers={**auth(sim.token), "If-None-Match": etag})
    assert third.status_code == 200 and third.headers["ETag"] != etag


def test_errors_have_github_shape(sim, repo):
    missing = requests.get(f"{sim.base_url}/repos/octo/none", headers=auth(sim.token))
    assert missing.status_code == 404
    assert missing.json() == {"message": "Not Found", "documentation_url": "https://docs.github.com/rest", "status": "404"}
    bad = requests.post(
        f"{sim.base_url}/repos/{repo}/issues", data=b"{not json", headers={**auth(sim.token), "Content-Type": "application/json"}
    )
    assert bad.status_code == 400 and bad.json()["message"] == "Problems parsing JSON"
    invalid = requests.post(f"{sim.base_url}/repos/{repo}/issues", json={"body": "no title"}, headers=auth(sim.token))
    assert invalid.status_code == 422
    assert invalid.json()["errors"] == [{"resource": "Issue", "field": "title", "code": "missing_field"}]


def test_requests_are_recorded_in_order_with_login(sim, repo):
    sim.add_token("ghs_bot")
    requests.get(f"{sim.base_url}/repos/{repo}", headers=auth("ghs_bot"))
    requests.post(f"{sim.base_url}/repos/{repo}/issues", json={"title": "t"}, headers=auth(sim.token))
    got = [(r.method, r.path, r.status, r.login) for r in sim.requests]
    assert got == [
        ("GET", "/repos/octo/app", 200, "github-actions[bot]"),
        ("POST", "/repos/octo/app/issues", 201, "octocat"),
    ]
    assert sim.requests[1].body == {"title": "t"}
    assert sim.requests[1].route == "POST /repos/{owner}/{repo}/issues"


def test_reset_forgets_everything_quickly(sim, repo):
    import time

    sim.add_token("ghs_x")
    sim.clock.advance(days=3)
    started = time.perf_counter()
    sim.reset()
    elapsed = time.perf_counter() - started
    assert sim.core.state.repo_by_name(repo) is None
    assert "ghs_x" not in sim.core.state.tokens
    assert sim.requests == []
    assert sim.clock.now().isoformat() == "2026-01-05T12:00:00+00:00"
    assert elapsed < 0.01


def test_urls_in_responses_use_the_simulator_base_url(sim, repo, gh):
    r = gh.get_repo(repo)
    assert r.url == f"{sim.base_url}/repos/{repo}"
    issue = r.create_issue("t")
    assert issue.url.startswith(sim.base_url)
    # PyGithub follows the url fields; a lazy completion goes back to the simulator
    assert issue.repository.full_name == repo


def test_github_actions_token_cannot_read_user(sim):
    sim.add_token("ghs_t")
    r = requests.get(f"{sim.base_url}/user", headers=auth("ghs_t"))
    assert r.status_code == 403


def test_a_simulator_bug_is_a_500_and_is_recorded(sim, repo, monkeypatch):
    from autoheal.sim.router import router

    def broken(req):
        raise RuntimeError("boom")

    route = next(r for r in router.routes if r.key == "GET /users/{username}")
    monkeypatch.setattr(route, "handler", broken)
    r = requests.get(f"{sim.base_url}/users/octocat", headers=auth(sim.token))
    assert r.status_code == 500 and "RuntimeError: boom" in r.json()["message"]
    assert sim.requests[-1].fault == "internal error: RuntimeError: boom"
    sim.requests.clear()  # the sim fixture fails any test that leaves a crash in the log


def test_api_version_header_is_checked_and_echoed(sim, repo):
    ok = requests.get(f"{sim.base_url}/repos/{repo}", headers={**auth(sim.token), "X-GitHub-Api-Version": "2026-03-10"})
    assert ok.status_code == 200 and ok.headers["X-GitHub-Api-Version-Selected"] == "2026-03-10"
    default = requests.get(f"{sim.base_url}/repos/{repo}", headers=auth(sim.token))
    assert default.headers["X-GitHub-Api-Version-Selected"] == "2022-11-28"
    bad = requests.get(f"{sim.base_url}/repos/{repo}", headers={**auth(sim.token), "X-GitHub-Api-Version": "2099-01-01"})
    assert bad.status_code == 400 and "not supported" in bad.json()["message"]
