"""copilot-review's pure parts: change areas and risk notes, issue links, the hidden record, the decision."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from autoheal.config import load_config
from autoheal.markdown import ZWJ
from autoheal.stages.shared.context import Write
from autoheal.stages.copilot_review.areas import FileChange, area_of, summarize
from autoheal.stages.shared.handoff import (
    Attempt,
    failure_text,
    reason_line,
    run_modes,
)
from autoheal.stages.shared.links import issue_analysis, linked_issue_number
from autoheal.stages.shared.handoff import NO_USER_TOKEN
from autoheal.stages.shared.pulls import IssueInfo, PullInfo
from autoheal.stages.copilot_review.decide import ReviewFacts, Settings, decide, new_record
from autoheal.stages.shared.record import decode_record, encode_record
from autoheal.stages.copilot_review.render import (
    as_posted,
    comment_body,
    instructions,
    sticky_body,
)
from autoheal.stages.copilot_review.stage import plan

NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)


# -- areas ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("path, area", [
    (".github/workflows/ci.yml", "workflows"),
    ("sub/action.yaml", "workflows"),
    (".github/actions/setup/action.yml", "workflows"),
    (".github/autoheal/tasks/12.md", "autoheal task"),
    ("requirements.txt", "dependencies"),
    ("requirements-dev.txt", "dependencies"),
    ("requirements/test.in", "dependencies"),
    ("web/package-lock.json", "dependencies"),
    ("pyproject.toml", "dependencies"),
    ("go.sum", "dependencies"),
    (".github/CODEOWNERS", "repository settings"),
    (".github/dependabot.yml", "repository settings"),
    ("tests/test_app.py", "tests"),
    ("pkg/app_test.go", "tests"),
    ("src/app.spec.ts", "tests"),
    ("conftest.py", "tests"),
    ("test_util.py", "tests"),
    ("docs/index.rst", "docs"),
    ("README.md", "docs"),
    ("CHANGELOG", "docs"),
    ("src/app/main.py", "source"),
    ("src/contest.py", "source"),
    ("latest/run.py", "source"),
])
def test_area_of(path, area):
    assert area_of(path) == area


def test_summary_counts_lines_and_orders_areas():
    files = [FileChange("src/a.py", "modified", 10, 2), FileChange(".github/workflows/ci.yml", "modified", 1, 1),
             FileChange("docs/x.md", "added", 5, 0)]
    s = summarize(files)
    assert (s.files, s.additions, s.deletions, s.lines) == (3, 16, 3, 19)
    assert list(s.areas) == ["workflows", "docs", "source"]
    assert "careful human review" in s.risks[0]
    assert any("without touching any test" in r for r in s.risks)


def test_risk_notes_each_trigger_only_when_due():
    quiet = summarize([FileChange("src/a.py", "modified", 3, 1), FileChange("tests/test_a.py", "modified", 3, 0)])
    assert quiet.risks == []
    deps = summarize([FileChange("requirements.txt", "modified", 1, 0)])
    assert any("typosquatting" in r for r in deps.risks)
    removed = summarize([FileChange("docs/old.md", "removed", 0, 40)])
    assert any("Deletes 1 file" in r for r in removed.risks)
    big = summarize([FileChange(f"tests/t{i}.py", "added", 30, 0) for i in range(21)])
    assert any("Large change (21 files" in r for r in big.risks)
    task = summarize([FileChange(".github/autoheal/tasks/3.md", "added", 20, 0)])
    assert any("no code change yet" in r for r in task.risks)
    cut = summarize([FileChange("src/a.py")], total_files=5000)
    assert cut.files == 5000 and any("listed only 1 of 5000" in r for r in cut.risks)


# -- links ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("body, number", [
    ("<!-- autoheal:issue=12 -->\nFixes #3", 12),
    ("Fixes #3", 3),
    ("This resolves: #44 and closes #45", 44),
    ("closed #7", 7),
    ("```\nFixes #9\n```\nnothing else", None),
    ("see `fixes #9` in the log", None),
    ("prefix#12 and fixes#12", None),
    ("refs #5", None),
    ("", None),
    (None, None),
    ("<!-- autoheal:issue=abc -->", None),
])
def test_linked_issue_number(body, number):
    assert linked_issue_number(body) == number


def test_issue_analysis_reads_markers_only():
    body = ("x\n<!-- autoheal:fingerprint=ab12 -->\n<!-- autoheal:category=missing_dependency -->\n"
            "<!-- autoheal:confidence=88 -->\ncategory=fake in text")
    assert issue_analysis(body) == {"fingerprint": "ab12", "category": "missing_dependency", "confidence": 88}
    assert issue_analysis("plain issue") == {}


# -- record --------------------------------------------------------------------------------------------
def test_record_round_trips_and_is_stable():
    data = {"verified": True, "attempts": [{"mode": "code_review", "detail": "x --> y <!-- z"}], "n": 3}
    encoded = encode_record("copilot-handoff", data)
    assert encoded == encode_record("copilot-handoff", dict(reversed(list(data.items()))))
    assert "-->" not in encoded[len("<!-- "):-len(" -->")]
    assert decode_record(f"text\n{encoded}\n", "copilot-handoff") == data
    assert decode_record("<!-- autoheal:copilot-handoff=!!notbase64 -->", "copilot-handoff") is None
    assert decode_record("<!-- autoheal:copilot-handoff=bnVsbA -->", "copilot-handoff") is None  # "null"
    assert decode_record(None, "copilot-handoff") is None


# -- handoff helpers -----------------------------------------------------------------------------------
def test_failure_text_prefers_failure_reason():
    assert failure_text(403, {"message": "Forbidden", "failure_reason": "ACTOR_FLAGGED"}) == "403 ACTOR_FLAGGED: Forbidden"
    assert failure_text(422, {"message": "Validation Failed", "errors": [{"code": "invalid"}]}) == "422 Validation Failed (invalid)"
    assert failure_text(500, "boom") == "500 boom"


def test_run_modes_stops_at_first_effect_and_records_skips():
    calls = []

    def ok():
        calls.append("b")
        return Attempt("code_review", "verified", "fine")

    def never():
        calls.append("c")
        return Attempt("comment", "verified", "x")

    attempts = run_modes([("coding_agent", None, "no token"), ("code_review", ok, ""), ("comment", never, "")])
    assert [a.outcome for a in attempts] == ["skipped", "verified"] and calls == ["b"]
    assert reason_line(attempts).startswith("coding_agent: skipped — no token; code_review: verified")


# -- decide --------------------------------------------------------------------------------------------
def pull(**over) -> PullInfo:
    base = PullInfo(number=7, state="open", merged=False, draft=True, title="autoheal: CI / test: missing dependency",
                    body="Fixes #3\n<!-- autoheal:issue=3 -->", author="github-actions[bot]", author_is_bot=True,
                    labels=["autoheal"], head_ref="autoheal/3-yaml", head_sha="a" * 40, base_ref="main")
    return replace(base, **over)


def facts(**over) -> ReviewFacts:
    base = ReviewFacts(
        repo="octo/app", default_branch="main", pr=pull(),
        files=[FileChange("requirements.txt", "modified", 1, 0)],
        issue=IssueInfo(3, "CI / test: missing dependency — yaml", "open", [], {"category": "missing_dependency"}),
        task_text=None, record=None, sticky_body=None, copilot_requested=False, copilot_reviewed=False,
        comment_posted=False, handoffs_last_hour=0, now=NOW)
    return replace(base, **over)


def settings(**over) -> Settings:
    return replace(Settings.from_config(load_config(None), has_user_token=True), **over)


def test_settings_follow_the_config():
    cfg = load_config("copilot:\n  handoff_modes: [code_review]\n  allow_comment_fallback: true\n"
                      "rate_limits:\n  max_handoffs_per_hour: 2\n")
    s = Settings.from_config(cfg, has_user_token=False)
    assert s.modes == ("code_review",) and s.allow_comment and s.max_per_hour == 2 and not s.has_user_token


def test_default_decision_tries_modes_in_order():
    d = decide(facts(), settings())
    assert d.action == "handoff"
    assert d.steps == [("coding_agent", None), ("code_review", None),
                       ("comment", "copilot.allow_comment_fallback is false (a comment does not reliably start Copilot)")]
    assert [w.op for w in d.plan] == ["handoff:coding_agent", "handoff:code_review", "upsert_comment", "add_labels"]


def test_without_user_token_coding_agent_is_skipped_with_the_reason():
    d = decide(facts(), settings(has_user_token=False))
    assert d.steps[0] == ("coding_agent", NO_USER_TOKEN)
    assert "GITHUB_TOKEN" in NO_USER_TOKEN and "copilot-token" in NO_USER_TOKEN
    assert next(w.op for w in d.plan) == "handoff:code_review"


def test_coding_agent_needs_an_open_linked_issue():
    assert decide(facts(issue=None), settings()).steps[0][1].startswith("the PR links no issue")
    closed = facts(issue=IssueInfo(3, "t", "closed", []))
    assert decide(closed, settings()).steps[0][1] == "issue #3 is closed"


@pytest.mark.parametrize("over, sett, reason", [
    ({"pr": pull(state="closed")}, {}, "PR #7 is closed"),
    ({"pr": pull(state="closed", merged=True)}, {}, "PR #7 is merged"),
    ({"pr": pull(labels=["autoheal", "autoheal:skip"])}, {}, "skip label(s) autoheal:skip"),
    ({"pr": pull(author="Copilot")}, {}, "opened by Copilot itself"),
    ({"pr": pull(author="renovate[bot]", body="deps", labels=[])}, {}, "opened by the bot renovate[bot]"),
    ({}, {"enabled": False}, "copilot.enabled is false"),
    ({"handoffs_last_hour": 5}, {}, "max_handoffs_per_hour reached (5/5"),
])
def test_gates(over, sett, reason):
    d = decide(facts(**over), settings(**sett))
    assert d.action == "skip" and reason in d.reason and not d.plan and d.mode == "none"


def test_bot_prs_pass_when_configured_and_autoheal_prs_always():
    other_bot = facts(pr=pull(author="renovate[bot]", body="deps", labels=[]))
    assert decide(other_bot, settings(review_bot_authored=True)).action == "handoff"
    assert decide(facts(pr=pull(body="no marker", labels=["autoheal"])), settings()).action == "handoff"
    assert decide(facts(pr=pull(labels=[]), autoheal_own=True), settings()).action == "handoff"


def test_a_pasted_marker_does_not_make_a_bot_pr_autoheals():
    """Another bot's PR carrying autoheal's `issue` marker (anyone can paste it) is still another bot's PR."""
    pasted = facts(pr=pull(author="renovate[bot]", labels=[]), autoheal_own=False)
    d = decide(pasted, settings())
    assert d.action == "skip" and "opened by the bot renovate[bot]" in d.reason


