"""GitHub Actions I/O: the only module that knows about `INPUT_*`, `GITHUB_OUTPUT`, the step summary,
workflow commands (annotations, masks) and the event payload.

Docker actions receive each input as `INPUT_<NAME>` with the name upper-cased and hyphens KEPT
(`INPUT_MIN-CONFIDENCE`). Outputs go to the file named by `GITHUB_OUTPUT` using the heredoc form with
a random delimiter, so multi-line values (and values that contain a would-be delimiter) are safe.
Outside Actions (a terminal), the same calls print readable text instead of workflow commands.
"""

from __future__ import annotations

import json
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Mapping

from .errors import InputError
from .markdown import strip_control
from .redact import redact
from .spec import Input


def escape_data(value: str) -> str:
    """Escape a workflow-command message (GitHub's `escapeData`)."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a workflow-command property value (GitHub's `escapeProperty`)."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def input_env_name(name: str) -> str:
    """`min-confidence` -> `INPUT_MIN-CONFIDENCE`, exactly as the runner names it for Docker actions."""
    return "INPUT_" + name.replace(" ", "_").upper()


# The runner reads `::name ...::` at a line's start and the legacy `##[name ...]` ANYWHERE in a line
# (actions/runner, src/Runner.Worker/ActionCommandManager.cs: ActionCommand.TryParse uses IndexOf("##[")).
# A zero-width space between the sigil's characters keeps the text readable and the command dead.
_RUNNER_COMMANDS = (
    "add-mask|add-matcher|remove-matcher|add-path|set-env|set-output|save-state|stop-commands|echo|debug"
    "|notice|warning|error|group|endgroup|command|section"
)
_LEGACY_COMMAND = re.compile(r"##\[")
_V2_COMMAND = re.compile(r"::(?=(?:" + _RUNNER_COMMANDS + r")\b)", re.IGNORECASE)
_RESUME_TOKEN = re.compile(r"^(\s*)::")


def defuse_line(line: str) -> str:
    """One line of untrusted text, safe to print in a job log: no escape sequence or control character,
    no workflow command (`::cmd::` at its start or naming a command anywhere, `##[cmd]` anywhere)."""
    line = strip_control(line).replace("\r", "")
    line = _LEGACY_COMMAND.sub("#\u200b#[", line)
    line = _V2_COMMAND.sub(":\u200b:", line)
    return _RESUME_TOKEN.sub("\\1:\u200b:", line)


_TRUE = {"true", "yes", "y", "1", "on"}
_FALSE = {"false", "no", "n", "0", "off"}


def parse_value(spec: Input, raw: str) -> Any:
    """Parse one raw input string by its declared kind; errors name the input and what is accepted."""
    raw = raw.strip()
    kind = spec.kind
    if kind in ("str", "path", "secret"):
        return raw
    if kind == "bool":
        low = raw.lower()
        if low in _TRUE:
            return True
        if low in _FALSE:
            return False
        raise InputError(spec.name, f"expected true or false, got {raw!r}")
    if kind == "int":
        try:
            value = int(raw, 10)
        except ValueError:
            raise InputError(spec.name, f"expected a whole number, got {raw!r}") from None
        return _check_range(spec, value)
    if kind == "float":
        try:
            value = float(raw)
        except ValueError:
            raise InputError(spec.name, f"expected a number, got {raw!r}") from None
        return _check_range(spec, value)
    if kind == "list":
        items = [part.strip() for line in raw.splitlines() for part in line.split(",")]
        return [item for item in items if item]
    if kind == "choice":
        if raw not in spec.choices:
            raise InputError(spec.name, f"expected one of {', '.join(spec.choices)}, got {raw!r}")
        return raw
    raise AssertionError(f"unknown input kind {kind!r} for {spec.name}")


def _check_range(spec: Input, value: float) -> Any:
    if spec.min is not None and value < spec.min or spec.max is not None and value > spec.max:
        lo = "-inf" if spec.min is None else spec.min
        hi = "inf" if spec.max is None else spec.max
        raise InputError(spec.name, f"expected a value from {lo} to {hi}, got {value}")
    return value


@dataclass
class Runtime:
    """Actions I/O for one stage run. `env` is the process environment (injected for tests)."""

    env: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    stdout: IO[str] = field(default_factory=lambda: sys.stdout)
    stderr: IO[str] = field(default_factory=lambda: sys.stderr)
    outputs: dict[str, str] = field(default_factory=dict)
    _masked: list[str] = field(default_factory=list)
    # With --json, stdout carries only the JSON document: log lines and annotations go to stderr.
    json_stdout: bool = False

    # -- where we are -------------------------------------------------------------------------------
    @property
    def in_actions(self) -> bool:
        return self.env.get("GITHUB_ACTIONS") == "true"

    @property
    def debug(self) -> bool:
        return self.env.get("RUNNER_DEBUG") == "1"

    @property
    def workspace(self) -> Path:
        return Path(self.env.get("GITHUB_WORKSPACE") or os.getcwd())

    def event(self) -> dict[str, Any]:
        """The triggering event's payload (empty outside Actions or when unreadable)."""
        path = self.env.get("GITHUB_EVENT_PATH")
        if not path:
            return {}
        try:
            with open(path, encoding="utf-8") as fh:
                data = json.load(fh)
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def event_name(self) -> str:
        return self.env.get("GITHUB_EVENT_NAME", "")

    # -- inputs -------------------------------------------------------------------------------------
    def raw_input(self, spec: Input) -> str | None:
        """The input's value from the environment: `INPUT_<NAME>`, then its documented env fallbacks."""
        value = self.env.get(input_env_name(spec.name))
        if value is not None and value.strip() != "":
            return value
        for var in spec.env_fallback:
            value = self.env.get(var)
            if value is not None and value.strip() != "":
                return value
        return None

    def resolve_inputs(self, specs: list[Input], cli_values: Mapping[str, str | None]) -> dict[str, Any]:
        """CLI option > `INPUT_*` > env fallback > default; parsed by kind. Secrets are masked first."""
        resolved: dict[str, Any] = {}
        raws: dict[str, str | None] = {}
        for spec in specs:
            raw = cli_values.get(spec.name)
            if raw is None:
                raw = self.raw_input(spec)
            raws[spec.name] = raw
            if spec.kind == "secret" and raw:
                self.mask(raw.strip())
        for spec in specs:
            raw = raws[spec.name]
            if raw is None:
                raw = spec.default
            if raw is None or raw == "":
                if spec.required:
                    raise InputError(spec.name, "is required but was not given", spec.missing_hint)
                resolved[spec.name] = [] if spec.kind == "list" else None
                continue
            resolved[spec.name] = parse_value(spec, str(raw))
        return resolved

    # -- outputs, summary, commands ----------------------------------------------------------------
    def set_output(self, name: str, value: Any) -> None:
        """Write one output. Multi-line safe: heredoc with a delimiter that cannot occur in the value."""
        text = value if isinstance(value, str) else json.dumps(value) if isinstance(value, (dict, list)) else (
            str(value).lower() if isinstance(value, bool) else "" if value is None else str(value)
        )
        text = self.scrub(text)
        self.outputs[name] = text
        path = self.env.get("GITHUB_OUTPUT")
        if not path:
            return
        import secrets  # only inside Actions (random, hmac): a terminal run does not pay for it

        delimiter = "ghadelimiter_" + secrets.token_hex(16)
        while delimiter in text:  # astronomically unlikely, but cheap to rule out
            delimiter = "ghadelimiter_" + secrets.token_hex(16)
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(f"{name}<<{delimiter}\n{text}\n{delimiter}\n")

    def summary(self, markdown: str) -> None:
        """Append Markdown to the job's step summary (no-op outside Actions)."""
        path = self.env.get("GITHUB_STEP_SUMMARY")
        if not path:
            return
        markdown = self.scrub(markdown)
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(markdown if markdown.endswith("\n") else markdown + "\n")

    def mask(self, secret: str) -> None:
        """Ask the runner to mask a secret in all later log output; remember it to scrub our own output."""
        if not secret or secret in self._masked:
            return
        self._masked.append(secret)
        if self.in_actions:
            self._write(self.stdout, f"::add-mask::{escape_data(secret)}")

    def scrub(self, text: str) -> str:
        """Replace every masked secret with `***` (defence in depth outside the runner), then every
        credential of a known shape with `[REDACTED <kind>]` (secrets the runner was never told about)."""
        for secret in self._masked:
            if len(secret) >= 4:  # shorter strings are not credentials, and scrubbing them mangles text
                text = text.replace(secret, "***")
        return redact(text)

    def annotate(
        self,
        level: str,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        col: int | None = None,
        end_line: int | None = None,
        title: str | None = None,
        finding: bool = False,
    ) -> None:
        """An `::error|warning|notice` annotation (or a readable line in a terminal).

        `finding=True`: what autoheal found in a log, not a failure of autoheal. In Actions it is still an
        annotation of `level` (shown next to the line it names); in a terminal it reads `finding: ...`."""
        assert level in ("error", "warning", "notice"), level
        message = defuse_line(self.scrub(message))
        title = defuse_line(self.scrub(title)) if title else title
        if self.in_actions:
            props = []
            for key, value in (("file", file), ("line", line), ("endLine", end_line), ("col", col), ("title", title)):
                if value is not None and value != "":
                    props.append(f"{key}={escape_property(str(value))}")
            head = f"::{level} {','.join(props)}::" if props else f"::{level}::"
            self._write(self.stderr if self.json_stdout else self.stdout, head + escape_data(message))
        else:
            where = f" ({file}{':' + str(line) if line else ''})" if file else ""
            self._write(self.stderr, f"{'finding' if finding else level}: {message}{where}")

    def info(self, message: str) -> None:
        """A plain log line (stdout). Untrusted text cannot smuggle in a workflow command or an escape."""
        lines = self.scrub(message).splitlines() or [""]
        self._write(self.stderr if self.json_stdout else self.stdout, "\n".join(defuse_line(ln) for ln in lines))

    def warn(self, message: str) -> None:
        self.annotate("warning", message)

    def group(self, title: str) -> None:
        if self.in_actions:
            self._write(self.stdout, f"::group::{escape_data(defuse_line(self.scrub(title)))}")

    def endgroup(self) -> None:
        if self.in_actions:
            self._write(self.stdout, "::endgroup::")

    def _write(self, stream: IO[str], line: str) -> None:
        stream.write(line + "\n")
        stream.flush()
