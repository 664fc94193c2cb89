"""The simulator refuses, hides and caps where GitHub does (issue #20); each test names its source.

The sources are public reports of GitHub's real answers; the module or function that models each one
cites the same source in a comment (see docs/simulator.md, "Modelled strictness").
"""

from __future__ import annotations

import base64
import io
import zipfile
from datetime import timedelta

import pytest
import requests
from github import GithubException, InputGitTreeElement

FILES = {"requirements.txt": "requests==2.31.0\n", ".github/workflows/ci.yml": "name: CI\n"}
JOB_TOKEN = "ghs_jobToken000000000000000000000000000"


@pytest.fixture
def repo(sim, gh):
    sim.create_repo("octo/app", files=FILES)
    return gh.get_repo("octo/app")


def auth(token):
    return {"Authorization": f"token {token}"}


def job_client(sim, **permissions):
    """A GITHUB_TOKEN with exactly these job permissions, as PyGithub sees it."""
    sim.add_token(JOB_TOKEN, kind="github_token", permissions=permissions)
    return sim.github(JOB_TOKEN).get_repo("octo/app")


def branch_with_change(repo, branch="fix"):
    main = repo.get_branch("main")
    blob = repo.create_git_blob("requests==2.32.0\n", "utf-8")
    tree = repo.create_git_tree(
        [InputGitTreeElement("requirements.txt", "100644", "blob", sha=blob.sha)], base_tree=repo.get_git_tree(main.commit.sha)
    )
    commit = repo.create_git_commit("bump", tree, [repo.get_git_commit(main.commit.sha)])
    repo.create_git_ref(f"refs/heads/{branch}", commit.sha)
    return commit


# -- 1. Copilot code review: requested, never listed ---------------------------------------------------------
def test_copilot_request_is_hidden_from_rest_but_recorded_and_shown_in_timeline(sim, repo):
    """gitbutlerapp/gitbutler PR #15835: "GitHub's REST API never lists a bot among a pull request's
    requested reviewers"; the request registers (the review arrives later)."""
    branch_with_change(repo)
    pr = repo.create_pull(title="t", body="", head="fix", base="main")
    raw = requests.post(
        f"{sim.base_url}/repos/octo/app/pulls/{pr.number}/requested_reviewers",
        json={"reviewers": ["copilot-pull-request-reviewer[bot]"]}, headers=auth(sim.token),
    )
    assert raw.status_code == 201 and raw.json()["requested_reviewers"] == []  # the request's own answer hides it
    assert repo.get_pull(pr.number).raw_data["requested_reviewers"] == []
    users, _ = pr.get_review_requests()
    assert list(users) == []
    events = [e for e in pr.as_issue().get_timeline() if e.event == "review_requested"]
    assert [e.raw_data["requested_reviewer"]["login"] for e in events] == ["Copilot"]  # once: a repeat is a no-op
    assert [e.event for e in pr.as_issue().get_events() if e.event == "review_requested"] == ["review_requested"]
    assert sim.repo("octo/app").items[pr.number].pull.copilot_review_pending
    sim.copilot_review("octo/app", pr.number, "Reviewed")
    assert [(r.user.login, r.state) for r in pr.get_reviews()] == [("copilot-pull-request-reviewer[bot]", "COMMENTED")]
    assert not sim.repo("octo/app").items[pr.number].pull.copilot_review_pending


def test_copilot_reviewer_spellings_fail_like_github(sim, repo):
    """peters/horizon PR #673: `Copilot` -> 200 with nothing requested; the login without `[bot]` -> 422."""
    branch_with_change(repo)
    pr = repo.create_pull(title="t", body="", head="fix", base="main")
    pr.create_review_request(reviewers=["Copilot"])
    assert not sim.repo("octo/app").items[pr.number].pull.copilot_review_pending
    assert not [e for e in pr.as_issue().get_timeline() if e.event == "review_requested"]
    with pytest.raises(GithubException) as err:
        pr.create_review_request(reviewers=["copilot-pull-request-reviewer"])
    assert err.value.status == 422 and "collaborators" in err.value.data["message"]


def test_withdrawing_a_copilot_request_is_refused(sim, repo):
    """gitbutlerapp/gitbutler PR #15835: "Withdrawing a Copilot request fails on GitHub's side with a 422"."""
    branch_with_change(repo)
    pr = repo.create_pull(title="t", body="", head="fix", base="main")
    pr.create_review_request(reviewers=["copilot-pull-request-reviewer[bot]"])
    with pytest.raises(GithubException) as err:
        pr.delete_review_request(reviewers=["copilot-pull-request-reviewer[bot]"])
    assert err.value.status == 422
    assert sim.repo("octo/app").items[pr.number].pull.copilot_review_pending


