"""Failing-step scoping: which lines of the log are the failing command's own output.

The cause of a failure is almost always printed by the step (or, in a single-stream
log, the command) that failed. The scan keeps each step's first and last bytes; from
those and the step markers this module finds the failing command's lines:

- GitHub Actions (raw or ``gh run view --log``): the step chosen by the jobs API's
  ``failed_step`` or by its ``##[error]Process completed with exit code N`` marker,
  without its ``##[group]Run`` header (the script echo);
- Travis CI: the command echoed as ``$ cmd`` before ``The command "cmd" exited with N.``; Travis
  runs every command of the ``script`` phase even after one failed, so the FIRST failing command
  is the cause (later ones often fail because of it); a build Travis stopped for silence
  (``No output has been received in the last 10m``) failed in the last command echoed;
- GitLab CI: the ``$ cmd`` echo before ``ERROR: Job failed: exit code N``, ending where the
  runner's own epilogue starts (``after_script``, cache and artifact upload, clean-up);
- Jenkins: the ``+ cmd`` echo (``sh -x``) before ``script returned exit code N`` /
  ``marked build as failure`` / ``Finished: FAILURE``; in a freestyle job, the build step that
  ``marked build as failure`` (or the SCM checkout's ``ERROR:``, its command the git plugin's
  `` > git ...`` echo), not the post-build actions (publishers) that ran and failed after it;
- CircleCI: a ``run`` step's output opens with its shell (``#!/bin/bash -eo pipefail``) and its
  command, and ends with ``Exited with code exit status N`` or ``Too long with no output``;
- Taskcluster: the task's command (generic-worker's ``Executing command N: <cmd>``) to the
  worker's verdict (``Unsuccessful task run with exit code: N``, ``[taskcluster:error] ...``),
  not the worker's set-up before it;
- Buildkite: the ``$ cmd`` echo before the agent's ``🚨 Error: The command exited with status N``;
- Azure Pipelines: each task is a section from ``##[section]Starting: <name>`` (the scan's), failed
  by ``##[error]<tool> exited with code 'N'.``.

Everything else in the log is context: it may vote for a cause only when the failing
command's own output holds no evidence at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..lazyre import lazy_re
from .logformat import clean_line
from .reader import decode
from .scan import Section
from .scriptreach import ANNOUNCED, script_reached

_TRAVIS_EXIT = lazy_re(r'^The command "(?P<cmd>.*)" (?:exited with|failed and exited with) (?P<code>\d+)')
_TRAVIS_NOISE = lazy_re(r"^(?:travis_(?:fold|time|time_start|time_finish):(?!.*\$ )|\$ travis_)")
# Travis' own verdicts on a build that printed nothing for too long or ran too long
# (https://docs.travis-ci.com/user/common-build-problems/#build-times-out-because-no-output-was-received)
_TRAVIS_STOPPED = lazy_re(r"^(?:No output has been received in the last \d+ ?m|The job exceeded the maximum time limit|The build has been terminated)")
# GitLab runner's epilogue after the job's script (https://docs.gitlab.com/ee/ci/yaml/#after_script)
_GITLAB_EPILOGUE = lazy_re(
    r"^(?:section_(?:start|end):\d+:(?:after_script|upload_artifacts\w*|archive_cache\w*|cleanup_file_variables|step_script)\S*|"
    r"Running after[_ ]script|Saving cache for failed job|Uploading artifacts for failed job|Cleaning up project directory|"
    r"Cleaning up file based variables)"
)
_GITLAB_AFTER = lazy_re(r"^(?:section_start:\d+:after_script|Running after[_ ]script)")
_TRAVIS_EXIT_TAIL = lazy_re(r'" (?:exited with|failed and exited with) (?P<code>\d+)(?: during [^.]*)?\.?$')
# travis_retry / travis_wait run the command they wrap; Travis names the retried command "eval cmd"
_TRAVIS_WRAPPER = lazy_re(r"^(?:travis_retry\s+|travis_wait(?:\s+\d+)?\s+|eval\s+)+")
_TRAVIS_RETRY = lazy_re(r'" failed(?:\. Retrying, \d+ of \d+| \d+ times)\.?$')
_TRAVIS_DONE = lazy_re(r"^Done\. Your build exited with (?P<code>[1-9]\d*)\.")
_GITLAB_FAIL = lazy_re(r"^(?:ERROR: )?Job failed: (?:command terminated with )?exit (?:code|status) (?P<code>\d+)")
_JENKINS_FAIL = lazy_re(
    r"(?:script returned exit code (?P<code>\d+)|marked build as failure|^(?:\d\d:\d\d:\d\d +)?Finished: FAILURE|"
    r"^ERROR: script returned exit code)"
)
_DOLLAR_ECHO = lazy_re(r"^(?:travis_\w+:\S*?|section_\w+:\d+:\S+?)?\$ (?P<cmd>\S.*)$")
# `sh -x` echoes each command as "+ cmd" ("++ cmd" in a subshell); not "+ VAR=value" assignments, nor a diff's
# "+++ b/path" header
_PLUS = r"\++ (?![A-Za-z_]\w*=\S*$)(?![ab]/\S+$|/dev/null$)"
_PLUS_ECHO = lazy_re(r"^" + _PLUS + r"(?P<cmd>[\w./~$\"'-].*\S)$")
# Jenkins (freestyle jobs): the git client plugin echoes each git command it runs for the SCM checkout as
# ` > git fetch --tags --progress <url> +refs/... # timeout=10` (CliGitAPIImpl); a build step that fails its build
# says `Build step 'Execute shell' marked build as failure` (AbstractBuild), and the publishers (post-build actions)
# run after it: the Post build task plugin (`Performing Post build task...`, `POST BUILD TASK : FAILURE`), JUnit
# (`Recording test results`), the artifact archiver, the mailer, upstream notification. Their failures (a `mkdir`
# of the post-build script, a JUnit report that is not new) come after the build's own and are not its cause.
_JENKINS_ECHO = lazy_re(
    r"^(?:" + _PLUS + r"| ?> (?=git\s))(?P<cmd>[\w./~$\"'-].*?\S)(?: # timeout=\d+)?$"
)
# CircleCI (https://circleci.com/docs/configuration-reference/#default-shell-options): a `run` step runs its command
# with `/bin/bash -eo pipefail` and prints that shell line, then the command, then its output; it ends a failed step
# with `Exited with code exit status N` (`Exited with code N` before 2020) and a step silent for too long with
# `Too long with no output (exceeded 10m0s): context deadline exceeded`.
_CIRCLE_EXIT = lazy_re(r"^Exited with code (?:exit status )?(?P<code>\d+)\s*$")
# Buildkite's agent (https://buildkite.com/docs/agent/v3): it echoes each command it runs as `$ cmd` (inside its `~~~`,
# `---`, `+++` groups) and ends a failed command with `🚨 Error: The command exited with status N`
_BUILDKITE_EXIT = lazy_re(r"^(?:\W{1,3} )?Error: The command exited with status (?P<code>-?\d+)\s*$")
_CIRCLE_STOPPED = lazy_re(r"^Too long with no output \(exceeded [0-9hms.]+\)")
_CIRCLE_SHELL = lazy_re(r"^#!/bin/(?:ba)?sh -eo pipefail\s*$")
# Taskcluster's workers (https://docs.taskcluster.net/docs/reference/workers): the task's output lines read
# `[task <time>] ...`, the worker's own `[taskcluster <time>] ...`; generic-worker announces each command of the
# payload (`Executing command 1: <cmd>`), docker-worker the task (`=== Task Starting ===`); the verdict is
# `[taskcluster <time>] Unsuccessful task run with exit code: 1 completed in N seconds` or the worker's
# `[taskcluster:error] <why>` (`Task aborted - max run time exceeded`).
_TASKCLUSTER_VERDICT = lazy_re(
    r"^\[taskcluster(?::error\]| [^\]]*\] Unsuccessful task run with exit code: (?P<code>-?\d+))"
)
_TASKCLUSTER_COMMAND = lazy_re(r"^\[taskcluster [^\]]*\] Executing command \d+: (?P<cmd>\S.*)$")
_TASKCLUSTER_START = lazy_re(r"^\[taskcluster [^\]]*\] === Task Starting ===")
_JENKINS_STEP_FAILED = lazy_re(r"^Build step '[^']+' marked build as failure")
_JENKINS_POST_BUILD = lazy_re(
    r"^(?:Performing Post build task\.\.\.|Recording test results|Archiving artifacts|Recording fingerprints|"
    r"Sending e-mails to:|Notifying upstream projects of job completion|Triggering a new build of )"
)
# The Timestamper plugin's prefix on each console line (`20:44:20 `, `[2024-01-05T10:00:00.000Z] `; its default is the
# system clock's HH:mm:ss), before the words the rules above read
_TIMESTAMPER = lazy_re(r"^(?:\d\d:\d\d:\d\d(?:\.\d+)?|\[\d{4}-\d\d-\d\dT[\d:.]+Z?\]) +")
# What Jenkins core and its plugins print through the build listener's error() (`ERROR: ...`, `FATAL: ...`)
_JENKINS_ERROR = lazy_re(r"^(?:ERROR|FATAL): ")
# A freestyle build step's launch: `[node] $ /bin/sh -xe /tmp/jenkins123.sh` (hudson.Launcher's command echo)
_JENKINS_WORKSPACE = r"\[[^\]\s][^\]]*\] "
JENKINS_LAUNCH = lazy_re(r"^" + _JENKINS_WORKSPACE + r"\$ (?P<cmd>\S.*)$")
_JENKINS_STEP_LAUNCH = lazy_re(r"^(?:" + _JENKINS_WORKSPACE + r")?\$ (?P<cmd>\S.*)$")
MAX_SCOPE_LINES = 4000
# A log copied from a web page or an issue keeps the terminal's codes without their ESC: "[31;1mThe command ...[0m", "[0K$ cmd".
_SGR_REMNANT = lazy_re(r"^(?:\[[0-9;]*[mK])+")


# GitLab echoes a multi-line script entry by its first line: "$ first line # collapsed multi-line command"
# (https://docs.gitlab.com/ci/yaml/script/#split-long-commands)
_COLLAPSED = lazy_re(r"\s+# collapsed multi-line command$")


def _echoed(cmd: str) -> str:
    return _COLLAPSED.sub("", cmd)


def _bare(text: str) -> str:
    return _SGR_REMNANT.sub("", text.strip())


@dataclass
class StepScope:
    """The failing command's own output: numbered clean lines and what ran."""

    lines: list[tuple[int, str]] = field(default_factory=list)
    command: str = ""
    exit_code: int | None = None
    exit_line: int | None = None
    system: str = ""  # github, travis, gitlab, jenkins, circleci, taskcluster, buildkite, plain
    start: int = 0
    end: int = 0
    echo_line: int | None = None  # the line echoing the failing command (Travis/GitLab `$ cmd`, Jenkins `+ cmd`)
    script: list[str] = field(default_factory=list)  # a GitHub step's script lines (its `##[group]Run` echo)

    def contains(self, line: int) -> bool:
        return bool(self.lines) and self.start <= line <= self.end


