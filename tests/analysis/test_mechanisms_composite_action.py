"""A step of a composite action names the action as the workflow's `uses:` writes it (``specifics.command``): the fix
edits that `uses:` step (the labeling guide: the action ref, `owner/name@ref`).

Format: the runner logs a composite action as its `##[group]Run owner/repo@ref` header (its `with:` inputs, no output)
followed by each of its own steps as a step of its own, `${{ github.action_path }}` expanded to the action's checkout
under `_actions/<owner>/<repo>/<ref>/`; `$GITHUB_ACTION_PATH` is "only supported in composite actions"
(https://docs.github.com/actions/reference/variables-reference).
"""

from __future__ import annotations

from autoheal.analysis import analyze

TS = "2026-03-25T03:38:37.0000000Z "


def _log(steps: list[list[str]]) -> bytes:
    return ("\n".join(TS + line for step in steps for line in step) + "\n").encode()


def _action(ref: str, inputs: dict[str, str]) -> list[str]:
    return [f"##[group]Run {ref}", "with:", *(f"  {k}: {v}" for k, v in inputs.items()), "##[endgroup]"]


def _run(script: list[str], output: list[str], code: int | None = None) -> list[str]:
    lines = [f"##[group]Run {script[0]}", *("\x1b[36;1m" + s + "\x1b[0m" for s in script),
             "shell: /usr/bin/bash --noprofile --norc -e -o pipefail {0}", "##[endgroup]", *output]
    return lines + ([f"##[error]Process completed with exit code {code}."] if code is not None else [])


RUFF_OUT = ["Would reformat: src/app.py", "1 file would be reformatted, 63 files already formatted"]


def test_a_step_using_the_action_path_names_the_composite_action():
    log = _log([_run(["actions/checkout@v4"], ["Syncing repository: o/r"]),
                _action("chartboost/ruff-action@v1", {"args": "format --check", "src": "."}),
                _run(['if [ "$RUNNER_OS" == "Windows" ]; then', "python $GITHUB_ACTION_PATH/action/main.py", "else",
                      "python3 $GITHUB_ACTION_PATH/action/main.py", "fi"], RUFF_OUT, code=1)])
    assert analyze(log).specifics["command"] == "chartboost/ruff-action@v1"


def test_the_expanded_action_folder_names_its_action_past_a_nested_one():
    # ${{ github.action_path }} expanded: the folder names the action even with another action's header between
    log = _log([_action("acme/build-action@v2", {"target": "app"}),
                _action("actions/cache@v4", {"path": "~/.cache"}),
                _run(["/home/runner/work/_actions/acme/build-action/v2/scripts/build.sh"],
                     ["make: *** [all] Error 2"], code=2)])
    assert analyze(log).specifics["command"] == "acme/build-action@v2"


def test_a_workflow_step_after_a_composite_action_keeps_its_own_command():
    log = _log([_action("acme/setup-env@v1", {"node": "20"}),
                _run(["echo setup done"], ["setup done"]),
                _run(["npm test"], ["> app@1.0.0 test", "> jest", "FAIL src/a.test.js", "  ● adds",
                                    "Tests:       1 failed, 1 total"], code=1)])
    assert analyze(log).specifics["command"] == "npm test"


# ---- an action that failed running a program: its ref, unless its input is the command line it ran ---------------

def _uses(ref: str, inputs: dict[str, str], output: list[str]) -> list[str]:
    return [*_action(ref, inputs)[:-1], "env:", "  DISPLAY: :99.0", "##[endgroup]", *output]


def test_a_wrapper_action_is_named_by_the_command_line_it_was_given():
    # @actions/exec echoes "[command]<program> <args>", the runner names the program that failed
    out = ["[command]/usr/bin/sudo apt-get install -y xvfb", "Reading package lists...",
           "[command]/usr/bin/xvfb-run --auto-servernum yarn nps check.ci", "FAIL src/a.test.js",
           "##[error]The process '/usr/bin/xvfb-run' failed with exit code 1",
           "[command]/usr/bin/bash /home/runner/work/_actions/GabrielBB/xvfb-action/v1/cleanup.sh"]
    log = _log([_uses("GabrielBB/xvfb-action@v1", {"run": "yarn nps check.ci"}, out)])
    assert analyze(log).specifics["command"] == "yarn nps check.ci"


def test_a_tool_action_that_failed_running_its_tool_is_named_by_its_ref():
    out = ["[command]/usr/bin/tar xz --warning=no-unknown-keyword -C /home/runner/work/_temp/x -f /home/runner/work/_temp/y",
           "/usr/bin/tar: Unexpected EOF in archive",
           "##[error]The process '/usr/bin/tar' failed with exit code 2"]
    log = _log([_uses("actions/setup-python@v5", {"python-version": "3.12"}, out)])
    assert analyze(log).specifics["command"] == "actions/setup-python@v5"
    # a tool action's arguments are not a command line it was given (gradle-build-action's `arguments:`)
    gradle = ["[command]/home/runner/work/r/r/gradlew build -x test", "BUILD FAILED in 3s",
              "##[error]The process '/home/runner/work/r/r/gradlew' failed with exit code 1"]
    log = _log([_uses("gradle/gradle-build-action@v2", {"arguments": "build -x test"}, gradle)])
    assert analyze(log).specifics["command"] == "gradle/gradle-build-action@v2"