# -- 2. GraphQL refusals: HTTP 200 with errors[].type FORBIDDEN ----------------------------------------------
MARK_READY = "mutation Mutation($input: MarkPullRequestReadyForReviewInput!) { markPullRequestReadyForReview(input: $input) { clientMutationId pullRequest { isDraft } } }"


def test_mark_ready_needs_contents_write_and_refuses_graphql_style(sim, repo):
    """cli/cli issue #8910 (pull-requests: write alone is refused, "Resource not accessible by integration
    (markPullRequestReadyForReview)"); cli/cli discussion #6924 (contents: write fixes it)."""
    branch_with_change(repo)
    pr = repo.create_pull(title="t", body="", head="fix", base="main", draft=True)
    job_client(sim, pull_requests="write", contents="read")
    body = {"query": MARK_READY, "variables": {"input": {"pullRequestId": pr.node_id}}}
    refused = requests.post(f"{sim.base_url}/graphql", json=body, headers=auth(JOB_TOKEN))
    assert refused.status_code == 200
    [error] = refused.json()["errors"]
    assert error["type"] == "FORBIDDEN" and error["path"] == ["markPullRequestReadyForReview"]
    assert error["message"] == "Resource not accessible by integration"
    assert refused.json()["data"] == {"markPullRequestReadyForReview": None}
    assert repo.get_pull(pr.number).draft
    sim.add_token(JOB_TOKEN, kind="github_token", permissions={"pull_requests": "write", "contents": "write"})
    ok = requests.post(f"{sim.base_url}/graphql", json=body, headers=auth(JOB_TOKEN))
    assert ok.status_code == 200 and ok.json()["data"]["markPullRequestReadyForReview"]["pullRequest"]["isDraft"] is False


def test_pygithub_mark_ready_with_pull_requests_write_only_fails(sim, repo):
    branch_with_change(repo)
    number = repo.create_pull(title="t", body="", head="fix", base="main", draft=True).number
    pr = job_client(sim, pull_requests="write", contents="read").get_pull(number)
    with pytest.raises(GithubException) as err:
        pr.mark_ready_for_review()
    assert "FORBIDDEN" in str(err.value.data) or "not accessible" in str(err.value.data)


# -- 3. Workflow files: GITHUB_TOKEN can never change them ---------------------------------------------------
def test_github_token_cannot_hold_workflows_permission(sim):
    """stefanzweifel/git-auto-commit-action issue #322: `workflows: write` is invalid in `permissions:`."""
    with pytest.raises(ValueError, match="workflows"):
        sim.add_token("ghs_x", kind="github_token", permissions={"contents": "write", "workflows": "write"})
    sim.add_token("ghs_all", kind="github_token")  # "every permission" still excludes workflows
    assert sim.core.state.tokens["ghs_all"].level("workflows") == 0


def test_contents_api_write_to_workflow_is_404(sim, repo):
    """octokit/octokit.rb issue #1184: creating contents under .github/workflows/ answers 404."""
    job = job_client(sim, contents="write")
    current = job.get_contents(".github/workflows/ci.yml")
    with pytest.raises(GithubException) as err:
        job.update_file(".github/workflows/ci.yml", "tweak", "name: CI2\n", current.sha, branch="main")
    assert err.value.status == 404
    with pytest.raises(GithubException) as err:
        job.create_file(".github/workflows/new.yml", "add", "name: New\n", branch="main")
    assert err.value.status == 404
    with pytest.raises(GithubException) as err:
        job.delete_file(".github/workflows/ci.yml", "drop", current.sha, branch="main")
    assert err.value.status == 404
    job.create_file("docs/x.md", "other paths are fine", "x\n", branch="main")
    assert sim.file("octo/app", ".github/workflows/ci.yml") == "name: CI\n"


def test_tree_naming_a_changed_workflow_is_403(sim, repo):
    """suzuki-shunsuke/tfaction PR #1913, anthropics/claude-code-action issue #29: POST /git/trees with a
    workflow file -> 403 "Resource not accessible by integration" (create-a-tree documentation link)."""
    job = job_client(sim, contents="write")
    base = job.get_git_tree(job.get_branch("main").commit.sha)
    blob = job.create_git_blob("name: CI2\n", "utf-8")
    with pytest.raises(GithubException) as err:
        job.create_git_tree([InputGitTreeElement(".github/workflows/ci.yml", "100644", "blob", sha=blob.sha)], base_tree=base)
    assert err.value.status == 403 and err.value.data["message"] == "Resource not accessible by integration"
    assert err.value.data["documentation_url"].endswith("#create-a-tree")
    same = job.get_contents(".github/workflows/ci.yml").sha  # restating it unchanged changes nothing: allowed
    job.create_git_tree([InputGitTreeElement(".github/workflows/ci.yml", "100644", "blob", sha=same)], base_tree=base)


