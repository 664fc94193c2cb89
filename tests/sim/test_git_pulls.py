"""Branches, git data, contents and pull requests through the real PyGithub over HTTP."""

from __future__ import annotations

import base64

import pytest
import requests
from github import GithubException, InputGitTreeElement

FILES = {"requirements.txt": "requests==2.31.0\n", "src/app.py": "print('hi')\n", ".github/workflows/ci.yml": "name: CI\n"}


@pytest.fixture
def repo(sim, gh):
    sim.create_repo("octo/app", files=FILES)
    return gh.get_repo("octo/app")


def auth(sim):
    return {"Authorization": f"token {sim.token}"}


def make_branch_with_change(repo, branch="fix", path="requirements.txt", text="requests==2.32.0\n"):
    """The draft-pr stage's path: blob -> tree(base_tree) -> commit -> ref."""
    main = repo.get_branch("main")
    blob = repo.create_git_blob(text, "utf-8")
    tree = repo.create_git_tree(
        [InputGitTreeElement(path, "100644", "blob", sha=blob.sha)], base_tree=repo.get_git_tree(main.commit.sha)
    )
    commit = repo.create_git_commit("Bump requests", tree, [repo.get_git_commit(main.commit.sha)])
    repo.create_git_ref(f"refs/heads/{branch}", commit.sha)
    return commit


def test_round_trip_branch_blob_tree_commit_ref_draft_pr_ready(sim, repo):
    commit = make_branch_with_change(repo)
    pr = repo.create_pull(title="Fix: bump requests", body="Fixes #1", head="fix", base="main", draft=True)
    assert pr.draft is True
    assert pr.head.sha == commit.sha and pr.base.ref == "main"
    assert [f.filename for f in pr.get_files()] == ["requirements.txt"]
    pr.mark_ready_for_review()
    assert pr.draft is False
    assert repo.get_pull(pr.number).draft is False
    pr.convert_to_draft()
    assert repo.get_pull(pr.number).draft is True
    assert sim.file("octo/app", "requirements.txt", ref="fix") == "requests==2.32.0\n"
    assert sim.file("octo/app", "requirements.txt") == "requests==2.31.0\n"
    assert sim.file("octo/app", "src/app.py", ref="fix") == "print('hi')\n"  # base_tree kept the rest
    assert sim.branches("octo/app") == ["fix", "main"]
    [stored] = sim.pulls("octo/app")
    assert stored["draft"] is True and stored["mergeable_state"] == "draft"


def test_real_git_shas(sim, repo):
    blob = repo.create_git_blob("hello\n", "utf-8")
    assert blob.sha == "ce013625030ba8dba906f756967f9e9ca394464a"  # `git hash-object` of "hello\n"
    assert repo.get_git_blob(blob.sha).content.replace("\n", "") == base64.b64encode(b"hello\n").decode()


def test_tree_recursive_and_deletion_with_null_sha(sim, repo):
    main_sha = repo.get_branch("main").commit.sha
    tree = repo.get_git_tree(main_sha, recursive=True)
    assert sorted(e.path for e in tree.tree if e.type == "blob") == sorted(FILES)
    r = requests.post(
        f"{sim.base_url}/repos/octo/app/git/trees",
        json={"base_tree": tree.sha, "tree": [{"path": "src/app.py", "mode": "100644", "type": "blob", "sha": None}]},
        headers=auth(sim),
    )
    assert r.status_code == 201
    paths = [e["path"] for e in r.json()["tree"]]
    assert "src" not in paths and "requirements.txt" in paths


def test_ref_update_needs_fast_forward_unless_forced(sim, repo):
    first = make_branch_with_change(repo, text="a\n")
    ref = repo.get_git_ref("heads/fix")
    assert ref.object.sha == first.sha
    main = repo.get_git_commit(repo.get_branch("main").commit.sha)
    tree = repo.create_git_tree([InputGitTreeElement("x.txt", "100644", "blob", content="x")], base_tree=main.tree)
    unrelated = repo.create_git_commit("sideways", tree, [main])
    with pytest.raises(GithubException) as err:
        ref.edit(unrelated.sha)
    assert err.value.status == 422 and "fast forward" in err.value.data["message"]
    ref.edit(unrelated.sha, force=True)
    assert repo.get_git_ref("heads/fix").object.sha == unrelated.sha
    with pytest.raises(GithubException) as err:
        repo.create_git_ref("refs/heads/fix", unrelated.sha)
    assert err.value.status == 422 and err.value.data["message"] == "Reference already exists"
    ref.delete()
    assert sim.branches("octo/app") == ["main"]
    with pytest.raises(GithubException) as err:
        repo.get_git_ref("heads/fix")
    assert err.value.status == 404


