"""rate_limits.max_comments_per_hour in draft-pr, health-check and stale-cleanup, and in the shared
sticky-comment helper, on the simulator through PyGithub.

Each scenario makes the cap bind, checks what is left out (and only that), that the outputs say so, and
that a run after the hour catches up. The cap is counted from GitHub: autoheal's marked comments created
in the last hour, whichever stage posted them.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from autoheal.gateway import Gateway
from autoheal.invoke import invoke
from autoheal.markers import has_marker
from autoheal.stages.shared.comment_budget import comment_budget
from autoheal.stages.shared.sticky import upsert_sticky_comment
from support.template_tokens import template_token

REPO = "octo/app"
ACTIONS_TOKEN = "ghs_actions_token_for_tests"
HELD = "comment held back: rate_limits.max_comments_per_hour"


def configure(tmp_path, text: str) -> None:
    (tmp_path / ".github").mkdir(exist_ok=True)
    (tmp_path / ".github" / "autoheal.yml").write_text(text)


def cap(n: int) -> str:
    return f"rate_limits:\n  max_comments_per_hour: {n}\n"


# each stage with the GITHUB_TOKEN of the template job that runs it
JOBS = {"draft-pr": ("issue-to-draft-pr.yml", "draft-pr"), "health-check": ("health-check.yml", "health-check"),
        "stale-cleanup": ("stale-drafts.yml", "stale-cleanup")}


def stage(sim, tmp_path, command: str, **args):
    template, job = JOBS[command]
    token = template_token(sim, template, job, token=f"{ACTIONS_TOKEN}_{job.replace('-', '_')}")
    result = invoke(command, args, api_url=sim.base_url, token=token, repo=REPO, workspace=tmp_path,
                    gateway_options={"sleep": lambda s: None})
    assert result.exit_code == 0, result.stdout + result.stderr
    return result


def autoheal_said(sim, number: int, times: int = 1) -> None:
    """Comments another autoheal stage posted this hour: they count against the same cap."""
    token = template_token(sim, "autoheal.yml", "heal", token=f"{ACTIONS_TOKEN}_heal")  # e.g. open-issue's
    issue = sim.github(token).get_repo(REPO).get_issue(number)
    for n in range(times):
        issue.create_comment(f"occurred again\n\n<!-- autoheal:comment=seed-{n} -->")


def writes_since(sim, start):
    return [(r.method, r.path) for r in sim.requests[start:] if r.is_write]


@pytest.fixture
def repo(sim):
    sim.create_repo(REPO, files={"README.md": "hi\n", ".github/workflows/ci.yml": "name: CI\non: push\njobs: {}\n"})
    return REPO


# -- the shared helper -------------------------------------------------------------------------------------

def test_sticky_comment_creation_is_held_but_an_edit_never_is(sim, gh, repo):
    issue = gh.get_repo(REPO).create_issue("x")
    # the shared helper on its own, not a template job: the all-permission admin token stands in
    gw = Gateway(token=sim.token, api_url=sim.base_url, repo=REPO, sleep=lambda s: None)
    assert upsert_sticky_comment(gw, issue, "k", "one", budget=comment_budget(gw, 0)) == ("held", None)
    assert sim.comments(REPO, issue.number) == []
    action, _ = upsert_sticky_comment(gw, issue, "k", "one", budget=comment_budget(gw, 1))
    assert action == "created"
    assert not comment_budget(gw, 1).allows()  # the creation was spent on the run's shared count
    gw0 = Gateway(token=sim.token, api_url=sim.base_url, repo=REPO, sleep=lambda s: None)
    action, _ = upsert_sticky_comment(gw0, issue, "k", "two", budget=comment_budget(gw0, 0))
    assert action == "updated" and len(sim.comments(REPO, issue.number)) == 1
    assert sim.comments(REPO, issue.number)[0]["body"].startswith("two")


# -- draft-pr ------------------------------------------------------------------------------------------------

def link_comments(sim, number):
    return [c for c in sim.comments(REPO, number) if has_marker(c["body"], "sticky", "draft-pr")]


def test_draft_pr_opens_the_pr_and_holds_the_issue_comment_until_the_hour_allows(sim, gh, repo, tmp_path):
    issue = gh.get_repo(REPO).create_issue("Docs build fails on Sphinx 8", "Running `make docs` fails.").number
    configure(tmp_path, cap(1))
    autoheal_said(sim, issue)  # open-issue's comment this hour: 1 of 1
    dry = stage(sim, tmp_path, "draft-pr", **{"issue-number": issue, "dry-run": True})
    assert f"the issue comment linking the PR: {HELD} (1) reached" in dry.stdout

    created = stage(sim, tmp_path, "draft-pr", **{"issue-number": issue})
    out = created.outputs
    assert out["action"] == "created" and out["pr-number"], out
    assert out["reason"].endswith(f"; the issue comment linking the PR: {HELD} (1) reached; "
                                  "the next run after the hour posts again")
    assert HELD in created.summary
    assert len(sim.pulls(REPO)) == 1 and "autoheal" in [lb["name"] for lb in sim.pulls(REPO)[0]["labels"]]
    assert link_comments(sim, issue) == []

    start = len(sim.requests)  # the same hour: nothing to write but the held comment, which is held again
    again = stage(sim, tmp_path, "draft-pr", **{"issue-number": issue}).outputs
    assert again["action"] == "unchanged" and HELD in again["reason"]
    assert writes_since(sim, start) == []

    sim.clock.advance(minutes=61)
    later = stage(sim, tmp_path, "draft-pr", **{"issue-number": issue}).outputs
    assert later["action"] == "updated" and HELD not in later["reason"]
    (comment,) = link_comments(sim, issue)
    assert f"#{out['pr-number']}" in comment["body"]
    assert stage(sim, tmp_path, "draft-pr", **{"issue-number": issue}).outputs["action"] == "unchanged"


# -- health-check ----------------------------------------------------------------------------------------------

def seed_runs(sim, failures: int = 5, successes: int = 5) -> None:
    start = sim.clock.now() - timedelta(days=10)
    for i in range(failures + successes):
        ok = i >= failures
        sim.add_run(REPO, workflow="CI", branch="main", conclusion="success" if ok else "failure",
                    head_sha=f"{i:040x}", created_at=start + timedelta(hours=i),
                    jobs=[{"name": "test", "conclusion": "success" if ok else "failure", "steps": [], "log": "x\n"}])


def alert_issues(sim, state="all"):
    return [i for i in sim.issues(REPO, state=state) if "autoheal-alert" in [lb["name"] for lb in i["labels"]]]


def health(sim, tmp_path, below):
    return stage(sim, tmp_path, "health-check", **{"alert-below": below, "max-logs": 0})


def test_a_recovered_alert_is_closed_only_with_its_comment(sim, gh, repo, tmp_path):
    seed_runs(sim)
    configure(tmp_path, cap(1))
    health(sim, tmp_path, 80)
    (alert,) = alert_issues(sim, "open")
    autoheal_said(sim, alert["number"])  # 1 of 1 this hour
    held = health(sim, tmp_path, 40)
    assert f"alert #{alert['number']} recovered but left open: the recovery {HELD} (1) reached" in held.stdout
    assert HELD in held.summary
    assert alert_issues(sim, "open") and not [c for c in sim.comments(REPO, alert["number"])
                                              if c["body"].startswith("Recovered")]
    sim.clock.advance(minutes=61)
    health(sim, tmp_path, 40)
    assert [i["number"] for i in alert_issues(sim, "closed")] == [alert["number"]]
    recovered = [c for c in sim.comments(REPO, alert["number"]) if c["body"].startswith("Recovered")]
    assert len(recovered) == 1 and has_marker(recovered[0]["body"], "alert-recovered", "ci")


def test_a_recovery_already_said_is_not_said_again_and_not_held(sim, gh, repo, tmp_path):
    """A run that commented and then lost the close: the next run closes without a second comment."""
    seed_runs(sim)
    health(sim, tmp_path, 80)
    (alert,) = alert_issues(sim, "open")
    gh.get_repo(REPO).get_issue(alert["number"]).create_comment(
        "Recovered: the success rate is back within the thresholds.\n\n<!-- autoheal:alert-recovered=ci -->\n")
    configure(tmp_path, cap(0))
    health(sim, tmp_path, 40)
    assert alert_issues(sim, "closed") and len(sim.comments(REPO, alert["number"])) == 1


# -- stale-cleanup -----------------------------------------------------------------------------------------------

def open_draft(gh, branch: str) -> int:
    repo = gh.get_repo(REPO)
    repo.create_git_ref(f"refs/heads/{branch}", repo.get_branch("main").commit.sha)
    repo.create_file(f"{branch.replace('/', '_')}.txt", "x", "x\n", branch=branch)
    return repo.create_pull(title="autoheal: fix", body="<!-- autoheal:issue=1 -->", head=branch, base="main",
                            draft=True).number


def stale_marked(sim, number) -> bool:
    pull = next(p for p in sim.pulls(REPO) if p["number"] == number)
    return "stale" in [lb["name"] for lb in pull["labels"]]


def test_stale_items_are_never_marked_or_closed_without_their_comment(sim, gh, repo, tmp_path):
    first, second = open_draft(gh, "autoheal/1-a"), open_draft(gh, "autoheal/2-b")
    sim.clock.advance(days=8)
    configure(tmp_path, cap(1))
    dry = stage(sim, tmp_path, "stale-cleanup", **{"dry-run": True})
    assert dry.outputs["warned"] == "1" and dry.outputs["held-back"] == "1"
    assert f"#{second}: not marked stale this run: its warning {HELD} (1) reached" in dry.stdout

    warn = stage(sim, tmp_path, "stale-cleanup")
    assert warn.outputs["warned"] == "1" and warn.outputs["held-back"] == "1"
    assert stale_marked(sim, first) and not stale_marked(sim, second)
    assert sim.comments(REPO, second) == [] and HELD in warn.summary
    sim.clock.advance(minutes=61)
    catch_up = stage(sim, tmp_path, "stale-cleanup")
    assert catch_up.outputs["warned"] == "1" and catch_up.outputs["held-back"] == "0"
    assert stale_marked(sim, second) and len(sim.comments(REPO, second)) == 1

    sim.clock.advance(days=8)
    configure(tmp_path, cap(0))
    start = len(sim.requests)
    kept = stage(sim, tmp_path, "stale-cleanup")
    assert kept.outputs["closed"] == "0" and kept.outputs["held-back"] == "2"
    assert f"#{first}: not closed this run: its close message {HELD} (0) reached" in kept.stdout
    assert writes_since(sim, start) == []
    assert all(p["state"] == "open" for p in sim.pulls(REPO))
    configure(tmp_path, cap(30))
    closing = stage(sim, tmp_path, "stale-cleanup")
    assert closing.outputs["closed"] == "2" and closing.outputs["held-back"] == "0"
    assert all(p["state"] == "closed" for p in sim.pulls(REPO))
    assert all("reopen" in sim.comments(REPO, n)[-1]["body"] for n in (first, second))
