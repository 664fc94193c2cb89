"""copilot-review acts only on autoheal's PRs, or a PR a writer opted in; a person's PR and a fork's PR
reach no Copilot and cause no write. Run with a token holding exactly pr-copilot-reviewer.yml's permissions."""

from __future__ import annotations

import yaml

from autoheal.invoke import invoke

from conftest import REPO_ROOT

REPO = "octo/app"
TOKEN = "ghs_copilot_reviewer_job"


def template_permissions() -> dict[str, str]:
    doc = yaml.safe_load((REPO_ROOT / "templates" / "pr-copilot-reviewer.yml").read_text(encoding="utf-8"))
    return dict(doc["jobs"]["copilot-review"]["permissions"])


def setup(sim):
    sim.create_repo(REPO, files={"README.md": "hi\n"})
    sim.add_token(TOKEN, login="github-actions[bot]", kind="github_token", permissions=template_permissions())
    sim.add_token("ghp_person", login="pat", kind="user")
    sim.add_collaborator(REPO, "pat")
    gh = sim.github("ghp_person")
    repo = gh.get_repo(REPO)
    repo.create_git_ref("refs/heads/feature/x", repo.get_branch("main").commit.sha)
    repo.create_file("x.txt", "x", "x\n", branch="feature/x")
    return repo.create_pull(title="My feature", body="Adds x. <!-- autoheal:issue=1 -->", head="feature/x", base="main")


def review(sim, number, **kw):
    return invoke("copilot-review", {"pr-number": number}, api_url=sim.base_url, token=TOKEN, repo=REPO, **kw)


def writes_since(sim, start):
    return [f"{r.method} {r.path}" for r in sim.requests[start:] if r.method in ("POST", "PATCH", "PUT", "DELETE")]


def test_a_persons_pr_causes_no_write_even_with_a_copied_marker(sim):
    pr = setup(sim)
    before = len(sim.requests)
    result = review(sim, pr.number)
    assert result.exit_code == 0, result.stdout
    assert "not in scope" in result.stdout
    assert writes_since(sim, before) == []
    assert result.requests <= 3  # the config, the PR: nothing else is read


def test_a_pr_opted_in_by_a_writer_is_handed_off(sim):
    pr = setup(sim)
    pr.add_to_labels("autoheal:opt-in")  # pat has write access
    labeled = {"action": "labeled", "pull_request": {"number": pr.number}, "label": {"name": "autoheal:opt-in"},
               "sender": {"login": "pat"}}
    before = len(sim.requests)
    result = review(sim, pr.number, event=labeled, event_name="pull_request")
    assert "not in scope" not in result.stdout
    assert "code_review" in result.stdout  # the hand-off was attempted (how it went is another test's)
    assert writes_since(sim, before) != []


def test_the_label_added_by_someone_without_write_access_is_not_an_opt_in(sim):
    pr = setup(sim)
    sim.add_token("ghp_triager", login="tri", kind="user")  # exists, not a collaborator: read on a public repo
    pr.add_to_labels("autoheal:opt-in")
    labeled = {"action": "labeled", "pull_request": {"number": pr.number}, "label": {"name": "autoheal:opt-in"},
               "sender": {"login": "tri"}}
    before = len(sim.requests)
    result = review(sim, pr.number, event=labeled, event_name="pull_request")
    assert "added by `tri`, who has read access, not write" in result.stdout
    assert writes_since(sim, before) == []
