"""Untrusted text must not ping, link, inject HTML, load images or escape its fence."""

from __future__ import annotations

import re

from hypothesis import given, strategies as st

from autoheal.markdown import GITHUB_BODY_LIMIT, fence, inline_code, neutralize, truncate


def test_neutralize_defuses_mentions_refs_html_and_images():
    hostile = "@org/team ping @alice, see #12 and GH-3 </details><img src=x> ![x](http://evil/beacon.png)"
    out = neutralize(hostile)
    assert not re.search(r"(?<![\w`])@[A-Za-z0-9]", out)
    assert not re.search(r"(?<![\w&])#\d", out)
    assert "<" not in out and ">" not in out
    assert "![" not in out
    assert "GH-3" not in out
    # still readable: the words survive
    for word in ("org/team", "alice", "12", "details", "beacon.png"):
        assert word in out


def test_email_addresses_are_left_alone():
    assert neutralize("mail me at a@b.com") == "mail me at a@b.com"


@given(st.text())
def test_fence_cannot_be_escaped(text):
    block = fence(text)
    opening = block.split("\n", 1)[0]
    ticks = len(opening) - len(opening.lstrip("`"))
    inner = block[len(opening) + 1 : -ticks]
    assert "`" * ticks not in inner
    assert block.endswith("`" * ticks)


def test_fence_longer_than_backticks_inside():
    assert fence("a ```` b").startswith("`````\n")


def test_inline_code_cannot_be_closed_early():
    span = inline_code("x `y` ``z``")
    assert span.startswith("```") and span.endswith("```")


def test_truncate_keeps_limit_and_says_so_and_closes_fence():
    body = "intro\n```\n" + "x" * (GITHUB_BODY_LIMIT * 2)
    out = truncate(body)
    assert len(out) <= GITHUB_BODY_LIMIT
    assert "Truncated by autoheal" in out
    assert len(re.findall(r"^```", out, flags=re.MULTILINE)) % 2 == 0


def test_truncate_leaves_short_text_alone():
    assert truncate("short") == "short"
