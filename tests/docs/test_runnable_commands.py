"""Every command the docs show works.

1. Fenced blocks whose info string is `sh runnable` (README.md and docs/**/*.md) really run: one bash
   session per page (its blocks concatenated in page order), `set -euo pipefail`, cwd = the repository
   root, the venv's bin first on PATH, a throw-away HOME, 120 s. The session runs in its own process
   group, which is killed afterwards, so a background `autoheal sim serve` never outlives its test.
2. Every `autoheal <command> --<option>` shown in any code on any page (blocks and inline code) names a
   command and options the CLI really has, read from the parsers themselves.
"""

from __future__ import annotations

import argparse
import importlib
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from autoheal import cli

from .markdown_blocks import REPO_ROOT, code_spans, doc_pages, fenced_blocks

TIMEOUT_SECONDS = 120
EXTERNAL_TOOLS = ("curl", "timeout", "git")  # what a reader has but a bare Python image may not
VENV_BIN = Path(sys.executable).parent


def _rel(page: Path) -> str:
    return page.relative_to(REPO_ROOT).as_posix()


# -- 1. runnable blocks -------------------------------------------------------------------------------


def runnable_script(text: str) -> str:
    """The page's `sh runnable` blocks as one script, in page order ('' when it has none)."""
    blocks = [b for b in fenced_blocks(text) if b.words[:2] == ["sh", "runnable"]]
    return "".join(f"# --- block at line {b.line}\n{b.body}" for b in blocks)


def pages_with_runnable_blocks() -> list[Path]:
    return [p for p in doc_pages() if runnable_script(p.read_text(encoding="utf-8"))]


def hard_coded_ports(script: str) -> list[int]:
    """Ports a script binds or talks to by number (`--port N`, `127.0.0.1:N`, `localhost:N`)."""
    found = re.findall(r"--port[= ](\d+)|(?:127\.0\.0\.1|localhost):(\d+)", script)
    return sorted({int(a or b) for a, b in found})


def port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


@dataclass
class Session:
    returncode: int | None
    output: str
    timed_out: bool


def run_session(script: str, home: Path) -> Session:
    """Run `script` in bash like a reader would, and leave no process of it behind."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "INPUT_", "RUNNER_"))}
    env.update(HOME=str(home), PATH=f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}", VIRTUAL_ENV=str(VENV_BIN.parent),
               PYTHONDONTWRITEBYTECODE="1")
    # Output goes to a file, not a pipe: a background job keeps a pipe open, and the session is over
    # when bash exits, not when every job it started has closed its output.
    log_path = home.parent / f"{home.name}-session.log"
    with open(log_path, "w+", encoding="utf-8", errors="replace") as log:
        proc = subprocess.Popen(["bash", "-c", "set -euo pipefail\n" + script], cwd=REPO_ROOT, env=env,
                                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        timed_out = False
        try:
            proc.wait(timeout=TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            timed_out = True
        finally:
            _end_session(proc)  # and background jobs the script started and did not stop
        log.seek(0)
        output = log.read()
    return Session(None if timed_out else proc.returncode, output, timed_out)


def _end_session(proc: subprocess.Popen, *, grace_seconds: float = 10.0) -> None:
    """SIGKILL every process of the session's group, reap bash, and wait until the rest are gone
    (a killed server releases its port only once it has exited)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait()
    deadline = time.monotonic() + grace_seconds
    while time.monotonic() < deadline:
        try:
            os.killpg(proc.pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.02)


def test_the_quickstart_has_runnable_blocks():
    """The docs promise a tried quickstart: if its blocks lost their `sh runnable` mark, nothing would run."""
    assert REPO_ROOT / "docs" / "quickstart.md" in pages_with_runnable_blocks()


