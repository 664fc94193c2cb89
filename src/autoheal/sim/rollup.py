"""The roll-up of check runs, Actions jobs and commit statuses on a sha (what makes a PR "unstable")."""

from __future__ import annotations

from typing import Any

from .model import Repo

FAILING = ("failure", "timed_out", "cancelled", "action_required", "startup_failure", "error")


def checks_state(repo: Repo, sha: str) -> str | None:
    """Roll-up of check runs and commit statuses on a sha: failure, pending, success or None."""
    states: list[str] = []
    latest_jobs: dict[str, Any] = {}
    for run in repo.runs_by_sha.get(sha, []):
        for job in run.latest.jobs:
            latest_jobs[job.name] = job
    for job in latest_jobs.values():
        states.append("pending" if job.status != "completed" else (job.conclusion or "neutral"))
    for check in repo.check_runs:
        if check.head_sha == sha:
            states.append("pending" if check.status != "completed" else (check.conclusion or "neutral"))
    latest: dict[str, str] = {}
    for status in repo.statuses:
        if status.sha == sha:
            latest[status.context] = status.state
    states.extend(latest.values())
    if not states:
        return None
    if any(s in FAILING for s in states):
        return "failure"
    if any(s == "pending" for s in states):
        return "pending"
    return "success"