def test_ref_update_onto_changed_workflows_is_422_reference_update_failed(sim, repo):
    """strands-agents/devtools PR #4 (POST /git/refs -> 422 "Reference update failed"); vercel/next.js PR
    #94596 (creating refs on commits whose workflows diverged needs `workflows: write`)."""
    sim.set_repo_option("octo/app", workflow_refusal="ref")  # the shape where tree and commit pass
    job = job_client(sim, contents="write")
    main = job.get_branch("main").commit.sha
    blob = job.create_git_blob("name: CI2\n", "utf-8")
    tree = job.create_git_tree(
        [InputGitTreeElement(".github/workflows/ci.yml", "100644", "blob", sha=blob.sha)], base_tree=job.get_git_tree(main)
    )
    commit = job.create_git_commit("touch workflow", tree, [job.get_git_commit(main)])
    with pytest.raises(GithubException) as err:
        job.create_git_ref("refs/heads/wf", commit.sha)
    assert (err.value.status, err.value.data["message"]) == (422, "Reference update failed")
    job.create_git_ref("refs/heads/wf", main)
    with pytest.raises(GithubException) as err:
        job.get_git_ref("heads/wf").edit(commit.sha)
    assert (err.value.status, err.value.data["message"]) == (422, "Reference update failed")
    assert sim.repo("octo/app").branch_sha("wf") == main


def test_a_token_with_workflows_may_change_them(sim, repo):
    sim.add_token("ghp_app", kind="installation", login="app[bot]", permissions={"contents": "write", "workflows": "write"})
    app = sim.github("ghp_app").get_repo("octo/app")
    current = app.get_contents(".github/workflows/ci.yml")
    app.update_file(".github/workflows/ci.yml", "tweak", "name: CI2\n", current.sha, branch="main")
    assert sim.file("octo/app", ".github/workflows/ci.yml") == "name: CI2\n"


# -- 4. Filtered run listings stop at 1,000 ------------------------------------------------------------------
def test_filtered_run_listing_stops_at_1000(sim, repo):
    """GitHub's OpenAPI description, "List workflow runs for a repository": "up to 1,000 results for each
    search when using the following parameters: actor, branch, check_suite_id, created, event, head_sha,
    status"."""
    sim.add_runs("octo/app", [{"conclusion": "success", "branch": "main"} for _ in range(1005)])
    url = f"{sim.base_url}/repos/octo/app/actions/runs"
    unfiltered = requests.get(url, params={"per_page": 1}, headers=auth(sim.token)).json()
    assert unfiltered["total_count"] == 1005
    filtered = requests.get(url, params={"per_page": 100, "branch": "main", "page": 10}, headers=auth(sim.token)).json()
    assert filtered["total_count"] == 1000 and len(filtered["workflow_runs"]) == 100
    beyond = requests.get(url, params={"per_page": 100, "branch": "main", "page": 11}, headers=auth(sim.token)).json()
    assert beyond["workflow_runs"] == []
    assert repo.get_workflow_runs(status="success").totalCount == 1000


# -- 5. Draft pull requests refused where the plan lacks them -------------------------------------------------
def test_draft_refused_with_githubs_message(sim, repo):
    """SWE-agent/SWE-agent issue #179: 422 {"message": "Draft pull requests are not supported in this
    repository."} on private repositories of plans without drafts."""
    sim.set_repo_option("octo/app", drafts="unsupported")
    repo.create_git_ref("refs/heads/fix", branch_with_change(repo, "other").sha)
    with pytest.raises(GithubException) as err:
        repo.create_pull(title="t", body="", head="fix", base="main", draft=True)
    assert err.value.status == 422
    assert err.value.data["message"] == "Draft pull requests are not supported in this repository."
    assert "errors" not in err.value.data
    assert not repo.create_pull(title="t", body="", head="fix", base="main").draft


def test_private_free_plan_repo_refuses_drafts(sim, gh):
    sim.create_repo("octo/secret", files=FILES, private=True)
    sim.set_repo_option("octo/secret", plan="free")
    repo = gh.get_repo("octo/secret")
    branch_with_change(repo)
    with pytest.raises(GithubException) as err:
        repo.create_pull(title="t", body="", head="fix", base="main", draft=True)
    assert err.value.status == 422


