"""rate_limits.max_comments_per_hour in copilot-review and pr-monitor, on the simulator through PyGithub.

Each scenario makes the cap bind (0, or a cap already used up by autoheal's comments this hour), checks
the comment is left out while the rest of the stage's work is done and said, and that a run after the
hour posts it. The caps are counted from GitHub: autoheal's marked comments created in the last hour.
"""

from __future__ import annotations

import json

from .test_comment_cap_stages import HELD, configure
from ..pr_monitor.test_pr_monitor_sim import ACTIONS_TOKEN, REVIEW_TOKEN
from ..pr_monitor.test_pr_monitor_sim import pr  # noqa: F401 - the same autoheal issue and draft PR

from autoheal.invoke import invoke
from autoheal.markers import has_marker
from autoheal.stages.shared.record import decode_record

REPO = "octo/app"
# the `pr` fixture registers each template job's GITHUB_TOKEN with exactly that job's permissions
TOKENS = {"copilot-review": REVIEW_TOKEN, "pr-monitor": ACTIONS_TOKEN}


def stage(sim, tmp_path, command: str, **args):
    result = invoke(command, args, api_url=sim.base_url, token=TOKENS[command], repo=REPO, workspace=tmp_path,
                    gateway_options={"sleep": lambda s: None})
    assert result.exit_code == 0, result.stdout + result.stderr
    return result


def autoheal_said_elsewhere(sim, times: int = 1) -> None:
    """Comments another autoheal stage posted this hour (they count against the same cap)."""
    issue = sim.github(ACTIONS_TOKEN).get_repo(REPO).get_issue(1)
    for n in range(times):
        issue.create_comment(f"occurred again\n\n<!-- autoheal:comment=seed-{n} -->")


def asks(sim, number):
    return [c for c in sim.comments(REPO, number) if c["body"].startswith("@copilot ")]


def sticky(sim, number, key):
    return [c for c in sim.comments(REPO, number) if has_marker(c["body"], "sticky", key)]


def writes_since(sim, start):
    return [(r.method, r.path) for r in sim.requests[start:] if r.is_write]


# -- copilot-review ------------------------------------------------------------------------------------------

COMMENT_ONLY = "copilot:\n  handoff_modes: [comment]\n  allow_comment_fallback: true\n"


def test_copilot_comment_only_hand_off_waits_for_the_cap_like_the_hand_off_cap(sim, pr, tmp_path):
    configure(tmp_path, COMMENT_ONLY + "rate_limits:\n  max_comments_per_hour: 0\n")
    dry = stage(sim, tmp_path, "copilot-review", **{"pr-number": pr, "dry-run": True})
    assert "max_comments_per_hour (0) is reached" in dry.stdout
    start = len(sim.requests)
    held = stage(sim, tmp_path, "copilot-review", **{"pr-number": pr})
    assert held.outputs["verified"] == "false" and held.outputs["mode"] == "none"
    assert "only hand-off mode" in held.outputs["reason"] and "the next run will try again" in held.outputs["reason"]
    assert writes_since(sim, start) == [] and sim.comments(REPO, pr) == []
    assert not [line for line in held.annotations if line.startswith("::warning")]  # a cap, not a failure

    configure(tmp_path, COMMENT_ONLY)  # the default cap (30) has room
    done = stage(sim, tmp_path, "copilot-review", **{"pr-number": pr})
    assert done.outputs["mode"] == "comment" and done.outputs["verified"] == "true", done.outputs
    assert len(asks(sim, pr)) == 1 and len(sticky(sim, pr, "copilot-review")) == 1


