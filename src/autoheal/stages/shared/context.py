"""What every stage is made of: a context in, a plan of writes, a result out.

A stage is `gather(ctx) -> facts`, `decide(facts, ...) -> Plan` (pure), `apply(ctx, plan)`. The runner
(`autoheal.runner`) builds the context from the CLI / `INPUT_*`, loads and validates the config, calls
the stage's `run(ctx)`, then writes outputs, the step summary and the exit code. With `dry-run` the
stage returns after `decide` and the runner prints the plan. Gathering again after an apply must give
an empty plan: that is how idempotency is tested.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from ...runtime import Runtime

if TYPE_CHECKING:
    from datetime import datetime


@dataclass(frozen=True)
class Write:
    """One intended write to GitHub, described well enough to print in a dry run."""

    op: str  # e.g. "create_issue", "comment", "add_labels", "close_issue", "create_ref"
    target: str  # e.g. "octo/app#12", "octo/app refs/heads/autoheal/12-x"
    summary: str  # one human line: what and why
    args: dict[str, Any] = field(default_factory=dict, compare=False)

    def line(self) -> str:
        return f"{self.op:<16} {self.target:<28} {self.summary}"


@dataclass
class Plan:
    """The ordered writes a stage intends. Empty means: nothing to do (the idempotent steady state)."""

    writes: list[Write] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # decisions worth logging (gates, skips)

    def add(self, op: str, target: str, summary: str, **args: Any) -> Write:
        write = Write(op, target, summary, args)
        self.writes.append(write)
        return write

    def __bool__(self) -> bool:
        return bool(self.writes)

    def __len__(self) -> int:
        return len(self.writes)

    def __iter__(self):
        return iter(self.writes)

    def render(self) -> str:
        if not self.writes:
            return "plan: nothing to do"
        lines = [f"plan: {len(self.writes)} write(s)"] + ["  " + w.line() for w in self.writes]
        return "\n".join(lines)


@dataclass
class StageResult:
    """What a stage hands back to the runner."""

    outputs: dict[str, Any] = field(default_factory=dict)
    summary: str | None = None  # Markdown for the step summary
    message: str = ""  # one line for the log, e.g. "created issue #12"
    plan: Plan | None = None
    exit_code: int = 0
    data: dict[str, Any] = field(default_factory=dict)  # extra JSON for --json


@dataclass
class StageContext:
    """Everything a stage may use. Stages never read env vars or make raw HTTP calls themselves."""

    stage: str
    inputs: dict[str, Any]
    rt: Runtime
    config: Any  # autoheal.config.Config
    event: dict[str, Any]
    event_name: str
    workspace: Path
    make_gateway: Callable[[], Any]
    _gateway: Any = None
    clock: Callable[[], datetime] | None = None  # injected by the demo/tests; else GitHub's Date header

    def input(self, name: str) -> Any:
        return self.inputs[name]

    @property
    def dry_run(self) -> bool:
        return bool(self.inputs.get("dry-run"))

    @property
    def repo(self) -> str | None:
        return self.inputs.get("repo")

    @property
    def gw(self) -> Any:
        """The GitHub gateway, created on first use (so offline stages never need a token)."""
        if self._gateway is None:
            self._gateway = self.make_gateway()
            share_trusted_identities(self)
        return self._gateway

    @property
    def has_gateway(self) -> bool:
        return self._gateway is not None

    def now(self) -> datetime:
        if self.clock is not None:
            return self.clock()
        if self._gateway is not None:
            return self._gateway.now()
        # Imported here: an offline analysis never asks the time.
        from datetime import datetime, timezone

        return datetime.now(timezone.utc)

    def workspace_path(self, path: str) -> Path:
        """Resolve a user-given path inside the workspace (absolute paths are taken as they are)."""
        p = Path(path)
        return p if p.is_absolute() else self.workspace / p


def share_trusted_identities(ctx: StageContext) -> None:
    """Hand the config's `trusted_identities` to the gateway, where every marker check reads them."""
    if ctx._gateway is not None and ctx.config is not None:
        ctx._gateway.trusted_identities = tuple(ctx.config.get("trusted_identities") or ())