# -- 6. The smaller ones ---------------------------------------------------------------------------------------
def test_cross_repository_reference_lacks_source_repository(sim, gh, repo):
    """google/go-github issue #2668: `source.issue.repository` is not to be relied on for references from
    another repository; modelled as absent (same-repository references carry it)."""
    sim.create_repo("octo/other", files={"a.txt": "a\n"})
    target = repo.create_issue("CI broke")
    gh.get_repo("octo/other").create_issue("see", body=f"related to octo/app#{target.number}")
    repo.create_issue("same repo", body=f"dup of #{target.number}")
    sources = [e.raw_data["source"]["issue"] for e in target.get_timeline() if e.event == "cross-referenced"]
    by_repo = {s["repository_url"].rsplit("/", 2)[-2] + "/" + s["repository_url"].rsplit("/", 1)[-1]: s for s in sources}
    assert "repository" not in by_repo["octo/other"]
    assert by_repo["octo/app"]["repository"]["full_name"] == "octo/app"


def test_job_log_starts_with_bom(sim, repo):
    """makoni/actioneer-gtk PR #13: "The first line of GitHub Action logs often contains a Byte Order Mark"."""
    log = "2026-01-05T11:00:06.2000000Z ##[error]boom\n"
    run_id = sim.add_run("octo/app", jobs=[{"name": "test", "conclusion": "failure", "log": log}])
    job = repo.get_workflow_run(run_id).jobs()[0]
    data = requests.get(job.logs_url()).content
    assert data.startswith(b"\xef\xbb\xbf") and data[3:].decode() == log
    r = requests.get(f"{sim.base_url}/repos/octo/app/actions/runs/{run_id}/logs", headers=auth(sim.token), allow_redirects=False)
    archive = zipfile.ZipFile(io.BytesIO(requests.get(r.headers["Location"]).content))
    assert archive.read("0_test.txt").startswith(b"\xef\xbb\xbf")


def test_secondary_rate_limit_without_retry_after(sim, repo):
    """advanced-security/gh-code-scanning PR #10, hivecommons/hive PR #4674: secondary-limit 403s often come
    without Retry-After (GitHub's best practices: then wait at least a minute)."""
    sim.faults.add("secondary_rate_limit", path=r"/issues$", retry_after=None)
    r = requests.get(f"{sim.base_url}/repos/octo/app/issues", headers=auth(sim.token))
    assert r.status_code == 403 and "secondary rate limit" in r.json()["message"]
    assert "Retry-After" not in r.headers and r.headers["X-RateLimit-Remaining"] != "0"
    sim.faults.add("secondary_rate_limit", path=r"/issues$")
    assert requests.get(f"{sim.base_url}/repos/octo/app/issues", headers=auth(sim.token)).headers["Retry-After"] == "1"


def test_log_redirect_goes_to_another_host_that_refuses_the_token(sim, repo):
    """PyGithub ReplayData WorkflowJob.testAttributes: the job-log 302 points to another host. A client that
    forwards its token there leaks it; the log host refuses such requests so the leak fails loudly."""
    run_id = sim.add_run("octo/app", jobs=[{"name": "test", "conclusion": "failure", "log": "x\n"}])
    job = repo.get_workflow_run(run_id).jobs()[0]
    location = job.logs_url()
    assert location.startswith(sim.blob_base_url) and sim.blob_base_url != sim.base_url
    assert requests.get(location, headers=auth(sim.token)).status_code == 400
    assert sim.core.blob_auth_refused == 1
    assert requests.get(location).status_code == 200
    assert requests.get(location.replace(sim.blob_base_url, sim.base_url)).status_code == 404  # not on the API host
    assert requests.get(f"{sim.blob_base_url}/repos/octo/app").status_code == 404  # no API on the log host


def test_contents_over_one_megabyte_come_without_content(sim, repo):
    """GitHub's OpenAPI description, "Get repository content": 1-100 MB -> `content` "" and `encoding`
    "none" (githubocto/flat-viewer issue #41); the raw media type still serves the bytes."""
    big = "x" * (1024 * 1024 + 1)
    sim.commit_files("octo/app", "main", {"big.txt": big, "small.txt": "s"}, "add files")
    got = requests.get(f"{sim.base_url}/repos/octo/app/contents/big.txt", headers=auth(sim.token)).json()
    assert (got["content"], got["encoding"], got["size"]) == ("", "none", len(big))
    raw = requests.get(
        f"{sim.base_url}/repos/octo/app/contents/big.txt", headers={**auth(sim.token), "Accept": "application/vnd.github.raw+json"}
    )
    assert raw.content == big.encode()
    small = repo.get_contents("small.txt")
    assert small.encoding == "base64" and base64.b64decode(small.content) == b"s"


def test_filtered_listing_cap_applies_to_created_windows_too(sim, repo):
    start = sim.clock.now()
    sim.add_runs("octo/app", [{"conclusion": "failure"} for _ in range(1001)])
    window = f"{(start - timedelta(days=1)):%Y-%m-%d}..{(start + timedelta(days=1)):%Y-%m-%d}"
    assert repo.get_workflow_runs(created=window).totalCount == 1000