def test_a_held_copilot_comment_is_retried_not_recorded_as_a_failure(sim, pr, tmp_path):
    sim.set_repo_option(REPO, copilot_review="forbidden")
    # 1. Without the comment fallback the review request fails: the sticky comment records a failure.
    configure(tmp_path, "rate_limits:\n  max_comments_per_hour: 1\n")
    first = stage(sim, tmp_path, "copilot-review", **{"pr-number": pr})
    assert first.outputs["verified"] == "false" and len(sticky(sim, pr, "copilot-review")) == 1
    # 2. The fallback is allowed, but the sticky comment used this hour's one comment: the ask is held.
    configure(tmp_path, "copilot:\n  allow_comment_fallback: true\nrate_limits:\n  max_comments_per_hour: 1\n")
    held = stage(sim, tmp_path, "copilot-review", **{"pr-number": pr})
    reason = held.outputs["reason"]
    assert held.outputs["verified"] == "false" and "code_review: failed" in reason
    assert f"comment: held — the @copilot {HELD} (1) reached" in reason
    assert asks(sim, pr) == []
    body = sticky(sim, pr, "copilot-review")[0]["body"]  # edited in place: an edit is never held back
    assert "| comment | held |" in body and "a later copilot-review run tries again" in body
    assert [a["outcome"] for a in decode_record(body, "copilot-handoff")["attempts"]] == ["skipped", "failed", "held"]
    # 3. Same commit, same settings, same hour: tried again (a hold is not a settled failure), held again.
    again = stage(sim, tmp_path, "copilot-review", **{"pr-number": pr})
    assert "already failed" not in again.outputs["reason"] and "comment: held" in again.outputs["reason"]
    assert asks(sim, pr) == []
    # 4. An hour later the comment goes out, once.
    sim.clock.advance(minutes=61)
    later = stage(sim, tmp_path, "copilot-review", **{"pr-number": pr})
    assert later.outputs["mode"] == "comment" and later.outputs["verified"] == "true", later.outputs
    assert len(asks(sim, pr)) == 1 and len(sticky(sim, pr, "copilot-review")) == 1


def test_copilot_sticky_comment_held_while_the_hand_off_itself_is_done(sim, pr, gh, tmp_path):
    configure(tmp_path, "rate_limits:\n  max_comments_per_hour: 1\n")
    autoheal_said_elsewhere(sim)
    held = stage(sim, tmp_path, "copilot-review", **{"pr-number": pr})
    assert held.outputs["mode"] == "code_review" and held.outputs["verified"] == "true"
    assert held.outputs["reason"].endswith(f"the sticky analysis {HELD} (1) reached; the next run after the hour posts again")
    assert "copilot-ready" in [lb["name"] for lb in sim.pulls(REPO)[0]["labels"]]  # the rest is done
    assert sticky(sim, pr, "copilot-review") == [] and HELD in held.summary
    # Copilot's review request on GitHub stops a second hand-off; after the hour the sticky comment is posted.
    start = len(sim.requests)
    assert stage(sim, tmp_path, "copilot-review", **{"pr-number": pr}).outputs["reason"].startswith("already handed over")
    assert writes_since(sim, start) == []
    sim.clock.advance(minutes=61)
    stage(sim, tmp_path, "copilot-review", **{"pr-number": pr})
    assert len(sticky(sim, pr, "copilot-review")) == 1


# -- pr-monitor ------------------------------------------------------------------------------------------------

def only_state(result):
    states = json.loads(result.outputs["states"])
    assert len(states) == 1
    return states[0]


def labels_of(sim, number):
    return sorted(lb["name"] for lb in next(p for p in sim.pulls(REPO) if p["number"] == number)["labels"])


def test_monitor_waits_when_it_cannot_write_its_status_comment(sim, pr, tmp_path):
    sim.set_mergeable(REPO, pr, False, "dirty")
    configure(tmp_path, "rate_limits:\n  max_comments_per_hour: 0\n")
    dry = stage(sim, tmp_path, "pr-monitor", **{"dry-run": True})
    assert f"#{pr}: status {HELD} (0) reached" in dry.stdout
    start = len(sim.requests)
    state = only_state(stage(sim, tmp_path, "pr-monitor"))
    assert state["state"] == "conflict"
    assert state["actions"] == [(f"status {HELD} (0) reached; the next run after the hour posts again; "
                                 "this PR's transitions wait for it (it records them)")]
    assert writes_since(sim, start) == [] and "autoheal:conflict" not in labels_of(sim, pr)
    configure(tmp_path, "")
    state = only_state(stage(sim, tmp_path, "pr-monitor"))
    assert "autoheal:conflict" in labels_of(sim, pr) and len(sticky(sim, pr, "pr-monitor")) == 1
    assert "status comment created" in state["actions"]