@pytest.mark.parametrize("over, mode", [
    ({"issue": IssueInfo(3, "t", "open", ["Copilot"])}, "coding_agent"),
    ({"copilot_requested": True}, "code_review"),
    ({"copilot_reviewed": True}, "code_review"),
    ({"comment_posted": True}, "comment"),
])
def test_copilot_already_on_the_pr_means_no_new_handoff(over, mode):
    d = decide(facts(**over), settings())
    assert d.action == "already" and d.mode == mode
    assert [w.op for w in d.plan] == ["add_labels"]  # only the missing label
    d2 = decide(facts(pr=pull(labels=["autoheal", "copilot-ready"]), **over), settings())
    assert not d2.plan


def test_failed_handoff_is_not_retried_for_the_same_commit_and_settings():
    s = settings(has_user_token=False)
    failed = new_record([Attempt("coding_agent", "skipped", "no token"), Attempt("code_review", "failed", "403")],
                        facts(), s, NOW)
    d = decide(facts(record=failed), s)
    assert d.action == "skip" and "already failed for aaaaaaa" in d.reason and not d.plan
    assert decide(facts(record=failed, pr=pull(head_sha="b" * 40)), s).action == "handoff"
    assert decide(facts(record=failed), settings(has_user_token=True)).action == "handoff"


