"""open-issue's decisions, pure: gates, create / repeat / reopen / skip, and closing when green."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from .test_open_issue_support import ASSERT_LOG, make_analysis

from autoheal.config import load_config
from autoheal.stages.open_issue.decide import (
    Facts,
    KnownIssue,
    RunInfo,
    decide_failure,
    decide_success,
    gate_before_github,
    needs_closed_issues,
    settings_from,
)
from autoheal.stages.open_issue.state import record_of

NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)


def settings(**overrides):
    base = settings_from(load_config("version: 1\nmin_confidence: 50\n"))
    return replace(base, **overrides)


def created_issue(analysis, number=1, *, created_at=NOW - timedelta(days=2)) -> KnownIssue:
    """The issue a create plan would have made (its body straight from the plan)."""
    plan, outcome = decide_failure(Facts(now=NOW, analysis=analysis, closed_issues=[]), settings())
    assert outcome.action == "created"
    write = next(w for w in plan if w.op == "create_issue")
    return KnownIssue(number, write.args["title"], write.args["body"], "open", None, created_at, None,
                      f"https://github.com/octo/app/issues/{number}", tuple(write.args["labels"]))


def after(issue: KnownIssue, plan) -> KnownIssue:
    """`issue` as GitHub would hold it after the plan's edits to it."""
    for write in plan:
        if write.op == "edit_issue" and write.args["number"] == issue.number:
            state = write.args.get("state") or issue.state
            issue = replace(issue, body=write.args["body"], state=state,
                            state_reason=write.args.get("state_reason"),
                            closed_at=NOW if state == "closed" else None)
    return issue


def failure(analysis, open_issues=(), closed_issues=(), **kw):
    return decide_failure(Facts(now=NOW, analysis=analysis, open_issues=list(open_issues),
                                closed_issues=list(closed_issues)), settings(**kw))


# -- gates --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("workflow,path,overrides,expected", [
    ("CI", "", {"enabled": False}, "enabled: false"),
    ("CI", "", {"create": False}, "issues.create: false"),
    ("autoheal", "", {}, "autoheal's own workflows"),
    ("autoheal PR monitor", "", {}, "autoheal's own workflows"),
    ("Heal", ".github/workflows/autoheal.yml", {}, "autoheal's own workflows"),
    ("Nightly docs", "", {"excluded": ("nightly*",)}, "matches 'nightly*'"),
    ("Deploy", ".github/workflows/deploy.yml", {"excluded": (".github/workflows/deploy.yml",)}, "excluded_workflows"),
    ("CI", "", {}, None),
    ("autohealer-tests", "", {}, None),
])
def test_gates_before_any_api_call(workflow, path, overrides, expected):
    reason = gate_before_github(settings(**overrides), workflow, path, failure=True)
    assert (reason is None) if expected is None else (expected in reason)


def test_success_path_gates():
    assert "close_after_successes: 0" in gate_before_github(settings(close_after_successes=0), "CI", "", failure=False)
    assert gate_before_github(settings(create=False), "CI", "", failure=False) is None  # old issues still close


def test_min_confidence_gate_names_the_numbers():
    plan, outcome = failure(make_analysis(confidence=40), min_confidence=70)
    assert not plan and outcome.action == "skipped"
    assert outcome.reason == "min_confidence: confidence 40 is below 70"


def test_hourly_cap_counts_issues_created_in_the_last_hour_open_or_closed():
    other = make_analysis(ASSERT_LOG)
    recent = [replace(created_issue(other, n, created_at=NOW - timedelta(minutes=10 + n)), state=state)
              for n, state in zip(range(1, 4), ("open", "closed", "open"))]
    plan, outcome = failure(make_analysis(), [i for i in recent if i.state == "open"],
                            [i for i in recent if i.state == "closed"], max_per_hour=3)
    assert not plan and outcome.reason.startswith("max_issues_per_hour: 3 autoheal issue(s) created in the last hour")
    older = [replace(i, created_at=NOW - timedelta(minutes=61)) for i in recent]
    plan, outcome = failure(make_analysis(), older, max_per_hour=3)
    assert outcome.action == "created"


# -- create / repeat / reopen -------------------------------------------------------------------------

