"""GitHub Actions state: workflows found in the repo, seeded runs/attempts/jobs/steps, their logs.

Seeding is the one thing GitHub's API cannot do, so this module is the builder behind
`Simulator.add_run` and the scenario loader. It stays lean (no log text is generated until asked)
so 50,000 runs seed in a couple of seconds.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from datetime import datetime, timedelta
from typing import Any

import yaml

from .clock import parse_time
from .model import Job, Repo, Run, RunAttempt, State, Step
from .steps import build_steps

WORKFLOW_DIR = ".github/workflows/"
CONCLUSIONS = ("success", "failure", "cancelled", "timed_out", "skipped", "neutral", "action_required", "stale", "startup_failure")
STATUSES = ("completed", "in_progress", "queued", "waiting", "requested", "pending")
LOG_RETENTION = timedelta(days=90)


# -- workflows -------------------------------------------------------------------------------------------
def workflow_name_from_yaml(path: str, text: str) -> str:
    """GitHub shows a workflow's `name:`, or its path when the file has none (or does not parse)."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return path
    if isinstance(data, dict) and isinstance(data.get("name"), str) and data["name"].strip():
        return data["name"]
    return path


def workflows(repo: Repo) -> dict[str, str]:
    """path -> name for every workflow file on the default branch plus run-only workflows."""
    files = {path: name for path, name in _index(repo)[1].values()}
    return files | {p: n for p, n in repo.extra_workflows.items() if p not in files}


def workflow_files(repo: Repo) -> set[str]:
    """Paths of the workflow files present on the default branch."""
    return set(_index(repo)[1])


def _index(repo: Repo) -> tuple[str | None, dict[str, tuple[str, str]]]:
    """Cached (tree sha, {path: (path, name)}) for the default branch's workflow files."""
    head = repo.branch_sha(repo.default_branch)
    tree = repo.git.commits[head].tree if head else None
    if repo.workflow_index[0] == tree and tree is not None:
        return repo.workflow_index
    found: dict[str, tuple[str, str]] = {}
    if tree is not None:
        for path, (_, blob) in repo.git.flatten(tree).items():
            if path.startswith(WORKFLOW_DIR) and "/" not in path[len(WORKFLOW_DIR):] and path.endswith((".yml", ".yaml")):
                text = repo.git.blobs[blob].decode("utf-8", errors="replace")
                found[path] = (path, workflow_name_from_yaml(path, text))
    repo.workflow_index = (tree, found)
    return repo.workflow_index


def workflow_id(state: State, repo: Repo, path: str) -> int:
    wid = repo.workflow_ids.get(path)
    if wid is None:
        wid = state.next_id("workflow")
        repo.workflow_ids[path] = wid
    return wid


def resolve_workflow(state: State, repo: Repo, key: str | int, *, create: bool = False) -> tuple[str, str] | None:
    """A workflow id, file name ("ci.yml"), path or display name -> (path, name)."""
    known = workflows(repo)
    text = str(key)
    if text.isascii() and text.isdigit():
        for path, wid in repo.workflow_ids.items():
            if wid == int(text) and path in known:
                return path, known[path]
        return None
    for path, name in known.items():
        if text in (path, path.rsplit("/", 1)[-1]):
            return path, name
    for path, name in known.items():
        if text == name:
            return path, name
    if not create:
        return None
    if text.endswith((".yml", ".yaml")):
        path = text if text.startswith(WORKFLOW_DIR) else WORKFLOW_DIR + text.rsplit("/", 1)[-1]
        name = path
    else:
        slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "workflow"
        path, name = f"{WORKFLOW_DIR}{slug}.yml", text
    repo.extra_workflows.setdefault(path, name)
    return path, repo.extra_workflows[path]


# -- seeding ---------------------------------------------------------------------------------------------
def _synthetic_sha(*parts: object) -> str:
    return hashlib.sha1(":".join(map(str, parts)).encode()).hexdigest()


def build_jobs(
    state: State,
    run_id: int,
    attempt: int,
    jobs_spec: list[dict[str, Any]] | None,
    *,
    conclusion: str | None,
    status: str,
    created: datetime,
    head_sha: str,
    branch: str,
    workflow_name: str,
) -> list[Job]:
    if jobs_spec is None:  # an explicit [] means a run without jobs (e.g. a startup failure)
        jobs_spec = [{"name": "build", "conclusion": conclusion}]
    jobs: list[Job] = []
    for spec in jobs_spec:
        job_conclusion = spec.get("conclusion", conclusion) if status == "completed" else None
        job_status = spec.get("status") or ("completed" if job_conclusion else status)
        started = parse_time(spec["started_at"]) if spec.get("started_at") else created + timedelta(seconds=5)
        duration = timedelta(seconds=float(spec.get("duration", 60)))
        completed = None
        if job_status == "completed":
            completed = parse_time(spec["completed_at"]) if spec.get("completed_at") else started + duration
        job_id = int(spec["id"]) if spec.get("id") else state.next_id("job")
        job = Job(
            id=job_id,
            run_id=run_id,
            run_attempt=attempt,
            name=str(spec.get("name", "build")),
            status=job_status,
            conclusion=job_conclusion,
            started_at=started,
            completed_at=completed,
            step_specs=spec.get("steps"),
            log=spec.get("log"),
            head_sha=head_sha,
            head_branch=branch,
            workflow_name=workflow_name,
            created_at=created,
            labels=list(spec.get("labels", ["ubuntu-latest"])),
        )
        jobs.append(job)
        state.jobs[job.id] = job
    return jobs


