"""One CLI style everywhere: boolean flags with `--no-` forms, short forms, usage of the command at fault.

Read from the parsers themselves (the same capture the docs test uses), so a new option that breaks the
convention fails here.
"""

from __future__ import annotations

import argparse
import importlib
import subprocess
import sys

import pytest

from autoheal import cli
from autoheal.cli_options import BoolFlag, legacy_bool_values
from autoheal.stages import CHAINS, STAGES, load_spec


def stage_parser(name: str) -> argparse.ArgumentParser:
    parser = cli.build_parser()
    return next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices[name]


def tool_parsers(monkeypatch) -> dict[str, argparse.ArgumentParser]:
    class Parsed(Exception):
        pass

    found = {}
    for name, (module_name, _) in cli.TOOLS.items():
        def caught(self, *args, **kwargs):
            raise Parsed(self)

        with monkeypatch.context() as patch:
            patch.setattr(argparse.ArgumentParser, "parse_args", caught)
            patch.setattr(argparse.ArgumentParser, "parse_known_args", caught)
            try:
                importlib.import_module(module_name).main([])
            except Parsed as parsed:
                found[name] = parsed.args[0]
    return found


def _all_parsers(parser):
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                yield from _all_parsers(sub)


def flags_without_negative(parser: argparse.ArgumentParser) -> list[str]:
    bad = []
    for p in _all_parsers(parser):
        for action in p._actions:
            if isinstance(action, (argparse._StoreTrueAction, argparse._StoreFalseAction)):
                bad.append(f"{p.prog} {'/'.join(action.option_strings)}")
            if action.nargs == "?" and getattr(action, "const", None) in ("true", "false", True, False):
                bad.append(f"{p.prog} {'/'.join(action.option_strings)} [BOOL]")
    return bad


@pytest.mark.parametrize("name", list(STAGES) + list(CHAINS))
def test_every_stage_boolean_is_a_flag_with_a_no_form(name):
    parser = stage_parser(name)
    spec = load_spec(name)
    for item in spec.inputs:
        if item.kind != "bool":
            continue
        action = next(a for a in parser._actions if a.dest == item.name)
        assert isinstance(action, BoolFlag), f"--{item.name}"
        assert f"--no-{item.name}" in action.option_strings
    assert not flags_without_negative(parser)


def test_every_tool_boolean_has_a_no_form(monkeypatch):
    parsers = tool_parsers(monkeypatch)
    assert {"init", "validate-config", "demo"} <= set(parsers)
    bad = [b for p in parsers.values() for b in flags_without_negative(p)]
    assert not bad, bad


@pytest.mark.parametrize("argv, expected", [
    (["--dry-run"], "true"),
    (["--no-dry-run"], "false"),
    (["--dry-run", "true"], "true"),   # the old spelling still works
    (["--dry-run", "false"], "false"),
    (["--dry-run=no"], "false"),
    ([], None),
])
def test_dry_run_spellings(argv, expected):
    parser = stage_parser("open-issue")
    words = legacy_bool_values(argv, {"--dry-run", "--json"})
    assert getattr(parser.parse_args(words), "dry-run") == expected


def test_sync_workflows_check_is_mode_check():
    parser = stage_parser("sync-workflows")
    assert getattr(parser.parse_args(["--check"]), "mode") == "check"
    assert getattr(parser.parse_args(["--mode", "check"]), "mode") == "check"


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "autoheal", *args], capture_output=True, text=True, timeout=60)


def test_a_usage_error_shows_the_commands_usage():
    proc = run_cli("analyze-failure", "--bogus")
    assert proc.returncode == 2
    assert "usage: autoheal analyze-failure" in proc.stderr and "--bogus" in proc.stderr
    proc = run_cli("sync-workflows", "--dry-run=perhaps")
    assert proc.returncode == 2 and "usage: autoheal sync-workflows" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_help_shows_the_no_forms():
    proc = run_cli("open-issue", "--help")
    assert proc.returncode == 0 and "--dry-run, --no-dry-run" in proc.stdout
    assert "[BOOL]" not in proc.stdout
