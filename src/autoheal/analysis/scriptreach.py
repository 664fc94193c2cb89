"""What part of a step's script ran, read from the step's output.

A step's shell stops at its failing command: GitHub runs a ``run:`` block with ``bash -e`` (``pwsh`` stops
likewise), so the failing command is the last script line that ran, not the script's last line. The output shows
how far the shell got, by what it holds and by what it lacks. Each sign below is telling only where its absence is:

- announced: a command that announces itself before anything else it prints, errors included (``docker push``,
  ``cmake --install``), and never did, had not started;
- echoed: literal ``echo`` lines at the script's top level that never printed, after the last one that did, were
  never reached;
- completed: a package install that prints a summary whenever it succeeds (``npm ci``: "added 812 packages", pip:
  "Successfully installed") and left none did not succeed: the shell stopped there, the lines below never ran;
- signed: a checker or test runner that prints a telling line whenever it runs (its output signature) and left none,
  nor any error, below a checker that reported errors, never ran.

The first two cut the script (:func:`script_reached`); the third needs the tools' signatures, which only the tool
reading knows: it hands them in (:func:`never_ran`). Step scoping, the choice of the failing script line and the
tool reading all ask this module, so "what ran" is decided once.

What ran to its end is told the other way round: a literal top-level ``echo`` that printed was reached, so every line
above it ran and succeeded (:func:`script_started`: the failing line is at or below it). Among the lines left, a
program that signed the step's last words (``scp: Connection closed``, ``./deploy.sh: line 3: jq: command not
found``: the Unix convention of prefixing a diagnostic with the program's name) names the line that failed
(:func:`signed_line`), and a line that swallows its own failure (``cmd || true``) cannot have failed a ``bash -e``
script (:func:`can_fail`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Sequence
from typing import TypeVar

from ..lazyre import lazy_re

ANNOUNCED = "announced"
ECHOED = "echoed"
COMPLETED = "completed"

T = TypeVar("T", bound=Hashable)
Numbered = list[tuple[int, str]]

# Commands that announce themselves before anything else they print, errors included (documented first lines):
# `docker push` / `docker image push`: "The push refers to repository [host/name]"
# (https://docs.docker.com/reference/cli/docker/image/push/); `cmake --install <dir>`: the generated
# cmake_install.cmake's "-- Install configuration: ..." / "-- Installing: ..." / "-- Up-to-date: ..."
# (https://cmake.org/cmake/help/latest/command/install.html). When the output kept lost its middle (a long step),
# only `docker push` is cut as before: the announcement may be in the part not kept. (npm's lifecycle banner
# "> name@version script" is not such a sign: real logs miss it for scripts that ran and failed.)
_PUSH_LINE = lazy_re(r"\bdocker\s+(?:image\s+)?push\b")
_PUSH_ANNOUNCED = lazy_re(r"^The push refers to repository \[")
_CMAKE_INSTALL = lazy_re(r"\bcmake\s+--install\b")
_CMAKE_INSTALLED = lazy_re(r"^-- (?:Install configuration: |Installing: |Up-to-date: )")

# Commands that print a summary whenever they succeed (their documented or long-stable output): npm 6+'s install
# summary ("added 812 packages, and audited 813 packages in 9s", "up to date, audited …"; npm-install, npm-ci), Yarn's
# "Done in 4.2s." (v1) / "➤ YN0000: · Done …" (Berry), pip's "Successfully installed …" or "Requirement already
# satisfied" (pip install), Bundler's "Bundle complete!", and below the checks of Terraform and cargo that print one. A
# quiet flag silences them; a redirect or a pipe takes them
# elsewhere. (Not the build tools' result banners, Maven's "BUILD SUCCESS", Gradle's "BUILD SUCCESSFUL": a long build's
# output is what a log copy loses first, and a missing banner there would blame a build that passed.)
_COMPLETIONS = (
    ("npm install", lazy_re(r"\bnpm\s+(?:ci|install|i|add)\b(?!-)"),
     lazy_re(r"\b(?:added|removed|changed) \d+ packages?\b|\bup to date\b")),
    ("yarn install", lazy_re(r"(?:^|[;&|]\s*)yarn(?:\s+install)?(?:\s+--?[\w-]+(?:=\S+)?)*\s*$"),
     lazy_re(r"^(?:✨\s*)?Done in [\d.]+m?s\.?$|YN0000: .*\bDone\b")),
    ("pip install", lazy_re(r"\bpip3?(?:\.exe)?\s+install\b"),
     lazy_re(r"^Successfully installed |^Requirement already satisfied: ")),
    ("bundle install", lazy_re(r"\bbundle\s+install\b"), lazy_re(r"^Bundle complete!|^Bundled gems are installed")),
    # Terraform/OpenTofu: "Terraform has been successfully initialized!", "Success! The configuration is valid."
    ("terraform init", lazy_re(r"\b(?:terraform|tofu)\s+(?:-chdir=\S+\s+)?init\b"),
     lazy_re(r"(?:Terraform|OpenTofu) has been successfully initialized!")),
    ("terraform validate", lazy_re(r"\b(?:terraform|tofu)\s+(?:-chdir=\S+\s+)?validate\b"),
     lazy_re(r"Success!.* The configuration is valid")),
    # cargo's "Finished `dev` profile [unoptimized + debuginfo] target(s) in 0.61s" (1.74+; "Finished dev [...]"
    # before) ends every build that compiled; `cargo test` prints it too before its tests run, so only a line that
    # builds and stops there (build, check, clippy, doc) is told by its absence, counted with every Finished
    ("cargo build", lazy_re(r"\bcargo\s+(?:\+\S+\s+)?(?:build|check|clippy|doc|b|c)\b"),
     lazy_re(r"^\s*Finished\b.*\btarget\(s\) in ")),
)
_QUIET = lazy_re(r"\s(?:-q+|--quiet|-s|--silent|--loglevel[= ]silent|--json|-json|--message-format\S*|-v|--version|-version)(?=\s|$)|"
                 r"(?<![2&])>(?!&)|(?<!\|)\|(?!\|)")  # quiet, a version query, stdout sent to a file or a pipe

# `echo "text"` / `echo 'text'` / `echo text` (a literal the output would show verbatim; text after a `$` expands)
_ECHO = lazy_re(r"""^(?:echo|Write-Host|Write-Output)\s+(?:-\w+\s+)*(?P<q>["']?)(?P<text>[^"'$`\\]{6,}?)(?P=q)?\s*;?$""")
_WORD = lazy_re(r"[\w.-]+")
# npm's (and pnpm's) banner of a package script it starts: "> app@1.0.0 build" (npm 7+), "> app@1.0.0 build /path"
# (npm 6, pnpm); https://docs.npmjs.com/cli/commands/npm-run-script
_PACKAGE_BANNER = lazy_re(r"^> (?:@[\w.-]+/)?[\w.-]+@\d[\w.+-]* (?P<script>[\w:.-]+)(?: \S.*)?$")
# npm 6: "npm ERR! app@1.0.0 build: `tsc`", "npm ERR! Failed at the app@1.0.0 build script."; npm 7+ (workspaces):
# "npm error Lifecycle script `build` failed with error:"; pnpm: "ERR_PNPM_RECURSIVE_RUN_FIRST_FAIL  app@1.0.0 build: `tsc`"
_SCRIPT_FAILED = lazy_re(
    r"^(?:npm ERR! |\s*ERR_PNPM_\w+\s+)(?:Failed at the )?(?:@[\w.-]+/)?[\w.-]+@\d\S* (?P<script>[\w:.-]+)(?::| script\.)|"
    r"^npm (?:ERR!|error) Lifecycle script `(?P<script2>[\w:.-]+)` failed")
_RUNS_SCRIPT = lazy_re(
    r"\b(?:npm|pnpm|bun)\s+(?:(?:--?[\w-]+(?:=\S+)?|-C\s+\S+|--prefix\s+\S+)\s+)*(?:run(?:-script)?\s+)?"
    r"(?:(?:--?[\w-]+(?:=\S+)?)\s+)*(?P<script>(?!(?:ci|install|i|add|exec|x|dlx|publish|pack)\b)[\w:.-]+)|"
    r"\byarn\s+(?:run\s+)?(?P<yscript>(?!(?:install|add|set|config|dlx|exec|workspaces?)\b)[\w:.-]+)")
_YARN_SCRIPT = lazy_re(r"\byarn\s+(?:run\s+)?(?!(?:install|add|set|config|dlx|exec|workspaces?)\b)[\w:-]+")
# a line executing a source file: the file as its first word (after prefixes), or an interpreter's script argument
_EXECUTES = lazy_re(
    r"(?:^|[;&|]\s*)(?:(?:sudo|env|time|exec)\s+)*(?:(?:python[\d.]*|node|bash|sh|zsh|ruby|perl|pwsh|deno run|bun|tsx|"
    r"ts-node|php|Rscript)\s+(?:-[\w-]+\s+)*)?(?P<path>[\w./'\"-]*[\w-]\.(?:py|sh|bash|js|mjs|cjs|ts|rb|pl|ps1|php|R)|"
    r"\./[\w./-]+)(?=[\s;&|'\"]|$)")
_SOURCE_FILE = lazy_re(r"\.(?:py|sh|bash|js|mjs|cjs|ts|rb|pl|ps1|php|R)$")
_QUOTED_TAIL = 12

# `set +e` (or `set +o errexit`) lets a script go on after a failed line; PowerShell goes on after a native command
# that failed: a printed echo then proves nothing about the lines above it
_NO_ERREXIT = lazy_re(r"^\s*set\s+\+\w*e|^\s*set\s+\+o\s+errexit|\$ErrorActionPreference|\bWrite-Host\b|\$env:|\$LASTEXITCODE")
# `cmd || true`, `|| :`, `|| exit 0`, `|| echo "…"` at the end of a line: the line's status is 0 whatever cmd did
_SWALLOWED = lazy_re(r"\|\|\s*(?:true|:|exit\s+0|echo\b[^|&;]*)\s*;?\s*$")
# a diagnostic signed with its program's name: "scp: Connection closed", "curl: (7) Failed to connect",
# "/home/runner/work/_temp/x.sh: line 3: jq: command not found", "tar: Error is not recoverable"
# (or a log line tagged with it: gosec's "[gosec] 2025/08/19 12:33:59 Checking file: …", vite's "[vite] …")
_SIGNED = lazy_re(r"^\s*(?:(?P<prog>[\w.+/-]*[A-Za-z][\w.+-]*): (?=\S)|\[(?P<tag>[A-Za-z][\w.+-]*)\]:? )")
_LIST_SEP = lazy_re(r"&&|\|\||[;|&]|\$\(|`")
_PREFIX_WORD = lazy_re(r"^(?:sudo|env|time|timeout|nohup|exec|command|builtin|then|do|else|if|elif|while|until|!|npx|bunx|pnpx)$")
_KEYWORD_WORD = lazy_re(r"^(?:fi|done|esac|in|for|case|function|select|\]\]?|\[\[?)$")
_ASSIGNMENT_WORD = lazy_re(r"^[A-Za-z_]\w*=")
_HEREDOC = lazy_re(r"(?<!<)<<-?(?!<)\s*(?P<q>['\"]?)(?P<tag>[A-Za-z_]\w*)(?P=q)")
_OPENS = lazy_re(r"^(?:if|for|while|until|case|select)\b|\{\s*$|^function\b")
_CLOSES = lazy_re(r"^(?:fi|done|esac|\})\b|^\}")


def script_reached(script: list[str], output: Numbered,
                   signs: Sequence[str] = (ANNOUNCED, ECHOED, COMPLETED)) -> list[str]:
    """The script up to its last line that ran, by the signs asked for (each cut is the script's prefix)."""
    if ANNOUNCED in signs:
        script = _announced(script, output)
    if ECHOED in signs:
        script = _echoed(script, output)
    if COMPLETED in signs:
        script = _completed(script, output)
    return script


def script_started(script: list[str], output: Numbered) -> int:
    """The index of the first script line that may have failed: the line after the last literal top-level ``echo``
    whose text the output shows (``echo "Running vulnerability scan..."`` printed: the ``go install`` above it ran to
    its end, or ``bash -e`` would have stopped there). 0 when no echo printed, or when the script turns ``-e`` off
    (``set +e``: a failed line does not stop it) or is PowerShell's (a native command's failure does not stop it)."""
    if any(_NO_ERREXIT.search(line) for line in script):
        return 0
    said = {t.strip() for _, t in output if t.strip()}
    depths = _depths(script)
    last = -1
    for i, line in enumerate(script):
        if depths[i] == 0 and (m := _ECHO.match(line.strip())) and m.group("text").strip() in said:
            last = i
    return last + 1 if 0 <= last < len(script) - 1 else 0


def can_fail(line: str) -> bool:
    """The line can fail a ``bash -e`` script: not ``cmd || true`` / ``|| :`` / ``|| exit 0`` / ``|| echo …``, whose
    status is always 0 (https://www.gnu.org/software/bash/manual/bash.html#index-set: ``-e`` ignores a command
    followed by ``||``; the list's status is the last command's)."""
    return not _SWALLOWED.search(line)


def signed_line(script: list[str], output: Numbered, last: int = 1) -> str | None:
    """The script line whose program signed the output's last non-blank line (``prog: message``, the prefix POSIX
    utilities, ssh/scp/curl/tar and bash itself give a diagnostic; bash's ``script: line N:`` too; a ``[prog]`` log
    tag): the first line
    that runs it (the shell stops at the first that fails). Only the last words: a program's progress lines
    (``go: downloading …``) above a check's own error message sign nothing."""
    tail = [t for _, t in output if t.strip()][-last:]
    for text in reversed(tail):
        m = _SIGNED.match(text)
        if not m:
            continue
        prog = (m.group("prog") or m.group("tag")).rsplit("/", 1)[-1]
        running = [line for line in script if prog in programs(line)]
        # of several lines running it, the one whose own words the diagnostic repeats (make's target in
        # "make: *** [Makefile:6: test] Error 1" is `make test`'s), else the first
        words = set(_WORD.findall(text))
        named = [line for line in running if any(w in words for w in _WORD.findall(line) if w != prog and len(w) > 2)]
        if running:
            return (named or running)[0] if len(running) > 1 else running[0]
    return None


def started_line(script: list[str], output: Numbered) -> str | None:
    """The script line whose package script (or executed file) the output shows started last: npm's and pnpm's banner
    "> name@version script" (npm-run-script), Yarn 1's "yarn run vX" (one a script run), or a source file the line
    executes that the output's last lines quote (a traceback's ``File ".../scripts/check.py"``, a shell's
    ``./scripts/test.sh: line 5:``). The shell ran every line above it to its end."""
    executed = [(line, files) for line in reversed(script) if (files := _executed_files(line))]
    for _, text in reversed(output[-_QUOTED_TAIL:]) if executed else ():
        for line, files in executed:
            if any(path in text for path in files):
                return line
    banner = failed = None
    yarn_runs = 0
    for _, text in output:
        if text.startswith("> "):
            m = _PACKAGE_BANNER.match(text.strip())
            if m:
                banner = m.group("script")
        elif text.startswith("yarn run v"):
            yarn_runs += 1
        elif "ERR" in text or text.startswith("npm error"):
            m = _SCRIPT_FAILED.match(text)
            if m:
                failed = m.group("script") or m.group("script2")
    # the package manager's own statement of the script that failed outranks the banners (npm 6 logs miss the
    # banners of scripts that ran after the first ones: their output went to the other stream)
    banner = failed or banner
    if banner is not None:
        named = [line for line in script if banner in _package_scripts(line)]
        if named:
            return named[0] if len(named) == 1 else None
    if yarn_runs:
        runs = [line for line in script if _YARN_SCRIPT.search(line)]
        if len(runs) >= yarn_runs:
            return runs[yarn_runs - 1]
    return None


def _package_scripts(line: str) -> set[str]:
    """The package scripts a line runs: `npm run x`, `npm test`, `pnpm x`, `pnpm run x`, `yarn x`, `bun run x`."""
    return {m.group("script") or m.group("yscript") for m in _RUNS_SCRIPT.finditer(line)}


def _executed_files(line: str) -> list[str]:
    """The source files a line executes (its first word, or an interpreter's script argument), path-like enough to
    be found in a traceback or a shell's diagnostic: `./scripts/test.sh`, `python scripts/check.py`."""
    found = []
    for m in _EXECUTES.finditer(line):
        path = m.group("path").strip("'\"")
        if path.startswith("./"):
            path = path[2:]
        if "/" in path or _SOURCE_FILE.search(path):
            found.append(path)
    return found


def programs(line: str) -> set[str]:
    """The programs a script line runs: each simple command's first word (after assignments, ``sudo``, ``env``,
    ``time``, ``timeout N`` and shell keywords), as a base name."""
    found = set()
    for part in _LIST_SEP.split(line):
        words = [w.strip("'\"(){}`") for w in part.split()]
        prefixed = False
        while words and (not words[0] or _PREFIX_WORD.match(words[0]) or (prefixed and words[0].startswith("-"))
                         or _ASSIGNMENT_WORD.match(words[0])):
            prefixed = prefixed or bool(words[0]) and not _ASSIGNMENT_WORD.match(words[0])
            words = words[2:] if words[0] == "timeout" and len(words) > 1 else words[1:]
        if words and not _KEYWORD_WORD.match(words[0]):
            found.add(words[0].rsplit("/", 1)[-1])
    return found


def here_documents(script: list[str]) -> list[str]:
    """The script's lines without the bodies of its here-documents (``ssh host <<'EOF'`` … ``EOF``): the body is
    input to the command that opens it, not commands of the step's shell."""
    out, end = [], None
    for line in script:
        if end is not None:
            if line.strip() == end:
                end = None
            continue
        out.append(line)
        m = _HEREDOC.search(line)
        if m:
            end = m.group("tag")
    return out


def never_ran(runs: Sequence[Sequence[T]], telling: Callable[[T], bool], printed: Callable[[T], bool],
              reported: Callable[[T], bool]) -> Callable[[Sequence[T]], bool]:
    """A test for a script line (given by the tools it runs) that never ran: one of its tools is ``telling`` (it
    prints its output signature whenever it runs) and none of them ``printed`` its signature nor ``reported`` an
    error, while a telling tool of the script reported errors (`bash -e` stopped at the ruff that
    found 414 errors, above a pyright that never printed its `N errors, N warnings` line). Package managers and
    other tools print their signature only when they fail, so their silence tells nothing; without such a witness
    nothing is told. ``runs`` holds each script line's tools; ``reported`` is asked at most once per tool."""
    never = lambda tools: False  # noqa: E731
    if len(runs) < 2:
        return never
    asked: dict[T, bool] = {}

    def errors(tool: T) -> bool:
        if tool not in asked:
            asked[tool] = reported(tool)
        return asked[tool]

    def silent(tools: Sequence[T]) -> bool:
        # a line's telling tool that left no trace never ran, whatever the package manager it also names did (`go
        # test` runs go-mod too, which prints only when it downloads or fails): nothing of the line printed
        return any(telling(t) for t in tools) and all(not printed(t) and not errors(t) for t in tools)

    # the witness: a telling tool of the script that reported errors (by its signature, or by its rules alone: go vet's
    # type errors read as the compiler's)
    witnesses = {t for tools in runs for t in tools if telling(t) and (printed(t) or errors(t))}
    if not any(errors(t) for t in witnesses):
        return never
    return silent


def _announcement(line: str) -> tuple[str, re.Pattern] | None:
    """How the command a script line runs announces that it started (a key for lines alike, the output's line)."""
    if _PUSH_LINE.search(line):
        return "docker push", _PUSH_ANNOUNCED
    if _CMAKE_INSTALL.search(line):
        return "cmake --install", _CMAKE_INSTALLED
    return None


def _announced(script: list[str], lines: Numbered) -> list[str]:
    """The script up to its last command that ran, by announcements: a ``docker push`` after a ``docker build``
    that failed, a ``cmake --install`` after a ``cmake --build`` that failed are not the failing command."""
    announcing = [(i, a) for i, line in enumerate(script) if (a := _announcement(line)) is not None]
    if not announcing:
        return script
    if any(b[0] - a[0] > 1 for a, b in zip(lines, lines[1:])) and any(key != "docker push" for _, (key, _) in announcing):
        return script  # the output kept lost its middle: a missing announcement proves nothing
    said: dict[str, int] = {}
    for key, rx in {key: rx for _, (key, rx) in announcing}.items():
        said[key] = sum(1 for _, text in lines if rx.match(text))
    seen: dict[str, int] = {}
    started = []
    for i, (key, _) in announcing:
        seen[key] = seen.get(key, 0) + 1
        started.append(seen[key] <= said[key])
    # the first command that never announced itself, after the last one that did (the output kept may have lost
    # an earlier command's announcement; a later one's proves the earlier ones ran)
    last = max((k for k, ok in enumerate(started) if ok), default=-1)
    cut = next((announcing[k][0] for k in range(last + 1, len(announcing))), None)
    return script[:cut] if cut else script


def _completion(line: str) -> tuple[str, re.Pattern] | None:
    """The summary the command a script line runs prints whenever it succeeds (a key for lines alike, its pattern);
    None when it prints none, or is told to be quiet."""
    if _QUIET.search(line):
        return None
    for key, command, summary in _COMPLETIONS:
        if command.search(line):
            return key, summary
    return None


def _completed(script: list[str], output: Numbered) -> list[str]:
    """The script up to its first command that prints a summary whenever it succeeds and left none (an ``npm ci``
    that failed on a missing package.json, above the ``npm test`` that never ran). Nothing is cut where the output
    kept lost its middle (the summary may be in the part not kept), nor above an echo that printed (the shell got
    past the line: its summary's form was not the one known)."""
    completing = [(i, c) for i, line in enumerate(script) if (c := _completion(line)) is not None]
    if not completing or any(b[0] - a[0] > 1 for a, b in zip(output, output[1:])):
        return script
    said = {key: sum(1 for _, text in output if rx.search(text)) for _, (key, rx) in completing}
    seen: dict[str, int] = {}
    for i, (key, _) in completing:
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > said[key]:
            printed = {t.strip() for _, t in output if t.strip()}
            if any((m := _ECHO.match(line.strip())) and m.group("text").strip() in printed for line in script[i + 1:]):
                return script
            return script[:i + 1]
    return script


def _echoed(script: list[str], output: Numbered) -> list[str]:
    """The script up to the first of its closing literal ``echo`` lines that never printed (``echo "Stopping
    containers..."`` after a ``docker compose up`` that failed). Only trailing missing echoes at the script's top
    level count: one inside an ``if``, a loop or a function may never have been meant to run."""
    said = {t.strip() for _, t in output if t.strip()}
    depths = _depths(script)
    echoes = [(i, m.group("text").strip()) for i, line in enumerate(script)
              if depths[i] == 0 and (m := _ECHO.match(line.strip()))]
    cut = None
    for i, text in reversed(echoes):
        if text in said:
            break
        cut = i
    if cut is None or cut == 0 or not any(text in said for _, text in echoes):
        return script  # nothing printed at all: no telling where the shell stopped
    return script[:cut]


def _depths(script: list[str]) -> list[int]:
    """Each script line's block depth (0: the top level), read from the shell's keywords and braces; a block that
    opens and closes on one line (``if ...; then ...; fi``) leaves the depth as it was."""
    depth, out = 0, []
    for line in script:
        text = line.strip()
        closes = bool(_CLOSES.match(text))
        if closes:
            depth = max(0, depth - 1)
        out.append(depth)
        one_line = re.search(r"\b(?:fi|done|esac)\s*;?\s*$|\}\s*;?\s*$", text) and not text.endswith("{")
        if _OPENS.search(text) and not one_line and not closes:
            depth += 1
    return out
