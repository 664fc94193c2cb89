"""draft-pr's pure parts: where the analysis comes from, the gates, and the commit trailers."""

from __future__ import annotations

import json
import subprocess

import pytest

from autoheal.config import load_config
from autoheal.stages.draft_pr.commit import (
    DIGEST_TRAILER,
    ISSUE_TRAILER,
    commit_message,
    commit_safe,
    content_digest,
    is_autoheal_commit,
    read_trailers,
)
from autoheal.stages.draft_pr.gates import (
    category_policy,
    cheap_gates,
    linked_gates,
    matches_any,
)
from autoheal.stages.draft_pr.model import (
    Facts,
    FileChange,
    IssueFacts,
    Proposal,
    PullFacts,
    settings_from,
)
from autoheal.stages.draft_pr.source import AnalysisFileError, closes_issue, embedded_analysis, load_analysis_text, minimal_analysis
from autoheal.stages.shared.ownership import is_autoheal_issue
from autoheal.stages.shared.trust import trusted_author

ANALYSIS = {"schema_version": 1, "category": "missing_dependency", "confidence": 92, "fingerprint": "abc123",
            "failed_job": "test", "specifics": {"modules": ["yaml"]},
            "key_lines": [{"line": 3, "text": "ModuleNotFoundError: No module named 'yaml'"}]}


def settings(text: str | None = None, **kw):
    return settings_from(load_config(text), **kw)


def issue(**kw) -> IssueFacts:
    base = {"number": 12, "title": "CI / test: missing dependency — yaml", "body": "<!-- autoheal:fingerprint=abc123 -->",
                "author": "github-actions[bot]", "labels": ("autoheal",), "state": "open", "is_pull_request": False,
                "html_url": "http://x/octo/app/issues/12"}
    base.update(kw)
    return IssueFacts(**base)


def facts(analysis=ANALYSIS, **kw) -> Facts:
    return Facts(repo="octo/app", issue=issue(**kw), analysis=analysis, analysis_source="analysis-file")


def pull(number=5, state="open", ours=False, merged=False) -> PullFacts:
    return PullFacts(number=number, state=state, merged=merged, draft=True, head_ref="x", base_ref="main",
                     title="t", body="", html_url=f"http://x/pull/{number}", ours=ours)


# -- where the analysis comes from ------------------------------------------------------------------

def test_embedded_analysis_written_by_open_issue_is_read_back():
    from autoheal.stages.open_issue.state import analysis_essentials, encode_block

    hostile = {**ANALYSIS, "key_lines": [{"line": 3, "text": "--> <!-- autoheal:fingerprint=forged --> & more"}]}
    body = f"<!-- autoheal:fingerprint=abc123 -->\n{encode_block('analysis', analysis_essentials(hostile))}\nprose\n"
    got = embedded_analysis(body)
    assert got["category"] == "missing_dependency" and got["specifics"]["modules"] == ["yaml"]
    assert got["key_lines"][0]["text"].startswith("--> <!--")


@pytest.mark.parametrize("body", [None, "", "no markers", "<!-- autoheal:analysis\n{broken\n-->",
                                  "<!-- autoheal:analysis\n{\"x\": 1}\n-->"])
def test_no_embedded_analysis(body):
    assert embedded_analysis(body) is None


def test_autoheal_issue_is_recognised_by_its_fingerprint_marker():
    assert is_autoheal_issue("x <!-- autoheal:fingerprint=ab12 -->")
    assert not is_autoheal_issue("autoheal:fingerprint=ab12 mentioned in prose")


def test_minimal_analysis_takes_category_from_label_and_zero_confidence():
    got = minimal_analysis("<!-- autoheal:fingerprint=f00 -->", ("autoheal", "autoheal:timeout"))
    assert got["category"] == "timeout" and got["confidence"] == 0 and got["fingerprint"] == "f00"
    assert minimal_analysis("plain", ("autoheal:timeout",)) is None


@pytest.mark.parametrize("login,assoc,trusted", [
    ("github-actions[bot]", "NONE", True),  # autoheal's own identity in this run
    ("GitHub-Actions[bot]", "NONE", True),
    ("my-app[bot]", "NONE", True),  # trusted_identities
    ("renovate[bot]", "NONE", False),  # any other bot is not autoheal
    ("other-app[bot]", "NONE", False),
    ("maintainer", "MEMBER", True),
    ("owner", "owner", True),
    ("collab", "COLLABORATOR", True),
    ("drive-by", "NONE", False),
    ("first", "FIRST_TIME_CONTRIBUTOR", False),
    ("contrib", "CONTRIBUTOR", False),
])
def test_only_autoheal_itself_and_members_are_trusted_with_a_hidden_analysis(login, assoc, trusted):
    assert trusted_author(login, assoc, frozenset({"github-actions[bot]", "my-app[bot]"})) is trusted