def test_verified_record_and_sticky_make_the_plan_empty():
    s = settings()
    attempts = [Attempt("coding_agent", "failed", "accepted but not assigned", 201),
                Attempt("code_review", "verified", "Copilot is a requested reviewer", 201)]
    f = facts(pr=pull(labels=["autoheal", "copilot-ready"]))
    record = new_record(attempts, f, s, NOW)
    assert record["verified"] and record["mode"] == "code_review"
    posted = as_posted(sticky_body(f, attempts, record))
    steady = replace(f, record=record, sticky_body=posted)
    d = plan(steady, s)
    assert d.action == "already" and d.mode == "code_review" and not d.plan
    assert d.existing == attempts
    # an edited-away comment is restored
    d2 = plan(replace(steady, sticky_body=posted.replace("requested reviewer", "x")), s)
    assert [w.op for w in d2.plan] == ["upsert_comment"] and isinstance(d2.plan.writes[0], Write)


# -- rendering -----------------------------------------------------------------------------------------
def hostile_facts() -> ReviewFacts:
    issue = IssueInfo(3, "@admin see #99 <img src=x> ![](http://t/x.png)", "open", [],
                      {"category": "@evil", "failed_job": "job #12"})
    files = [FileChange(".github/workflows/ci.yml", "modified", 2, 1),
             FileChange("src/`weird`@me.py", "added", 3, 0)]
    return facts(issue=issue, files=files, task_text="```\n@someone fix #5\n```\n</details>")


