"""The rendering gate: a value a template prints is inert unless autoheal marked it Trusted."""

from __future__ import annotations

import jinja2
import pytest

from autoheal.markdown import Trusted, neutralize, trusted
from autoheal.markers import marker
from autoheal.render import _PACKAGE_ENV, render_user_template

from .markdown_check import live_constructs

HOSTILE = [
    "@alice @org/team", "&#64;alice &#x40;bob &commat;carol", "\uff20dave", "#1 and octo/other#2 and GH-3",
    "[click](http://evil.example/x) [ref]: http://evil.example", "![beacon](http://evil.example/b.png)",
    "<img src=http://evil.example/b.gif> <a href=http://evil.example>x</a>", "</details><details open>",
    "https://evil.example/path and www.evil.example", "<http://evil.example>", "```\n", "~~~\n",
    "\\[x](http://evil.example)", "\x1b]8;;http://evil.example\x07link\x1b]8;;\x07", "\u202eevil\u202c",
]


def render_forgetful(value):
    """A template that prints a value with no filter at all."""
    return _PACKAGE_ENV.from_string("before\n\n{{ value }}\n\nafter <!-- autoheal:x -->\n").render(value=value)


@pytest.mark.parametrize("text", HOSTILE)
def test_a_value_printed_without_a_filter_is_inert(text):
    out = render_forgetful(text)
    assert live_constructs(out) == [], out
    assert out.rstrip().endswith("after <!-- autoheal:x -->")  # no fence swallowed the rest
    assert "\x1b" not in out and "\u202e" not in out


def test_all_hostile_forms_at_once_through_every_filter():
    text = " ".join(HOSTILE)
    env = _PACKAGE_ENV
    for expr in ("value", "value | neutral", "value | oneline", "value | cell", "value | code", "value | fence"):
        out = env.from_string("x\n\n{{ " + expr + " }}\n\ny\n").render(value=text)
        assert live_constructs(out) == [], (expr, out)


def test_trusted_markdown_and_markers_pass_as_is():
    link = trusted("[run 1](https://github.com/o/r/actions/runs/1)")
    out = _PACKAGE_ENV.from_string("{{ link }} {{ m }} {{ n }}").render(link=link, m=marker("k", 1), n=3)
    assert out == "[run 1](https://github.com/o/r/actions/runs/1) <!-- autoheal:k=1 --> 3"
    assert live_constructs(out, allowed_hrefs=("https://github.com/o/r/",)) == []


def test_trust_does_not_spread():
    joined = Trusted("a ") + "@bob"
    assert type(joined) is str
    assert "@\u200dbob" in render_forgetful(joined)


def test_user_templates_cannot_vouch_for_text():
    with pytest.raises(jinja2.TemplateError):
        render_user_template("{{ v | trusted }}", v="@alice")
    assert live_constructs(render_user_template("{{ v }}", v="@alice [x](http://e.x)")) == []


def test_url_filter_keeps_only_plain_http_urls():
    env = _PACKAGE_ENV
    for bad in ("javascript:alert(1)", "https://x.y/a) [z](http://evil", "http://x y", "data:text/html,x"):
        assert env.from_string("{{ u | url }}").render(u=bad) == ""
    assert env.from_string("{{ u | url }}").render(u="https://github.com/o/r/runs/1?a=b#c") == "https://github.com/o/r/runs/1?a=b#c"


def test_neutralize_keeps_text_readable():
    out = neutralize("E   assert a & b < c [1] @x #2")
    plain = out.replace("\u200d", "")
    assert plain == "E   assert a &amp; b &lt; c \\[1\\] @x #2"
