"""Issue search, timeline cross-references, and the Copilot agent/review APIs and helpers."""

from __future__ import annotations

import pytest
import requests
from github import GithubException, RateLimitExceededException


@pytest.fixture
def repo(sim, gh):
    sim.create_repo("octo/app", files={"README.md": "# app\n", "requirements.txt": "requests==2.31.0\n"})
    sim.add_token("ghp_alice", login="alice", kind="user")
    return gh.get_repo("octo/app")


def auth(sim, token=None):
    return {"Authorization": f"token {token or sim.token}"}


def titles(gh, query, **kw):
    return [i.title for i in gh.search_issues(query, **kw)]


def test_search_qualifiers(sim, gh, repo):
    sim.create_repo("octo/other")
    a = repo.create_issue("CI failure: ModuleNotFoundError yaml", body="fingerprint: abc123", labels=["autoheal"])
    sim.clock.advance(minutes=1)
    repo.create_issue("Unrelated", body="nothing to see")
    sim.clock.advance(minutes=1)
    closed = repo.create_issue("Old CI failure", body="fingerprint: zzz999", labels=["autoheal", "ci"])
    closed.edit(state="closed")
    sim.github("ghp_alice").get_repo("octo/other").create_issue("CI failure elsewhere", labels=["autoheal"])

    assert titles(gh, "repo:octo/app is:issue label:autoheal") == ["Old CI failure", "CI failure: ModuleNotFoundError yaml"]
    assert titles(gh, "repo:octo/app is:issue is:open label:autoheal") == [a.title]
    assert titles(gh, "repo:octo/app is:closed") == ["Old CI failure"]
    assert titles(gh, 'repo:octo/app in:body "fingerprint: abc123"') == [a.title]
    assert titles(gh, "repo:octo/app abc123 in:title") == []
    assert titles(gh, "repo:octo/app modulenotfounderror in:title") == [a.title]
    assert titles(gh, "label:autoheal author:alice") == ["CI failure elsewhere"]
    assert titles(gh, "repo:octo/app label:autoheal -label:ci") == [a.title]
    assert titles(gh, "repo:octo/app no:label") == ["Unrelated"]
    assert titles(gh, "repo:octo/app is:issue", sort="created", order="asc")[0] == a.title
    assert gh.search_issues("repo:octo/app label:autoheal").totalCount == 2


def test_search_separates_issues_and_prs(sim, gh, repo):
    repo.create_issue("bug report")
    sim.commit_files("octo/app", "fix", {"x.txt": "x"}, "fix", from_branch="main")
    repo.create_pull(title="fix the bug", body="Fixes #1", head="fix", base="main", draft=True)
    assert titles(gh, "repo:octo/app is:pr") == ["fix the bug"]
    assert titles(gh, "repo:octo/app is:issue") == ["bug report"]
    assert titles(gh, "repo:octo/app is:pr is:draft head:fix") == ["fix the bug"]
    [item] = gh.search_issues("repo:octo/app is:pr")
    assert item.pull_request is not None


def test_search_has_its_own_30_per_minute_limit(sim, gh, repo):
    with requests.Session() as session:
        codes = [session.get(f"{sim.base_url}/search/issues?q=repo:octo/app", headers=auth(sim)).status_code for _ in range(31)]
        assert codes[:30] == [200] * 30 and codes[30] == 403
        blocked = session.get(f"{sim.base_url}/search/issues?q=repo:octo/app", headers=auth(sim))
        assert blocked.headers["X-RateLimit-Resource"] == "search"
        assert blocked.headers["X-RateLimit-Limit"] == "30"
        assert session.get(f"{sim.base_url}/repos/octo/app", headers=auth(sim)).status_code == 200  # core unaffected
        sim.clock.advance(minutes=1)
        assert session.get(f"{sim.base_url}/search/issues?q=repo:octo/app", headers=auth(sim)).status_code == 200
    sim.clock.advance(minutes=1)
    sim.set_rate_limit("search", 1)
    gh.search_issues("repo:octo/app").totalCount  # noqa: B018
    with pytest.raises(RateLimitExceededException):
        gh.search_issues("repo:octo/app").totalCount  # noqa: B018


def test_search_indexing_lag(sim, gh, repo):
    sim.set_search_lag(60)
    repo.create_issue("fresh", labels=["autoheal"])
    assert titles(gh, "repo:octo/app label:autoheal") == []
    sim.clock.advance(seconds=61)
    assert titles(gh, "repo:octo/app label:autoheal") == ["fresh"]


def test_timeline_cross_reference_links_pr_to_issue(sim, gh, repo):
    issue = repo.create_issue("CI broke")
    sim.commit_files("octo/app", "autoheal/fix-1", {"requirements.txt": "requests==2.32.0\n"}, "bump", from_branch="main")
    pr = repo.create_pull(title="Fix CI", body=f"Fixes #{issue.number}", head="autoheal/fix-1", base="main")
    issue.create_comment("Opened a fix")
    issue.add_to_labels("autoheal")
    events = list(issue.get_timeline())
    kinds = [e.event for e in events]
    assert kinds == ["cross-referenced", "commented", "labeled"]
    source = events[0].source
    assert source.type == "issue" and source.issue.number == pr.number and source.issue.pull_request is not None
    raw = requests.get(f"{sim.base_url}/repos/octo/app/issues/{issue.number}/timeline", headers=auth(sim)).json()
    assert raw[0]["source"]["issue"]["number"] == pr.number


