"""The runtime layer, exercised through the real `autoheal` entrypoint in a subprocess, as the runner does."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from autoheal.runtime import Runtime, escape_data, escape_property, input_env_name, parse_value
from autoheal.spec import Input
from autoheal.errors import InputError


def run_autoheal(args, env_extra, tmp_path: Path, *, actions=True):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("INPUT_", "GITHUB_", "RUNNER_"))}
    env["PATH"] = os.environ["PATH"]
    if actions:
        env.update({
            "GITHUB_ACTIONS": "true",
            "GITHUB_OUTPUT": str(tmp_path / "output"),
            "GITHUB_STEP_SUMMARY": str(tmp_path / "summary"),
            "GITHUB_WORKSPACE": str(tmp_path),
        })
    env.update(env_extra)
    return subprocess.run([sys.executable, "-m", "autoheal", *args], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)


def parse_output_file(text: str) -> dict[str, str]:
    """Parse GITHUB_OUTPUT exactly as the runner does (heredoc form)."""
    values, lines, i = {}, text.split("\n"), 0
    while i < len(lines) and lines[i]:
        name, _, delim = lines[i].partition("<<")
        body = []
        i += 1
        while lines[i] != delim:
            body.append(lines[i])
            i += 1
        values[name] = "\n".join(body)
        i += 1
    return values


def test_bad_int_input_names_the_input_and_exits_1(tmp_path):
    proc = run_autoheal(["open-issue"], {"INPUT_MIN-CONFIDENCE": "abc", "GITHUB_TOKEN": "tok-123456",
                                         "GITHUB_REPOSITORY": "octo/app"}, tmp_path)
    assert proc.returncode == 1
    errors = [ln for ln in proc.stdout.splitlines() if ln.startswith("::error")]
    assert len(errors) == 1
    assert "min-confidence" in errors[0] and "whole number" in errors[0]
    assert "Traceback" not in proc.stderr


def test_token_is_masked_before_anything_else(tmp_path):
    proc = run_autoheal(["open-issue"], {"INPUT_TOKEN": "ghp_secretvalue", "INPUT_MIN-CONFIDENCE": "x",
                                         "GITHUB_REPOSITORY": "octo/app"}, tmp_path)
    first = proc.stdout.splitlines()[0]
    assert first == "::add-mask::ghp_secretvalue"
    assert "ghp_secretvalue" not in "\n".join(proc.stdout.splitlines()[1:]) + proc.stderr


def test_missing_token_names_github_token(tmp_path):
    proc = run_autoheal(["open-issue", "--repo", "x/y"], {}, tmp_path, actions=False)
    assert proc.returncode == 1
    assert "GITHUB_TOKEN" in proc.stderr


def test_bad_repo_is_named(tmp_path):
    proc = run_autoheal(["open-issue", "--repo", "nonsense", "--token", "t0ken"], {}, tmp_path, actions=False)
    assert proc.returncode == 1
    assert "input 'repo'" in proc.stderr and "OWNER/NAME" in proc.stderr


def test_unexpected_exception_is_one_line_without_traceback_unless_debug():
    import io

    from autoheal.runner import run_stage
    from autoheal.spec import StageSpec

    def crash(ctx):
        raise ValueError("boom")

    spec = StageSpec("crashy", "t", "d", inputs=(), outputs=(), run=crash, needs_github=False)
    for debug, expect_tb in (("0", False), ("1", True)):
        out, err = io.StringIO(), io.StringIO()
        rt = Runtime(env={"GITHUB_ACTIONS": "true", "RUNNER_DEBUG": debug}, stdout=out, stderr=err)
        assert run_stage(spec, {}, rt) == 1
        errors = [ln for ln in out.getvalue().splitlines() if ln.startswith("::error")]
        assert len(errors) == 1 and "ValueError: boom" in errors[0]
        assert ("Traceback" in err.getvalue()) is expect_tb


def test_version_and_help_list_every_stage(tmp_path):
    proc = run_autoheal(["--version"], {}, tmp_path, actions=False)
    assert proc.returncode == 0 and re.match(r"autoheal \d+\.\d+", proc.stdout)
    helptext = run_autoheal(["--help"], {}, tmp_path, actions=False).stdout
    for stage in ["analyze-failure", "open-issue", "draft-pr", "copilot-review", "pr-monitor",
                  "stale-cleanup", "health-check", "sync-workflows", "heal", "validate-config", "init", "demo", "sim"]:
        assert stage in helptext


# -- unit level: the same functions the entrypoint uses ---------------------------------------------

def test_output_file_is_heredoc_and_multiline_safe(tmp_path):
    out = tmp_path / "out"
    rt = Runtime(env={"GITHUB_OUTPUT": str(out)})
    tricky = "line1\nEOF\nghadelimiter_x\n%0A literal"
    rt.set_output("body", tricky)
    rt.set_output("flag", True)
    rt.set_output("data", {"a": [1, 2]})
    values = parse_output_file(out.read_text())
    assert values == {"body": tricky, "flag": "true", "data": '{"a": [1, 2]}'}
    delims = re.findall(r"<<(\S+)", out.read_text())
    assert len(set(delims)) == 3  # a fresh random delimiter per output


def test_annotation_escaping_matches_github():
    assert escape_data("50%\r\ndone") == "50%25%0D%0Adone"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_annotation_format(capsys):
    import io
    buf = io.StringIO()
    rt = Runtime(env={"GITHUB_ACTIONS": "true"}, stdout=buf)
    rt.annotate("error", "bad thing\nsecond", file="src/a,b.py", line=3, col=7, title="x:y")
    assert buf.getvalue() == "::error file=src/a%2Cb.py,line=3,col=7,title=x%3Ay::bad thing%0Asecond\n"


def test_info_cannot_smuggle_workflow_commands():
    import io
    buf = io.StringIO()
    rt = Runtime(env={"GITHUB_ACTIONS": "true"}, stdout=buf)
    rt.info("log says:\n::add-mask::nothing\n  ::set-output name=x::y")
    for line in buf.getvalue().splitlines():
        assert not line.lstrip().startswith("::")


def test_summary_appends(tmp_path):
    path = tmp_path / "s.md"
    rt = Runtime(env={"GITHUB_STEP_SUMMARY": str(path)})
    rt.summary("# one")
    rt.summary("two\n")
    assert path.read_text() == "# one\ntwo\n"


@pytest.mark.parametrize("kind,raw,expected", [
    ("bool", "TRUE", True), ("bool", "no", False), ("int", " 42 ", 42), ("float", "1.5", 1.5),
    ("list", "a, b\nc,,", ["a", "b", "c"]), ("str", "  x ", "x"),
])
def test_parse_value_kinds(kind, raw, expected):
    assert parse_value(Input("some-input", "d", kind=kind), raw) == expected


@pytest.mark.parametrize("kind,raw,fragment", [
    ("bool", "maybe", "true or false"), ("int", "1.5", "whole number"), ("float", "x", "a number"),
])
def test_parse_value_errors_name_the_input(kind, raw, fragment):
    with pytest.raises(InputError) as err:
        parse_value(Input("some-input", "d", kind=kind), raw)
    assert "some-input" in str(err.value) and fragment in str(err.value)


def test_range_is_enforced():
    with pytest.raises(InputError, match="from 0 to 100"):
        parse_value(Input("min-confidence", "d", kind="int", min=0, max=100), "101")


def test_input_env_name_keeps_hyphens():
    assert input_env_name("min-confidence") == "INPUT_MIN-CONFIDENCE"


def test_resolution_order_cli_then_input_then_fallback_then_default():
    spec = Input("api-url", "d", env_fallback=("GITHUB_API_URL",), default="https://api.github.com")
    rt = Runtime(env={"GITHUB_API_URL": "https://ghes/api/v3"})
    assert rt.resolve_inputs([spec], {})["api-url"] == "https://ghes/api/v3"
    rt = Runtime(env={"GITHUB_API_URL": "https://ghes/api/v3", "INPUT_API-URL": "http://in"})
    assert rt.resolve_inputs([spec], {})["api-url"] == "http://in"
    assert rt.resolve_inputs([spec], {"api-url": "http://cli"})["api-url"] == "http://cli"
    assert Runtime(env={}).resolve_inputs([spec], {})["api-url"] == "https://api.github.com"
    # The runner passes declared-but-unset inputs as empty strings: those mean "not given".
    assert Runtime(env={"INPUT_API-URL": ""}).resolve_inputs([spec], {})["api-url"] == "https://api.github.com"


def test_a_finding_reads_as_a_finding_in_a_terminal_and_as_an_annotation_in_actions(tmp_path):
    """A successful local analysis prints what it found as `finding:`, never `error:`."""
    import subprocess
    import sys
    from pathlib import Path

    log = Path(__file__).resolve().parents[2] / "docs" / "examples" / "logs" / "missing-yaml.log"
    env = {k: v for k, v in __import__("os").environ.items() if not k.startswith(("GITHUB_", "INPUT_", "RUNNER_"))}
    local = subprocess.run([sys.executable, "-m", "autoheal", "analyze-failure", "--log", str(log),
                            "--analysis-file", str(tmp_path / "a.json")],
                           capture_output=True, text=True, env=env, cwd=tmp_path)
    assert local.returncode == 0
    assert "finding: autoheal: missing_dependency" in local.stderr
    assert "error:" not in local.stdout + local.stderr
    actions = subprocess.run([sys.executable, "-m", "autoheal", "analyze-failure", "--log", str(log),
                              "--analysis-file", str(tmp_path / "b.json")], capture_output=True, text=True,
                             env={**env, "GITHUB_ACTIONS": "true"}, cwd=tmp_path)
    assert actions.returncode == 0
    assert "::error " in actions.stdout and "title=autoheal::autoheal: missing_dependency" in actions.stdout
