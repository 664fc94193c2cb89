"""Run one action's container directly, the way the GitHub runner starts a Docker container action.

Whole template jobs run under nektos/act (actjob.py). This remains for what act cannot show: the
container's OWN stdout and its `GITHUB_OUTPUT` file, which act consumes (it applies `::add-mask::`,
rewrites workflow commands and parses outputs leniently), so the protocol tests (the mask is the first
line, exactly one `::error::`, a strictly parsed output file, the same outputs and API calls as the
stage in-process) and the start-up benchmark need the container's streams untouched.

Everything the container sees is derived from the action's own `action.yml` (its `runs.args`,
`runs.env` and input defaults), so metadata and image cannot drift apart unnoticed. The actions'
defaults are only `${{ github.<name> }}`; anything else fails loudly rather than being guessed.
What the runner does and this mirrors:

- every declared input becomes `INPUT_<NAME>` (upper-cased, spaces -> `_`, hyphens KEPT); an input
  the workflow did not give gets its evaluated default, or the empty string;
- values travel in the `docker run` process environment and the command line only names them
  (`-e NAME`), so no secret ever appears in an argument list;
- the workspace, file-command, workflow and home directories are bind-mounted at `/github/...`,
  with `--workdir /github/workspace`; `GITHUB_OUTPUT` / `GITHUB_STEP_SUMMARY` are fresh files in
  `/github/file_commands`, the event payload is `/github/workflow/event.json`;
- `--network host` here, so the container reaches the simulator on the host's 127.0.0.1.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

import yaml


COMMAND_LINE = re.compile(r"^::([A-Za-z][A-Za-z0-9-]*)(?: ([^:]*))?::(.*)$")
GITHUB_VALUE = re.compile(r"^\$\{\{\s*github\.([a-z_]+)\s*\}\}$")


def resolve(text: str, github: Mapping[str, str]) -> str:
    """A metadata value: literal, or exactly `${{ github.<name> }}` (all the actions use)."""
    if "${{" not in text:
        return text
    match = GITHUB_VALUE.match(text.strip())
    if not match or match.group(1) not in github:
        raise ValueError(f"{text!r}: only `${{{{ github.<name> }}}}` with a name in {sorted(github)} is handled here")
    return github[match.group(1)]


def input_env_name(name: str) -> str:
    """The runner's name for an input's variable (ActionRunner: spaces -> `_`, upper-cased)."""
    return "INPUT_" + name.replace(" ", "_").upper()


def load_action(path: Path) -> dict[str, Any]:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    if doc.get("runs", {}).get("using") != "docker":
        raise ValueError(f"{path}: not a Docker container action")
    return doc


def resolve_inputs(action: Mapping[str, Any], given: Mapping[str, str], github: Mapping[str, str]) -> dict[str, str]:
    """Every declared input -> its value: given, else the evaluated default, else ''."""
    declared = action.get("inputs") or {}
    unknown = set(given) - set(declared)
    if unknown:
        # The runner only warns ("Unexpected input(s)") and drops them; a test doing so is a bug.
        raise ValueError(f"inputs not declared by the action: {sorted(unknown)}")
    values: dict[str, str] = {}
    for name, meta in declared.items():
        if name in given:
            values[name] = str(given[name])
        else:
            default = (meta or {}).get("default")
            values[name] = "" if default is None else resolve(str(default), github)
    return values


@dataclass
class WorkflowCommand:
    name: str
    properties: dict[str, str]
    message: str


@dataclass
class ActionRun:
    exit_code: int
    stdout: str
    stderr: str
    outputs: dict[str, str]
    summary: str
    seconds: float
    workspace: Path
    argv: list[str] = field(repr=False)

    @property
    def commands(self) -> list[WorkflowCommand]:
        """Workflow commands (`::name props::message`) the container printed, unescaped."""
        found = []
        for line in self.stdout.splitlines():
            match = COMMAND_LINE.match(line)
            if match:
                props = {}
                for item in (match.group(2) or "").split(","):
                    if "=" in item:
                        key, _, value = item.partition("=")
                        props[key] = unescape_property(value)
                found.append(WorkflowCommand(match.group(1), props, unescape_data(match.group(3))))
        return found

    def annotations(self, level: str) -> list[WorkflowCommand]:
        return [c for c in self.commands if c.name == level]


def unescape_data(value: str) -> str:
    return value.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def unescape_property(value: str) -> str:
    return unescape_data(value.replace("%3A", ":").replace("%2C", ","))


def parse_output_file(text: str) -> dict[str, str]:
    """Parse `GITHUB_OUTPUT` as the runner's file-command reader does, strictly.

    Deliberately independent of `autoheal.invoke.parse_output_file` (the package's lenient reader):
    this is the runner's side of the contract, so a format the runner would reject must fail here.
    """
    outputs: dict[str, str] = {}
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    i = 0
    while i < len(lines):
        line = lines[i]
        if line == "":
            i += 1
            continue
        heredoc = line.find("<<")
        equals = line.find("=")
        if heredoc > 0 and (equals < 0 or heredoc < equals):
            name, delimiter = line[:heredoc], line[heredoc + 2:]
            if not delimiter:
                raise ValueError(f"empty heredoc delimiter for output {name!r}")
            body: list[str] = []
            i += 1
            while i < len(lines) and lines[i] != delimiter:
                body.append(lines[i])
                i += 1
            if i == len(lines):
                raise ValueError(f"output {name!r}: delimiter {delimiter!r} never closes")
            outputs[name] = "\n".join(body)
        elif equals > 0:
            outputs[line[:equals]] = line[equals + 1:]
        else:
            raise ValueError(f"malformed GITHUB_OUTPUT line: {line!r}")
        i += 1
    return outputs


@dataclass
class DockerActionRunner:
    """Runs `actions/<stage>/action.yml` (or the root `action.yml`) in `image`, like the runner."""

    image: str
    repo_root: Path
    work_dir: Path
    docker: str = "docker"

    def action_path(self, stage: str | None) -> Path:
        return self.repo_root / ("action.yml" if stage in (None, "heal") else f"actions/{stage}/action.yml")

    def run(
        self,
        stage: str | None,
        inputs: Mapping[str, str] | None = None,
        *,
        repository: str = "octo/app",
        token: str = "",
        api_url: str = "https://api.github.com",
        run_id: str = "1",
        event_name: str = "workflow_dispatch",
        event: Mapping[str, Any] | None = None,
        step_env: Mapping[str, str] | None = None,
        workspace_files: Mapping[str, str] | None = None,
        workspace: Path | None = None,
        timeout: float = 120,
    ) -> ActionRun:
        """Run one step. `workspace`: the job's workspace, shared by its steps (default: a new one)."""
        action = load_action(self.action_path(stage))
        case = self.work_dir / uuid.uuid4().hex[:12]
        dirs = {name: case / name for name in ("workspace", "file_commands", "workflow", "home")}
        if workspace is not None:
            dirs["workspace"] = workspace
        for path in dirs.values():
            path.mkdir(parents=True, exist_ok=True)
        for rel, text in (workspace_files or {}).items():
            target = dirs["workspace"] / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        (dirs["workflow"] / "event.json").write_text(json.dumps(event or {}), encoding="utf-8")
        suffix = uuid.uuid4()
        output_name, summary_name = f"set_output_{suffix}", f"step_summary_{suffix}"
        for name in (output_name, summary_name):
            (dirs["file_commands"] / name).touch()

        github = {
            "repository": repository,
            "token": token,
            "api_url": api_url,
            "server_url": "https://github.com",
            "run_id": run_id,
            "event_name": event_name,
            "workspace": "/github/workspace",
        }
        values = resolve_inputs(action, inputs or {}, github)
        runs = action["runs"]
        args = [resolve(str(a), github) for a in runs.get("args") or []]

        env: dict[str, str] = {
            "HOME": "/github/home",
            "CI": "true",
            "GITHUB_ACTIONS": "true",
            "GITHUB_WORKSPACE": "/github/workspace",
            "GITHUB_EVENT_PATH": "/github/workflow/event.json",
            "GITHUB_EVENT_NAME": event_name,
            "GITHUB_OUTPUT": f"/github/file_commands/{output_name}",
            "GITHUB_STEP_SUMMARY": f"/github/file_commands/{summary_name}",
            "GITHUB_REPOSITORY": repository,
            "GITHUB_RUN_ID": run_id,
            "GITHUB_API_URL": api_url,
            "GITHUB_SERVER_URL": "https://github.com",
            "RUNNER_OS": "Linux",
            "RUNNER_TEMP": "/github/runner_temp",
        }
        env.update({input_env_name(name): value for name, value in values.items()})
        env.update({k: resolve(str(v), github) for k, v in (runs.get("env") or {}).items()})
        env.update(step_env or {})

        argv = [self.docker, "run", "--rm", "--workdir", "/github/workspace"]
        for name in env:
            argv += ["-e", name]
        for name, mount in (("home", "/github/home"), ("workflow", "/github/workflow"),
                            ("file_commands", "/github/file_commands"), ("workspace", "/github/workspace")):
            argv += ["-v", f"{dirs[name]}:{mount}"]
        argv += ["--network", "host", self.image, *args]

        # Only what the runner would pass, plus what the docker CLI itself needs to find the engine.
        process_env = {k: v for k, v in os.environ.items() if k in ("PATH", "DOCKER_HOST", "DOCKER_CONFIG")}
        process_env.update(env)
        started = time.perf_counter()
        proc = subprocess.run(argv, env=process_env, capture_output=True, text=True, timeout=timeout)
        seconds = time.perf_counter() - started
        return ActionRun(
            exit_code=proc.returncode,
            stdout=proc.stdout,
            stderr=proc.stderr,
            outputs=parse_output_file((dirs["file_commands"] / output_name).read_text(encoding="utf-8")),
            summary=(dirs["file_commands"] / summary_name).read_text(encoding="utf-8"),
            seconds=seconds,
            workspace=dirs["workspace"],
            argv=argv,
        )