def test_analysis_file_errors_say_what_is_wrong():
    with pytest.raises(AnalysisFileError, match="not JSON"):
        load_analysis_text("{nope", "a.json")
    with pytest.raises(AnalysisFileError, match="no `category`"):
        load_analysis_text('{"confidence": 3}', "a.json")
    assert load_analysis_text(json.dumps(ANALYSIS))["category"] == "missing_dependency"


# -- settings and category policy --------------------------------------------------------------------

def test_settings_take_config_and_inputs_override():
    s = settings("pull_requests:\n  min_confidence: 60\n  labels: [fix, bot]\nrate_limits:\n  max_prs_per_hour: 2\n")
    assert (s.min_confidence, s.labels, s.max_prs_per_hour) == (60, ("fix", "bot"), 2)
    assert settings(min_confidence=95).min_confidence == 95


def test_policy_comes_from_the_kb_and_the_config_overrides_it():
    s = settings()
    assert category_policy(s, ANALYSIS).fix_kind == "dependency"
    assert category_policy(s, ANALYSIS).auto_pr is True
    assert category_policy(s, {"category": "timeout"}).fix_kind == "timeout"
    assert category_policy(s, {"category": "test_failure"}).fix_kind == "task"
    assert category_policy(s, {"category": "test_failure"}).auto_pr is False
    custom = settings("categories:\n  test_failure:\n    auto_pr: true\n  missing_dependency:\n    fix_type: none\n")
    assert category_policy(custom, {"category": "test_failure"}).auto_pr is True
    assert category_policy(custom, ANALYSIS).fix_kind == "task"


def test_seed_shape_categories_map_their_fix_types():
    seed = settings("error_patterns:\n  dependency_error:\n    pattern: 'No module named'\n    confidence: 90\n"
                    "    fix_type: add_dependency\n    auto_pr: true\n  timeout:\n    pattern: 'timed out'\n"
                    "    fix_type: increase_timeout\n    auto_pr: true\n")
    assert category_policy(seed, {"category": "dependency_error"}).fix_kind == "dependency"
    assert category_policy(seed, {"category": "dependency_error"}).auto_pr is True
    assert category_policy(seed, {"category": "timeout"}).fix_kind == "timeout"


def test_a_plain_issue_always_gets_a_task():
    policy = category_policy(settings(), None)
    assert policy.fix_kind == "task" and policy.auto_pr


# -- gates ----------------------------------------------------------------------------------------------

def gate(f: Facts, s=None):
    s = s or settings()
    return linked_gates(f, s, cheap_gates(f, s, category_policy(s, f.analysis)))


def test_a_good_analysis_passes_every_gate():
    result = gate(facts())
    assert result.skip is None and not result.forced


@pytest.mark.parametrize("config,kw,analysis,expect", [
    ("enabled: false\n", {}, ANALYSIS, "disabled"),
    ("pull_requests:\n  create: false\n", {}, ANALYSIS, "turned off"),
    (None, {"is_pull_request": True}, ANALYSIS, "is a pull request"),
    (None, {"state": "closed"}, ANALYSIS, "is closed"),
    (None, {"labels": ("autoheal", "WontFix")}, ANALYSIS, "skip label `WontFix`"),
    ("pull_requests:\n  skip_authors: ['Dependabot[bot]']\n", {"author": "dependabot[bot]"}, None, "skip_authors"),
    (None, {}, {**ANALYSIS, "confidence": 69}, "confidence 69 is below"),
    (None, {}, {**ANALYSIS, "category": "lint"}, "`lint` has `auto_pr: false`"),
])
def test_each_gate_skips_with_a_reason(config, kw, analysis, expect):
    result = gate(facts(analysis=analysis, **kw), settings(config))
    assert result.skip and expect in result.skip


def test_skip_authors_checks_the_failed_runs_actor_for_an_autoheal_issue():
    s = settings("pull_requests:\n  skip_authors: ['dependabot[bot]']\n")
    assert gate(facts(analysis={**ANALYSIS, "actor": "dependabot[bot]"}), s).skip
    assert gate(facts(), s).skip is None
    # autoheal's issues are written by its own bot: listing that bot must not skip all of them
    assert gate(facts(), settings("pull_requests:\n  skip_authors: ['github-actions[bot]']\n")).skip is None


@pytest.mark.parametrize("kw,analysis", [
    ({"labels": ("autoheal:skip",)}, ANALYSIS),
    ({}, {**ANALYSIS, "confidence": 10}),
    ({}, {**ANALYSIS, "category": "lint"}),
])
def test_force_overrides_heuristic_gates_and_says_so(kw, analysis):
    result = gate(facts(analysis=analysis, **kw), settings(force=True))
    assert result.skip is None and result.forced and all(n.startswith("force:") for n in result.notes)


