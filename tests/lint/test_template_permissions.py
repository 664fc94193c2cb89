"""Least privilege: every template job grants GITHUB_TOKEN exactly the writes its stages use."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from autoheal.permissions import STAGE_PERMISSIONS, writes
from autoheal.stages import all_specs

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted((ROOT / "templates").glob("*.yml")) + sorted((ROOT / "src/autoheal/scaffold/workflows").glob("*.yml"))
USES = re.compile(r"^[\w.-]+/autoheal(?:/actions/(?P<stage>[\w-]+))?@")


def jobs():
    for path in TEMPLATES:
        doc = yaml.safe_load(path.read_text())
        if not isinstance(doc, dict) or "jobs" not in doc:
            continue
        for name, job in doc["jobs"].items():
            yield pytest.param(path, name, job, id=f"{path.parent.name}/{path.name}:{name}")


def stage_steps(job):
    """(stage, uses GITHUB_TOKEN?) for each autoheal step of a job."""
    for step in job.get("steps") or []:
        m = USES.match(step.get("uses") or "")
        if m:
            own_token = "token" in (step.get("with") or {})
            yield m.group("stage") or "heal", not own_token


def granted_writes(job):
    perms = job.get("permissions")
    assert isinstance(perms, dict), "every template job declares its own permissions: block"
    return {key for key, level in perms.items() if level == "write"}


def test_templates_exist():
    assert len(TEMPLATES) >= 14


@pytest.mark.parametrize(("path", "name", "job"), list(jobs()))
def test_job_grants_only_the_writes_its_stages_use(path, name, job):
    steps = list(stage_steps(job))
    assert steps, f"{path.name}:{name} runs no autoheal stage"
    needed = set().union(*(writes(stage) for stage, with_github_token in steps if with_github_token))
    granted = granted_writes(job)
    assert granted <= needed, f"{path.name}:{name} grants write it never uses: {sorted(granted - needed)}"
    assert needed <= granted, f"{path.name}:{name} lacks write its stages need: {sorted(needed - granted)}"


def test_the_table_covers_every_stage():
    github_stages = {spec.name for spec in all_specs() if spec.needs_github is not False}
    assert github_stages <= set(STAGE_PERMISSIONS) | {"stand-down"}, github_stages - set(STAGE_PERMISSIONS)


def test_the_check_catches_an_extra_write():
    job = {"permissions": {"issues": "write", "contents": "write"}, "steps": [{"uses": "o/autoheal/actions/open-issue@v1"}]}
    needed = set().union(*(writes(s) for s, g in stage_steps(job) if g))
    assert granted_writes(job) - needed == {"contents"}