def failing_scope(failing: Section | None, log_format: str) -> StepScope:
    """The failing command's lines inside ``failing`` (the step the scorer picked)."""
    if failing is None:
        return StepScope()
    numbered = [(n, clean_line(decode(raw)).text) for n, raw in failing.text_lines()]
    # a log saved through `cat -v` shows ESC as "^[": the tools' own words, without those colours
    numbered = [(n, _CARET_SGR.sub("", t) if "^[" in t else t) for n, t in numbered]
    script: list[str] = []
    if failing.header_end:
        script = _script([t for n, t in numbered if n <= failing.header_end])
        numbered = [(n, t) for n, t in numbered if n > failing.header_end]
    elif numbered and numbered[0][1].startswith("##[group]Run "):
        numbered = numbered[1:]
    if log_format.startswith("github") and failing.kind != "log":
        scope = StepScope(numbered, failing.command, failing.exit_code, failing.exit_line, "github")
        if failing.exit_line:
            scope.lines = [(n, t) for n, t in numbered if n < failing.exit_line] or numbered
    else:
        # The failure marker may lie after the section, in a runner epilogue the scorer handed the
        # failure over from (GitLab's cleanup/after_script sections, Jenkins' post actions).
        handed = failing.exit_line is not None and failing.exit_line > failing.end_line
        scope = _single_stream(numbered, (failing.exit_code, failing.exit_line) if handed else None)
    scope.lines = [(n, t) for n, t in scope.lines if not _TRAVIS_NOISE.match(t)][-MAX_SCOPE_LINES:]
    if scope.lines:
        # The command's output may be longer than the text kept (head + tail): its range starts
        # at its echo (or its step's header), not at the first line kept.
        scope.start, scope.end = scope.lines[0][0], scope.lines[-1][0]
        if scope.system == "github":
            scope.start = min(scope.start, (failing.header_end or failing.start_line) + 1)
        elif scope.echo_line is None:
            scope.start = min(scope.start, failing.start_line)
        else:
            scope.start = min(scope.start, scope.echo_line + 1)
    # the script up to its last command that ran (not cut at unprinted echoes: the whole script's words still
    # name the step's tools and its checkout's mounts; the failing line's choice cuts them, in command_in_script)
    scope.script = script_reached(script or scope.script, scope.lines, (ANNOUNCED,))
    if not scope.command:
        scope.command = failing.command or (failing.name[4:] if failing.name.startswith("Run ") else "")
    if scope.script and (scope.command.lstrip().startswith("#") or _CONTINUED.search(scope.command.rstrip())):
        # `##[group]Run` shows the script's first line, which may be a comment or the first line of a command
        # continued onto the next (a backslash, PowerShell's backtick): the first command, joined, stands in
        scope.command = scope.script[0]
    task = _azure_task(scope.lines)
    if task is not None:
        scope.command, scope.script = task
    writer = _file_command_writer(scope)
    if writer:
        scope.command = writer
    if scope.exit_code is None:
        scope.exit_code = failing.exit_code
    return scope


