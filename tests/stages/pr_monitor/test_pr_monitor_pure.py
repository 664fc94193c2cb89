"""pr-monitor's pure parts: CI verdicts, Copilot activity, review decisions, states, transitions, texts."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from autoheal.config import load_config
from autoheal.markdown import ZWJ
from autoheal.stages.shared.handoff import NO_USER_TOKEN
from autoheal.stages.shared.pulls import IssueInfo, PullInfo
from autoheal.stages.shared.record import decode_record
from autoheal.stages.pr_monitor.decide import (
    TRANSITIONS,
    MonitorSettings,
    handback_steps,
)
from autoheal.stages.pr_monitor.render import (
    as_posted,
    handback_comment,
    handback_task,
    ready_notice,
    status_body,
)
from autoheal.stages.pr_monitor.assess import (
    CheckInfo,
    ChildPR,
    CommitInfo,
    MonitorFacts,
    ReviewInfo,
    StatusInfo,
    assess,
    ci_summary,
    conflict_of,
    review_decisions,
)
from autoheal.stages.pr_monitor.stage import plan_pr

T0 = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
SHA = "c" * 40


def pull(**over) -> PullInfo:
    base = PullInfo(number=7, state="open", merged=False, draft=True, title="autoheal: fix", body="<!-- autoheal:issue=3 -->",
                    author="github-actions[bot]", author_is_bot=True, labels=["autoheal"], head_ref="autoheal/3-x",
                    head_sha=SHA, base_ref="main")
    return replace(base, **over)


def facts(**over) -> MonitorFacts:
    base = MonitorFacts(
        repo="octo/app", pr=pull(), created_at=T0, mergeable=True, mergeable_state="clean",
        commits=[CommitInfo(SHA, "github-actions[bot]", None, T0)],
        checks=[CheckInfo("test", "completed", "success", 1)], statuses=[], reviews=[], requested_users=[],
        requested_teams=[], issue=IssueInfo(3, "CI / test: missing dependency", "open", []), child_prs=[], record={},
        handoff=None, sticky_body=None, other_activity_at=None, now=T0 + timedelta(minutes=30))
    return replace(base, **over)


def settings(**over) -> MonitorSettings:
    return replace(MonitorSettings.from_config(load_config(None), has_user_token=True), **over)


def state_of(f: MonitorFacts, s: MonitorSettings | None = None) -> str:
    s = s or settings()
    return assess(f, no_checks_after_minutes=s.no_checks_after_minutes, needs_human_label=s.needs_human_label).state


# -- CI ------------------------------------------------------------------------------------------------
def test_ci_summary_verdicts():
    ok = CheckInfo("test", "completed", "success", 1)
    assert ci_summary([], []).state == "none"
    assert ci_summary([ok, CheckInfo("lint", "completed", "skipped", 2)], []).state == "success"
    assert ci_summary([ok, CheckInfo("lint", "in_progress", None, 2)], []).state == "pending"
    red = ci_summary([ok, CheckInfo("lint", "completed", "timed_out", 2)], [StatusInfo("ci/x", "pending")])
    assert red.state == "failure" and red.failed == ["lint"] and red.pending == ["ci/x"]
    assert ci_summary([CheckInfo("e2e", "completed", "cancelled", 3)], []).state == "incomplete"
    assert ci_summary([], [StatusInfo("ci/jenkins", "error")]).state == "failure"
    assert ci_summary([], [StatusInfo("ci/jenkins", "success")]).state == "success"


def test_ci_summary_takes_the_latest_run_per_name_and_ignores_autoheal_jobs():
    rerun = [CheckInfo("test", "completed", "failure", 1), CheckInfo("test", "completed", "success", 9)]
    assert ci_summary(rerun, []).state == "success"
    assert ci_summary(list(reversed(rerun)), []).state == "success"
    own = [CheckInfo("test", "completed", "success", 1), CheckInfo("autoheal / monitor", "in_progress", None, 2)]
    assert ci_summary(own, []).state == "success"


def test_review_decisions_latest_decisive_review_counts():
    reviews = [ReviewInfo("ann", "CHANGES_REQUESTED", T0), ReviewInfo("ann", "COMMENTED", T0 + timedelta(minutes=1)),
               ReviewInfo("bob", "CHANGES_REQUESTED", T0), ReviewInfo("bob", "APPROVED", T0 + timedelta(minutes=2)),
               ReviewInfo("cy", "APPROVED", T0), ReviewInfo("cy", "DISMISSED", T0 + timedelta(minutes=3)),
               ReviewInfo("dee", "PENDING", None)]
    assert review_decisions(reviews) == (["ann"], ["bob"])


@pytest.mark.parametrize("mergeable, state, conflict", [
    (True, "clean", False), (False, "dirty", True), (None, "unknown", None), (True, "blocked", False), (None, "dirty", True)])
def test_conflict_of(mergeable, state, conflict):
    assert conflict_of(mergeable, state) is conflict


# -- states --------------------------------------------------------------------------------------------
def test_state_precedence():
    assert state_of(facts()) == "ready_for_review"
    assert state_of(facts(pr=pull(state="closed", merged=True))) == "merged"
    assert state_of(facts(pr=pull(state="closed"))) == "closed"
    assert state_of(facts(pr=pull(labels=["autoheal", "needs-human"]))) == "needs_human"
    assert state_of(facts(record={"gave_up": {"reason": "x"}})) == "needs_human"
    assert state_of(facts(mergeable=False, mergeable_state="dirty")) == "conflict"
    assert state_of(facts(checks=[CheckInfo("test", "completed", "failure", 1)])) == "ci_failed"
    assert state_of(facts(reviews=[ReviewInfo("ann", "CHANGES_REQUESTED", T0)])) == "changes_requested"
    assert state_of(facts(checks=[CheckInfo("test", "queued", None, 1)])) == "ci_pending"
    assert state_of(facts(checks=[CheckInfo("test", "completed", "cancelled", 1)])) == "ci_incomplete"


def test_no_checks_becomes_no_ci_after_the_configured_minutes():
    quiet = facts(checks=[], now=T0 + timedelta(minutes=14))
    assert state_of(quiet) == "ci_pending"
    assert state_of(replace(quiet, now=T0 + timedelta(minutes=15))) == "no_ci"
    assert state_of(replace(quiet, now=T0 + timedelta(minutes=15)), settings(no_checks_after_minutes=60)) == "ci_pending"
    # the clock starts at the last push, not at PR creation
    pushed = replace(quiet, now=T0 + timedelta(minutes=20), commits=[CommitInfo(SHA, "me", None, T0 + timedelta(minutes=10))])
    assert state_of(pushed) == "ci_pending"
    # whatever Copilot does, a PR without CI stays without CI: that is what to report
    reviewing = replace(quiet, now=T0 + timedelta(minutes=15), requested_users=["Copilot"])
    assert state_of(reviewing) == "no_ci"
    assert state_of(replace(reviewing, now=T0 + timedelta(minutes=5))) == "copilot_working"


def test_copilot_activity():
    review_pending = facts(requested_users=["Copilot"])
    assert state_of(review_pending) == "copilot_working"
    wip = facts(child_prs=[ChildPR(9, "[WIP] Fix missing dependency", "Copilot", True)])
    assert state_of(wip) == "copilot_working"
    child = facts(child_prs=[ChildPR(9, "Fix missing dependency", "Copilot", True)])
    assert state_of(child) == "copilot_pr_open"
    human_child = facts(child_prs=[ChildPR(9, "[WIP] mine", "ann", True)])
    assert state_of(human_child) == "ready_for_review"
    handed = {"verified": True, "mode": "coding_agent", "at": "2026-01-05T12:00:00Z", "sha": SHA}
    assigned = facts(issue=IssueInfo(3, "t", "open", ["Copilot"]), handoff=handed)
    assert state_of(assigned) == "copilot_working"  # assigned, nothing pushed since the hand-off
    new_head = "e" * 40
    pushed = replace(assigned, pr=pull(head_sha=new_head),
                     commits=[CommitInfo(SHA, "github-actions[bot]", None, T0),
                              CommitInfo(new_head, None, "198982749+Copilot@users.noreply.github.com", T0)])
    assert state_of(pushed) == "ready_for_review"
    # a fix round re-assigning the agent is the latest hand-off
    round_ = {"rounds": [{"sha": new_head, "verified": True, "mode": "coding_agent"}]}
    assert state_of(replace(pushed, record=round_)) == "copilot_working"
    assert state_of(replace(pushed, record={"rounds": [{"sha": new_head, "verified": True, "mode": "comment"}]})) \
        == "ready_for_review"
    s = settings()
    a = assess(pushed, no_checks_after_minutes=15, needs_human_label=s.needs_human_label)
    assert a.copilot.status == "done" and a.copilot.commits == 1
    reviewed = facts(reviews=[ReviewInfo("copilot-pull-request-reviewer[bot]", "COMMENTED", T0)],
                     handoff={"verified": True, "mode": "code_review", "at": "2026-01-05T12:00:00Z"})
    assert assess(reviewed, no_checks_after_minutes=15, needs_human_label="x").copilot.detail == "Copilot reviewed"


# -- transitions ---------------------------------------------------------------------------------------
def ops(f: MonitorFacts, s: MonitorSettings | None = None) -> list[str]:
    s = s or settings()
    return [w.op for w in plan_pr(f, s)[1].plan]


def test_green_pr_gets_every_ready_transition_once():
    s = settings(reviewers=("ann", "github-actions[bot]"), team_reviewers=("core",))
    _a, d = plan_pr(facts(), s)
    assert [w.op for w in d.plan] == ["mark_ready", "request_reviewers", "add_labels", "notify_issue", "upsert_comment"]
    request = d.plan.writes[1]
    assert request.args == {"users": ["ann"], "teams": ["core"]}  # the author is never asked
    done = {"ready": {"marked": True, "reviewers": True, "labelled": True, "notified": True}}
    after = facts(pr=pull(draft=False, labels=["autoheal", "ready-for-review"]), requested_users=["ann"],
                  requested_teams=["core"], record=done)
    body = status_body(after, assess(after, no_checks_after_minutes=15, needs_human_label="needs-human"), s, done)
    assert ops(replace(after, sticky_body=as_posted(body)), s) == []
    # a human converting it back to draft or removing the label is not fought
    assert ops(replace(after, pr=pull(draft=True, labels=["autoheal"]), sticky_body=None), s) == ["upsert_comment"]


def test_transitions_can_be_switched_off():
    s = settings(transitions=frozenset({"ready_label"}))
    assert ops(facts(), s) == ["add_labels", "upsert_comment"]
    red = facts(checks=[CheckInfo("test", "completed", "failure", 1)])
    assert ops(red, settings(transitions=frozenset())) == ["upsert_comment"]  # a report, nothing else
    assert ops(red, settings(transitions=frozenset({"hand_back"}), has_user_token=False))[0] == "give_up"
    off = settings(transitions=frozenset())
    body = status_body(red, assess(red, no_checks_after_minutes=15, needs_human_label="x"), off, {})
    assert "handing failures back to Copilot is switched off" in body


def test_settings_transitions_from_config_and_input():
    cfg = load_config(None)
    assert MonitorSettings.from_config(cfg, has_user_token=False).transitions == frozenset(TRANSITIONS)
    assert MonitorSettings.from_config(cfg, has_user_token=False, transitions=["mark_ready"]).transitions == {"mark_ready"}
    assert MonitorSettings.from_config(cfg, has_user_token=False, transitions=[]).transitions == frozenset()
    listed = load_config("monitor:\n  transitions: [hand_back, conflict_label]\n")
    assert MonitorSettings.from_config(listed, has_user_token=False).transitions == {"hand_back", "conflict_label"}
    switched = load_config("monitor:\n  transitions: {mark_ready: false, notify_issue: false}\n")
    assert MonitorSettings.from_config(switched, has_user_token=False).transitions == \
        frozenset(TRANSITIONS) - {"mark_ready", "notify_issue"}
    assert MonitorSettings.from_config(load_config("monitor:\n  transitions: []\n"), has_user_token=False).transitions == frozenset()
    # the input wins over the config
    assert MonitorSettings.from_config(listed, has_user_token=False, transitions=["mark_ready"]).transitions == {"mark_ready"}


def test_red_pr_is_handed_back_once_per_head_commit():
    red = facts(checks=[CheckInfo("test", "completed", "failure", 1)])
    _a, d = plan_pr(red, settings())
    hand = d.plan.writes[0]
    assert hand.op == "hand_back" and hand.args["round"] == 1 and hand.args["sha"] == SHA
    assert [m for m, why in hand.args["steps"] if why is None] == ["coding_agent"]
    spent = {"rounds": [{"sha": SHA, "round": 1, "verified": True, "mode": "comment"}]}
    assert ops(replace(red, record=spent)) == ["upsert_comment"]
    new_head = replace(red, record=spent, pr=pull(head_sha="d" * 40))
    assert plan_pr(new_head, settings())[1].plan.writes[0].args["round"] == 2


def test_rounds_are_capped_then_needs_human():
    rounds = [{"sha": str(i) * 40, "round": i, "verified": True, "mode": "coding_agent"} for i in range(1, 4)]
    red = facts(checks=[CheckInfo("test", "completed", "failure", 1)], record={"rounds": rounds})
    give_up = plan_pr(red, settings())[1].plan.writes[0]
    assert give_up.op == "give_up" and give_up.args["label"] == "needs-human"
    assert "after 3 fix round(s)" in give_up.args["reason"]
    assert plan_pr(red, settings(max_fix_rounds=5))[1].plan.writes[0].op == "hand_back"
    zero = plan_pr(replace(red, record={}), settings(max_fix_rounds=0))[1].plan.writes[0]
    assert zero.op == "give_up"


def test_hand_back_impossible_means_needs_human_with_the_reason():
    red = facts(checks=[CheckInfo("test", "completed", "failure", 1)])
    s = settings(has_user_token=False)
    steps = handback_steps(red, s)
    assert steps == [("coding_agent", NO_USER_TOKEN),
                     ("code_review", "a review does not change code: not used to hand back a failure"),
                     ("comment", "copilot.allow_comment_fallback is false")]
    w = plan_pr(red, s)[1].plan.writes[0]
    assert w.op == "give_up" and "cannot hand the failure back" in w.args["reason"]
    assert plan_pr(red, settings(has_user_token=False, allow_comment=True))[1].plan.writes[0].op == "hand_back"


def test_conflict_label_follows_the_state():
    s = settings()
    assert ops(facts(mergeable=False, mergeable_state="dirty"), s)[0] == "add_labels"
    resolved = facts(pr=pull(labels=["autoheal", "autoheal:conflict"]), checks=[CheckInfo("t", "queued", None, 1)])
    assert ops(resolved, s)[0] == "remove_label"
    unknown = facts(pr=pull(labels=["autoheal", "autoheal:conflict"]), mergeable=None, mergeable_state="unknown",
                    checks=[CheckInfo("t", "queued", None, 1)])
    assert ops(unknown, s) == ["upsert_comment"]  # still computing: leave the label alone


def test_closed_pr_is_left_alone():
    assert ops(facts(pr=pull(state="closed"))) == []


# -- texts ---------------------------------------------------------------------------------------------
def test_status_body_is_stable_and_safe():
    s = settings()
    f = facts(checks=[CheckInfo("@admin <b>|x", "completed", "failure", 1)], pr=pull(base_ref="@team/main"))
    a = assess(f, no_checks_after_minutes=15, needs_human_label="needs-human")
    body = status_body(f, a, s, {"rounds": []})
    assert body == status_body(f, a, s, {"rounds": []})
    assert "@admin" not in body and "<b>" not in body and "@" + ZWJ + "admin" in body and "\\|x" in body
    assert "| state | `ci_failed` |" in body
    assert decode_record(body, "monitor") == {"rounds": []}
    later = replace(f, now=f.now + timedelta(hours=5))
    assert status_body(later, assess(later, no_checks_after_minutes=15, needs_human_label="x"), s, {"rounds": []}) == body


def test_no_ci_advice_says_exactly_what_to_do():
    f = facts(checks=[], now=T0 + timedelta(hours=1))
    s = settings()
    a = assess(f, no_checks_after_minutes=15, needs_human_label="needs-human")
    body = status_body(f, a, s, {})
    assert a.state == "no_ci"
    for needle in ("GITHUB_TOKEN", "GitHub App installation token", "actions/create-github-app-token",
                   "fine-grained PAT", "`token` input", "close and reopen", "`autoheal/3-x`", "within 15 minutes"):
        assert needle in body, needle


def test_handback_task_fences_log_lines_and_comment_mentions_only_copilot():
    f = facts(checks=[CheckInfo("test", "completed", "failure", 1)])
    a = assess(f, no_checks_after_minutes=15, needs_human_label="x")
    analysis = {"category": "missing_dependency", "confidence": 90, "failed_job": "test",
                "key_lines": [{"line": 4, "text": "ModuleNotFoundError: No module named 'yaml' @evil ```"}],
                "suggested_fix": "add PyYAML to requirements.txt"}
    task = handback_task(f, a, settings(), analysis, 2)
    assert "fix round 2 of 3" in task and "missing_dependency" in task and "PyYAML" in task
    assert "````text\nModuleNotFoundError" in task
    comment = handback_comment(task, "2-cccccccccccc")
    assert comment.startswith("@copilot ") and "<!-- autoheal:copilot-round=2-cccccccccccc -->" in comment
    assert comment.count("@copilot") == 1
    bare = handback_task(f, a, settings(), None, 1)
    assert "Failing checks: test" in bare


def test_ready_notice_names_the_pr_and_carries_its_marker():
    f = facts()
    a = assess(f, no_checks_after_minutes=15, needs_human_label="x")
    text = ready_notice(f, a, ["ann"])
    assert "Pull request #7 is ready for review" in text and "ann" in text and "@ann" not in text
    assert "<!-- autoheal:ready-notified=7 -->" in text
