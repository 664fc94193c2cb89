"""The VS Code tasks and launch configurations run as written, on a scratch repository.

`autoheal init --with vscode` writes them into a fresh git repository whose remote is on GitHub; then
every task command is run the way VS Code runs it (bash -c, variables substituted: the selected Python
interpreter, the workspace folder, the prompted inputs), against the simulator started by the
simulator task itself; and every launch configuration is run as `python -m <module> <args>` with its
env after its preLaunchTask. The one change to the files as written: port 8765 is replaced with a free
port, so parallel test runs never collide.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from autoheal import init, jsonc

PYTHON = sys.executable
VARIABLE = re.compile(r"\$\{([^}]+)\}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "INPUT_", "RUNNER_"))}
    env.update(extra)
    return env


class Workspace:
    """A scratch repository after `autoheal init --with vscode`, and VS Code's variable resolution."""

    def __init__(self, root: Path, port: int):
        self.root = root
        self.port = port
        vscode = root / ".vscode"
        for name in ("tasks.json", "launch.json"):  # the only change to the files as written
            path = vscode / name
            path.write_text(path.read_text().replace("8765", str(port)))
        self.tasks = {t["label"]: t for t in jsonc.loads((vscode / "tasks.json").read_text())["tasks"]}
        launch = jsonc.loads((vscode / "launch.json").read_text())
        self.configurations = launch["configurations"]
        self.inputs = {i["id"]: i for i in jsonc.loads((vscode / "tasks.json").read_text())["inputs"]}
        self.inputs.update({i["id"]: i for i in launch["inputs"]})
        self.answers: dict[str, str] = {}

    def simulator_choice(self) -> str:
        options = self.inputs["autohealGitHub"]["options"]
        return next(o["value"] for o in options if o["label"].startswith("the simulator"))

    def resolve(self, text: str, file: Path | None = None) -> str:
        def one(match: re.Match) -> str:
            name = match[1]
            if name == "command:python.interpreterPath":
                return PYTHON
            if name == "workspaceFolder":
                return str(self.root)
            if name == "file":
                assert file is not None, "this configuration needs an open file"
                return str(file)
            if name.startswith("input:"):
                key = name.removeprefix("input:")
                assert key in self.inputs, f"input {key} is used but not declared"
                return self.answers[key]
            raise AssertionError(f"variable ${{{name}}} is not one VS Code resolves here")

        return VARIABLE.sub(one, text)

    def task_command(self, label: str) -> list[str]:
        task = self.tasks[label]
        shell = task["options"]["shell"]
        return [shell["executable"], *shell["args"], self.resolve(" ".join([task["command"], *task.get("args", [])]))]

    def run_task(self, label: str) -> subprocess.CompletedProcess:
        return subprocess.run(self.task_command(label), cwd=self.root, env=clean_env(), capture_output=True,
                              text=True, timeout=120)


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    root = tmp_path / "app"
    (root / ".github" / "workflows").mkdir(parents=True)
    (root / ".github" / "workflows" / "ci.yml").write_text(
        "name: CI\non: push\njobs: {t: {runs-on: ubuntu-latest, steps: [{run: 'true'}]}}\n")
    subprocess.run(["git", "init", "--quiet", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "remote", "add", "origin", "git@github.com:acme/app.git"], check=True)
    assert init.main(["--dir", str(root), "--with", "vscode"]) == 0
    return Workspace(root, free_port())


