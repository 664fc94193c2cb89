"""Turn a job's step specs into Step records (lazily: seeding 50k runs must not pay for steps)."""

from __future__ import annotations

from typing import Any

from .model import Job, Step


def default_specs(job: Job) -> list[dict[str, Any]]:
    """GitHub's usual frame: "Set up job", the work, "Complete job"; the work carries the outcome."""
    done = job.status == "completed"
    middle = job.conclusion if job.conclusion not in (None, "skipped") else ("success" if done else None)
    return [
        {"name": "Set up job", "conclusion": "success" if done else None},
        {"name": f"Run {job.name}", "conclusion": middle},
        {"name": "Complete job", "conclusion": "success" if done else None},
    ]


def build_steps(specs: list[Any] | None, job: Job) -> list[Step]:
    specs = specs or default_specs(job)
    count = len(specs)
    start = job.started_at
    slice_ = ((job.completed_at - start) / count) if job.completed_at else None
    done = job.status == "completed"
    steps: list[Step] = []
    for index, raw in enumerate(specs):
        item = {"name": raw} if isinstance(raw, str) else raw
        conclusion = item.get("conclusion", "success" if done else None)
        status = item.get("status") or ("completed" if conclusion else ("in_progress" if index == 0 else "queued"))
        began = (start + slice_ * index if slice_ is not None else start) if status != "queued" else None
        ended = start + slice_ * (index + 1) if (slice_ is not None and conclusion) else None
        steps.append(Step(int(item.get("number", index + 1)), str(item["name"]), status, conclusion, began, ended, item.get("log")))
    return steps
