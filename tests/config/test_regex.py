"""Category patterns must compile under RE2, the analyzer's engine; problems name their key."""

import json

import pytest
import re2

from autoheal.config import load_config
from autoheal.config.validate import regex_error

from config_helpers import problems, text_at


@pytest.mark.parametrize(
    "pattern, hint",
    [
        (r"(a)\1", "RE2 has no backreferences"),
        (r"(?P<x>a)(?P=x)", "RE2 has no named backreferences"),
        (r"foo(?=bar)", "RE2 has no lookahead or lookbehind"),
        (r"foo(?!bar)", "RE2 has no lookahead or lookbehind"),
        (r"(?<=foo)bar", "RE2 has no lookahead or lookbehind"),
        (r"(?<!foo)bar", "RE2 has no lookahead or lookbehind"),
        (r"a++", "RE2 has no possessive quantifiers"),
        (r"[unclosed", ""),
        (r"(open", ""),
        (r"a{1001}", ""),
        (r"\Z", ""),
    ],
)
def test_patterns_re2_rejects_are_problems_at_their_key(pattern, hint):
    text = f"categories:\n  mine:\n    pattern: '{pattern}'\n"
    p = problems(text)["categories.mine.pattern"]
    assert p.message.startswith("expected a regular expression in RE2 syntax: ")
    assert p.hint == hint
    assert text_at(text, p).startswith(f"'{pattern}'")


@pytest.mark.parametrize(
    "pattern",
    [r"ModuleNotFoundError: No module named '([\w.]+)'", r"(?i)timed? ?out", r"^\s*FAILED (\S+)::",
     r"exit code (\d+)", r"(?P<file>[^:]+):(?P<line>\d+)", r"(a+)+$"],
)
def test_patterns_re2_accepts_load(pattern):
    cfg = load_config(f"categories:\n  mine:\n    pattern: {json.dumps(pattern)}\n")
    assert cfg.category("mine")["pattern"] == pattern
    re2.compile(pattern)  # and the analyzer's engine agrees


def test_regex_error_matches_re2_exactly():
    for pattern in [r"ok\d", r"(a)\1", r"(?=x)", "[", r"\pN", r"\p{Greek}", r"\C"]:
        try:
            re2.compile(pattern)
            accepted = True
        except re2.error:
            accepted = False
        assert (regex_error(pattern) is None) == accepted, pattern


def test_every_bad_pattern_is_reported_not_just_the_first():
    text = "categories:\n  a: {pattern: '(a)\\1'}\n  b: {pattern: ok}\n  c: {pattern: '(?=x)'}\n"
    assert set(problems(text)) == {"categories.a.pattern", "categories.c.pattern"}


def test_empty_pattern_is_a_problem():
    assert problems("categories:\n  a: {pattern: ''}\n")["categories.a.pattern"].message == "expected non-empty text"


def test_nul_in_pattern_does_not_crash():
    found = problems('categories:\n  a: {pattern: "x\\0y"}\n')
    assert set(found) <= {"categories.a.pattern"}
