"""The knowledge base: data file, category ids, user categories, RE2 safety."""

from __future__ import annotations

import time

import pytest

from autoheal.analysis import CATEGORIES, RuleError, analyze, load_kb


def test_builtin_category_ids_are_exactly_the_public_ones():
    kb = load_kb()
    assert set(CATEGORIES) <= set(kb.categories)
    assert set(kb.categories) == set(CATEGORIES)
    for cat in kb.categories.values():
        assert 0 < cat.confidence <= 100
        assert cat.hint


def test_user_category_from_seed_shape_wins_on_its_lines(gh_log):
    kb = load_kb({"flaky_infra": {"pattern": r"QUEUE-\d+ unavailable", "confidence": 77, "fix_type": "retry", "auto_pr": False}})
    a = analyze(gh_log("connecting", "QUEUE-42 unavailable"), kb=kb)
    assert a.category == "flaky_infra"
    assert a.fix_type == "retry"
    assert 0 < a.confidence <= 77


def test_user_override_of_builtin_changes_metadata_and_adds_pattern(gh_log):
    kb = load_kb({"network": {"pattern": "upstream flaked", "confidence": 50, "auto_pr": True}})
    assert kb.categories["network"].confidence == 50
    assert kb.categories["network"].auto_pr is True
    a = analyze(gh_log("upstream flaked"), kb=kb)
    assert a.category == "network"
    # the built-in patterns still work
    assert analyze(gh_log("curl: (6) Could not resolve host: example.invalid"), kb=kb).category == "network"


@pytest.mark.parametrize(
    "custom, key",
    [
        ({"bad": {"pattern": "(unclosed"}}, "categories.bad.pattern"),
        ({"lookahead": {"pattern": "foo(?=bar)"}}, "categories.lookahead.pattern"),  # RE2 has no look-around
        ({"new_cat": {"confidence": 50}}, "categories.new_cat.pattern"),
        ({"x": {"pattern": "a", "confidence": 300}}, "categories.x.confidence"),
        ({"x": {"pattern": "a", "auto_pr": "yes"}}, "categories.x.auto_pr"),
        ({"unknown": {"pattern": "a"}}, "categories.unknown"),
        ({"bad name!": {"pattern": "a"}}, "categories.bad name!"),
    ],
)
def test_bad_user_rule_names_its_key(custom, key):
    with pytest.raises(RuleError) as info:
        load_kb(custom)
    assert info.value.key == key
    assert key in str(info.value)


def test_catastrophic_user_pattern_cannot_hang(gh_log):
    kb = load_kb({"evil": {"pattern": "(a+)+$"}})
    line = "a" * 200_000 + "!"
    started = time.perf_counter()
    analyze(gh_log(line, "error: something else"), kb=kb)
    assert time.perf_counter() - started < 5


def test_prefilter_is_a_superset_of_every_pattern():
    kb = load_kb()
    samples = {
        "missing_dependency": "ModuleNotFoundError: No module named 'yaml'",
        "disk_full": "write /tmp/x: No space left on device",
        "timeout": "##[error]The job running on runner X has exceeded the maximum execution time of 30 minutes.",
        "lint": "src/a.py:1:1: F401 [*] `os` imported but unused",
    }
    for cat, text in samples.items():
        assert kb.prefilter.search(("2026-01-05T10:00:00.0000000Z " + text).encode())
        assert cat in {p.category for p in kb.match(text)}


def test_each_ci_systems_time_limit_message_is_a_timeout():
    # The messages as each system documents/prints them when it stops a job at its time limit.
    messages = [
        "The job exceeded the maximum time limit for jobs, and has been terminated.",  # Travis CI
        "Timeout has been exceeded",  # Jenkins Pipeline `timeout` step
        "Too long with no output (exceeded 10m0s): context deadline exceeded",  # CircleCI
        "##[error]The job running on agent Hosted Agent ran longer than the maximum time of 60 minutes.",  # Azure
    ]
    for message in messages:
        log = "\n".join(["$ ./run-integration-tests.sh", "Starting services", "running suite 3 of 9", message]) + "\n"
        a = analyze(log)
        assert a.category == "timeout", message
        assert a.key_lines[0].text.endswith(message.removeprefix("##[error]")), message