@pytest.mark.parametrize("config,kw", [("enabled: false\n", {}), (None, {"is_pull_request": True}), (None, {"state": "closed"})])
def test_force_never_overrides_policy_gates(config, kw):
    assert gate(facts(**kw), settings(config, force=True)).skip


def test_someone_elses_open_linked_pr_skips_even_with_force():
    f = facts()
    f.linked_pulls = [pull(7), pull(8, state="closed")]
    assert "#7" in gate(f, settings(force=True)).skip and "#8" not in gate(f).skip


def test_an_open_pr_that_only_mentions_the_issue_is_not_a_link():
    f = facts()
    f.linked_pulls = [PullFacts(**{**pull(7).__dict__, "closes": False})]
    result = gate(f)
    assert result.skip is None and any("#7 mentions the issue" in n for n in result.notes)


@pytest.mark.parametrize("body,closes", [
    ("Fixes #12", True), ("fixed: #12", True), ("This resolves #12.", True), ("Closes #3, closes #12", True),
    ("see #12", False), ("Fixes #123", False), ("prefixes #12", False), ("`Fixes #12`", False),
    ("```\nFixes #12\n```", False), ("Fixes owner/other#12", False), (None, False),
])
def test_closing_keywords(body, closes):
    assert closes_issue(body, 12) is closes


def test_our_own_open_pr_is_not_a_reason_to_skip_and_not_rate_limited():
    f = facts()
    f.linked_pulls = [pull(9, ours=True)]
    f.own_pull = pull(9, ours=True)
    f.prs_last_hour = 99
    assert gate(f).skip is None


def test_our_closed_pr_is_respected_unless_forced():
    f = facts()
    f.linked_pulls = [pull(3, state="closed", ours=True, merged=True)]
    assert "#3" in gate(f).skip and "merged" in gate(f).skip
    assert gate(f, settings(force=True)).skip is None


def test_hourly_cap_counts_from_github():
    f = facts()
    f.prs_last_hour = 5
    assert "max_prs_per_hour = 5" in gate(f).skip
    f.prs_last_hour = 4
    assert gate(f).skip is None
    f.prs_last_hour = 5
    assert gate(f, settings(force=True)).skip is None


def test_label_globs_are_case_insensitive():
    assert matches_any("AutoHeal:Skip", ("autoheal:skip",)) == "autoheal:skip"
    assert matches_any("renovate[bot]", ("*[[]bot]",)) == "*[[]bot]"
    assert matches_any("Dependabot[bot]", ("dependabot[bot]",)) == "dependabot[bot]"
    assert matches_any("someone", ("other",)) is None


# -- commit message and trailers -----------------------------------------------------------------------

def proposal(new="PyYAML\n", kind="dependency", path="requirements.txt") -> Proposal:
    return Proposal(kind=kind, changes=(FileChange(path, "", new),), subject=f"add PyYAML to {path}",
                    summary="Added PyYAML", why="The job failed because `yaml` could not be imported @octo #5.")


def test_commit_message_says_what_and_why_and_carries_trailers():
    message = commit_message(proposal(), 12, "Failure: CI / test; run 7.")
    subject, _, rest = message.partition("\n\n")
    assert subject == "autoheal: add PyYAML to requirements.txt"
    assert "could not be imported" in rest
    trailers = read_trailers(message)
    assert trailers[ISSUE_TRAILER] == "12" and trailers["Autoheal-Fix"] == "dependency"
    assert trailers[DIGEST_TRAILER] == content_digest(proposal())
    assert is_autoheal_commit(message, 12) and not is_autoheal_commit(message, 13)


def test_commit_message_is_a_valid_git_message_without_mentions_or_refs(tmp_path):
    message = commit_message(proposal(), 12)
    assert "@octo" not in message and "#5" not in message
    out = subprocess.run(["git", "interpret-trailers", "--parse"], input=message, capture_output=True, text=True,
                         check=True).stdout
    assert f"{ISSUE_TRAILER}: 12" in out and DIGEST_TRAILER in out


def test_digest_depends_on_content_path_and_kind_only():
    assert content_digest(proposal()) == content_digest(proposal())
    assert content_digest(proposal()) != content_digest(proposal(new="PyYAML\nrequests\n"))
    assert content_digest(proposal()) != content_digest(proposal(path="requirements-dev.txt"))
    assert content_digest(proposal()) != content_digest(proposal(kind="task"))


@pytest.mark.parametrize("message", ["", "subject only", "subject\n\nbody\nAutoheal-Issue: 12 and prose",
                                     "subject\n\nAutoheal-Issue: 12\nnot a trailer"])
def test_messages_without_a_trailer_block_are_not_ours(message):
    assert not is_autoheal_commit(message, 12)


def test_commit_safe_strips_control_characters_and_keeps_angle_brackets():
    assert commit_safe("a\x1b[31m <b> @x #1") == "a <b> @\u200dx #\u200d1"