def test_matching_refs_and_list(sim, repo):
    make_branch_with_change(repo, branch="autoheal/fix-1")
    make_branch_with_change(repo, branch="autoheal/fix-2", text="b\n")
    names = [r.ref for r in repo.get_git_matching_refs("heads/autoheal/")]
    assert names == ["refs/heads/autoheal/fix-1", "refs/heads/autoheal/fix-2"]
    assert len(list(repo.get_git_refs())) == 3
    assert repo.get_branch("autoheal/fix-1").name == "autoheal/fix-1"


def test_contents_get_put_update_delete(sim, repo):
    content = repo.get_contents("requirements.txt")
    assert content.decoded_content == b"requests==2.31.0\n"
    listing = repo.get_contents(".github/workflows")
    assert [c.path for c in listing] == [".github/workflows/ci.yml"]
    root = sorted(c.name for c in repo.get_contents(""))
    assert root == [".github", "requirements.txt", "src"]
    created = repo.create_file("docs/x.md", "add doc", "# x\n", branch="main")
    assert created["content"].path == "docs/x.md"
    with pytest.raises(GithubException) as err:
        repo.create_file("docs/x.md", "again", "dup", branch="main")
    assert err.value.status == 422
    with pytest.raises(GithubException) as err:
        repo.update_file("docs/x.md", "stale", "y", sha="0" * 40)
    assert err.value.status == 409
    repo.update_file("docs/x.md", "update", "# y\n", sha=created["content"].sha)
    assert sim.file("octo/app", "docs/x.md") == "# y\n"
    repo.delete_file("docs/x.md", "remove", repo.get_contents("docs/x.md").sha)
    assert sim.file("octo/app", "docs/x.md") is None
    with pytest.raises(GithubException) as err:
        repo.get_contents("nope.txt")
    assert err.value.status == 404


def test_contents_at_ref_and_raw(sim, repo):
    make_branch_with_change(repo)
    assert repo.get_contents("requirements.txt", ref="fix").decoded_content == b"requests==2.32.0\n"
    raw = requests.get(
        f"{sim.base_url}/repos/octo/app/contents/requirements.txt",
        headers={**auth(sim), "Accept": "application/vnd.github.raw+json"},
    )
    assert raw.text == "requests==2.31.0\n"
    download = requests.get(repo.get_contents("src/app.py").download_url)
    assert download.text == "print('hi')\n"


def test_protected_branch_refuses_direct_writes(sim, repo):
    sim.protect_branch("octo/app", "main")
    assert repo.get_branch("main").protected is True
    with pytest.raises(GithubException) as err:
        repo.update_file("requirements.txt", "direct", "x", repo.get_contents("requirements.txt").sha, branch="main")
    assert err.value.status == 409
    commit = make_branch_with_change(repo)
    with pytest.raises(GithubException) as err:
        repo.get_git_ref("heads/main").edit(commit.sha)
    assert err.value.status == 422 and "Protected branch" in err.value.data["message"]
    assert sim.file("octo/app", "requirements.txt") == "requests==2.31.0\n"


def test_pull_validation_errors(sim, repo):
    with pytest.raises(GithubException) as err:
        repo.create_pull(title="t", body="", head="main", base="main")
    assert err.value.status == 422
    with pytest.raises(GithubException) as err:
        repo.create_pull(title="t", body="", head="missing", base="main")
    assert err.value.status == 422
    make_branch_with_change(repo)
    repo.create_pull(title="t", body="", head="fix", base="main")
    with pytest.raises(GithubException) as err:
        repo.create_pull(title="t2", body="", head="octo:fix", base="main")
    assert err.value.status == 422
    assert "already exists" in err.value.data["errors"][0]["message"]


def test_pull_list_filters_and_edit(sim, repo):
    make_branch_with_change(repo, branch="a")
    make_branch_with_change(repo, branch="b", text="z\n")
    pa = repo.create_pull(title="A", body="", head="a", base="main")
    sim.clock.advance(minutes=1)
    pb = repo.create_pull(title="B", body="", head="b", base="main", draft=True)
    assert [p.number for p in repo.get_pulls()] == [pb.number, pa.number]
    assert [p.number for p in repo.get_pulls(head="octo:a")] == [pa.number]
    assert [p.number for p in repo.get_pulls(base="main", direction="asc")] == [pa.number, pb.number]
    pa.edit(state="closed", title="A closed")
    assert [p.number for p in repo.get_pulls(state="closed")] == [pa.number]
    assert repo.get_pull(pa.number).title == "A closed"
    assert [p.number for p in repo.get_pulls(state="all")] == [pb.number, pa.number]
    assert sim.issues("octo/app") == []


