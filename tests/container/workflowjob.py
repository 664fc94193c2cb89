"""Run one job of a consumer workflow template the way GitHub would: step by step, each autoheal
step in its own container (DockerActionRunner), sharing the job's workspace, with `if:` and `with:`
expressions (see expressions.py) evaluated against the event, the secrets and the outputs of
earlier steps. Only autoheal's own actions are emulated; any other step fails loudly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

import yaml

from .actionrunner import ActionRun, DockerActionRunner
from .expressions import UnsupportedExpression, condition, interpolate

STAGE_USES = re.compile(r"^(?:[^/@]+/autoheal/actions/(?P<stage>[a-z-]+)|(?P<root>[^/@]+/autoheal)"
                        r"|\./actions/(?P<local>[a-z-]+)|(?P<dot>\./?))(?:@.+)?$")


def stage_of(uses: str) -> str | None:
    """`OWNER/autoheal/actions/<stage>@v1` -> stage; `OWNER/autoheal@v1` or `./` -> None (root)."""
    match = STAGE_USES.match(uses)
    if not match:
        raise UnsupportedExpression(f"step uses {uses!r}, which is not an autoheal action")
    return match.group("stage") or match.group("local")


@dataclass
class JobRun:
    ran: bool  # False: the job's `if:` was false
    steps: list[tuple[str, ActionRun | None]] = field(default_factory=list)  # (id, run or None if skipped)

    continued: set[str] = field(default_factory=set)  # steps that failed under `continue-on-error`

    @property
    def ok(self) -> bool:
        """The job's conclusion: a step that failed under a true `continue-on-error` does not fail it."""
        return all(run is None or run.exit_code == 0 or sid in self.continued for sid, run in self.steps)

    def outputs(self, step_id: str) -> dict[str, str]:
        return next((run.outputs for sid, run in self.steps if sid == step_id and run), {})


def run_job(
    runner: DockerActionRunner,
    workflow: Path,
    job: str,
    *,
    event_name: str,
    event: Mapping[str, Any],
    secrets: Mapping[str, str] | None = None,
    workspace: Path,
    **run_kwargs: Any,
) -> JobRun:
    """Run `job` of `workflow`; stops at the first failing step, as a job without `if: always()` does."""
    doc = yaml.safe_load(workflow.read_text(encoding="utf-8"))
    spec = doc["jobs"][job]
    contexts: dict[str, Any] = {
        "github": {"event_name": event_name, "event": dict(event), "repository": run_kwargs.get("repository", ""),
                   "ref_name": "main", "token": run_kwargs.get("token", "")},
        "inputs": dict(event.get("inputs") or {}),
        "secrets": dict(secrets or {}),
        "vars": {},
        "env": {},
        "steps": {},
    }
    if not condition(spec.get("if"), contexts):
        return JobRun(ran=False)
    result = JobRun(ran=True)
    for index, step in enumerate(spec["steps"]):
        step_id = step.get("id") or f"__{index}"
        if not condition(step.get("if"), contexts):
            result.steps.append((step_id, None))
            contexts["steps"][step_id] = {"outputs": {}, "outcome": "skipped", "conclusion": "skipped"}
            continue
        if "uses" not in step:
            raise UnsupportedExpression(f"{workflow.name}: step {step_id} is not an action step")
        inputs = {name: interpolate(value, contexts) for name, value in (step.get("with") or {}).items()}
        run = runner.run(stage_of(step["uses"]), inputs, event_name=event_name, event=event,
                         workspace=workspace, **run_kwargs)
        outcome = "success" if run.exit_code == 0 else "failure"
        contexts["steps"][step_id] = {"outputs": run.outputs, "outcome": outcome, "conclusion": outcome}
        result.steps.append((step_id, run))
        if run.exit_code != 0:
            if not condition(step.get("continue-on-error", False), contexts):
                break
            result.continued.add(step_id)
    return result