# Azure Pipelines' script tasks (azure-pipelines-tasks: Bash@3, CmdLine@2, PowerShell@2) print what they run before
# the banner `========================== Starting Command Output ===========================`: an inline script after
# `Script contents:` (Bash) or `Script contents shown below:` (CmdLine), a script file as `Formatted command: <cmd>`
# (https://github.com/microsoft/azure-pipelines-tasks/tree/master/Tasks/BashV3, .../CmdLineV2).
_AZURE_SCRIPT = lazy_re(r"^Script contents(?: shown below)?:\s*$")
_AZURE_FORMATTED = lazy_re(r"^Formatted command: (?P<cmd>\S.*)$")
_AZURE_OUTPUT = lazy_re(r"^=+ Starting Command Output =+\s*$")


def _azure_task(lines: list[tuple[int, str]]) -> tuple[str, list[str]] | None:
    """What an Azure Pipelines task ran: (the command, the inline script's lines), read from the task's own echo."""
    texts = [t.strip() for _, t in lines[:400]]
    out = next((i for i, t in enumerate(texts) if _AZURE_OUTPUT.match(t)), None)
    if out is not None:
        shown = next((i for i in range(out - 1, -1, -1) if _AZURE_SCRIPT.match(texts[i])), None)
        if shown is not None:
            script = [t for t in texts[shown + 1:out] if t and not t.startswith(("#", "@echo off", "REM "))]
            if script:
                return script[0], script
        m = next((m for t in texts[:out] if (m := _AZURE_FORMATTED.match(t))), None)
        if m:
            return m.group("cmd").strip(), []
    # (the agent's `##[command]` echoes are not read: in a log cut to a few lines they may be another task's, and
    # GitHub's runner echoes `##[command]` too, for a container action's `docker run`)
    return None