@pytest.fixture
def simulator(workspace: Workspace):
    """The simulator task, started as VS Code starts it; ready when its background pattern matches."""
    task = workspace.tasks["autoheal: start the GitHub simulator"]
    assert task["isBackground"] is True
    ready = re.compile(task["problemMatcher"]["background"]["endsPattern"])
    proc = subprocess.Popen(workspace.task_command(task["label"]), cwd=workspace.root, env=clean_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        line = proc.stdout.readline()
        assert ready.search(line), f"the simulator task did not start: {line}{proc.stdout.read() if proc.poll() else ''}"
        yield proc
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


def test_init_takes_the_repository_from_the_git_remote(workspace: Workspace):
    assert workspace.inputs["autohealRepo"]["default"] == "acme/app"
    assert {c["env"]["GITHUB_REPOSITORY"] for c in workspace.configurations if "env" in c} == {"acme/app"}
    assert "name: acme/app" in (workspace.root / ".vscode" / "autoheal-simulator.yml").read_text()


def test_every_task_runs_as_written_against_the_simulator(workspace: Workspace, simulator, tmp_path: Path):
    log = workspace.root / "job.log"
    log.write_text("E   ModuleNotFoundError: No module named 'yaml'\n##[error]Process completed with exit code 1.\n")
    workspace.answers.update(autohealGitHub=workspace.simulator_choice(),
                             autohealRepo=workspace.inputs["autohealRepo"]["default"],
                             autohealRunId="1001", autohealLogFile=workspace.inputs["autohealLogFile"]["default"])
    ran = []
    order = ["autoheal: analyze a failed run", "autoheal: analyze a local log file",
             "autoheal: preview the issue (dry run)", "autoheal: health report (dry run)",
             "autoheal: validate the config", "autoheal: check the watched-workflow list"]
    for label in order:
        proc = workspace.run_task(label)
        assert proc.returncode == 0, f"{label}: exit {proc.returncode}\n{proc.stdout}{proc.stderr}"
        ran.append(label)
    assert (workspace.root / "autoheal-analysis.json").is_file()
    assert json.loads((workspace.root / "autoheal-analysis.json").read_text())["category"] == "missing_dependency"
    # The draft-PR preview needs an issue autoheal filed: file it for real on the simulator, then preview.
    filed = subprocess.run([PYTHON, "-m", "autoheal", "open-issue", "--analysis-file", "autoheal-analysis.json",
                            "--json"],
                           cwd=workspace.root, capture_output=True, text=True, timeout=120,
                           env=clean_env(GITHUB_API_URL=f"http://127.0.0.1:{workspace.port}", GITHUB_TOKEN="dev-token",
                                         GITHUB_REPOSITORY="acme/app"))
    assert filed.returncode == 0, filed.stdout + filed.stderr
    workspace.answers["autohealIssueNumber"] = json.loads(filed.stdout)["outputs"]["issue-number"]
    proc = workspace.run_task("autoheal: preview the draft PR for an issue (dry run)")
    assert proc.returncode == 0 and "dry run" in proc.stdout, proc.stdout + proc.stderr
    ran.append("autoheal: preview the draft PR for an issue (dry run)")
    assert set(ran) | {"autoheal: start the GitHub simulator"} == set(workspace.tasks), "a task was not tried"


def test_every_launch_configuration_runs_as_written(workspace: Workspace, simulator):
    labels = set(workspace.tasks)
    log = workspace.root / "job.log"
    log.write_text("E   ModuleNotFoundError: No module named 'yaml'\n")
    tried = 0
    for config in workspace.configurations:
        assert config["type"] == "debugpy" and config["request"] == "launch"
        if "preLaunchTask" in config:
            assert config["preLaunchTask"] in labels
        stage_input = next((i for i in workspace.inputs.values() if f"${{input:{i['id']}}}" in json.dumps(config)), None)
        choices = stage_input["options"] if stage_input else [None]
        for choice in choices:
            if stage_input:
                workspace.answers[stage_input["id"]] = choice
            args = [workspace.resolve(a, file=log) for a in config["args"]]
            env = clean_env(**{k: workspace.resolve(v) for k, v in config.get("env", {}).items()})
            proc = subprocess.run([PYTHON, "-m", config["module"], *args], cwd=workspace.root, env=env,
                                  capture_output=True, text=True, timeout=120)
            assert proc.returncode == 0, f"{config['name']} {choice or ''}: exit {proc.returncode}\n{proc.stdout}{proc.stderr}"
            tried += 1
    assert tried >= 3 + 3


def test_the_token_choices_are_shell_that_sets_the_token_without_printing_it(workspace: Workspace, tmp_path: Path):
    """The GitHub choices are env assignments a shell evaluates: `gh auth token` is run, not printed."""
    fake_bin = tmp_path / "bin"
    fake_bin.mkdir()
    (fake_bin / "gh").write_text("#!/bin/sh\n[ \"$1 $2\" = 'auth token' ] && echo ghp_from_gh\n")
    (fake_bin / "gh").chmod(0o755)
    for option in workspace.inputs["autohealGitHub"]["options"]:
        script = f"{option['value']} {PYTHON} -c 'import os; print(os.environ.get(\"GITHUB_TOKEN\"), os.environ[\"GITHUB_API_URL\"])'"
        proc = subprocess.run(["bash", "-c", script], capture_output=True, text=True,
                              env=clean_env(PATH=f"{fake_bin}:{os.environ['PATH']}", GITHUB_TOKEN="from_env"))
        assert proc.returncode == 0, proc.stderr
        token, api = proc.stdout.split()
        expected = {"gh": "ghp_from_gh", "GITHUB_TOKEN": "from_env", "simulator": "dev-token"}
        key = next(k for k in expected if k in option["label"])
        assert token == expected[key] and api.startswith("http")
        assert "ghp_from_gh" not in option["value"]


def test_merge_keeps_the_users_comments_and_adds_only_autoheals_entries(tmp_path: Path, capsys):
    vs = tmp_path / ".vscode"
    vs.mkdir(parents=True)
    tasks = '{\n  // my build\n  "version": "2.0.0",\n  "tasks": [\n    {"label": "build", "type": "shell", "command": "make"}, // keep\n  ],\n}\n'
    settings = '{\n  /* editor */\n  "editor.tabSize": 4,\n}\n'
    launch = '// nothing yet\n{"version": "0.2.0", "configurations": []}\n'
    (vs / "tasks.json").write_text(tasks)
    (vs / "settings.json").write_text(settings)
    (vs / "launch.json").write_text(launch)
    assert init.main(["--dir", str(tmp_path), "--with", "vscode"]) == 0
    new_tasks = (vs / "tasks.json").read_text()
    for comment in ("// my build", "// keep"):
        assert comment in new_tasks
    assert new_tasks.startswith(tasks[:tasks.index('"tasks"')])
    merged = jsonc.loads(new_tasks)
    ours = jsonc.loads(init.scaffold_text("vscode", "tasks.json"))
    assert [t["label"] for t in merged["tasks"]] == ["build"] + [t["label"] for t in ours["tasks"]]
    assert [i["id"] for i in merged["inputs"]] == [i["id"] for i in ours["inputs"]]
    new_settings = jsonc.loads((vs / "settings.json").read_text())
    assert set(new_settings) == {"editor.tabSize", "yaml.schemas"}, "only autoheal's setting is added"
    assert "/* editor */" in (vs / "settings.json").read_text()
    assert "// nothing yet" in (vs / "launch.json").read_text()
    assert len(jsonc.loads((vs / "launch.json").read_text())["configurations"]) == 3
    # A second run adds nothing.
    before = {p.name: p.read_text() for p in vs.iterdir()}
    capsys.readouterr()
    init.main(["--dir", str(tmp_path), "--with", "vscode"])
    assert {p.name: p.read_text() for p in vs.iterdir()} == before
    assert "merged" not in capsys.readouterr().out