def test_monitor_hand_back_by_comment_waits_without_spending_a_round(sim, pr, tmp_path):
    configure(tmp_path, "copilot:\n  allow_comment_fallback: true\nrate_limits:\n  max_comments_per_hour: 1\n")
    assert only_state(stage(sim, tmp_path, "pr-monitor"))["state"] == "ci_pending"  # the status comment: 1 of 1
    head = next(p for p in sim.pulls(REPO) if p["number"] == pr)["head"]["sha"]
    sim.add_check_run(REPO, head, "lint", conclusion="failure")
    state = only_state(stage(sim, tmp_path, "pr-monitor"))
    assert state["state"] == "ci_failed" and state["fix_rounds"] == 0
    assert state["actions"][0] == f"fix round 1 waits: the @copilot {HELD} (1) reached; the next run after the hour posts again"
    assert asks(sim, pr) == [] and "needs-human" not in labels_of(sim, pr)  # held is not "gave up"
    record = decode_record(sticky(sim, pr, "pr-monitor")[0]["body"], "monitor")
    assert not record.get("rounds") and not record.get("gave_up")
    sim.clock.advance(minutes=61)
    state = only_state(stage(sim, tmp_path, "pr-monitor"))
    assert state["fix_rounds"] == 1 and len(asks(sim, pr)) == 1
    assert "needs-human" not in labels_of(sim, pr)


def test_monitor_keeps_room_for_a_first_status_comment(sim, pr, tmp_path):
    """A PR without a status comment keeps one comment of the hour for it (it records the fix rounds)."""
    configure(tmp_path, "copilot:\n  allow_comment_fallback: true\nrate_limits:\n  max_comments_per_hour: 1\n")
    head = next(p for p in sim.pulls(REPO) if p["number"] == pr)["head"]["sha"]
    sim.add_check_run(REPO, head, "lint", conclusion="failure")
    state = only_state(stage(sim, tmp_path, "pr-monitor"))
    assert state["fix_rounds"] == 0 and asks(sim, pr) == []
    assert len(sticky(sim, pr, "pr-monitor")) == 1


def test_monitor_ready_notice_on_the_issue_waits_while_the_pr_moves_on(sim, pr, tmp_path):
    configure(tmp_path, "rate_limits:\n  max_comments_per_hour: 2\n")
    review = stage(sim, tmp_path, "copilot-review", **{"pr-number": pr})  # its analysis comment: 1 of 2
    assert review.outputs["mode"] == "code_review"
    head = next(p for p in sim.pulls(REPO) if p["number"] == pr)["head"]["sha"]
    sim.add_check_run(REPO, head, "test", conclusion="success")
    assert only_state(stage(sim, tmp_path, "pr-monitor"))["state"] == "copilot_working"  # status comment: 2 of 2
    sim.copilot_review(REPO, pr, "Looks fine.")
    state = only_state(stage(sim, tmp_path, "pr-monitor"))
    assert state["state"] == "ready_for_review"
    assert f"issue #1 ready notice: {HELD} (2) reached; the next run after the hour posts again" in state["actions"]
    assert "marked ready for review" in state["actions"]
    assert next(p for p in sim.pulls(REPO) if p["number"] == pr)["draft"] is False
    assert "ready-for-review" in labels_of(sim, pr)
    def notices():
        return [c for c in sim.comments(REPO, 1) if has_marker(c["body"], "ready-notified", pr)]

    assert notices() == []
    start = len(sim.requests)  # within the hour: nothing is done twice, the notice still waits
    again = only_state(stage(sim, tmp_path, "pr-monitor"))
    assert not [w for w in writes_since(sim, start) if w[1] == "/graphql" or w[0] == "POST"]
    assert any("ready notice" in a for a in again["actions"])
    sim.clock.advance(minutes=61)
    stage(sim, tmp_path, "pr-monitor")
    stage(sim, tmp_path, "pr-monitor")
    assert len(notices()) == 1