# The runner reads a step's GITHUB_OUTPUT/ENV/PATH/STATE file after the step ran and fails it on a malformed entry
# ("##[error]Unable to process file command 'output' successfully.", then "Invalid format '...'"): the failing
# command is the script line that wrote to that file, not the last one that ran.
_FILE_COMMAND_ERROR = lazy_re(r"Unable to process file command '(\w+)' successfully")


def _file_command_writer(scope: StepScope) -> str | None:
    if len(scope.script) < 2:
        return None
    m = next((m for _, t in scope.lines if "Unable to process file command" in t and (m := _FILE_COMMAND_ERROR.search(t))), None)
    if m is None:
        return None
    var = re.compile(rf"\$\{{?(?:env:)?GITHUB_{re.escape(m.group(1).upper())}\b")
    writers = [line.strip() for line in scope.script if var.search(line)]
    if not writers:
        return None
    bad = next((b.group(1).strip() for _, t in scope.lines if (b := _INVALID_FORMAT.search(t))), "")
    # the entry the runner could not parse, when the script wrote it literally; else a program's whole output
    # redirected into the file (its every line must be NAME=value); else a value expanded from a variable
    # (a multi-line one breaks the format); else the last writer
    return (next((w for w in writers if len(bad) >= 3 and bad in w), None)
            or next((w for w in writers if not _ECHO_WRITE.match(w)), None)
            or next((w for w in reversed(writers) if "$" in _FILE_REDIRECT.split(w)[0]), None)
            or writers[-1])


_INVALID_FORMAT = lazy_re(r"Invalid format '(.*)'?$")
_ECHO_WRITE = lazy_re(r"^(?:echo|printf|[\"']|Write-Output|Add-Content|Out-File|cat\s*<<|\w+=)")
_FILE_REDIRECT = lazy_re(r">>?\s*\"?\$")


_CARET_SGR = lazy_re(r"\^\[\[[0-9;]*m")
_HEADER_KEY = lazy_re(r"^(?:shell|env|with|working-directory): ?|^  \S+: ")


_CONTINUED = lazy_re(r"(?:\\|\s[`^])$")


