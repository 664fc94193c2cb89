"""stale-cleanup's texts: the warning and closing comments, from the built-in or the user's template."""

from __future__ import annotations

from typing import Any

from ...markers import marker
from ...render import render, render_user_template
from .model import STALE_MARKER, Settings


def message(s: Settings, kind: str, context: dict[str, Any]) -> str:
    custom = s.stale_message if kind == "warn" else s.close_message
    body = render_user_template(custom, **context) if custom else render(
        "stale_warning.md.j2" if kind == "warn" else "stale_close.md.j2", **context)
    return body.rstrip() + "\n\n" + (marker(STALE_MARKER) if kind == "warn" else marker("stale-closed")) + "\n"
