"""Key paths as people read them: ``issues.labels[0]``, safe to print on one line."""

from __future__ import annotations

MAX_KEY_SHOWN = 60


def show_key(key) -> str:
    """A key as it can safely appear in one line of output: control characters escaped (a key
    cannot forge extra output lines or workflow commands), long keys shortened."""
    text = str(key)
    if not text.isprintable():
        text = repr(text)[1:-1]
    return text if len(text) <= MAX_KEY_SHOWN else text[: MAX_KEY_SHOWN - 3] + "..."


def format_path(path) -> str:
    """``("issues", "labels", 0)`` -> ``"issues.labels[0]"``."""
    out = ""
    for part in path:
        if isinstance(part, int) and not isinstance(part, bool):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + show_key(part)
    return out
