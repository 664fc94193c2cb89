"""Tokens with exactly a template job's `permissions:`, read from the template file itself.

A test that stands for a job of `templates/<name>.yml` registers its GITHUB_TOKEN through
`template_token(sim, "pr-monitor.yml", "monitor")`: the simulator then refuses exactly what GitHub would
refuse that job, so a template that grants too little fails its test (issue #20). All-permission tokens
(`permissions=None`) stay only where a test says why.

GitHub's rules applied (docs: "Assigning permissions to jobs"): a job's own `permissions:` replaces the
workflow's; `{}` grants nothing but `metadata: read`; `read-all` / `write-all` grant every scope at that
level; a GITHUB_TOKEN never holds `workflows` (no such key exists).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
# the scopes the simulator enforces, as `permissions:` spells them -> as the simulator names them
SCOPES = {
    "actions": "actions",
    "checks": "checks",
    "contents": "contents",
    "issues": "issues",
    "pull-requests": "pull_requests",
    "statuses": "statuses",
    "metadata": "metadata",
}
ACTIONS_BOT = "github-actions[bot]"


def template_jobs(template: str) -> dict[str, Any]:
    data = yaml.safe_load((TEMPLATES / template).read_text(encoding="utf-8"))
    return data.get("jobs") or {}


def job_permissions(template: str, job: str) -> dict[str, str]:
    """The simulator permissions of `job` in `templates/<template>`, exactly as the file grants them."""
    data = yaml.safe_load((TEMPLATES / template).read_text(encoding="utf-8"))
    jobs = data.get("jobs") or {}
    if job not in jobs:
        raise KeyError(f"templates/{template} has no job {job!r} (jobs: {', '.join(jobs)})")
    spec = jobs[job].get("permissions", data.get("permissions"))
    if spec is None:
        raise ValueError(f"templates/{template} job {job!r} declares no permissions (the repository default would apply)")
    if isinstance(spec, str):
        level = {"read-all": "read", "write-all": "write"}.get(spec)
        if level is None:
            raise ValueError(f"templates/{template} job {job!r}: permissions {spec!r} is not read-all/write-all")
        return {name: level for name in SCOPES.values()}
    out: dict[str, str] = {}
    for key, level in spec.items():
        if key == "workflows":
            raise ValueError(f"templates/{template} job {job!r}: `workflows` is not a job permission")
        name = SCOPES.get(key)
        if name is not None:
            out[name] = str(level)
    return out


def template_token(sim: Any, template: str, job: str, *, token: str | None = None) -> str:
    """Register (or replace) a GITHUB_TOKEN holding exactly the job's permissions; returns the token."""
    value = token or f"ghs_{template.removesuffix('.yml').replace('-', '_')}_{job.replace('-', '_')}"
    return sim.add_token(value, login=ACTIONS_BOT, kind="github_token", permissions=job_permissions(template, job))
