"""The gateway against the simulator over real HTTP: counting, retries, back-off, budget, no duplicates."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from autoheal.errors import BudgetExhausted, GitHubAPIError, MissingPermission
from autoheal.gateway import Gateway
from autoheal.markers import has_marker, marker


@pytest.fixture
def repo(sim):
    sim.create_repo("octo/app", files={"README.md": "hi\n"})
    return "octo/app"


def make_gateway(sim, repo, token=None, **kw):
    waits: list[float] = []
    gw = Gateway(token=token or sim.token, api_url=sim.base_url, repo=repo, sleep=waits.append, **kw)
    return gw, waits


def issues_with(sim, repo, key, value):
    return [i for i in sim.issues(repo) if has_marker(i.get("body"), key, value)]


def test_counts_requests_and_writes(sim, repo):
    gw, _ = make_gateway(sim, repo)
    r = gw.repo()
    gw.write(lambda: r.create_issue("t", body="b"), what="create issue")
    gw.read(lambda: list(r.get_issues(state="all")))
    assert gw.usage.requests == 3
    assert gw.usage.writes == 1
    served = [req for req in sim.requests if req.path.startswith("/repos/octo/app")]
    assert len(served) == 3  # the simulator agrees with our count


def test_read_is_retried_after_5xx(sim, repo):
    sim.faults.add("5xx", method="GET", path=r"^/repos/octo/app$", nth=1)
    gw, waits = make_gateway(sim, repo)
    assert gw.repo().full_name == "octo/app"
    assert gw.usage.retries == 1 and len(waits) == 1


def test_secondary_rate_limit_waits_retry_after_then_succeeds(sim, repo):
    sim.faults.add("secondary_rate_limit", method="POST", path=r"/issues$", nth=1, retry_after=7)
    gw, waits = make_gateway(sim, repo)
    r = gw.repo()
    gw.write(lambda: r.create_issue("t", body="b"), what="create issue")
    assert waits == [7.0]
    assert len(sim.issues(repo)) == 1


def test_lost_response_on_create_is_found_not_duplicated(sim, repo):
    sim.faults.add("lost_response", method="POST", path=r"/issues$", nth=1)
    gw, _ = make_gateway(sim, repo)
    r = gw.repo()
    body = "failure\n" + marker("fingerprint", "abc123")

    def find():
        return next((i for i in r.get_issues(state="open") if has_marker(i.body, "fingerprint", "abc123")), None)

    issue = gw.write(lambda: r.create_issue("t", body=body), find=find, what="create issue")
    assert issue.number == 1
    assert len(issues_with(sim, repo, "fingerprint", "abc123")) == 1


def test_lost_response_without_find_is_not_resent(sim, repo):
    sim.faults.add("lost_response", method="POST", path=r"/issues$", nth=1)
    gw, _ = make_gateway(sim, repo)
    r = gw.repo()
    with pytest.raises(GitHubAPIError, match="may or may not have landed"):
        gw.write(lambda: r.create_issue("t", body="b"), what="create issue")
    assert len(sim.issues(repo)) == 1  # it landed once, and was not sent again


def test_budget_stops_before_the_request_is_sent(sim, repo):
    gw, _ = make_gateway(sim, repo, max_writes=1)
    r = gw.repo()
    gw.write(lambda: r.create_issue("one", body="b"))
    with pytest.raises(BudgetExhausted):
        gw.write(lambda: r.create_issue("two", body="b"))
    assert [i["title"] for i in sim.issues(repo)] == ["one"]


def test_missing_permission_names_it(sim, repo):
    sim.add_token("ro-token", login="github-actions[bot]", kind="github_token",
                  permissions={"issues": "read", "metadata": "read", "contents": "read"})
    gw, _ = make_gateway(sim, repo, token="ro-token")
    r = gw.repo()
    with pytest.raises(MissingPermission) as err:
        gw.write(lambda: r.create_issue("t", body="b"), what="create issue")
    assert "issues" in str(err.value) and "write" in str(err.value)


def test_primary_rate_limit_beyond_max_wait_stops_cleanly(sim, repo):
    sim.faults.add("primary_rate_limit", method="GET", path=r"^/repos/octo/app$", nth=1)
    gw, waits = make_gateway(sim, repo, max_wait=0.5)
    with pytest.raises(GitHubAPIError, match="rate limited"):
        gw.repo()
    assert waits == []


def test_now_is_githubs_clock(sim, repo):
    sim.clock.set(datetime(2030, 6, 1, 12, 0, tzinfo=timezone.utc))
    gw, _ = make_gateway(sim, repo)
    gw.repo()
    assert gw.now().year == 2030


def test_every_write_is_redacted_on_the_way_out(sim, repo):
    """Bodies, titles, comments and commit messages lose credentials at the gateway, PyGithub and raw alike."""
    token = "ghp_" + "Z9y8X7w6V5" * 3 + "u4T3s2"
    gw, _ = make_gateway(sim, repo)
    r = gw.repo()
    issue = gw.write(lambda: r.create_issue(f"leak {token}", body=f"x\npassword=hunter22\n{marker('k', 1)}"))
    gw.write(lambda: issue.create_comment(f"again {token}"))
    gw.raw("POST", f"/repos/{repo}/issues/{issue.number}/comments", body={"body": f"raw {token}"})
    stored = sim.issues(repo)[0]
    comments = [c["body"] for c in sim.comments(repo, issue.number)]
    published = [stored["title"], stored["body"], *comments]
    assert all(token not in text and "hunter22" not in text for text in published), published
    assert has_marker(stored["body"], "k", 1)  # autoheal's own markers pass untouched
    assert comments == ["again [REDACTED github-token]", "raw [REDACTED github-token]"]


@pytest.mark.parametrize(("kind", "login"), [("user", "alice"), ("github_token", "github-actions[bot]"),
                                             ("installation", "my-app[bot]")])
def test_identity_is_learned_once_for_every_kind_of_token(sim, repo, kind, login):
    """GraphQL's viewer answers every kind of token (GET /user refuses installation tokens, below)."""
    token = sim.add_token(f"tok-{kind}", login=login, kind=kind, permissions={"issues": "write"})
    gw, _ = make_gateway(sim, repo, token=token, max_writes=0)
    assert gw.identity() == login
    assert gw.identity() == login
    asked = [(r.method, r.path) for r in sim.requests if r.path in ("/user", "/graphql")]
    assert asked == [("POST", "/graphql")]  # one request, whatever the kind of token
    assert gw.usage.writes == 0  # the viewer query is a read: no write budget spent (max_writes=0 held)