def add_run(
    state: State,
    repo: Repo,
    *,
    workflow: str = "CI",
    branch: str = "main",
    conclusion: str | None = "failure",
    event: str = "push",
    head_sha: str | None = None,
    created_at: datetime | str | None = None,
    run_attempt: int = 1,
    status: str = "completed",
    jobs: list[dict[str, Any]] | None = None,
    attempts: list[dict[str, Any]] | None = None,
    run_id: int | None = None,
    actor: str | None = None,
    display_title: str | None = None,
    run_number: int | None = None,
    updated_at: datetime | str | None = None,
) -> Run:
    """Record a workflow run (with attempts and jobs) as GitHub Actions would have."""
    if status not in STATUSES:
        raise ValueError(f"status {status!r} is not one of {STATUSES}")
    if status == "completed" and conclusion not in CONCLUSIONS:
        raise ValueError(f"conclusion {conclusion!r} is not one of {CONCLUSIONS}")
    if status != "completed":
        conclusion = None
    if run_attempt < 1:
        raise ValueError("run_attempt starts at 1")
    resolved = resolve_workflow(state, repo, workflow, create=True)
    assert resolved is not None
    path, name = resolved
    workflow_id(state, repo, path)
    created = parse_time(created_at) if created_at is not None else state.clock.now()
    if run_id is None:
        run_id = state.next_id("run")
        while run_id in state.runs:
            run_id = state.next_id("run")
    elif run_id in state.runs:
        raise ValueError(f"a run with id {run_id} already exists")
    sha = head_sha or repo.branch_sha(branch) or _synthetic_sha(repo.full_name, branch, run_id)
    owner = state.user(repo.owner)
    login = actor or (repo.owner if owner is not None and owner.type == "User" else "octocat")
    state.ensure_user(login)
    number = run_number or repo.next_run_number.get(path, 1)
    repo.next_run_number[path] = max(repo.next_run_number.get(path, 1), number + 1)
    history = list(attempts or [])
    if not history:
        history = [{"conclusion": conclusion, "status": status, "jobs": jobs}] * run_attempt
    elif len(history) < run_attempt:
        history = [history[0]] * (run_attempt - len(history)) + history
    run = Run(
        id=run_id,
        repo=repo.full_name,
        workflow_path=path,
        name=name,
        head_branch=branch,
        head_sha=sha,
        event=event,
        created_at=created,
        attempts=[],
        run_number=number,
        display_title=display_title or _title(repo, sha, name),
        actor=login,
    )
    last_end = created
    for index, spec in enumerate(history, start=1):
        a_status = spec.get("status", "completed")
        a_conclusion = spec.get("conclusion", conclusion) if a_status == "completed" else None
        a_created = parse_time(spec["created_at"]) if spec.get("created_at") else (created if index == 1 else last_end)
        a_jobs = build_jobs(
            state,
            run_id,
            index,
            spec.get("jobs", jobs),
            conclusion=a_conclusion,
            status=a_status,
            created=a_created,
            head_sha=sha,
            branch=branch,
            workflow_name=name,
        )
        ends = [j.completed_at for j in a_jobs if j.completed_at]
        end = max(ends) if ends and a_status == "completed" else a_created
        if index == len(history) and updated_at is not None:
            end = parse_time(updated_at)
        run.attempts.append(
            RunAttempt(index, a_status, a_conclusion, a_created, end, a_created, a_jobs, spec.get("actor", login))
        )
        last_end = end + timedelta(seconds=30)
    state.runs[run.id] = run
    repo.runs.append(run)
    repo.runs_by_sha.setdefault(sha, []).append(run)
    repo.runs_changed()
    return run


def _title(repo: Repo, sha: str, fallback: str) -> str:
    commit = repo.git.commits.get(sha)
    if commit is not None:
        return commit.message.splitlines()[0] if commit.message else fallback
    return fallback