def _script(header: list[str]) -> list[str]:
    """The script lines echoed between ``##[group]Run`` and ``##[endgroup]`` (not shell/env/with)."""
    out = []
    for text in header:
        text = _CARET_SGR.sub("", text)  # logs saved through `cat -v` show ESC as "^[" (gh run view's colours)
        if text.startswith("##[") or _HEADER_KEY.match(text):
            if text.startswith(("shell:", "env:", "with:")):
                break
            continue
        if text.strip() and not text.lstrip().startswith("#"):
            if out and _CONTINUED.search(out[-1]):
                # A line continued onto the next is one command: bash's backslash, PowerShell's backtick and
                # cmd's caret at the end of the line (after a space, so a path's `\` or an escape is not one).
                out[-1] = _CONTINUED.sub("", out[-1]).rstrip() + " " + text.strip()
            else:
                out.append(text.strip())
    return out


def _single_stream(numbered: list[tuple[int, str]], handed: tuple[int | None, int] | None = None) -> StepScope:
    """Travis/GitLab/Jenkins (or plain) text: the last failing command's echo to its failure marker.

    ``handed`` (exit code, marker line) says the failure marker was printed after these lines, in the
    runner's epilogue: the script stopped at its last echoed command (GitLab runs the script with
    ``set -e``; Jenkins' ``sh`` step fails on its command's exit code), so its end is the marker.
    """
    if handed is not None:
        return _handed_over(numbered, *handed)
    fail_at = None
    system = "plain"
    code = None
    cmd = ""
    stopped = False  # the CI system's own verdict (a build stopped for silence) is part of the evidence
    # Travis: the first failing command (every `script` command runs, the first failure is the cause).
    done_at = None
    for i, (_, raw) in enumerate(numbered):
        text = _bare(raw)
        m = _TRAVIS_EXIT.match(text)
        if m and m.group("code") != "0":
            fail_at, system, code, cmd = i, "travis", int(m.group("code")), m.group("cmd")
            break
        if text.startswith('The command "') and not m and not _TRAVIS_RETRY.search(text):
            # a multi-line command: 'The command "line 1' ... 'last line" exited with 1.'
            for k in range(i + 1, min(i + 60, len(numbered))):
                end = _TRAVIS_EXIT_TAIL.search(_bare(numbered[k][1]))
                if end:
                    if end.group("code") != "0":
                        fail_at, system, code, cmd = i, "travis", int(end.group("code")), text[len('The command "'):]
                    break
            if fail_at is not None:
                break
        if _TRAVIS_STOPPED.match(text):
            fail_at, system, stopped = i, "travis", True
            break
        if done_at is None and _TRAVIS_DONE.match(text):
            done_at = i
    if fail_at is None and done_at is not None:
        # "Done. Your build exited with 1." and no failing command named: the last command echoed failed
        fail_at, system, code = done_at, "travis", int(_TRAVIS_DONE.match(_bare(numbered[done_at][1])).group("code"))
    for i in range(len(numbered) - 1 if fail_at is None else -1, -1, -1):
        text = _bare(numbered[i][1])
        m = _TRAVIS_EXIT.match(text)
        if m and m.group("code") != "0":
            fail_at, system, code, cmd = i, "travis", int(m.group("code")), m.group("cmd")
            break
        m = _TASKCLUSTER_VERDICT.match(text)
        if m:
            fail_at, system = i, "taskcluster"
            code = int(m.group("code")) if m.group("code") else None
            stopped = True  # the worker's verdict is its own word on why the task ended
            break
        m = _CIRCLE_EXIT.match(text)
        if m:
            fail_at, system, code = i, "circleci", int(m.group("code"))
            break
        if _CIRCLE_STOPPED.match(text):
            fail_at, system, stopped = i, "circleci", True
            break
        m = _GITLAB_FAIL.match(text)
        if m:
            fail_at, system, code = i, "gitlab", int(m.group("code"))
            break
        m = _BUILDKITE_EXIT.match(text)
        if m and any(_DOLLAR_ECHO.match(_bare(t)) for _, t in numbered[:i]):
            # (without the command's echo - a paste of the job's last lines - the verdict names no command and
            # the lines before it may be the agent's own: the text stays one stream)
            fail_at, system, code = i, "buildkite", int(m.group("code"))
            break
        m = _JENKINS_FAIL.search(text)
        if m:
            fail_at, system = i, "jenkins"
            code = int(m.group("code")) if m.group("code") else None
            # Keep looking back past Jenkins' own epilogue for the first failure marker of the block.
            j = i - 1
            while j >= 0 and i - j < 30 and _JENKINS_FAIL.search(numbered[j][1].strip()):
                fail_at = j
                j -= 1
            break
    if fail_at is None:
        return _web_copy(numbered) or _pasted_step(numbered) or _traced_paste(numbered)
    if system == "jenkins":
        fail_at = _jenkins_build_end(numbered, fail_at)
    fail_line = numbered[fail_at][0]
    if system == "circleci":
        return _circleci_step(numbered, fail_at, code, stopped)
    if system == "taskcluster":
        return _taskcluster_task(numbered, fail_at, code)
    if system == "gitlab":
        after = next((j for j in range(fail_at) if _GITLAB_AFTER.match(_bare(numbered[j][1]))), None)
        if after is not None:
            fail_at = after
    echo = _JENKINS_ECHO if system == "jenkins" else _DOLLAR_ECHO
    start = 0
    echo_line = None
    nearest = None  # Travis: the closest echo, when none spells the failing command exactly
    exact = False
    for j in range(fail_at - 1, -1, -1):
        text = _bare(numbered[j][1])
        if system == "jenkins":
            text = _TIMESTAMPER.sub("", text, count=1)
        m = echo.match(text)
        if m and system == "jenkins" and not _traced_at(numbered, j):
            m = None
        if m and (not cmd or system != "travis" or _same_command(m.group("cmd"), cmd)):
            start = j + 1
            cmd = cmd or _echoed(m.group("cmd"))
            echo_line = numbered[j][0]
            exact = True
            break
        if m and nearest is None:
            nearest = j
        if system == "travis" and (_TRAVIS_EXIT.match(text.strip()) or _TRAVIS_EXIT_TAIL.search(text)):
            start = j + 1
            echo_line = numbered[j][0]
            break
        if system == "jenkins" and (launch := _JENKINS_STEP_LAUNCH.match(text)):
            # the build step started here and echoed nothing (a script without `-x`, a Maven or Gradle step): the
            # command it launched is the failing one
            start, echo_line = j + 1, numbered[j][0]
            cmd = cmd or launch.group("cmd")
            break
    if system == "travis" and not exact and nearest is not None and nearest + 1 > start:
        start, echo_line = nearest + 1, numbered[nearest][0]
        cmd = cmd or echo.match(_bare(numbered[nearest][1])).group("cmd")
    if system == "gitlab":
        end = next((j for j in range(start, fail_at) if _GITLAB_EPILOGUE.match(_bare(numbered[j][1]))), None)
        if end is not None and end > start:
            fail_at = end
    body = numbered[start:fail_at + (1 if stopped else 0)] or numbered[: fail_at + 1]
    scope = StepScope(body, cmd, code, fail_line, system)
    scope.echo_line = echo_line
    return scope