def test_the_simulator_refuses_get_user_to_installation_tokens_like_github(sim, repo):
    token = sim.add_token("tok-app", login="my-app[bot]", kind="installation")
    status, _, data = Gateway(token=token, api_url=sim.base_url, repo=repo).raw("GET", "/user")
    assert status == 403 and data["message"] == "Resource not accessible by integration"


# -- GitHub's stricter answers (issue #20) ----------------------------------------------------------------
def test_secondary_rate_limit_without_retry_after_waits_a_minute(sim, repo):
    """GitHub often omits Retry-After on secondary limits (hivecommons/hive PR #4674); its best-practices
    page then asks for at least one minute."""
    sim.faults.add("secondary_rate_limit", method="POST", path=r"/issues$", nth=1, retry_after=None)
    gw, waits = make_gateway(sim, repo)
    r = gw.repo()
    gw.write(lambda: r.create_issue("t", body="b"), what="create issue")
    assert len(waits) == 1 and waits[0] >= 60
    assert len(sim.issues(repo)) == 1


def test_log_download_never_sends_the_token_to_the_log_host(sim, repo):
    """The log host is another origin (same host name, another port here): the token stays home."""
    run_id = sim.add_run(repo, jobs=[{"name": "test", "conclusion": "failure", "log": "boom\n"}])
    gw, _ = make_gateway(sim, repo)
    job = gw.repo().get_workflow_run(run_id).jobs()[0]
    data = gw.download(job.logs_url(), what="download the log")
    assert data.endswith(b"boom\n") and sim.core.blob_auth_refused == 0


def test_graphql_refusal_names_the_permissions(sim, repo):
    """cli/cli issue #8910: marking ready with only pull-requests: write is a GraphQL FORBIDDEN."""
    sim.commit_files(repo, "fix", {"x.txt": "x"}, "fix", from_branch="main")
    number = sim.github().get_repo(repo).create_pull(title="t", body="", head="fix", base="main", draft=True).number
    sim.add_token("ghs_job", kind="github_token", permissions={"pull_requests": "write", "contents": "read"})
    gw, _ = make_gateway(sim, repo, token="ghs_job")
    pr = gw.repo().get_pull(number)
    with pytest.raises(MissingPermission) as err:
        gw.write(lambda: pr.mark_ready_for_review(), what="mark ready")
    assert "FORBIDDEN (markPullRequestReadyForReview)" in err.value.message
    assert "contents: write" in err.value.message and "job's permissions" in str(err.value.hint)


def test_validation_errors_show_githubs_reasons(sim, repo):
    gw, _ = make_gateway(sim, repo)
    r = gw.repo()
    with pytest.raises(GitHubAPIError) as err:
        gw.write(lambda: r.create_issue("x" * 300), what="create issue")
    assert "title is too long (maximum is 256 characters)" in err.value.message
