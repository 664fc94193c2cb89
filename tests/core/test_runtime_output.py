"""What the runtime prints, writes to the summary and outputs: no credential, no runner command, no escape."""

from __future__ import annotations

import io

import pytest

from autoheal.runtime import Runtime, defuse_line

TOKEN = "ghs_" + "Q1w2E3r4T5" * 3 + "y6U7i8"


@pytest.fixture
def rt(tmp_path):
    env = {"GITHUB_ACTIONS": "true", "GITHUB_OUTPUT": str(tmp_path / "out"), "GITHUB_STEP_SUMMARY": str(tmp_path / "sum")}
    return Runtime(env=env, stdout=io.StringIO(), stderr=io.StringIO())


def test_credentials_never_reach_stdout_summary_outputs_or_annotations(rt, tmp_path):
    rt.info(f"log says {TOKEN}")
    rt.annotate("error", f"failed with {TOKEN}", title=f"job {TOKEN}")
    rt.summary(f"| key | {TOKEN} |")
    rt.set_output("analysis", {"key_lines": [{"text": f"AWS_SECRET_ACCESS_KEY={'a' * 40}"}]})
    rt.group(f"group {TOKEN}")
    written = rt.stdout.getvalue() + (tmp_path / "sum").read_text() + (tmp_path / "out").read_text()
    assert TOKEN not in written and "a" * 40 not in written
    assert written.count("[REDACTED") == 6  # the annotation has two


@pytest.mark.parametrize("line", [
    "job name ##[set-env name=X]y", "x ::add-mask::secret", "::error::forged", "  ::stop-commands::tok",
    "##[group]x", "name: foo ::set-output name=a::b",
])
def test_runner_commands_are_dead_anywhere_in_a_line(line):
    out = defuse_line(line)
    assert "##[" not in out
    assert not out.lstrip().startswith("::")
    for cmd in ("add-mask", "set-output", "stop-commands", "error"):
        assert f"::{cmd}" not in out


@pytest.mark.parametrize("escape", [
    "\x1b]8;;http://evil.example/\x1b\\click\x1b]8;;\x1b\\",  # OSC 8 hyperlink
    "\x1b]52;c;ZXZpbA==\x07",  # OSC 52 clipboard write
    "\x1b[2J\x1b[1;1H", "\x07", "\x9b31m", "\x85", "\u202eevil\u202c", "\u2066x\u2069",
])
def test_terminal_escapes_and_bidi_are_stripped(escape):
    out = defuse_line("a" + escape + "b")
    assert all(ord(c) >= 0x20 and not 0x7f <= ord(c) <= 0x9f for c in out), repr(out)
    assert not any(0x202a <= ord(c) <= 0x202e or 0x2066 <= ord(c) <= 0x2069 for c in out)
    assert "evil.example" not in out and "ZXZpbA" not in out


def test_readable_text_is_kept():
    assert defuse_line("FAILED tests/a.py::TestX::test_y - assert 1 == 2") == "FAILED tests/a.py::TestX::test_y - assert 1 == 2"