def new_attempt(state: State, run: Run, *, failed_only: bool = False, actor: str | None = None) -> RunAttempt:
    """A re-run: attempt N+1, queued, with the previous attempt's jobs queued again."""
    previous = run.latest
    now = state.clock.now()
    jobs: list[Job] = []
    for old in previous.jobs:
        keep = failed_only and old.conclusion == "success"
        job = Job(
            id=state.next_id("job"),
            run_id=run.id,
            run_attempt=previous.number + 1,
            name=old.name,
            status="completed" if keep else "queued",
            conclusion=old.conclusion if keep else None,
            started_at=old.started_at if keep else now,
            completed_at=old.completed_at if keep else None,
            step_specs=None,
            log=old.log if keep else None,
            head_sha=old.head_sha,
            head_branch=old.head_branch,
            workflow_name=old.workflow_name,
            created_at=now,
            labels=list(old.labels),
        )
        job.steps = [
            Step(
                s.number,
                s.name,
                s.status if keep else "queued",
                s.conclusion if keep else None,
                s.started_at if keep else None,
                s.completed_at if keep else None,
                s.log if keep else None,
            )
            for s in old.steps
        ]
        state.jobs[job.id] = job
        jobs.append(job)
    attempt = RunAttempt(previous.number + 1, "queued", None, now, now, now, jobs, actor or previous.actor)
    run.attempts.append(attempt)
    run.changed()
    return attempt


def finish_attempt(state: State, run: Run, conclusion: str, jobs: list[dict[str, Any]] | None = None) -> RunAttempt:
    """Complete the latest attempt (what the runner does when a re-run ends)."""
    if conclusion not in CONCLUSIONS:
        raise ValueError(f"conclusion {conclusion!r} is not one of {CONCLUSIONS}")
    attempt = run.latest
    now = state.clock.now()
    if jobs is not None:
        for job in attempt.jobs:
            state.jobs.pop(job.id, None)
        attempt.jobs = build_jobs(
            state, run.id, attempt.number, jobs, conclusion=conclusion, status="completed",
            created=attempt.created_at, head_sha=run.head_sha, branch=run.head_branch, workflow_name=run.name,
        )
    else:
        for job in attempt.jobs:
            if job.status != "completed":
                job.status, job.conclusion, job.completed_at = "completed", conclusion, now
                job.step_specs, job.steps = None, build_steps(None, job)
    attempt.status, attempt.conclusion, attempt.updated_at = "completed", conclusion, now
    run.changed()
    return attempt


# -- logs ------------------------------------------------------------------------------------------------
def _stamp(moment: datetime, offset_ms: int = 0) -> str:
    moment = moment + timedelta(milliseconds=offset_ms)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond * 10:07d}Z"


def step_log(job: Job, step: Step) -> str:
    """A step's log in GitHub's raw format (timestamped lines, ##[group] markers)."""
    if step.log is not None:
        return step.log
    when = step.started_at or job.started_at
    lines: list[str] = []
    if step.number == 1 and step.name == "Set up job":
        lines += [
            "Current runner version: '2.321.0'",
            "##[group]Runner Image",
            "Image: ubuntu-24.04",
            "##[endgroup]",
            f"Complete job name: {job.name}",
        ]
    elif step.name == "Complete job":
        lines += ["Cleaning up orphan processes"]
    else:
        title = step.name if step.name.startswith("Run ") else f"Run {step.name}"
        lines += [f"##[group]{title}", title[4:], "shell: /usr/bin/bash -e {0}", "##[endgroup]"]
        if step.conclusion in ("failure", "timed_out"):
            lines.append("##[error]Process completed with exit code 1.")
        elif step.conclusion == "cancelled":
            lines.append("##[error]The operation was canceled.")
    return "".join(f"{_stamp(when, i)} {line}\n" for i, line in enumerate(lines))


# Job logs often start with a UTF-8 byte order mark before the first timestamp (makoni/actioneer-gtk PR #13:
# "The first line of GitHub Action logs often contains a Byte Order Mark"; AdnaneKhan/gato-x PR #269 decodes
# run-log files as utf-8-sig; plengauer/Thoth issue #1509). The simulator always sends it (the strictest case),
# in the single-job log and in every file of the run's log archive.
LOG_BOM = "\ufeff"


def job_log(job: Job) -> str:
    if job.log is not None:
        return job.log
    return "".join(step_log(job, step) for step in job.steps)


def _safe(name: str) -> str:
    return name.replace("/", "_").replace("\\", "_").replace(":", "_")


def run_logs_zip(attempt: RunAttempt) -> bytes:
    """GitHub's run-log archive: `N_<job>.txt` per job plus `<job>/<n>_<step>.txt` per step.

    Jobs whose whole log was given without per-step logs get `<job>/system.txt` instead of step
    files — the layout GitHub sometimes serves, which consumers must handle too.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, job in enumerate(attempt.jobs):
            name = _safe(job.name)
            archive.writestr(f"{index}_{name}.txt", LOG_BOM + job_log(job))
            if job.log is not None and not any(s.log is not None for s in job.steps):
                archive.writestr(f"{name}/system.txt", f"{_stamp(job.started_at)} Job is about to start running on the hosted runner\n")
                continue
            for step in job.steps:
                if step.status == "queued":
                    continue
                archive.writestr(f"{name}/{step.number}_{_safe(step.name)}.txt", step_log(job, step))
    return buffer.getvalue()


def logs_available(state: State, run: Run, attempt: RunAttempt) -> bool:
    return not attempt.logs_expired and state.clock.now() < run.created_at + LOG_RETENTION