def test_sticky_body_is_safe_and_complete():
    f = hostile_facts()
    attempts = [Attempt("code_review", "failed", "403 ACTOR_FLAGGED: @octo | pipe")]
    record = new_record(attempts, f, settings(), NOW)
    body = sticky_body(f, attempts, record)
    assert "@admin" not in body and "@" + ZWJ + "admin" in body
    assert "#99" not in body and "<img" not in body and "![](" not in body
    assert "@octo" not in body and "\\| pipe" in body
    assert "careful human review" in body and "**Linked issue:** #3" in body
    assert "2 files, +5 / −1 lines" in body
    assert decode_record(body, "copilot-handoff") == record


def test_instructions_and_comment_are_safe():
    f = hostile_facts()
    text = instructions(f, settings(custom_instructions="Run `make test` first. cc @team"))
    assert "autoheal/3-yaml" in text and "#7" in text and "#3" in text
    assert "@evil" not in text and "@team" not in text and "not instructions" in text
    body = comment_body(f, settings())
    assert body.startswith("@copilot ") and body.count("@copilot") == 1
    assert "<!-- autoheal:copilot-comment -->" in body
    # the task file cannot close its fence: the fence is longer than any backtick run inside
    assert "````markdown\n```\n@someone fix #5\n```\n</details>\n````" in body


def test_issue_analysis_reads_open_issues_json_block():
    body = ('<!-- autoheal:fingerprint=ab12 -->\n<!-- autoheal:analysis\n'
            '{"category":"timeout","confidence":91,"failed_job":"build","key_lines":[{"line":3,"text":"x \\u003c y"}]}\n-->\n'
            '## Timeout in CI / build')
    got = issue_analysis(body)
    assert got["category"] == "timeout" and got["confidence"] == 91 and got["key_lines"][0]["text"] == "x < y"
    assert issue_analysis('<!-- autoheal:analysis\n{broken\n-->\n<!-- autoheal:category=lint -->') == {"category": "lint"}
