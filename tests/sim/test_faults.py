"""Scripted faults and what the real PyGithub (retry=None) sees from each, like from GitHub."""

from __future__ import annotations

import time

import pytest
import requests
from github import GithubException, RateLimitExceededException


@pytest.fixture
def repo(sim, gh):
    sim.create_repo("octo/app", files={"README.md": "# app\n"})
    return gh.get_repo("octo/app")


def test_5xx_on_the_nth_matching_request_only(sim, repo):
    sim.faults.add("5xx", method="POST", path=r"/issues$", nth=2)
    repo.create_issue("first")
    with pytest.raises(GithubException) as err:
        repo.create_issue("second")
    assert err.value.status == 502
    repo.create_issue("third")
    assert [i["title"] for i in sim.issues("octo/app")] == ["first", "third"]  # the failed write changed nothing
    assert [r.status for r in sim.requests if r.method == "POST"] == [201, 502, 201]
    assert [r.fault for r in sim.requests if r.method == "POST"] == [None, "5xx", None]


def test_5xx_status_and_times(sim, repo):
    sim.faults.add("5xx", path=r"/repos/octo/app$", times=2, status=503)
    for _ in range(2):
        with pytest.raises(GithubException) as err:
            repo.update()
        assert err.value.status == 503
    assert repo.update() in (True, False)


def test_secondary_rate_limit_403_with_retry_after(sim, repo):
    sim.faults.add("secondary_rate_limit", method="POST", retry_after=7)
    with pytest.raises(RateLimitExceededException) as err:
        repo.create_issue("x")
    assert err.value.status == 403
    assert err.value.headers["retry-after"] == "7"
    assert "You have exceeded a secondary rate limit" in err.value.data["message"]
    assert int(err.value.headers["x-ratelimit-remaining"]) > 0  # not a primary limit
    assert sim.issues("octo/app") == []


def test_secondary_rate_limit_as_429(sim, repo):
    sim.faults.add("secondary_rate_limit", method="POST", status=429, retry_after=3)
    with pytest.raises(GithubException) as err:
        repo.create_issue("x")
    assert err.value.status == 429 and err.value.headers["retry-after"] == "3"


def test_primary_rate_limit_exhaustion(sim, repo):
    sim.faults.add("primary_rate_limit", path=r"/issues", retry_after=120)
    with pytest.raises(RateLimitExceededException) as err:
        repo.get_issues().totalCount  # noqa: B018
    headers = err.value.headers
    assert err.value.status == 403
    assert headers["x-ratelimit-remaining"] == "0"
    assert int(headers["x-ratelimit-reset"]) == sim.clock.timestamp() + 120
    assert err.value.data["message"].startswith("API rate limit exceeded for user ID")
    assert repo.get_issues().totalCount == 0  # times=1: the next request goes through


def test_lost_response_commits_the_write_but_the_client_sees_a_dropped_connection(sim, repo):
    sim.faults.add("lost_response", method="POST", path=r"/issues$")
    with pytest.raises(requests.exceptions.ConnectionError):
        repo.create_issue("duplicate maker")
    assert [i["title"] for i in sim.issues("octo/app")] == ["duplicate maker"]  # committed anyway
    repo.create_issue("duplicate maker")  # a naive retry creates the duplicate
    assert len(sim.issues("octo/app")) == 2
    assert [r.fault for r in sim.requests if r.method == "POST"] == ["lost_response", None]


def test_slow_response_is_delayed_then_answered(sim, repo):
    sim.faults.add("slow", path=r"/repos/octo/app$", delay=0.2)
    started = time.perf_counter()
    repo.update()
    assert time.perf_counter() - started >= 0.2
    started = time.perf_counter()
    repo.update()
    assert time.perf_counter() - started < 0.2


def test_slow_then_timeout_on_the_client(sim):
    sim.create_repo("octo/app")
    sim.faults.add("slow", path=r"/repos/octo/app$", delay=0.3)
    with pytest.raises(requests.exceptions.ReadTimeout):  # PyGithub's timeout is whole seconds; same path
        requests.get(f"{sim.base_url}/repos/octo/app", headers={"Authorization": f"token {sim.token}"}, timeout=0.1)


def test_gone_fault_on_logs(sim, repo):
    run_id = sim.add_run("octo/app")
    sim.faults.add("gone", path=r"/actions/jobs/\d+/logs$")
    job = repo.get_workflow_run(run_id).jobs()[0]
    with pytest.raises(GithubException) as err:
        job.logs_url()
    assert err.value.status == 410
    assert job.logs_url().startswith(sim.blob_base_url)


def test_unknown_fault_kind_is_rejected(sim):
    with pytest.raises(ValueError, match="unknown fault kind"):
        sim.faults.add("explode")
    with pytest.raises(ValueError):
        sim.faults.add("5xx", status=404)


def test_faults_are_cleared_by_reset(sim, repo):
    sim.faults.add("5xx")
    sim.reset()
    assert len(sim.faults) == 0
