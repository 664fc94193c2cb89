"""Branch names: valid for real git whatever the title, deterministic, readable."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autoheal.fixes.refname import SLUG_MAX, branch_name, is_valid_branch_name, slugify

GIT = shutil.which("git")
needs_git = pytest.mark.skipif(GIT is None, reason="git is not installed")


def git_accepts_branch(name: str) -> bool:
    """Ask the real git (the authority) whether `name` is a valid branch name."""
    done = subprocess.run([GIT, "check-ref-format", "--branch", name], capture_output=True, check=False)
    return done.returncode == 0


HOSTILE_TITLES = [
    "ModuleNotFoundError: No module named 'yaml'",
    "Ünïcödé façade — naïve café",
    "修复 CI 失败",
    "🔥🔥🔥",
    "a..b",
    "foo@{upstream}",
    "release.lock",
    "ends with .lock",
    "~^:?*[\\",
    "tabs\tand\nnewlines\rand\x00nul\x07bell\x7fdel",
    "   ",
    "",
    "-leading dash",
    "/leading/slash/",
    "trailing dot.",
    "x" * 300,
    "word " * 80,
    "@",
    "HEAD",
    ".hidden",
    "refs/heads/main",
    "$(rm -rf /) `id` ; && ||",
    "!!!---!!!",
]


@needs_git
@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_hostile_titles_give_names_real_git_accepts(title):
    name = branch_name(42, title)
    assert git_accepts_branch(name), name
    assert name.startswith("autoheal/42")
    assert len(name) <= len("autoheal/42-") + SLUG_MAX


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("ModuleNotFoundError: No module named 'yaml'", "autoheal/7-modulenotfounderror-no-module-named-yaml"),
        ("Ünïcödé façade", "autoheal/7-unicode-facade"),
        ("test (3.12) timed out", "autoheal/7-test-3-12-timed-out"),
        ("修复 CI 失败", "autoheal/7-ci"),
        ("🔥🔥🔥", "autoheal/7"),
        ("", "autoheal/7"),
        ("release.lock", "autoheal/7-release-lock"),
        ("a..b@{u}", "autoheal/7-a-b-u"),
    ],
)
def test_slug_is_readable(title, expected):
    assert branch_name(7, title) == expected


def test_long_titles_are_cut_at_a_word_boundary():
    slug = slugify("alpha " * 30)
    assert len(slug) <= SLUG_MAX
    assert set(slug.split("-")) == {"alpha"}
    assert slugify("z" * 300) == "z" * SLUG_MAX


def test_deterministic_and_prefix_configurable():
    assert branch_name(5, "Same title") == branch_name(5, "Same title")
    assert branch_name(5, "Same title", prefix="bots/heal-") == "bots/heal-5-same-title"


@pytest.mark.parametrize("number", [0, -1, True, 3.0, "12"])
def test_bad_issue_numbers_are_rejected(number):
    with pytest.raises(ValueError, match="issue number"):
        branch_name(number, "title")


@pytest.mark.parametrize("prefix", ["../", "a b/", "x.lock/", "/", "-x/", "a@{/"])
def test_invalid_prefix_is_rejected(prefix):
    with pytest.raises(ValueError, match="prefix"):
        branch_name(1, "title", prefix=prefix)


RAW_NAMES = [
    "autoheal/1-ok", "a..b", "a/.b", "a.lock", "a/b.lock/c", "a b", "a~b", "a^b", "a:b", "a?b", "a*b",
    "a[b", "a\\b", "a\x01b", "a\x7fb", "a//b", "/a", "a/", "a.", "a@{b", "a@b", "-a", "é/ü", "x/y/z",
]


@needs_git
@pytest.mark.parametrize("name", RAW_NAMES)
def test_validator_agrees_with_git(name):
    assert is_valid_branch_name(name) == git_accepts_branch(name)


@needs_git
@settings(max_examples=100, deadline=None)
@given(number=st.integers(min_value=1, max_value=10**9), title=st.text(max_size=400))
def test_any_title_gives_a_name_git_accepts(number, title):
    name = branch_name(number, title)
    assert is_valid_branch_name(name)
    assert git_accepts_branch(name), name
