"""Getting job logs into the analyzer: safe zip reading (offline, autoheal.logzip) and GitHub fetching (online)."""

from __future__ import annotations

import functools
import tempfile
from dataclasses import dataclass
from typing import Any, BinaryIO

from ...config.run_scope import RunFacts as ScopeFacts
from ...config.run_scope import decide_scope
from ...errors import AutohealError, InputError
from ..shared.run_listing import created_at_or_before

MAX_LOG_BYTES = 256 * 1024 * 1024
MAX_FAILED_JOBS = 5


@dataclass
class RunFacts:
    run: Any
    failed_jobs: list[dict[str, Any]]
    baseline_run_id: int | None = None
    scope: Any = None  # config.run_scope.ScopeDecision, when the caller asked for one


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


def gather_run(gw: Any, run_id: int, *, with_baseline: bool = True,
               runs_config: Any = None) -> RunFacts:
    """The run, its failed jobs and failing steps, with openers for each job's log and its log from the
    last green run (see `analysis.analyze_jobs`).

    With ``runs_config`` (the config's `runs` section) a failed run outside it is not read any further:
    ``facts.scope`` says why, and no job or log is fetched.
    """
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
    if runs_config is not None:
        facts.scope = decide_scope(runs_config, run_facts(run, repo))
        if not facts.scope.heal:
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


def run_facts(run: Any, repo: Any) -> ScopeFacts:
    """The run's branch, event and origin, for `runs.*` (the default branch from the repository we act on)."""
    head = getattr(run, "head_repository", None)
    head_name = getattr(head, "full_name", None) if head is not None else None
    return ScopeFacts(head_branch=run.head_branch or "", event=run.event or "", default_branch=repo.default_branch or "",
                      from_fork=bool(head_name) and head_name != repo.full_name)


def last_green_run(gw: Any, repo: Any, run: Any) -> Any:
    """The newest successful run of the same workflow and branch created before `run` (one request)."""
    def find() -> Any:
        # Newest first, created no later than this run: the first other one is the baseline. Without the
        # `created` bound an old run could sit beyond the 1,000 runs a filtered listing returns.
        workflow = repo.get_workflow(run.workflow_id)
        runs = workflow.get_runs(branch=run.head_branch, status="success", created=created_at_or_before(run.created_at))
        return next((c for c in runs if c.id != run.id and c.created_at <= run.created_at), None)

    try:
        return gw.read(find, what="find the last green run")
    except AutohealError:
        return None
