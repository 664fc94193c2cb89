"""Issues, comments, labels and assignees through the real PyGithub over HTTP."""

from __future__ import annotations

import pytest
import requests
from github import GithubException


@pytest.fixture
def repo(sim, gh):
    sim.create_repo("octo/app", files={"README.md": "# app\n"})
    return gh.get_repo("octo/app")


def test_round_trip_create_comment_label_close(sim, repo):
    issue = repo.create_issue("CI fails: missing module", body="details")
    issue.create_comment("first analysis")
    issue.add_to_labels("autoheal", "ci-failure")
    issue.edit(state="closed", state_reason="completed")

    [stored] = sim.issues("octo/app")
    assert stored["title"] == "CI fails: missing module"
    assert stored["state"] == "closed" and stored["state_reason"] == "completed"
    assert stored["closed_by"]["login"] == "octocat"
    assert stored["closed_at"] == "2026-01-05T12:00:00Z"
    assert [lbl["name"] for lbl in stored["labels"]] == ["autoheal", "ci-failure"]
    assert stored["comments"] == 1
    assert [c["body"] for c in sim.comments("octo/app", issue.number)] == ["first analysis"]
    fresh = repo.get_issue(issue.number)
    assert fresh.state == "closed" and fresh.comments == 1 and fresh.closed_by.login == "octocat"


def test_numbers_increment_and_issue_fields(sim, repo):
    first = repo.create_issue("a")
    second = repo.create_issue("b")
    assert (first.number, second.number) == (1, 2)
    assert first.user.login == "octocat"
    assert first.html_url == f"{sim.base_url}/octo/app/issues/1"
    assert second.body is None
    assert first.created_at.isoformat() == "2026-01-05T12:00:00+00:00"


def test_reopen_sets_state_reason_reopened(sim, repo):
    issue = repo.create_issue("flaky")
    issue.edit(state="closed", state_reason="not_planned")
    assert issue.state_reason == "not_planned"
    sim.clock.advance(days=1)
    issue.edit(state="open")
    assert issue.state == "open" and issue.state_reason == "reopened"
    assert issue.closed_at is None
    assert issue.updated_at.isoformat() == "2026-01-06T12:00:00+00:00"


def test_invalid_state_reason_is_422(repo):
    issue = repo.create_issue("x")
    with pytest.raises(GithubException) as err:
        issue.edit(state="closed", state_reason="because")
    assert err.value.status == 422


def test_list_filters_state_labels_creator_since_sort(sim, gh, repo):
    sim.add_token("ghp_alice", login="alice", kind="user")
    alice = sim.github("ghp_alice").get_repo("octo/app")
    a = repo.create_issue("a", labels=["bug"])
    sim.clock.advance(hours=1)
    b = alice.create_issue("b", labels=["bug", "ci"])
    sim.clock.advance(hours=1)
    c = repo.create_issue("c")
    c.edit(state="closed")
    sim.clock.advance(hours=1)
    a.create_comment("bump")  # a becomes the most recently updated

    def numbers(**kw):
        return [i.number for i in repo.get_issues(**kw)]

    assert numbers() == [b.number, a.number]  # open, newest created first
    assert numbers(state="all") == [c.number, b.number, a.number]
    assert numbers(state="closed") == [c.number]
    assert numbers(labels=["bug"]) == [b.number, a.number]
    assert numbers(labels=["bug", "ci"]) == [b.number]
    assert numbers(creator="alice") == [b.number]
    assert numbers(state="all", sort="updated", direction="desc") == [a.number, c.number, b.number]
    assert numbers(state="all", direction="asc") == [a.number, b.number, c.number]
    since = sim.clock.now().replace(minute=0)
    assert numbers(state="all", since=since) == [a.number]
    assert numbers(state="all", sort="comments") == [a.number, c.number, b.number]


def test_issue_list_includes_pull_requests_but_sim_issues_excludes_them(sim, repo):
    repo.create_issue("real issue")
    state = sim.core.state
    with sim.core.lock:
        from autoheal.sim.model import PullInfo

        item = state.repo_by_name("octo/app").items[1]
        item.pull = PullInfo("fix", "main", "0" * 40, "0" * 40)
    listed = list(repo.get_issues(state="all"))
    assert listed[0].pull_request is not None
    assert sim.issues("octo/app") == []


def test_comments_create_edit_list_delete(sim, repo):
    issue = repo.create_issue("x")
    first = issue.create_comment("one")
    sim.clock.advance(minutes=5)
    second = issue.create_comment("two")
    second.edit("two, edited")
    assert [c.body for c in issue.get_comments()] == ["one", "two, edited"]
    assert [c.body for c in issue.get_comments(since=sim.clock.now())] == ["two, edited"]
    assert repo.get_issue(issue.number).get_comment(first.id).body == "one"
    first.delete()
    assert [c["body"] for c in sim.comments("octo/app", issue.number)] == ["two, edited"]
    assert repo.get_issue(issue.number).comments == 1
    repo_wide = [c.body for c in repo.get_issues_comments()]
    assert repo_wide == ["two, edited"]
    with pytest.raises(GithubException) as err:
        issue.create_comment("")
    assert err.value.status == 422


