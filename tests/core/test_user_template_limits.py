"""User templates: sandboxed, and bounded in time, memory and output size."""

from __future__ import annotations

import time

import jinja2
import pytest

from autoheal.render import TemplateLimitError, render_user_template


def test_a_plain_template_renders_with_filters():
    out = render_user_template("Hi {{ name | neutral }} {{ missing.attr }}!", name="@alice")
    assert out.startswith("Hi @\u200dalice") and out.endswith("!")


def test_nested_huge_loops_stop_at_the_deadline():
    hang = "{% for i in range(10**9) %}{% for j in range(10**9) %}x{% endfor %}{% endfor %}"
    silent = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
    for text in (hang, silent):
        start = time.monotonic()
        try:
            out = render_user_template(text, limit=1000, seconds=2)
        except TemplateLimitError:
            out = None
        elapsed = time.monotonic() - start
        assert elapsed < 6, elapsed
        assert out is None or len(out) <= 1000


def test_a_silent_endless_template_is_an_error_naming_the_limit():
    silent = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
    with pytest.raises(TemplateLimitError, match="longer than 1 seconds"):
        render_user_template(silent, seconds=1)


def test_output_is_capped_while_generating():
    out = render_user_template("{% for i in range(100000) %}{{ 'y' * 1000 }}{% endfor %}", limit=5000, seconds=10)
    assert len(out) <= 5000 and out.startswith("yyyy") and "Truncated by autoheal" in out


def test_one_huge_value_hits_the_memory_cap():
    with pytest.raises(TemplateLimitError):
        render_user_template("{{ 'x' * (10**10) }}", seconds=10)


def test_sandbox_and_syntax_errors_are_template_errors():
    with pytest.raises(jinja2.TemplateSyntaxError):
        render_user_template("{% for %}")
    with pytest.raises(jinja2.TemplateError):
        render_user_template("{{ ''.__class__.__mro__[1].__subclasses__() }}")
