"""docs/troubleshooting.md lists every error and warning autoheal can print.

The scan (tests/docs/error_messages.py) reads autoheal's source, not the page, so a new
`raise InputError(...)` or `annotate("warning", ...)` fails this test until its message is documented.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .error_messages import MIN_FRAGMENT, Message, literal_fragments, scan, schema_messages
from .markdown_blocks import REPO_ROOT

PAGE = REPO_ROOT / "docs" / "troubleshooting.md"
SRC = REPO_ROOT / "src"


def normalized(text: str) -> str:
    """Page text as a reader sees it for searching: table-escaped pipes unescaped, whitespace runs
    (a line break inside a paragraph) as one space."""
    return re.sub(r"\s+", " ", text.replace("\\|", "|"))


@pytest.fixture(scope="module")
def page_text() -> str:
    return normalized(PAGE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def messages() -> list[Message]:
    return scan(SRC) + schema_messages(SRC)


def test_the_scan_finds_the_errors_autoheal_has(messages):
    """Guards the scan itself: if it silently stopped finding things, the next test would pass vacuously."""
    kinds = {m.kind for m in messages}
    assert {"InputError", "AutohealError", "GitHubAPIError", "MissingPermission", "BudgetExhausted",
            "NotImplementedYet", "Problem", "annotate:error", "annotate:warning", "schema"} <= kinds
    files = {m.file for m in messages}
    assert {"autoheal/runner.py", "autoheal/runtime.py", "autoheal/gateway.py",
            "autoheal/config/validate.py"} <= files
    assert not any(m.file.startswith("autoheal/sim/") for m in messages)
    documented = [m for m in messages if m.fragment]
    assert len(documented) >= 100, f"only {len(documented)} messages found: is the scan broken?"


def test_every_message_is_on_the_page(messages, page_text):
    missing = sorted({(m.fragment, m.where()) for m in messages if m.fragment and normalized(m.fragment) not in page_text})
    assert not missing, (
        f"{len(missing)} message(s) autoheal can print are not in docs/troubleshooting.md; add each "
        "(as the user sees it, with <placeholders>), what it means and the fix:\n"
        + "\n".join(f"  {where}: {fragment!r}" for fragment, where in missing)
    )


def shape_pattern(message: Message) -> re.Pattern[str] | None:
    """For a message whose literal text is all short ("expected {type}, got {kind}"): its literal pieces
    in order, anything between them, on one line. None for a pure relay (`str(exc)`), which has none."""
    pieces = [normalized(f) for f in message.fragments if f.strip()]
    if not pieces:
        return None
    return re.compile(".*?".join(re.escape(p) for p in pieces))


def test_short_messages_are_documented_by_their_shape(messages):
    """Messages with no literal piece of MIN_FRAGMENT characters are checked by shape instead: their
    literal pieces, in order, on one line of the page (`expected <type>, got <kind>`). Messages with
    no literal text at all only relay one made elsewhere, which the test above checks where it is made."""
    lines = [normalized(line) for line in PAGE.read_text(encoding="utf-8").splitlines()]
    missing = []
    for message in messages:
        pattern = None if message.fragment else shape_pattern(message)
        if pattern is not None and not any(pattern.search(line) for line in lines):
            missing.append(f"  {message.where()}: {message.source}")
    assert not missing, "messages not in docs/troubleshooting.md, not even by shape:\n" + "\n".join(sorted(missing))


def test_a_missing_message_is_reported(messages):
    """The check can fail: a message the page does not have is caught, by fragment and by shape."""
    made_up = Message("autoheal/x.py", 1, "InputError", ("the flux capacitor is not charged",), "'...'")
    assert made_up.fragment and normalized(made_up.fragment) not in normalized(PAGE.read_text(encoding="utf-8"))
    short = Message("autoheal/x.py", 1, "InputError", ("zz ", " qq"), "f'zz {a} qq'")
    assert short.fragment is None
    assert not any(shape_pattern(short).search(line) for line in PAGE.read_text(encoding="utf-8").splitlines())


# -- the scan itself ----------------------------------------------------------------------------------


def _fragments(expr: str) -> list[str]:
    import ast

    return literal_fragments(ast.parse(expr, mode="eval").body)


def test_fragments_of_f_strings_concatenation_and_branches():
    assert _fragments("f'{what}: cannot reach {url} ({name})'") == [": cannot reach ", " (", ")"]
    assert _fragments("'a' + f'b{x}c'") == ["a", "b", "c"]
    assert _fragments("'expected non-empty text' if n == 1 else f'expected at least {n} characters'") == [
        "expected non-empty text", "expected at least ", " characters"]
    assert _fragments("node.get('x', f'expected text matching {v}')") == ["expected text matching "]
    assert _fragments("str(exc)") == []


def test_scan_finds_each_way_of_making_a_message(tmp_path: Path):
    """A fake package exercising every recognised form; the simulator folder is left out."""
    pkg = tmp_path / "autoheal"
    (pkg / "config").mkdir(parents=True)
    (pkg / "sim").mkdir()
    (pkg / "stages").mkdir()
    (pkg / "stages" / "x.py").write_text(
        "def run(ctx, path):\n"
        "    raise InputError('log', f'file {path} is quite unreadable')\n"
        "def two(ctx):\n"
        "    text = 'a message assigned first'\n"
        "    raise AutohealError(text, 'hint')\n"
        "def three(ctx):\n"
        "    ctx.rt.annotate('error', 'an error annotation here')\n"
        "    ctx.rt.annotate('notice', 'a notice is not an error')\n"
        "    ctx.rt.warn(f'a warning about {ctx}')\n"
        "    raise MissingPermission(message='keyword message text')\n"
    )
    (pkg / "config" / "v.py").write_text(
        "def check(source, where, path):\n"
        "    def at_value(message, hint=''):\n"
        "        return Problem(source, *where, path, message, hint)\n"
        "    out = [Problem(source, 1, 2, 'k', 'a direct problem message', 'hint')]\n"
        "    out.append(at_value(f'a forwarded message {path}'))\n"
        "    result.mistakes.append(((path,), 'a workflow-auto-fix-shape mistake', '', True))\n"
        "    return out\n"
    )
    (pkg / "sim" / "s.py").write_text("raise GitHubAPIError('the simulator is test equipment')\n")
    found = {(m.kind, m.fragment) for m in scan(tmp_path)}
    assert found == {
        ("InputError", "is quite unreadable"),
        ("AutohealError", "a message assigned first"),
        ("annotate:error", "an error annotation here"),
        ("annotate:warning", "a warning about"),
        ("MissingPermission", "keyword message text"),
        ("Problem", "a direct problem message"),
        ("Problem", "a forwarded message"),
        ("Problem", "a workflow-auto-fix-shape mistake"),
    }
    assert all(len(f) >= MIN_FRAGMENT for _, f in found)
