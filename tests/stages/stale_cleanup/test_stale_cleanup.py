"""stale-cleanup: pure decisions, then warn -> wait -> close on the simulator with a fake clock."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from autoheal.invoke import invoke
from autoheal.stages.stale_cleanup.decide import decide_item
from autoheal.stages.stale_cleanup.model import Item, Settings
from support.template_tokens import template_token

NOW = datetime(2026, 3, 1, tzinfo=timezone.utc)


def settings(**kw) -> Settings:
    base = dict(days_before_stale=7, days_before_close=7, stale_label="stale", stale_message=None, close_message=None,
                exempt_labels=(), exempt_authors=(), exempt_milestones=(), only_labels=(),
                remove_stale_when_updated=True, operations_per_run=30, delete_branch=True, start_date=None,
                scope="autoheal-drafts", branch_prefix="autoheal/", autoheal_label="autoheal")
    base.update(kw)
    return Settings(**base)


def item(idle_days: float, *, stale_days: float | None = None, activity_after_mark: bool = False, **kw) -> Item:
    last = NOW - timedelta(days=idle_days)
    stale_since = None if stale_days is None else NOW - timedelta(days=stale_days)
    labels = ("stale",) if stale_days is not None else ()
    if activity_after_mark and stale_since is not None:
        last = stale_since + timedelta(hours=1)
    base = dict(number=5, kind="pull request", author="github-actions[bot]", labels=labels, milestone=None,
                created_at=NOW - timedelta(days=60), last_activity=last, stale_since=stale_since,
                branch="autoheal/5-fix", autoheal_owned=True)
    base.update(kw)
    return Item(**base)


@pytest.mark.parametrize("it,verdict,ops", [
    (item(3), "active", []),
    (item(8), "warn", ["add_label", "comment"]),
    (item(20, stale_days=3), "wait", []),
    (item(20, stale_days=8), "close", ["comment", "close", "delete_branch"]),
    (item(20, stale_days=8, activity_after_mark=True), "unstale", ["remove_label"]),
    (item(20, stale_days=8, branch="fix-by-human", autoheal_owned=False), "close", ["comment", "close"]),
    (item(20, stale_days=8, same_repo=False), "close", ["comment", "close"]),
])
def test_decisions(it, verdict, ops):
    got, plan = decide_item(it, settings(), NOW)
    assert got == verdict
    assert [w.op for w in plan] == ops


def test_never_close_with_negative_days_before_close():
    assert decide_item(item(30, stale_days=30), settings(days_before_close=-1), NOW)[0] == "wait"


def test_activity_after_mark_without_remove_stale_waits():
    verdict, plan = decide_item(item(20, stale_days=8, activity_after_mark=True),
                                settings(remove_stale_when_updated=False), NOW)
    assert verdict == "wait" and not plan


def test_no_delete_branch_when_disabled():
    _, plan = decide_item(item(20, stale_days=8), settings(delete_branch=False), NOW)
    assert "delete_branch" not in [w.op for w in plan]


# -- on the simulator ----------------------------------------------------------------------------------

def open_draft(sim, gh, number_title: str, branch: str, body: str = "<!-- autoheal:issue=1 -->") -> int:
    repo = gh.get_repo("octo/app")
    main = repo.get_branch("main").commit.sha
    repo.create_git_ref(f"refs/heads/{branch}", main)
    repo.create_file(f"{branch.replace('/', '_')}.txt", "x", "x\n", branch=branch)
    return repo.create_pull(title=number_title, body=body, head=branch, base="main", draft=True).number


def stale(sim, tmp_path, **args):
    token = template_token(sim, "stale-drafts.yml", "stale-cleanup")
    return invoke("stale-cleanup", args, api_url=sim.base_url, token=token, repo="octo/app", workspace=tmp_path)


@pytest.fixture
def repo(sim):
    sim.create_repo("octo/app", files={"README.md": "hi\n"})
    return "octo/app"


def test_warn_wait_close_cycle_with_fake_clock(sim, gh, repo, tmp_path):
    ours = open_draft(sim, gh, "autoheal: fix", "autoheal/1-fix")
    human = open_draft(sim, gh, "my draft", "feature/x", body="work in progress")
    sim.clock.advance(days=8)
    first = stale(sim, tmp_path)
    assert first.exit_code == 0, first.stdout + first.stderr
    assert first.outputs["warned"] == "1" and first.outputs["examined"] == "1"
    pr = next(p for p in sim.pulls(repo) if p["number"] == ours)
    assert "stale" in [lb["name"] for lb in pr["labels"]]
    assert not [lb for lb in next(p for p in sim.pulls(repo) if p["number"] == human)["labels"]]
    # Re-running right away changes nothing: the warning itself is not activity, and is not repeated.
    again = stale(sim, tmp_path)
    assert again.writes == 0 and again.outputs["warned"] == "0"
    assert len(sim.comments(repo, ours)) == 1
    sim.clock.advance(days=8)
    closing = stale(sim, tmp_path)
    assert closing.outputs["closed"] == "1", closing.stdout
    pr = next(p for p in sim.pulls(repo) if p["number"] == ours)
    assert pr["state"] == "closed"
    assert "autoheal/1-fix" not in sim.branches(repo)
    assert "feature/x" in sim.branches(repo)  # a human's branch is never deleted
    assert "reopen" in sim.comments(repo, ours)[-1]["body"]


def test_activity_after_warning_unstales(sim, gh, repo, tmp_path):
    ours = open_draft(sim, gh, "autoheal: fix", "autoheal/2-fix")
    sim.clock.advance(days=8)
    stale(sim, tmp_path)
    sim.clock.advance(days=1)
    gh.get_repo(repo).get_issue(ours).create_comment("still working on it")
    result = stale(sim, tmp_path)
    assert result.outputs["unstaled"] == "1"
    pr = next(p for p in sim.pulls(repo) if p["number"] == ours)
    assert "stale" not in [lb["name"] for lb in pr["labels"]]


def test_budget_stops_cleanly_and_next_run_resumes(sim, gh, repo, tmp_path):
    numbers = [open_draft(sim, gh, f"autoheal: fix {i}", f"autoheal/{i}-fix") for i in range(3)]
    sim.clock.advance(days=8)
    # 1 write creates the stale label, then 2 per PR: the budget of 3 covers one PR only.
    first = stale(sim, tmp_path, **{"operations-per-run": 3})
    assert first.exit_code == 0
    assert first.outputs["warned"] == "1" and first.outputs["remaining-operations"] == "0"
    assert any("stopped early" in a for a in first.annotations)
    second = stale(sim, tmp_path, **{"operations-per-run": 10})
    assert second.outputs["warned"] == "2"
    labelled = [p for p in sim.pulls(repo) if "stale" in [lb["name"] for lb in p["labels"]]]
    assert sorted(p["number"] for p in labelled) == sorted(numbers)


def test_exempt_labels_and_dry_run(sim, gh, repo, tmp_path):
    ours = open_draft(sim, gh, "autoheal: fix", "autoheal/3-fix")
    other = open_draft(sim, gh, "autoheal: pinned", "autoheal/4-fix")
    gh.get_repo(repo).get_issue(other).add_to_labels("pinned")
    sim.clock.advance(days=8)
    dry = stale(sim, tmp_path, **{"dry-run": True})
    assert dry.writes == 0 and dry.outputs["warned"] == "1"
    assert f"#{ours}" in dry.stdout
    assert not sim.comments(repo, ours)


def test_a_labelled_draft_stand_in_is_cleaned_like_a_draft(sim, gh, repo, tmp_path):
    """Where GitHub refuses drafts, draft-pr opens a regular PR labelled autoheal-draft: stale-cleanup treats
    it as the draft it stands for; a regular PR without the label is left alone."""
    sim.set_repo_option(repo, drafts="unsupported")
    repo_obj = gh.get_repo(repo)
    main = repo_obj.get_branch("main").commit.sha
    numbers = []
    for branch, label in (("autoheal/1-fix", True), ("autoheal/2-fix", False)):
        repo_obj.create_git_ref(f"refs/heads/{branch}", main)
        repo_obj.create_file(f"{branch.replace('/', '_')}.txt", "x", "x\n", branch=branch)
        pr = repo_obj.create_pull(title="autoheal: fix", body="<!-- autoheal:issue=1 -->", head=branch, base="main")
        if label:
            pr.add_to_labels("autoheal-draft")
        numbers.append(pr.number)
    sim.clock.advance(days=8)
    first = stale(sim, tmp_path)
    assert first.exit_code == 0, first.stdout + first.stderr
    assert first.outputs["warned"] == "1" and first.outputs["examined"] == "1"
    labelled, plain = (next(p for p in sim.pulls(repo) if p["number"] == n) for n in numbers)
    assert "stale" in [lb["name"] for lb in labelled["labels"]] and "stale" not in [lb["name"] for lb in plain["labels"]]
