"""Which jobs of the consumer templates GitHub would start for one event: the workflow's `on:` filters
(event, activity types, `workflow_run.workflows`, push branches and paths), then each job's own `if:`,
evaluated with the expression emulation (expressions.py) against the event payload.

Shared by the template-scope tests (tests/core/test_template_scope.py) and benchmarks/cost.py, so the
cost figures come from the templates' real `if:` lines, not from a copy of them.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

import yaml

from .expressions import UnsupportedExpression, condition

STAGE_USES = re.compile(r"^(?:[^/@]+/autoheal/actions/(?P<stage>[a-z-]+)|(?P<root>[^/@]+/autoheal)"
                        r"|\./actions/(?P<local>[a-z-]+)|(?P<dot>\./?))(?:@.+)?$")


def stage_of(uses: str) -> str | None:
    """`OWNER/autoheal/actions/<stage>@v1` -> stage; `OWNER/autoheal@v1` or `./` -> None (root)."""
    match = STAGE_USES.match(uses)
    if not match:
        raise UnsupportedExpression(f"step uses {uses!r}, which is not an autoheal action")
    return match.group("stage") or match.group("local")


@dataclass(frozen=True)
class StartedJob:
    workflow: str  # file name, e.g. "autoheal.yml"
    job: str
    spec: Mapping[str, Any]


def load_templates(folder: Path) -> dict[str, dict]:
    """Every `*.yml` workflow in ``folder`` by file name (YAML's `on:` key read back as text)."""
    docs = {}
    for path in sorted(folder.glob("*.yml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(doc, dict) and "jobs" in doc:
            if True in doc:  # YAML 1.1 reads the key `on` as a boolean
                doc["on"] = doc.pop(True)
            docs[path.name] = doc
    return docs


def _glob(patterns: list[str], value: str) -> bool:
    """GitHub's filter patterns, close enough for branch and path filters (`*`, `**`, `!` negation)."""
    matched = False
    for pattern in patterns:
        negate = pattern.startswith("!")
        body = pattern[1:] if negate else pattern
        if fnmatch.fnmatchcase(value, body.replace("**", "*")):
            matched = not negate
    return matched


def triggered(doc: Mapping[str, Any], event_name: str, event: Mapping[str, Any],
              changed_paths: tuple[str, ...] = ()) -> bool:
    """Whether the workflow's `on:` accepts this event (before any job's `if:`)."""
    on = doc.get("on") or {}
    if isinstance(on, str):
        on = {on: None}
    elif isinstance(on, list):
        on = {name: None for name in on}
    if event_name not in on:
        return False
    config = on[event_name] or {}
    if event_name == "schedule":  # a schedule event is one cron of this workflow firing
        return event.get("schedule") in [entry.get("cron") for entry in config]
    types = config.get("types")
    if types and event.get("action") not in types:
        return False
    if event_name == "workflow_run":
        run = event.get("workflow_run") or {}
        if run.get("name") not in (config.get("workflows") or []):
            return False
        if config.get("branches") and not _glob(config["branches"], run.get("head_branch") or ""):
            return False
    if event_name in ("push", "pull_request"):
        ref = event.get("ref", "").removeprefix("refs/heads/") if event_name == "push" \
            else ((event.get("pull_request") or {}).get("base") or {}).get("ref", "")
        if config.get("branches") and not _glob(config["branches"], ref):
            return False
        if config.get("paths") and not any(_glob(config["paths"], p) for p in changed_paths):
            return False
    return True


def contexts_for(event_name: str, event: Mapping[str, Any], repository: str,
                 secrets: Mapping[str, str] | None = None) -> dict[str, Any]:
    return {
        "github": {"event_name": event_name, "event": dict(event), "repository": repository,
                   "ref_name": "main", "token": "", "action": event.get("action")},
        "inputs": dict(event.get("inputs") or {}),
        "secrets": dict(secrets or {}),
        "vars": {},
        "env": {},
        "steps": {},
    }


def started_jobs(templates: Mapping[str, dict], event_name: str, event: Mapping[str, Any], *,
                 repository: str, changed_paths: tuple[str, ...] = ()) -> list[StartedJob]:
    """The jobs that would get a runner (a container) for this event, in template order."""
    started = []
    for name, doc in templates.items():
        if not triggered(doc, event_name, event, changed_paths):
            continue
        contexts = contexts_for(event_name, event, repository)
        for job, spec in doc["jobs"].items():
            if condition(spec.get("if"), contexts):
                started.append(StartedJob(name, job, spec))
    return started
