"""Jinja rendering of issue, PR and comment bodies.

Built-in templates live in `autoheal/templates/*.md.j2`. Users may override a body with their own
template file (an input or config key); those are rendered in Jinja's sandbox.

The gate: every value a template prints is neutralised (autoheal.markdown.neutralize) unless it is
`Trusted` — autoheal's own Markdown, or the output of a safety filter: `neutral` (prose), `fence` (code
block), `code` (inline span), `oneline` (titles), `cell` (table cells). So a template or a call site that
forgets a filter prints inert text, never a live mention, link or tag. Built-in templates may mark
autoheal's own composed Markdown with the `trusted` filter; user templates cannot. Output is always
truncated to GitHub's body limit.
"""

from __future__ import annotations

import multiprocessing
import re
import threading
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from .markdown import GITHUB_BODY_LIMIT, Trusted, fence, inline_code, neutralize, trusted, truncate, truncate_line


def _table_cell(text: Any, n: int = 120) -> Trusted:
    """One table cell: `_oneline`, with `|` escaped."""
    return Trusted(_oneline(text, n).replace("|", "\\|"))


_SAFE_URL = re.compile(r"https?://[A-Za-z0-9.-]+(?::\d+)?(?:/[A-Za-z0-9._~/%+=&?#:@!$,;*-]*)?")


def _url(value: Any) -> Trusted:
    """A link target: an http(s) URL with nothing that can end the link or start markup, else empty."""
    text = str(value or "")
    return Trusted(text) if _SAFE_URL.fullmatch(text) else Trusted("")


def _oneline(value: Any, n: int = 300) -> Trusted:
    return value if isinstance(value, Trusted) and "\n" not in value else neutralize(truncate_line(str(value), n))


def _finalize(value: Any) -> Any:
    """What a template prints: `Trusted` as is, numbers as numbers, everything else neutralised."""
    if isinstance(value, Trusted) or value is None or isinstance(value, (bool, int, float)):
        return value
    return neutralize(str(value))


def _configure(env: jinja2.Environment, *, own: bool = False) -> jinja2.Environment:
    env.finalize = _finalize
    env.filters.update(
        neutral=lambda v: neutralize(str(v)),
        fence=lambda v, lang="": fence(str(v), lang),
        code=lambda v: inline_code(str(v)),
        oneline=_oneline,
        cell=_table_cell,
        url=_url,
    )
    if own:  # only autoheal's own templates may vouch for what they compose
        env.filters["trusted"] = lambda v: trusted(str(v))
    return env


_PACKAGE_ENV = _configure(jinja2.Environment(
    loader=jinja2.PackageLoader("autoheal", "templates"),
    undefined=jinja2.StrictUndefined,
    autoescape=False,
    keep_trailing_newline=True,
    trim_blocks=True,
    lstrip_blocks=True,
), own=True)


def render(name: str, *, limit: int = GITHUB_BODY_LIMIT, **context: Any) -> Trusted:
    """Render a built-in template (e.g. `issue.md.j2`); the result is `Trusted` (it went through the gate)."""
    return Trusted(truncate(_PACKAGE_ENV.get_template(name).render(**context), limit))


USER_TEMPLATE_SECONDS = 5.0
"""Wall-clock limit for rendering one user template (a built-in body renders in milliseconds)."""
USER_TEMPLATE_MEMORY = 512 * 1024 * 1024
"""Address-space limit of the process that renders a user template."""


class TemplateLimitError(jinja2.TemplateError):
    """A user template ran past its time or memory limit, or failed in a way Jinja does not report."""


def render_user_template(text: str, *, limit: int = GITHUB_BODY_LIMIT, seconds: float = USER_TEMPLATE_SECONDS,
                         **context: Any) -> str:
    """Render a user's template text in the sandbox (a config file must not run arbitrary code), in a
    child process with a deadline and a memory cap, so no template can hang or exhaust the run.

    Jinja's sandbox stops attribute tricks but not work: `{% for i in range(10**5) %}` nested twice is
    10^10 iterations producing nothing, `{{ "x" * 10**10 }}` one huge string, and neither can be
    interrupted from inside Python. A process can be: it is killed at the deadline. Output is streamed
    and generation stops once `limit` characters are produced, then truncated as for built-in bodies.
    """
    ctx = multiprocessing.get_context(_start_method())
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_render_child, args=(send, text, limit, context), daemon=True)
    child.start()
    send.close()
    try:
        if not receive.poll(seconds):
            raise TemplateLimitError(f"rendering took longer than {seconds:g} seconds and was stopped")
        try:
            kind, payload, lineno = receive.recv()
        except EOFError:
            raise TemplateLimitError("the process rendering it died (out of memory?)") from None
    finally:
        receive.close()
        if child.is_alive():
            child.kill()
        child.join()
    if kind == "ok":
        return Trusted(truncate(payload, limit))
    if kind == "syntax":
        raise jinja2.TemplateSyntaxError(payload, lineno or 1)
    raise TemplateLimitError(payload)


# A plain fork when this process has one thread (the CLI and the action): fastest, and nothing of the
# caller's `__main__` is imported again. With other threads running (the embedded simulator in tests
# and the demo) a fork could inherit a lock another thread holds, so the child comes from forkserver's
# clean single-threaded server instead, which preloads this module so each render still starts fast.
_METHODS = multiprocessing.get_all_start_methods()
if "forkserver" in _METHODS:
    multiprocessing.set_forkserver_preload([__name__])


def _start_method() -> str:
    if "fork" in _METHODS and threading.active_count() == 1:
        return "fork"
    return "forkserver" if "forkserver" in _METHODS else "spawn"


def _render_child(send: Any, text: str, limit: int, context: dict[str, Any]) -> None:
    """In the child: cap memory, render by streaming until `limit` characters, send the outcome."""
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (USER_TEMPLATE_MEMORY, USER_TEMPLATE_MEMORY))
    except (ImportError, ValueError, OSError):  # no rlimits on this platform: the deadline still holds
        pass
    try:
        env = _configure(SandboxedEnvironment(undefined=jinja2.ChainableUndefined, autoescape=False,
                                              keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True))
        parts, size = [], 0
        for chunk in env.from_string(text).generate(**context):
            parts.append(chunk)
            size += len(chunk)
            if size > limit:
                break
        outcome = ("ok", "".join(parts), None)
    except jinja2.TemplateSyntaxError as exc:
        outcome = ("syntax", exc.message or str(exc), exc.lineno)
    except MemoryError:
        outcome = ("error", f"rendering needed more than {USER_TEMPLATE_MEMORY // 2**20} MiB and was stopped", None)
    except Exception as exc:  # noqa: BLE001 - a user's template may raise anything; report it, never crash
        outcome = ("error", f"{type(exc).__name__}: {exc}"[:500], None)
    try:
        send.send(outcome)
    finally:
        send.close()
