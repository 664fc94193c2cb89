"""The failing command of a `uses:` step (docs/analysis.md, "Key lines, context, specifics").

Formats: @actions/exec echoes each program an action runs as "[command]<program> <args>"
(https://github.com/actions/toolkit/tree/main/packages/exec), and the runner reports a program that exited non-zero
as "##[error]The process '<program>' failed with exit code N"; GitHub's `##[group]Run owner/repo@ref` header with
the action's `with:` inputs.
"""

from __future__ import annotations

from autoheal.analysis import analyze

TS = "2022-06-22T18:45:47.0000000Z "


def _action_step(action: str, inputs: list[str], output: list[str]) -> bytes:
    lines = [TS + "##[group]Run " + action, TS + "with:", *(TS + "  " + i for i in inputs), TS + "##[endgroup]",
             *(TS + o for o in output)]
    return ("\n".join(lines) + "\n").encode()


def test_an_actions_failing_program_is_the_command_it_echoed():
    a = analyze(_action_step("GabrielBB/xvfb-action@v1", ["run: yarn nps check.ci"], [
        "[command]/usr/bin/sudo apt-get install -y xvfb",
        "xvfb is already the newest version (2:1.20.13-1ubuntu1~20.04.2).",
        "[command]/usr/bin/xvfb-run --auto-servernum yarn nps check.ci",
        "FAIL packages/victory-core/src/exports.test.ts",
        "Tests:       1 failed, 834 passed, 835 total",
        "[command]/usr/bin/bash /home/runner/work/_actions/GabrielBB/xvfb-action/v1/cleanup.sh",
        "##[error]The process '/usr/bin/xvfb-run' failed with exit code 1",
    ]))
    # the labeling guide: a wrapper action whose input is the command line it runs is named by that command
    assert a.specifics["command"] == "yarn nps check.ci"


def test_an_action_that_failed_on_its_own_terms_stays_the_command():
    # no program failed: the action reported the failure itself (a linter's findings)
    a = analyze(_action_step("golangci/golangci-lint-action@v6", ["version: v1.60"], [
        "[command]/usr/bin/tar xz --overwrite -C /home/runner -f /home/runner/work/_temp/golangci.tgz",
        "[command]/home/runner/golangci-lint-1.60.1-linux-amd64/golangci-lint run --out-format=github-actions",
        "##[error]workflow/engine/steps.go:135:16: evalOrder: may want to evaluate step.Validate() (gocritic)",
        "##[error]issues found",
    ]))
    assert a.specifics["command"] == "golangci/golangci-lint-action@v6"
