"""Run a stage in-process exactly as the container would, and collect what it wrote.

Used by the demo (event by event), by tests (against the simulator) and by anything that chains
stages without spawning processes. It prepares the same files the runner gives a Docker action
(`GITHUB_OUTPUT`, `GITHUB_STEP_SUMMARY`, `GITHUB_EVENT_PATH`, the workspace) and parses them back.
"""

from __future__ import annotations

import io
import json
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Mapping

from .runtime import Runtime
from .stages import load_spec


@dataclass
class Invocation:
    """The observable result of one stage run."""

    command: str
    exit_code: int
    outputs: dict[str, str]
    summary: str
    stdout: str
    stderr: str
    requests: int = 0
    writes: int = 0
    gateways: list[Any] = field(default_factory=list, repr=False)

    @property
    def annotations(self) -> list[str]:
        return [line for line in self.stdout.splitlines() if line.startswith(("::error", "::warning", "::notice"))]


def parse_output_file(text: str) -> dict[str, str]:
    """Parse a GITHUB_OUTPUT file (heredoc and `name=value` forms), as the runner does."""
    values: dict[str, str] = {}
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if not line:
            continue
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, _, delimiter = line.partition("<<")
            body: list[str] = []
            while i < len(lines) and lines[i] != delimiter:
                body.append(lines[i])
                i += 1
            i += 1
            values[name] = "\n".join(body)
        else:
            name, _, value = line.partition("=")
            values[name] = value
    return values


def invoke(
    command: str,
    args: Mapping[str, Any] | None = None,
    *,
    api_url: str | None = None,
    token: str | None = None,
    repo: str | None = None,
    workspace: Path | None = None,
    event: dict[str, Any] | None = None,
    event_name: str | None = None,
    env: Mapping[str, str] | None = None,
    clock: Callable[[], datetime] | None = None,
    gateway_options: Mapping[str, Any] | None = None,
) -> Invocation:
    """Run `autoheal <command>` in this process. `args` are option values by input name (`{"run-id": 7}`)."""
    from .runner import run_stage

    spec = load_spec(command)
    workspace = Path(workspace) if workspace else Path(tempfile.mkdtemp(prefix="autoheal-ws-"))
    files = Path(tempfile.mkdtemp(prefix="autoheal-files-"))
    output_file, summary_file, event_file = files / "output", files / "summary.md", files / "event.json"
    output_file.touch()
    summary_file.touch()
    event_file.write_text(json.dumps(event or {}), encoding="utf-8")
    full_env = {
        "GITHUB_ACTIONS": "true",
        "GITHUB_OUTPUT": str(output_file),
        "GITHUB_STEP_SUMMARY": str(summary_file),
        "GITHUB_EVENT_PATH": str(event_file),
        "GITHUB_EVENT_NAME": event_name or "",
        "GITHUB_WORKSPACE": str(workspace),
    }
    if api_url:
        full_env["GITHUB_API_URL"] = api_url
    if token:
        full_env["GITHUB_TOKEN"] = token
    if repo:
        full_env["GITHUB_REPOSITORY"] = repo
    full_env.update(env or {})
    values = {name: as_input_text(value) for name, value in (args or {}).items()}
    unknown = set(values) - {i.name for i in spec.inputs}
    if unknown:
        raise KeyError(f"{command} has no inputs {sorted(unknown)}")

    stdout, stderr = io.StringIO(), io.StringIO()
    rt = Runtime(env=full_env, stdout=stdout, stderr=stderr)
    gateways: list[Any] = []

    def factory(inputs: dict[str, Any]) -> Any:
        from .gateway import Gateway

        gw = Gateway(token=inputs["token"], api_url=inputs.get("api-url") or "https://api.github.com",
                     repo=inputs["repo"], **dict(gateway_options or {}))
        gateways.append(gw)
        return gw

    code = run_stage(spec, values, rt, clock=clock, gateway_factory=factory)
    return Invocation(
        command=command,
        exit_code=code,
        outputs=parse_output_file(output_file.read_text(encoding="utf-8")),
        summary=summary_file.read_text(encoding="utf-8"),
        stdout=stdout.getvalue(),
        stderr=stderr.getvalue(),
        requests=sum(g.usage.requests for g in gateways),
        writes=sum(g.usage.writes for g in gateways),
        gateways=gateways,
    )


def as_input_text(value: Any) -> str | None:
    """A typed value as the text an action input would carry (bools lower-case, lists one per line)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "\n".join(map(str, value))
    return str(value)