def test_pull_commits_files_and_stats(sim, repo):
    make_branch_with_change(repo)
    sim.commit_files("octo/app", "fix", {"new.txt": "1\n2\n"}, "second")
    pr = repo.create_pull(title="t", body="", head="fix", base="main")
    assert [c.commit.message for c in pr.get_commits()] == ["Bump requests", "second"]
    files = {f.filename: (f.status, f.additions, f.deletions) for f in pr.get_files()}
    assert files == {"requirements.txt": ("modified", 1, 1), "new.txt": ("added", 2, 0)}
    full = repo.get_pull(pr.number)
    assert (full.commits, full.additions, full.deletions, full.changed_files) == (2, 3, 1, 2)
    assert full.mergeable is True and full.mergeable_state == "clean"


def test_head_moves_with_its_branch(sim, repo):
    make_branch_with_change(repo)
    pr = repo.create_pull(title="t", body="", head="fix", base="main")
    new = sim.commit_files("octo/app", "fix", {"more.txt": "x"}, "more")
    assert repo.get_pull(pr.number).head.sha == new


def test_conflict_makes_pr_dirty_and_unmergeable(sim, repo):
    make_branch_with_change(repo, text="requests==2.32.0\n")
    sim.commit_files("octo/app", "main", {"requirements.txt": "requests==2.30.0\n"}, "conflicting")
    pr = repo.create_pull(title="t", body="", head="fix", base="main")
    fresh = repo.get_pull(pr.number)
    assert fresh.mergeable is False and fresh.mergeable_state == "dirty"
    with pytest.raises(GithubException) as err:
        fresh.merge()
    assert err.value.status == 405


def test_merge_moves_base_and_closes(sim, repo):
    make_branch_with_change(repo)
    pr = repo.create_pull(title="t", body="", head="fix", base="main")
    result = pr.merge(merge_method="squash")
    assert result.merged
    fresh = repo.get_pull(pr.number)
    assert fresh.merged and fresh.state == "closed" and fresh.merged_by.login == "octocat"
    assert fresh.merge_commit_sha == result.sha == repo.get_branch("main").commit.sha
    assert sim.file("octo/app", "requirements.txt") == "requests==2.32.0\n"
    assert fresh.is_merged()


def test_draft_cannot_be_merged(sim, repo):
    make_branch_with_change(repo)
    pr = repo.create_pull(title="t", body="", head="fix", base="main", draft=True)
    with pytest.raises(GithubException) as err:
        pr.merge()
    assert err.value.status == 405


def test_requested_reviewers_including_copilot(sim, repo):
    sim.add_token("ghp_alice", login="alice", kind="user")
    make_branch_with_change(repo)
    pr = repo.create_pull(title="t", body="", head="fix", base="main")
    pr.create_review_request(reviewers=["alice", "copilot-pull-request-reviewer[bot]"])
    users, teams = pr.get_review_requests()
    # GitHub's REST API never lists a bot among requested reviewers (gitbutlerapp/gitbutler PR #15835);
    # the Copilot request is kept internally (tests/sim/test_strictness.py covers what shows it)
    assert [u.login for u in users] == ["alice"]
    assert list(teams) == []
    assert sim.repo("octo/app").items[pr.number].pull.requested_reviewers == ["alice", "Copilot"]
    pr.delete_review_request(reviewers=["alice"])
    assert [u.login for u in pr.get_review_requests()[0]] == []
    with pytest.raises(GithubException) as err:
        pr.create_review_request(reviewers=["octocat"])  # the author
    assert err.value.status == 422
    with pytest.raises(GithubException) as err:
        pr.create_review_request(reviewers=["stranger"])
    assert err.value.status == 422


def test_reviews_create_and_list(sim, repo):
    sim.add_token("ghp_alice", login="alice", kind="user")
    make_branch_with_change(repo)
    pr = repo.create_pull(title="t", body="", head="fix", base="main")
    with pytest.raises(GithubException) as err:
        pr.create_review(body="mine", event="APPROVE")
    assert err.value.status == 422
    alice_pr = sim.github("ghp_alice").get_repo("octo/app").get_pull(pr.number)
    review = alice_pr.create_review(body="looks good", event="APPROVE")
    assert review.state == "APPROVED" and review.user.login == "alice"
    pr.create_review(body="note", event="COMMENT")
    assert [(r.user.login, r.state) for r in pr.get_reviews()] == [("alice", "APPROVED"), ("octocat", "COMMENTED")]
    assert pr.get_review(review.id).body == "looks good"


