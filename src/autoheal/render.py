"""Jinja rendering of issue, PR and comment bodies.

Built-in templates live in `autoheal/templates/*.md.j2`. Users may override a body with their own
template file (an input or config key); those are rendered in Jinja's sandbox. Untrusted values must be
passed through the filters below inside templates: `neutral` (prose), `fence` (code block), `code`
(inline span), `oneline` (titles, table cells). Output is always truncated to GitHub's body limit.
"""

from __future__ import annotations

from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from .markdown import GITHUB_BODY_LIMIT, fence, inline_code, neutralize, truncate, truncate_line


def _table_cell(text: Any) -> str:
    return neutralize(truncate_line(str(text), 120)).replace("|", "\\|")


def _configure(env: jinja2.Environment) -> jinja2.Environment:
    env.filters.update(
        neutral=lambda v: neutralize(str(v)),
        fence=lambda v, lang="": fence(str(v), lang),
        code=lambda v: inline_code(str(v)),
        oneline=lambda v, n=300: neutralize(truncate_line(str(v), n)),
        cell=_table_cell,
    )
    return env


_PACKAGE_ENV = _configure(jinja2.Environment(
    loader=jinja2.PackageLoader("autoheal", "templates"),
    undefined=jinja2.StrictUndefined,
    autoescape=False,
    keep_trailing_newline=True,
    trim_blocks=True,
    lstrip_blocks=True,
))


def render(name: str, *, limit: int = GITHUB_BODY_LIMIT, **context: Any) -> str:
    """Render a built-in template (e.g. `issue.md.j2`)."""
    return truncate(_PACKAGE_ENV.get_template(name).render(**context), limit)


def render_user_template(text: str, *, limit: int = GITHUB_BODY_LIMIT, **context: Any) -> str:
    """Render a user's template text in the sandbox (a config file must not run arbitrary code)."""
    env = _configure(SandboxedEnvironment(undefined=jinja2.ChainableUndefined, autoescape=False,
                                          keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True))
    return truncate(env.from_string(text).render(**context), limit)