# A job log copied from GitHub's web page (pasted in an issue, saved by hand): no timestamps and no `##[group]`;
# each step shows `Run <first line>`, its script indented by two spaces, `  shell: …` (and `  env:` with its
# values indented further), then its output; the runner's verdict reads `Error: Process completed with exit code N.`
_WEB_VERDICT = lazy_re(r"^(?:Error: )?Process completed with exit code (?P<code>-?\d+)\.?$")
_WEB_RUN = lazy_re(r"^Run (?P<cmd>\S.*)$")
_WEB_SHELL = lazy_re(r"^  shell: \S")


def _circleci_step(numbered: list[tuple[int, str]], fail_at: int, code: int | None, stopped: bool) -> StepScope:
    """A CircleCI `run` step: its output opens with the shell CircleCI runs it with and the command (the default
    shell `#!/bin/bash -eo pipefail`, then the step's `command:`), and ends with CircleCI's verdict."""
    shell = next((j for j in range(fail_at - 1, -1, -1) if _CIRCLE_SHELL.match(_bare(numbered[j][1]))), None)
    start, cmd, echo_line = 0, "", None
    if shell is not None:
        first = next((k for k in range(shell + 1, fail_at) if numbered[k][1].strip()), None)
        if first is not None:
            start, cmd, echo_line = first + 1, _bare(numbered[first][1]), numbered[first][0]
    elif (first := _first_text(numbered[:fail_at])) is not None and _runs_a_tool(_bare(numbered[first][1])):
        # a copy of the step's output without its shell line starts at the command the step ran
        start, cmd, echo_line = first + 1, _bare(numbered[first][1]), numbered[first][0]
    body = numbered[start:fail_at + (1 if stopped else 0)] or numbered[: fail_at + 1]
    scope = StepScope(body, cmd, code, numbered[fail_at][0], "circleci")
    scope.echo_line = echo_line
    return scope


_PROGRAM_FIRST = lazy_re(r"^[\w./~-]+(?:\s|$)")


def _runs_a_tool(line: str) -> bool:
    """The line is a command line that starts with a program a known tool runs (`go test -v ./...`), not output."""
    from .tools import run_by

    return bool(_PROGRAM_FIRST.match(line)) and not line.rstrip().endswith(":") and bool(run_by(line))


