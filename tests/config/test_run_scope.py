"""runs.branches / runs.events decide which failed runs are healed; forks and PR runs never get a dependency fix."""

import pytest

from autoheal.config import load_config
from autoheal.config.run_scope import RunFacts, decide_scope


def scope(text, **facts):
    base = {"head_branch": "main", "event": "push", "default_branch": "main"}
    return decide_scope(load_config(text)["runs"], RunFacts(**{**base, **facts}))


@pytest.mark.parametrize("event", ["push", "schedule", "workflow_dispatch", "merge_group"])
def test_the_default_branch_and_the_default_events_are_healed(event):
    decision = scope(None, event=event)
    assert decision.heal and decision.dependency_fix


def test_a_feature_branch_and_a_pull_request_run_are_not_healed_by_default():
    feature = scope(None, head_branch="feature/x")
    assert not feature.heal and "not the default branch 'main'" in feature.reason
    pr = scope(None, event="pull_request")
    assert not pr.heal and "'pull_request' is not in runs.events" in pr.reason


def test_widening_heals_them_but_never_with_a_dependency_fix():
    text = "runs:\n  branches: ['*']\n  events: [push, pull_request]\n"
    pr = scope(text, head_branch="feature/x", event="pull_request")
    assert pr.heal and not pr.dependency_fix and "task file at most" in pr.reason
    fork = scope(text, head_branch="main", event="push", from_fork=True)
    assert fork.heal and not fork.dependency_fix
    assert scope(text, head_branch="release/2").dependency_fix


def test_branch_globs():
    text = "runs:\n  branches: [main, 'release/*']\n"
    assert scope(text, head_branch="release/1.2").heal
    assert not scope(text, head_branch="feature/release/1").heal


def test_facts_from_a_workflow_run_payload():
    run = {"head_branch": "fix", "event": "pull_request", "head_repository": {"full_name": "mallory/app"}}
    facts = RunFacts.from_run(run, {"full_name": "octo/app", "default_branch": "main"})
    assert facts == RunFacts("fix", "pull_request", "main", from_fork=True)
    own = RunFacts.from_run({**run, "head_repository": {"full_name": "octo/app"}}, {"full_name": "octo/app"})
    assert not own.from_fork