def test_cross_reference_from_comment_and_other_repo_only_once(sim, gh, repo):
    sim.create_repo("octo/other")
    issue = repo.create_issue("target")
    other = gh.get_repo("octo/other").create_issue("elsewhere", body="see octo/app#1")
    other.create_comment("again octo/app#1")
    local = repo.create_issue("local")
    local.create_comment(f"related to #{issue.number}")
    refs = [e for e in issue.get_timeline() if e.event == "cross-referenced"]
    assert len(refs) == 2


def test_assign_copilot_agent_with_agent_assignment(sim, gh, repo):
    issue = repo.create_issue("CI broke")
    body = {
        "assignees": ["copilot-swe-agent[bot]"],
        "agent_assignment": {"target_repo": "octo/app", "base_branch": "main", "custom_instructions": "fix CI"},
    }
    r = requests.post(f"{sim.base_url}/repos/octo/app/issues/{issue.number}/assignees", json=body, headers=auth(sim))
    assert r.status_code == 201
    assert [a["login"] for a in r.json()["assignees"]] == ["Copilot"]
    assert [a.login for a in repo.get_issue(issue.number).assignees] == ["Copilot"]
    assert sim.repo("octo/app").items[issue.number].agent_assignment["custom_instructions"] == "fix CI"
    timeline = [(e.event, e.raw_data.get("assignee", {}).get("login")) for e in repo.get_issue(issue.number).get_timeline()]
    assert ("assigned", "Copilot") in timeline


def test_copilot_assignment_needs_user_token(sim, gh, repo):
    sim.add_token("ghs_actions")  # github_token kind
    issue = repo.create_issue("x")
    body = {"assignees": ["copilot-swe-agent[bot]"], "agent_assignment": {"target_repo": "octo/app"}}
    r = requests.post(f"{sim.base_url}/repos/octo/app/issues/{issue.number}/assignees", json=body, headers=auth(sim, "ghs_actions"))
    assert r.status_code == 201 and r.json()["assignees"] == []  # accepted, silently not assigned


@pytest.mark.parametrize("mode", ["disabled", "silent"])
def test_copilot_agent_disabled_or_silent_accepts_but_does_not_assign(sim, gh, repo, mode):
    sim.set_repo_option("octo/app", copilot_agent=mode)
    issue = repo.create_issue("x")
    r = requests.post(
        f"{sim.base_url}/repos/octo/app/issues/{issue.number}/assignees",
        json={"assignees": ["copilot-swe-agent[bot]"]},
        headers=auth(sim),
    )
    assert r.status_code == 201 and r.json()["assignees"] == []
    assert requests.get(f"{sim.base_url}/repos/octo/app/assignees/copilot-swe-agent%5Bbot%5D", headers=auth(sim)).status_code == (
        204 if mode == "silent" else 404
    )


def test_copilot_assignment_on_create_and_patch(sim, gh, repo):
    r = requests.post(
        f"{sim.base_url}/repos/octo/app/issues",
        json={"title": "t", "assignees": ["copilot-swe-agent[bot]"], "agent_assignment": {"base_branch": "main"}},
        headers=auth(sim),
    )
    assert r.status_code == 201 and [a["login"] for a in r.json()["assignees"]] == ["Copilot"]
    number = r.json()["number"]
    r = requests.patch(f"{sim.base_url}/repos/octo/app/issues/{number}", json={"assignees": ["alice"]}, headers=auth(sim))
    assert [a["login"] for a in r.json()["assignees"]] == ["alice"]
    r = requests.patch(
        f"{sim.base_url}/repos/octo/app/issues/{number}",
        json={"assignees": ["alice", "copilot-swe-agent[bot]"], "agent_assignment": {"bogus": 1}},
        headers=auth(sim),
    )
    assert r.status_code == 422


def test_wrong_copilot_login_is_silently_ignored(sim, gh, repo):
    issue = repo.create_issue("x")
    issue.add_to_assignees("Copilot")
    assert repo.get_issue(issue.number).assignees == []