def _taskcluster_task(numbered: list[tuple[int, str]], fail_at: int, code: int | None) -> StepScope:
    """A Taskcluster task: from the worker's start of the task's command (generic-worker's `Executing command N:
    <cmd>`, docker-worker's `=== Task Starting ===`) to the worker's verdict; the worker's set-up before it (its
    settings, mounts, downloads) is not the task's output."""
    start, cmd, echo_line = 0, "", None
    for j in range(fail_at - 1, -1, -1):
        text = numbered[j][1]
        if not text.startswith("[taskcluster"):
            continue
        m = _TASKCLUSTER_COMMAND.match(text)
        if m:
            start, cmd, echo_line = j + 1, m.group("cmd").strip(), numbered[j][0]
            break
        if _TASKCLUSTER_START.match(text) and echo_line is None:
            start, echo_line = j + 1, numbered[j][0]
            # a generic-worker task runs its commands after this line: keep looking for the last one
    scope = StepScope(numbered[start:fail_at + 1], cmd, code, numbered[fail_at][0], "taskcluster")
    scope.echo_line = echo_line
    return scope


def _jenkins_build_end(numbered: list[tuple[int, str]], fail_at: int) -> int:
    """Where a Jenkins build's own failure ends, before the post-build actions that ran after it.

    ``fail_at`` is the last failure marker (``Finished: FAILURE``). The first build step that marked the build as
    failed is the failing one; without such a line, a build whose own phase (the SCM checkout, a build step)
    printed an ``ERROR:`` before the first publisher ran failed there; otherwise a publisher failed the build.
    """
    texts = [_TIMESTAMPER.sub("", _bare(t), count=1) for _, t in numbered[: fail_at + 1]]
    marked = next((i for i, t in enumerate(texts) if _JENKINS_STEP_FAILED.match(t)), None)
    post = next((i for i, t in enumerate(texts) if _JENKINS_POST_BUILD.match(t)), None)
    if marked is not None and (post is None or marked < post):
        return marked
    if post is not None and any(_JENKINS_ERROR.match(t) for t in texts[:post]) and not any(
            t.startswith("[Pipeline] ") for t in texts):
        # (a Pipeline runs `junit`/`archiveArtifacts` as steps of its stages, printing the same words mid-build)
        return post
    return fail_at


