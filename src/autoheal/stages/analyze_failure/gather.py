"""Getting job logs into the analyzer: safe zip reading (offline) and GitHub fetching (online).

A run's logs zip comes from an untrusted source, so it is read in memory with hard limits: no entry
name may be absolute or climb out (`../`), the number of entries, each entry's size and the total are
capped, and a suspicious compression ratio (a zip bomb) is refused — nothing is written to disk.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass
from typing import Any

from ...config.run_scope import RunFacts as ScopeFacts
from ...config.run_scope import decide_scope
from ...errors import AutohealError, InputError

MAX_ENTRIES = 2000
MAX_ENTRY_BYTES = 256 * 1024 * 1024
MAX_TOTAL_BYTES = 1024 * 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed; real logs compress ~10-30x
MAX_LOG_BYTES = 256 * 1024 * 1024
MAX_FAILED_JOBS = 5


def read_zip_jobs(data: bytes, *, name: str = "log-zip") -> list[dict[str, Any]]:
    """Jobs (name, log) from a run's logs zip: top-level `N_<job>.txt`, else `<job>/<n>_<step>.txt` joined."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise InputError(name, f"not a zip file ({exc})") from None
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        raise InputError(name, f"refused: {len(infos)} entries (at most {MAX_ENTRIES})")
    total = 0
    for info in infos:
        norm = posixpath.normpath(info.filename.replace("\\", "/"))
        if info.filename.startswith(("/", "\\")) or norm.startswith("..") or re.match(r"^[A-Za-z]:", info.filename):
            raise InputError(name, f"refused: unsafe entry name {info.filename!r}")
        if info.file_size > MAX_ENTRY_BYTES:
            raise InputError(name, f"refused: entry {info.filename!r} is {info.file_size} bytes uncompressed")
        if info.compress_size and info.file_size / info.compress_size > MAX_RATIO and info.file_size > 10 * 1024 * 1024:
            raise InputError(name, f"refused: entry {info.filename!r} looks like a zip bomb "
                                   f"({info.file_size // max(1, info.compress_size)}x compression)")
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise InputError(name, f"refused: more than {MAX_TOTAL_BYTES} bytes uncompressed")

    def read(info: zipfile.ZipInfo) -> bytes:
        with archive.open(info) as fh:
            blob = fh.read(MAX_ENTRY_BYTES + 1)  # the declared size can lie: cap what is actually read
        if len(blob) > MAX_ENTRY_BYTES:
            raise InputError(name, f"refused: entry {info.filename!r} is larger than declared")
        return blob

    top = [i for i in infos if "/" not in i.filename.strip("/") and i.filename.endswith(".txt") and not i.is_dir()]
    jobs: list[dict[str, Any]] = []
    for info in sorted(top, key=lambda i: _leading_number(i.filename)):
        job = re.sub(r"^\d+_", "", info.filename[:-4])
        jobs.append({"name": job, "log": read(info)})
    if jobs:
        return jobs
    grouped: dict[str, list[tuple[int, bytes]]] = {}
    for info in infos:
        parts = info.filename.split("/")
        if len(parts) == 2 and parts[1].endswith(".txt") and not info.is_dir():
            grouped.setdefault(parts[0], []).append((_leading_number(parts[1]), read(info)))
    return [{"name": job, "log": b"".join(blob for _, blob in sorted(steps, key=lambda s: s[0]))}
            for job, steps in grouped.items()]


def _leading_number(filename: str) -> int:
    m = re.match(r"(\d+)_", posixpath.basename(filename))
    return int(m.group(1)) if m else 0


@dataclass
class RunFacts:
    run: Any
    failed_jobs: list[dict[str, Any]]
    baseline_run_id: int | None = None
    scope: Any = None  # config.run_scope.ScopeDecision, when the caller asked for one


def failed_step_of(job: Any) -> str | None:
    for step in job.steps or []:
        if step.conclusion in ("failure", "timed_out"):
            return step.name
    return None


def fetch_job_log(gw: Any, job: Any) -> bytes:
    try:
        url = gw.read(lambda: job.logs_url(), what=f"find the log of job {job.name!r}")
        return gw.download(url, max_bytes=MAX_LOG_BYTES, what=f"download the log of job {job.name!r}")
    except AutohealError as exc:
        if getattr(exc, "status", None) == 410:
            raise AutohealError(f"the logs of job {job.name!r} have expired (410 Gone)",
                                "GitHub keeps logs for a limited time (90 days by default); re-run the workflow "
                                "to analyze it, or pass a saved log with --log") from None
        raise


def gather_run(gw: Any, run_id: int, *, with_baseline: bool = True,
               runs_config: Any = None) -> RunFacts:
    """The run, its failed jobs' logs and failing steps, and each job's log from the last green run.

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
    for job in failed:
        entry: dict[str, Any] = {"name": job.name, "failed_step": failed_step_of(job), "log": fetch_job_log(gw, job)}
        if job.name in baseline_jobs:
            try:
                entry["baseline"] = fetch_job_log(gw, baseline_jobs[job.name])
            except AutohealError:
                pass  # an expired baseline only costs the novel lines
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
        # Newest first: the first successful run created before this one is the baseline.
        workflow = repo.get_workflow(run.workflow_id)
        return next((c for c in workflow.get_runs(branch=run.head_branch, status="success")
                     if c.id != run.id and c.created_at <= run.created_at), None)

    try:
        return gw.read(find, what="find the last green run")
    except AutohealError:
        return None