def test_copilot_code_review_endpoint(sim, gh, repo):
    sim.commit_files("octo/app", "fix", {"x.txt": "x"}, "fix", from_branch="main")
    pr = repo.create_pull(title="t", body="", head="fix", base="main")
    url = f"{sim.base_url}/repos/octo/app/pulls/{pr.number}/copilot-code-review"
    first = requests.post(url, json={}, headers=auth(sim))
    assert first.status_code == 201
    # never listed over REST (a bot); the timeline's review_requested event is what shows it
    assert [u.login for u in pr.get_review_requests()[0]] == []
    assert [(e.event, e.raw_data["requested_reviewer"]["login"]) for e in pr.as_issue().get_timeline() if e.event == "review_requested"] == [("review_requested", "Copilot")]
    again = requests.post(url, json={}, headers=auth(sim))
    assert again.status_code == 409
    sim.copilot_review("octo/app", pr.number, "Looks fine", comments=[{"path": "x.txt", "line": 1, "body": "nit"}])
    [review] = pr.get_reviews()
    assert (review.user.login, review.state) == ("copilot-pull-request-reviewer[bot]", "COMMENTED")
    assert [(c.user.login, c.path, c.body) for c in pr.get_review_comments()] == [("Copilot", "x.txt", "nit")]
    assert list(pr.get_review_requests()[0]) == []
    assert requests.post(url, json={"review_effort": "extreme"}, headers=auth(sim)).json()["failure_reason"] == "INVALID_REVIEW_EFFORT"
    assert requests.post(url, json={"review_effort": "high"}, headers=auth(sim)).status_code == 201


@pytest.mark.parametrize(
    "knob,status,reason",
    [("forbidden", 403, "ACTOR_FLAGGED"), ("rate_limited", 429, "RATE_LIMITED"), ("ineligible", 422, "NOT_ELIGIBLE"), ("pending", 409, None), ("unavailable", 503, None)],
)
def test_copilot_code_review_knobs(sim, gh, repo, knob, status, reason):
    sim.commit_files("octo/app", "fix", {"x.txt": "x"}, "fix", from_branch="main")
    pr = repo.create_pull(title="t", body="", head="fix", base="main")
    sim.set_repo_option("octo/app", copilot_review=knob)
    r = requests.post(f"{sim.base_url}/repos/octo/app/pulls/{pr.number}/copilot-code-review", json={}, headers=auth(sim))
    assert r.status_code == status
    assert r.json().get("failure_reason") == reason


def test_copilot_legacy_reviewer_request_refused_when_forbidden(sim, gh, repo):
    sim.commit_files("octo/app", "fix", {"x.txt": "x"}, "fix", from_branch="main")
    pr = repo.create_pull(title="t", body="", head="fix", base="main")
    sim.set_repo_option("octo/app", copilot_review="forbidden")
    with pytest.raises(GithubException) as err:
        pr.create_review_request(reviewers=["copilot-pull-request-reviewer[bot]"])
    assert err.value.status == 422


def test_copilot_helpers_commit_and_pull(sim, gh, repo):
    issue = repo.create_issue("CI broke")
    number = sim.copilot_pull("octo/app", issue.number, {"requirements.txt": "requests==2.32.0\n"})
    pr = repo.get_pull(number)
    assert pr.draft and pr.user.login == "Copilot" and pr.head.ref == f"copilot/fix-{issue.number}"
    assert pr.title == "[WIP] CI broke" and f"Fixes #{issue.number}" in pr.body
    sha = sim.copilot_commit("octo/app", pr.head.ref, "README.md", "# fixed\n", "Fix README")
    commits = list(repo.get_pull(number).get_commits())
    assert commits[-1].sha == sha
    assert commits[-1].commit.author.name == "copilot-swe-agent[bot]"
    assert commits[-1].commit.author.email == "198982749+Copilot@users.noreply.github.com"
    assert commits[-1].author.login == "Copilot"
    linked = [e.source.issue.number for e in issue.get_timeline() if e.event == "cross-referenced"]
    assert linked == [number]


def test_issue_events_api_lists_label_and_state_events(sim, gh, repo):
    issue = repo.create_issue("x")
    issue.add_to_labels("autoheal:stale")
    sim.clock.advance(days=1)
    issue.create_comment("not an event")
    issue.edit(state="closed")
    events = [(e.event, e.label.name if e.label else None) for e in issue.get_events()]
    assert events == [("labeled", "autoheal:stale"), ("closed", None)]
    assert [e.created_at.isoformat() for e in issue.get_events()] == ["2026-01-05T12:00:00+00:00", "2026-01-06T12:00:00+00:00"]


def test_pr_timeline_shows_commits_in_time_order(sim, gh, repo):
    sim.commit_files("octo/app", "fix", {"a.txt": "1"}, "first", from_branch="main")
    pr = repo.create_pull(title="t", body="", head="fix", base="main")
    sim.clock.advance(hours=1)
    pr.as_issue().create_comment("hello")
    sim.clock.advance(hours=1)
    sim.commit_files("octo/app", "fix", {"a.txt": "2"}, "second")
    kinds = [e.event for e in pr.as_issue().get_timeline()]
    assert kinds == ["committed", "commented", "committed"]


def test_search_hides_private_repos_from_tokens_without_issue_access(sim, gh, repo):
    sim.create_repo("octo/secret", private=True)
    gh.get_repo("octo/secret").create_issue("hidden")
    sim.add_token("ghs_contents_only", permissions={"contents": "read"})
    sim.add_token("ghs_issues", permissions={"issues": "read"})
    assert titles(sim.github("ghs_contents_only"), "hidden") == []
    assert titles(sim.github("ghs_issues"), "hidden") == ["hidden"]
    assert requests.get(f"{sim.base_url}/search/issues", params={"q": "hidden"}).json()["total_count"] == 0