def test_new_failure_plans_labels_then_the_issue():
    plan, outcome = failure(make_analysis())
    assert [w.op for w in plan] == ["ensure_labels", "create_issue"]
    assert plan.writes[0].args["names"] == ["autoheal", "autoheal:missing_dependency"]
    assert outcome.action == "created" and "fingerprint" in outcome.reason
    assert plan.writes[1].args["key"] == "101.1"


def test_category_labels_can_be_turned_off_and_labels_come_from_config():
    plan, _ = failure(make_analysis(), labels=("ci-bot", "triage"), category_labels=False)
    assert plan.writes[0].args["names"] == ["ci-bot", "triage"]


def test_repeat_updates_in_place_without_comment_when_nothing_is_new():
    issue = created_issue(make_analysis(run_id=1))
    plan, outcome = failure(make_analysis(run_id=2), [issue])
    assert [w.op for w in plan] == ["edit_issue"]
    assert outcome.action == "updated" and outcome.number == 1 and "occurrence 2" in outcome.reason
    assert record_of(plan.writes[0].args["body"]).count == 2


@pytest.mark.parametrize("policy,branch,comments", [
    ("material", "main", 0), ("material", "dev", 1), ("always", "main", 1), ("never", "dev", 0),
])
def test_comment_on_repeat_policy(policy, branch, comments):
    issue = created_issue(make_analysis(run_id=1))
    plan, _ = failure(make_analysis(run_id=2, branch=branch), [issue], comment_on_repeat=policy)
    assert sum(w.op == "comment" for w in plan) == comments
    assert len(plan) <= 2  # a repeat: one edit, at most one comment


def test_redelivery_of_the_same_run_changes_nothing_and_plans_are_idempotent():
    issue = created_issue(make_analysis(run_id=1))
    plan, outcome = failure(make_analysis(run_id=1), [issue])
    assert not plan and outcome.action == "skipped" and "already recorded" in outcome.reason
    plan, _ = failure(make_analysis(run_id=2, branch="dev"), [issue])
    plan_again, outcome = failure(make_analysis(run_id=2, branch="dev"), [after(issue, plan)])
    assert not plan_again and outcome.number == 1


def test_recently_closed_issue_is_reopened_with_a_regressed_comment():
    issue = replace(created_issue(make_analysis(run_id=1)), state="closed", state_reason="completed",
                    closed_at=NOW - timedelta(days=3))
    analysis = make_analysis(run_id=5)
    assert needs_closed_issues(Facts(now=NOW, analysis=analysis, open_issues=[]), settings())
    plan, outcome = failure(analysis, [], [issue])
    assert [w.op for w in plan] == ["comment", "edit_issue"]  # the comment first: never lost to a re-run
    assert plan.writes[1].args["state"] == "open" and outcome.action == "reopened"
    assert "Regressed" in plan.writes[0].args["body"]
    reopened = after(issue, plan)
    assert not failure(analysis, [reopened], [])[0]  # idempotent


def test_closed_outside_the_window_or_not_planned_or_duplicate():
    base = replace(created_issue(make_analysis(run_id=1)), state="closed", state_reason="completed")
    old = replace(base, closed_at=NOW - timedelta(days=30))
    assert failure(make_analysis(run_id=5), [], [old])[1].action == "created"
    not_planned = replace(base, state_reason="not_planned", closed_at=NOW - timedelta(days=1))
    plan, outcome = failure(make_analysis(run_id=5), [], [not_planned])
    assert not plan and outcome.action == "skipped" and "not planned" in outcome.reason
    dup = replace(base, state_reason="duplicate", closed_at=NOW - timedelta(days=1))
    assert failure(make_analysis(run_id=5), [], [dup])[1].action == "created"
    assert failure(make_analysis(run_id=5), [], [replace(old, closed_at=NOW)], reopen_window_days=0)[1].action == "created"
    # A re-delivered event for a run the closed issue already counted does not reopen it.
    plan, outcome = failure(make_analysis(run_id=1), [], [replace(base, closed_at=NOW - timedelta(days=1))])
    assert not plan and "already recorded on closed issue" in outcome.reason