def test_comment_of_another_repo_is_404(sim, repo):
    sim.create_repo("octo/other")
    issue = repo.create_issue("x")
    comment = issue.create_comment("c")
    r = requests.get(
        f"{sim.base_url}/repos/octo/other/issues/comments/{comment.id}", headers={"Authorization": f"token {sim.token}"}
    )
    assert r.status_code == 404


def test_repo_labels_crud(sim, repo):
    label = repo.create_label("autoheal", "0e8a16", "Opened by autoheal")
    assert (label.name, label.color, label.description) == ("autoheal", "0e8a16", "Opened by autoheal")
    with pytest.raises(GithubException) as err:
        repo.create_label("AutoHeal", "ffffff")
    assert err.value.status == 422
    label.edit("autoheal:ci", "ff0000", "renamed")
    assert repo.get_label("autoheal:ci").color == "ff0000"
    with pytest.raises(GithubException) as err:
        repo.get_label("autoheal")
    assert err.value.status == 404
    repo.get_label("autoheal:ci").delete()
    assert sim.labels("octo/app") == []


def test_label_rename_and_delete_follow_onto_issues(sim, repo):
    issue = repo.create_issue("x", labels=["old"])
    repo.get_label("old").edit("new", "ededed")
    assert [lbl.name for lbl in repo.get_issue(issue.number).labels] == ["new"]
    repo.get_label("new").delete()
    assert repo.get_issue(issue.number).labels == []


def test_issue_labels_add_set_remove(sim, repo):
    issue = repo.create_issue("x")
    issue.add_to_labels("a", "b")
    issue.add_to_labels("b", "c")
    assert [lbl.name for lbl in issue.get_labels()] == ["a", "b", "c"]
    issue.remove_from_labels("b")
    assert [lbl.name for lbl in repo.get_issue(issue.number).labels] == ["a", "c"]
    issue.set_labels("z")
    assert [lbl.name for lbl in repo.get_issue(issue.number).labels] == ["z"]
    with pytest.raises(GithubException) as err:
        issue.remove_from_labels("not-there")
    assert err.value.status == 404
    issue.delete_labels()
    assert repo.get_issue(issue.number).labels == []
    assert sim.labels("octo/app") == ["a", "b", "c", "z"]  # repo labels were created on the fly


def test_assignees_add_remove_and_unknown_ignored(sim, repo):
    sim.add_token("ghp_alice", login="alice", kind="user")
    issue = repo.create_issue("x")
    issue.add_to_assignees("alice", "ghost-user-that-does-not-exist")
    assert [a.login for a in issue.assignees] == ["alice"]
    assert repo.has_in_assignees("alice")
    assert not repo.has_in_assignees("nobody")
    issue.remove_from_assignees("alice")
    assert repo.get_issue(issue.number).assignees == []
    with pytest.raises(GithubException) as err:
        repo.create_issue("y", assignees=["nobody"])
    assert err.value.status == 422
    assert [i["title"] for i in sim.issues("octo/app")] == ["x"]


def test_edit_replaces_assignees_and_title(sim, repo):
    sim.add_token("ghp_alice", login="alice", kind="user")
    sim.add_token("ghp_bob", login="bob", kind="user")
    issue = repo.create_issue("x", assignees=["alice"])
    issue.edit(title="y", assignees=["bob"])
    fresh = repo.get_issue(issue.number)
    assert fresh.title == "y"
    assert [a.login for a in fresh.assignees] == ["bob"]


def test_create_repo_for_user_and_org(sim, gh):
    user_repo = gh.get_user().create_repo("mine", description="d", private=True)
    assert user_repo.full_name == "octocat/mine" and user_repo.private
    assert user_repo.owner.type == "User"
    r = requests.post(
        f"{sim.base_url}/orgs/acme/repos", json={"name": "tool", "auto_init": True},
        headers={"Authorization": f"token {sim.token}"},
    )
    assert r.status_code == 201, r.text
    assert r.json()["owner"]["type"] == "Organization"
    assert sim.file("acme/tool", "README.md") == "# tool\n"
    again = requests.post(
        f"{sim.base_url}/user/repos", json={"name": "mine"}, headers={"Authorization": f"token {sim.token}"}
    )
    assert again.status_code == 422


def test_installation_token_cannot_create_user_repo(sim):
    sim.add_token("ghs_inst", login="my-app[bot]", kind="installation")
    r = requests.post(f"{sim.base_url}/user/repos", json={"name": "x"}, headers={"Authorization": "token ghs_inst"})
    assert r.status_code == 403


def test_github_size_limits_are_enforced(sim, repo):
    with pytest.raises(GithubException) as err:
        repo.create_issue("t" * 257)
    assert err.value.status == 422
    assert err.value.data["errors"][0]["message"] == "title is too long (maximum is 256 characters)"
    issue = repo.create_issue("t" * 256, body="b" * 65536)  # exactly at the limits is fine
    with pytest.raises(GithubException) as err:
        issue.create_comment("c" * 65537)
    assert err.value.data["errors"][0]["message"] == "body is too long (maximum is 65536 characters)"
    with pytest.raises(GithubException):
        issue.edit(body="b" * 65537)
    with pytest.raises(GithubException):
        issue.add_to_labels("l" * 51)
    with pytest.raises(GithubException):
        repo.create_label("ok", "ededed", description="d" * 101)
    assert [len(i["body"]) for i in sim.issues("octo/app")] == [65536]
