"""Getting job logs into the analyzer: safe zip reading (offline, autoheal.logzip) and GitHub fetching (online)."""

from __future__ import annotations

import functools
import tempfile
from dataclasses import dataclass
from typing import Any, BinaryIO

from ...errors import AutohealError, InputError

MAX_LOG_BYTES = 256 * 1024 * 1024
MAX_FAILED_JOBS = 5


@dataclass
class RunFacts:
    run: Any
    failed_jobs: list[dict[str, Any]]
    baseline_run_id: int | None = None


def failed_step_of(job: Any) -> tuple[str | None, int | None]:
    """The jobs API's first failed step: its name, and its place among the steps that wrote to the log.

    The log shows a step as `##[group]Run <command>` whatever its `name:`, and a skipped step (an
    `if:` that was false) writes nothing there, so the API's `number` alone would point past it.
    """
    position = 0
    for step in job.steps or []:
        if step.conclusion == "skipped" or step.status == "queued":
            continue
        position += 1
        if step.conclusion in ("failure", "timed_out"):
            return step.name, position
    return None, None


def fetch_job_log(gw: Any, job: Any) -> BinaryIO:
    """The job's log, downloaded into a temporary file (deleted when closed) and rewound."""
    sink = tempfile.TemporaryFile()
    try:
        url = gw.read(lambda: job.logs_url(), what=f"find the log of job {job.name!r}")
        gw.download_to(url, sink, max_bytes=MAX_LOG_BYTES, what=f"download the log of job {job.name!r}")
        return sink
    except AutohealError as exc:
        sink.close()
        if getattr(exc, "status", None) == 410:
            raise AutohealError(f"the logs of job {job.name!r} have expired (410 Gone)",
                                "GitHub keeps logs for a limited time (90 days by default); re-run the workflow "
                                "to analyze it, or pass a saved log with --log") from None
        raise
    except BaseException:
        sink.close()
        raise


def _baseline_log(gw: Any, job: Any) -> BinaryIO | None:
    try:
        return fetch_job_log(gw, job)
    except AutohealError:
        return None  # an expired baseline only costs the novel lines


def gather_run(gw: Any, run_id: int, *, with_baseline: bool = True) -> RunFacts:
    """The run, its failed jobs and failing steps, with openers for each job's log and its log from the
    last green run (see `analysis.analyze_jobs`)."""
    repo = gw.repo()
    try:
        run = gw.read(lambda: repo.get_workflow_run(run_id), what=f"read run {run_id}")
    except AutohealError as exc:
        if getattr(exc, "status", None) == 404:
            raise InputError("run-id", f"run {run_id} does not exist in {repo.full_name}",
                             "check the id in the run's URL (.../actions/runs/<id>)") from None
        raise
    facts = RunFacts(run=run, failed_jobs=[])
    if run.status != "completed" or run.conclusion not in ("failure", "timed_out", "startup_failure"):
        return facts
    jobs = gw.read(lambda: list(run.jobs()), what=f"list the jobs of run {run_id}")
    failed = [j for j in jobs if j.conclusion in ("failure", "timed_out")][:MAX_FAILED_JOBS]
    baseline_jobs: dict[str, Any] = {}
    if with_baseline and failed:
        baseline = last_green_run(gw, repo, run)
        if baseline is not None:
            facts.baseline_run_id = baseline.id
            baseline_jobs = {j.name: j for j in gw.read(lambda: list(baseline.jobs()), what="list the baseline's jobs")}
    # One job at a time: each log (and its baseline) is downloaded when the analyzer reaches that job,
    # streamed from a temporary file, and deleted before the next one.
    for job in failed:
        step, position = failed_step_of(job)
        entry: dict[str, Any] = {"name": job.name, "failed_step": step, "failed_step_position": position,
                                 "log": functools.partial(fetch_job_log, gw, job)}
        if job.name in baseline_jobs:
            entry["baseline"] = functools.partial(_baseline_log, gw, baseline_jobs[job.name])
        facts.failed_jobs.append(entry)
    return facts


def last_green_run(gw: Any, repo: Any, run: Any) -> Any:
    """The newest successful run of the same workflow and branch created before `run` (one request)."""
    def find() -> Any:
        # Newest first: the first successful run created before this one is the baseline.
        workflow = repo.get_workflow(run.workflow_id)
        return next((c for c in workflow.get_runs(branch=run.head_branch, status="success")
                     if c.id != run.id and c.created_at <= run.created_at), None)

    try:
        return gw.read(find, what="find the last green run")
    except AutohealError:
        return None