@pytest.mark.parametrize("page", pages_with_runnable_blocks(), ids=_rel)
def test_runnable_blocks_exit_0(page: Path, tmp_path: Path):
    script = runnable_script(page.read_text(encoding="utf-8"))
    if shutil.which("autoheal", path=str(VENV_BIN)) is None:
        pytest.skip(f"autoheal is not installed next to {sys.executable} (pip install -e '.[dev]')")
    absent = [tool for tool in EXTERNAL_TOOLS if re.search(rf"(^|[\s|;&(]){tool}\s", script, re.M) and not shutil.which(tool)]
    if absent:
        pytest.skip(f"{_rel(page)} uses {', '.join(absent)}, not installed on this machine")
    busy = [port for port in hard_coded_ports(script) if not port_is_free(port)]
    if busy:
        pytest.skip(f"{_rel(page)} uses port(s) {busy}, which something else on this machine holds")
    home = tmp_path / "home"
    home.mkdir()
    session = run_session(script, home)
    assert not session.timed_out, f"{_rel(page)}: still running after {TIMEOUT_SECONDS}s\n{session.output}"
    assert session.returncode == 0, f"{_rel(page)}: exit {session.returncode}\n{session.output}"
    leftovers = [port for port in hard_coded_ports(script) if not port_is_free(port)]
    assert not leftovers, f"{_rel(page)}: port(s) {leftovers} still held after the session was killed"


def test_a_failing_block_fails_and_its_background_job_dies(tmp_path: Path):
    """The runner is honest: a failing command in the middle fails the session (set -e, pipefail),
    and a background job it left is killed with it."""
    marker = tmp_path / "still-alive"
    script = (f"(sleep 30; touch {shlex.quote(str(marker))}) &\n"
              "false | cat\n"
              "echo not reached\n")
    session = run_session(script, tmp_path)
    assert session.returncode == 1 and "not reached" not in session.output
    probe = subprocess.run(["pgrep", "-f", f"touch {marker}"], capture_output=True, text=True)
    assert probe.returncode == 1, f"background job survived: {probe.stdout}"


# -- 2. every `autoheal <command> --<option>` exists ---------------------------------------------------

# `autoheal` at a command position: start of the code (after an optional `$ ` prompt or a YAML `run:`),
# or after a shell operator.
_COMMAND_AT = re.compile(r"(?:^\s*(?:\$\s+|-\s+run:\s*|run:\s*)?|[;&|]\s*|\$\(\s*)autoheal\s+(?P<rest>[a-z].*)$")


@dataclass(frozen=True)
class Mention:
    page: str
    line: int
    words: tuple[str, ...]  # the command line after `autoheal`, up to a shell operator or comment

    def __str__(self) -> str:
        return f"{self.page}:{self.line}: autoheal {' '.join(self.words)}"


def _command_words(rest: str) -> tuple[str, ...]:
    lexer = shlex.shlex(rest, posix=True, punctuation_chars=";&|()")
    lexer.whitespace_split = True
    words: list[str] = []
    try:
        for word in lexer:
            if word and set(word) <= set(";&|()"):
                break
            words.append(word)
    except ValueError:  # an unbalanced quote in an inline snippet: plain words are good enough
        words = rest.split("#")[0].split()
    return tuple(words)


def mentions() -> list[Mention]:
    found = []
    for page in doc_pages():
        for span in code_spans(page.read_text(encoding="utf-8")):
            for match in _COMMAND_AT.finditer(span.code):
                found.append(Mention(_rel(page), span.line, _command_words(match["rest"])))
    return found


class _Parsed(Exception):
    def __init__(self, parser: argparse.ArgumentParser):
        self.parser = parser


def _capture_parser(monkeypatch: pytest.MonkeyPatch, main, argv: list[str]) -> argparse.ArgumentParser:
    """The parser a tool's `main` builds, caught at its parse_args (nothing of the tool runs)."""

    def caught(self, *args, **kwargs):
        raise _Parsed(self)

    with monkeypatch.context() as patch:
        patch.setattr(argparse.ArgumentParser, "parse_args", caught)
        patch.setattr(argparse.ArgumentParser, "parse_known_args", caught)
        try:
            main(argv)
        except _Parsed as parsed:
            return parsed.parser
    raise AssertionError(f"{main.__module__}.main never parsed its arguments")


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _options(parser: argparse.ArgumentParser) -> set[str]:
    return {s for action in parser._actions for s in action.option_strings}