def test_duplicates_left_by_a_race_are_folded_into_the_oldest():
    first = created_issue(make_analysis(run_id=1), 1)
    second = created_issue(make_analysis(run_id=2, branch="dev"), 2)
    plan, outcome = failure(make_analysis(run_id=3), [second, first])
    assert outcome.number == 1
    edits = {w.args["number"]: w.args for w in plan if w.op == "edit_issue"}
    assert record_of(edits[1]["body"]).count == 3 and set(record_of(edits[1]["body"]).seen) == {"1.1", "2.1", "3.1"}
    assert edits[2]["state"] == "closed" and edits[2]["state_reason"] == "duplicate"
    assert "Duplicate of #1" in edits[2]["body"] and "autoheal:fingerprint=" not in edits[2]["body"]


# -- close when green ---------------------------------------------------------------------------------

def green(run_id=200, branch="main", created=NOW, workflow="CI", default_branch="main"):
    return RunInfo(id=run_id, conclusion="success", workflow=workflow, branch=branch, sha="c0ffee" + "0" * 34,
                   url=f"https://github.com/octo/app/actions/runs/{run_id}", created_at=created,
                   default_branch=default_branch, repo_url="https://github.com/octo/app")


def success(run, issues, streak=None, **kw):
    return decide_success(Facts(now=NOW, run=run, open_issues=list(issues), success_streak=streak), settings(**kw))


def test_green_run_closes_the_issue_naming_the_commit():
    issue = created_issue(make_analysis(run_id=1))
    plan, outcome = success(green(), [issue])
    assert [w.op for w in plan] == ["comment", "edit_issue"]  # the comment first: never lost to a re-run
    assert plan.writes[1].args["state"] == "closed" and plan.writes[1].args["state_reason"] == "completed"
    assert "[`c0ffee0`](https://github.com/octo/app/commit/c0ffee" in plan.writes[0].args["body"]
    assert outcome.action == "closed" and outcome.closed == [1]
    assert record_of(plan.writes[1].args["body"]).closed_by["run"] == 200
    closed = after(issue, plan)
    assert not success(green(), [])[0]  # nothing open any more: empty plan
    assert closed.state == "closed"


def test_green_run_of_another_workflow_or_branch_closes_nothing():
    issue = created_issue(make_analysis(run_id=1))
    for run in (green(workflow="Lint"), green(branch="dev")):
        plan, outcome = success(run, [issue])
        assert not plan and outcome.action == "skipped"


def test_a_late_green_event_does_not_close_a_newer_failure():
    issue = created_issue(make_analysis(run_id=1, created_at="2026-01-05T11:00:00Z"))
    plan, outcome = success(green(created=datetime(2026, 1, 5, 10, 0, tzinfo=UTC)), [issue])
    assert not plan and outcome.action == "skipped"


def test_other_failing_branches_keep_the_issue_open_unless_the_default_branch_is_green():
    issue = created_issue(make_analysis(run_id=1, branch="main"))
    plan, _ = failure(make_analysis(run_id=2, branch="dev"), [issue])
    issue = after(issue, plan)
    plan, outcome = success(green(branch="dev"), [issue])
    assert [w.op for w in plan] == ["edit_issue"] and "state" not in plan.writes[0].args
    assert record_of(plan.writes[0].args["body"]).failing == ["main"] and outcome.action == "updated"
    plan, outcome = success(green(branch="main"), [issue])
    assert outcome.action == "closed"


def test_close_after_successes_needs_a_streak():
    issue = created_issue(make_analysis(run_id=1))
    plan, outcome = success(green(), [issue], streak=1, close_after_successes=2)
    assert not plan and "1 of 2 green runs" in outcome.reason
    plan, outcome = success(green(), [issue], streak=2, close_after_successes=2)
    assert outcome.action == "closed" and "2 green runs in a row" in plan.writes[0].args["body"]


@pytest.mark.parametrize("issue_updated,look", [
    (datetime(2026, 1, 5, 10, 0, tzinfo=UTC), False),  # last changed before the run began: no comment about it yet
    (datetime(2026, 1, 5, 11, 30, tzinfo=UTC), True),  # changed after: a failed delivery may have posted it
    (None, True),  # unknown: look
])
def test_a_comment_is_looked_for_only_when_the_issue_changed_since_its_run_began(issue_updated, look):
    issue = replace(created_issue(make_analysis(run_id=1)), updated_at=issue_updated)
    plan, _ = failure(make_analysis(run_id=2, branch="dev", created_at="2026-01-05T11:00:00Z"), [issue])
    (comment,) = [w for w in plan if w.op == "comment"]
    assert comment.args["look_first"] is look
    assert [w.op for w in plan] == ["comment", "edit_issue"]