def _dedented(numbered: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """A paste indented as a whole (a quote in an issue, a code block inside a list item): its lines without the
    indentation they all share, so the web page's `Run …` header and `  shell:` line read as the page wrote them."""
    indents = [len(t) - len(t.lstrip(" ")) for _, t in numbered if t.strip()]
    cut = min(indents, default=0)
    return [(n, t[cut:]) for n, t in numbered] if cut else numbered


def _first_text(numbered: list[tuple[int, str]]) -> int | None:
    return next((i for i, (_, t) in enumerate(numbered) if t.strip()), None)


def _pasted_step(numbered: list[tuple[int, str]]) -> StepScope | None:
    """A paste that starts at the web page's step header (`Run owner/action@v4`, `Run make test`) and has no runner
    verdict (the copy stops at the error the step printed): the header names what the step ran, the rest is its
    output."""
    numbered = _dedented(numbered)
    first = _first_text(numbered)
    m = _WEB_RUN.match(numbered[first][1]) if first is not None else None
    if m is None:
        return None
    scope = StepScope(numbered[first + 1:], m.group("cmd").strip(), None, None, "plain")
    scope.echo_line = numbered[first][0]
    return scope


# bash's xtrace (`set -x`) prints each command it runs after PS4, `+ ` by default
# (https://www.gnu.org/software/bash/manual/bash.html#index-PS4): shell builtins and assignments are not commands
XTRACE_BUILTIN = lazy_re(
    r"^(?:\[\[?|local|shift|echo|printf|set|export|declare|typeset|unset|cd|pushd|popd|true|false|:|source|\.|"
    r"trap|return|exit|test|read|shopt|[A-Za-z_]\w*(?:\[[^\]]*\])?\+?=)(?:\s|$)"
)


# a Markdown list item ("+ Process 'msbuild.exe' exited with code '1'.", "+ Core.targets (52): C:\\...:") reads like a
# trace; a command line does not end a sentence (`docker build .` ends with a path, after a space)
_SENTENCE_END = lazy_re(r"(?<![\s/.])[.:]$")


def _traced_paste(numbered: list[tuple[int, str]]) -> StepScope:
    """Text with no step structure and no CI system's verdict: a script run under `set -x` shows the command that
    was running when it stopped as its last trace (`+ go generate ./...`), and a paste cut before the verdict of a
    runner that echoes its commands as `$ cmd` (GitLab, Travis, Buildkite) shows it as its last echo; the text stays
    whole."""
    cmd = ""
    for _, text in reversed(numbered):
        m = _PLUS_ECHO.match(_bare(text))
        if (m and not text.startswith("++") and not XTRACE_BUILTIN.match(m.group("cmd"))
                and not _SENTENCE_END.search(m.group("cmd"))):
            cmd = m.group("cmd")
            break
        m = _DOLLAR_ECHO.match(_bare(text))
        if m and not XTRACE_BUILTIN.match(m.group("cmd")) and not _SENTENCE_END.search(m.group("cmd")):
            cmd = _echoed(m.group("cmd"))
            break
    return StepScope(numbered, cmd, None, None, "plain")


def _web_copy(numbered: list[tuple[int, str]]) -> StepScope | None:
    """The failing step of a log copied from the web page: the last `Run` header before the runner's verdict, its
    script (the indented lines up to `shell:`) and its output up to the verdict. A `Run` line without `shell:`
    under it is a header only as the copy's first line. A paste indented as a whole reads without that indent."""
    numbered = _dedented(numbered)
    verdict = next((i for i in range(len(numbered) - 1, -1, -1) if _WEB_VERDICT.match(numbered[i][1].strip())), None)
    if verdict is None:
        return None
    for j in range(verdict - 1, -1, -1):
        m = _WEB_RUN.match(numbered[j][1])
        if not m:
            continue
        k = j + 1
        script = []
        while k < verdict and numbered[k][1].startswith("  ") and not _WEB_SHELL.match(numbered[k][1]):
            script.append(numbered[k][1])
            k += 1
        if k < verdict and _WEB_SHELL.match(numbered[k][1]):
            k += 1
        elif any(t.strip() for _, t in numbered[:j]):
            continue  # not the web page's step header (no `shell:` line under it): output that reads `Run …`
        else:
            # the copy starts at the step's header, its `shell:` block left out (the web page folds it): the first
            # line of the log is the header, not output that reads `Run …`
            k, script = j + 1, []
        while k < verdict and (numbered[k][1].startswith("    ") or numbered[k][1].strip() == "env:"
                               or numbered[k][1].startswith("  env:")):
            k += 1
        scope = StepScope(numbered[k:verdict], m.group("cmd").strip(), int(_WEB_VERDICT.match(
            numbered[verdict][1].strip()).group("code")), numbered[verdict][0], "github")
        scope.echo_line = numbered[j][0]
        scope.script = _script(script)
        return scope
    return None


def _same_command(echoed: str, named: str) -> bool:
    """Travis echoes a command as `$ cmd` and names it in `The command "cmd" exited with N.`; a multi-line
    command is named by its first line, and the echo may differ in spacing."""
    a, b = (" ".join(_TRAVIS_WRAPPER.sub("", c).split()) for c in (echoed, named))
    return bool(a and b) and (a == b or a.startswith(b) or b.startswith(a))


def _traced_at(numbered: list[tuple[int, str]], j: int) -> bool:
    """Whether line j, which reads `+ cmd`, is the shell's trace: xtrace writes PS4 at the start of the line, so an
    indented `+ ...` is a program's output (mocha's diff legend "      + expected - actual"), and a `+++ path` right
    under `--- path` is a unified diff's header (isort --diff, `+++ /x/app.py:after  <date>`)."""
    raw = _SGR_REMNANT.sub("", numbered[j][1])
    if not raw.lstrip().startswith("+"):
        return True  # another echo (the git client plugin's ` > git fetch ...`): not the trace's to judge
    if raw[:1] in (" ", "\t"):
        return False
    return not (raw.startswith("+++ ") and j > 0 and _SGR_REMNANT.sub("", numbered[j - 1][1]).startswith("--- "))


def _handed_over(numbered: list[tuple[int, str]], code: int | None, marker_line: int) -> StepScope:
    """A GitLab script section or Jenkins stage whose failure the runner reported after it: the last
    command it echoed (`$ cmd` or `+ cmd`) failed, and its output runs to the section's end."""
    for j in range(len(numbered) - 1, -1, -1):
        text = _bare(numbered[j][1])
        for system, echo in (("gitlab", _DOLLAR_ECHO), ("jenkins", _PLUS_ECHO)):
            m = echo.match(text)
            if m and system == "jenkins" and not _traced_at(numbered, j):
                continue
            if m:
                end = len(numbered)
                if system == "gitlab":
                    end = next((k for k in range(j + 1, len(numbered))
                                if _GITLAB_EPILOGUE.match(_bare(numbered[k][1]))), end)
                scope = StepScope(numbered[j + 1:end] or numbered[j:end], _echoed(m.group("cmd")), code, marker_line, system)
                scope.echo_line = numbered[j][0]
                return scope
    return StepScope(numbered, "", code, marker_line, "plain")