def test_protected_base_blocks_merge_until_approved(sim, repo):
    sim.add_token("ghp_alice", login="alice", kind="user")
    sim.protect_branch("octo/app", "main")
    make_branch_with_change(repo)
    pr = repo.create_pull(title="t", body="", head="fix", base="main")
    assert repo.get_pull(pr.number).mergeable_state == "blocked"
    with pytest.raises(GithubException):
        pr.merge()
    sim.github("ghp_alice").get_repo("octo/app").get_pull(pr.number).create_review(body="ok", event="APPROVE")
    assert repo.get_pull(pr.number).mergeable_state == "clean"
    assert pr.merge().merged


def test_set_mergeable_override(sim, repo):
    make_branch_with_change(repo)
    pr = repo.create_pull(title="t", body="", head="fix", base="main")
    sim.set_mergeable("octo/app", pr.number, None, "unknown")
    fresh = repo.get_pull(pr.number)
    assert fresh.mergeable is None and fresh.mergeable_state == "unknown"


def test_deleting_head_branch_closes_pr(sim, repo):
    make_branch_with_change(repo)
    pr = repo.create_pull(title="t", body="", head="fix", base="main")
    repo.get_git_ref("heads/fix").delete()
    assert repo.get_pull(pr.number).state == "closed"


def test_graphql_unknown_node_and_unsupported_operation(sim, gh, repo):
    from github import UnknownObjectException

    requester = gh.requester
    with pytest.raises(UnknownObjectException):
        requester.graphql_named_mutation("markPullRequestReadyForReview", {"pullRequestId": "PR_nope"}, "clientMutationId")
    r = requests.post(f"{sim.base_url}/graphql", json={"query": "{ viewer { email } }"}, headers=auth(sim))
    assert r.status_code == 200 and "errors" in r.json()


@pytest.mark.parametrize(("kind", "login"), [("user", "alice"), ("github_token", "github-actions[bot]"),
                                             ("installation", "my-app[bot]")])
def test_graphql_viewer_names_the_token_whatever_its_permissions(sim, repo, kind, login):
    """`viewer { login }` answers installation tokens (their GET /user is a 403) and needs no permission."""
    token = sim.add_token(f"t-{kind}", login=login, kind=kind, permissions={})
    r = requests.post(f"{sim.base_url}/graphql", json={"query": "query { viewer { login } }"},
                      headers={"Authorization": f"token {token}"})
    assert r.status_code == 200 and r.json() == {"data": {"viewer": {"login": login}}}
    make_branch_with_change(repo)
    pr = repo.create_pull(title="t", body="", head="fix", base="main", draft=True)
    mutation = requests.post(f"{sim.base_url}/graphql", headers={"Authorization": f"token {token}"}, json={
        "query": "mutation M($input: MarkPullRequestReadyForReviewInput!) { markPullRequestReadyForReview(input: $input) "
                 "{ clientMutationId } }", "variables": {"input": {"pullRequestId": pr.node_id}}})
    # the mutations still need pull_requests and contents write, refused the GraphQL way (HTTP 200, FORBIDDEN;
    # cli/cli issue #8910)
    assert mutation.status_code == 200 and mutation.json()["errors"][0]["type"] == "FORBIDDEN"


def test_branch_and_commit_endpoints(sim, repo):
    branch = repo.get_branch("main")
    assert branch.commit.commit.message == "Initial commit"
    commit = repo.get_commit("main")
    assert sorted(f.filename for f in commit.files) == sorted(FILES)
    sim.commit_files("octo/app", "main", {"src/app.py": "print('bye')\n"}, "edit app")
    assert [c.commit.message for c in repo.get_commits()] == ["edit app", "Initial commit"]
    assert [c.commit.message for c in repo.get_commits(path="requirements.txt")] == ["Initial commit"]
    assert [b.name for b in repo.get_branches()] == ["main"]


def test_pull_body_and_review_body_limits(sim, repo):
    make_branch_with_change(repo)
    with pytest.raises(GithubException) as err:
        repo.create_pull(title="t", body="b" * 65537, head="fix", base="main")
    assert err.value.status == 422
    pr = repo.create_pull(title="t", body="b" * 65536, head="fix", base="main")
    with pytest.raises(GithubException):
        pr.edit(body="b" * 65537)
    with pytest.raises(GithubException):
        pr.create_review(body="r" * 65537, event="COMMENT")


def test_compare_ahead_behind_diverged(sim, repo):
    make_branch_with_change(repo)
    cmp = repo.compare("main", "fix")
    assert (cmp.status, cmp.ahead_by, cmp.behind_by) == ("ahead", 1, 0)
    assert [f.filename for f in cmp.files] == ["requirements.txt"]
    sim.commit_files("octo/app", "main", {"other.txt": "o"}, "main moves")
    cmp = repo.compare("main", "fix")
    assert (cmp.status, cmp.ahead_by, cmp.behind_by) == ("diverged", 1, 1)
    assert repo.compare("fix", "fix").status == "identical"
    assert repo.compare("fix", "main").status == "diverged"