@pytest.fixture(scope="module")
def command_parsers(request) -> dict[str, argparse.ArgumentParser]:
    """`autoheal`'s commands -> the parser that really reads their options (a tool's own parser)."""
    monkeypatch = pytest.MonkeyPatch()
    request.addfinalizer(monkeypatch.undo)
    parsers = _subparsers(cli.build_parser())
    for name, (module_name, _) in cli.TOOLS.items():
        main = importlib.import_module(module_name).main
        parser = _capture_parser(monkeypatch, main, [])
        parsers[name] = _subparsers(parser).get(name, parser)  # stand-down wraps itself in a subcommand
    return parsers


def _resolve(parsers: dict[str, argparse.ArgumentParser], words: tuple[str, ...]):
    """(the parser for these words, the words it reads) or (None, reason)."""
    if not words or words[0] not in parsers:
        return None, f"no command {words[0] if words else '(none)'!r} (have: {', '.join(sorted(parsers))})"
    parser, rest = parsers[words[0]], list(words[1:])
    while _subparsers(parser) and rest and not rest[0].startswith("-"):
        sub = _subparsers(parser)
        if rest[0] not in sub:
            return None, f"no subcommand {rest[0]!r} (have: {', '.join(sorted(sub))})"
        parser, rest = sub[rest[0]], rest[1:]
    return parser, rest


def _option_words(words: list[str]) -> list[str]:
    """`--opt`, `--opt=value`, `[--opt` (a usage line) -> `--opt`."""
    return [w.strip("[]").split("=")[0] for w in words if w.strip("[").startswith("--")]


def test_docs_mention_autoheal_commands():
    """The scan finds the commands the docs do show (it would pass vacuously if it found none)."""
    shown = {m.words[0] for m in mentions() if m.words}
    assert {"heal", "sim", "analyze-failure", "validate-config", "stand-down", "init"} <= shown


def test_every_documented_command_and_option_exists(command_parsers):
    problems = []
    for mention in mentions():
        parser, rest = _resolve(command_parsers, mention.words)
        if parser is None:
            problems.append(f"{mention}: {rest}")
            continue
        unknown = [opt for opt in _option_words(rest) if opt not in _options(parser)]
        if unknown:
            problems.append(f"{mention}: unknown option(s) {unknown} (have: {', '.join(sorted(_options(parser)))})")
    assert not problems, "docs show commands the CLI does not have:\n" + "\n".join(problems)


def test_a_wrong_option_is_caught(command_parsers):
    """The check itself can fail: a made-up option or command is reported."""
    parser, rest = _resolve(command_parsers, ("stand-down", "--apply", "--force-everything"))
    assert _option_words(rest) == ["--apply", "--force-everything"]
    assert "--apply" in _options(parser) and "--force-everything" not in _options(parser)
    assert _resolve(command_parsers, ("heall",))[0] is None
    assert _resolve(command_parsers, ("sim", "serve"))[0] is not None
    assert _resolve(command_parsers, ("sim", "srv"))[0] is None


def test_every_documented_python_module_exists():
    """`python -m autoheal.<module>` in the docs names a module that runs as a script (has a
    `if __name__ == "__main__"` block, or is a package with `__main__`)."""
    import importlib.util

    shown = set()
    for page in doc_pages():
        for span in code_spans(page.read_text(encoding="utf-8")):
            shown |= {(m, _rel(page), span.line) for m in re.findall(r"python3? -m (autoheal[\w.]*)", span.code)}
    assert shown, "the docs show no `python -m autoheal...` (is the scan broken?)"
    missing = []
    for module, page, line in sorted(shown):
        spec = importlib.util.find_spec(module)
        if spec is not None and spec.submodule_search_locations is not None:  # a package: needs __main__
            spec = importlib.util.find_spec(module + ".__main__")
        runnable = spec is not None and spec.origin is not None and (
            spec.name.endswith(".__main__") or "__main__" in Path(spec.origin).read_text(encoding="utf-8"))
        if not runnable:
            missing.append(f"{page}:{line}: python -m {module}")
    assert not missing, "docs run modules that do not exist (or are packages without __main__):\n" + "\n".join(missing)
