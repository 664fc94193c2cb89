"""Actions routes: workflows, runs (filters, attempts, re-runs), jobs, job/run logs (302 to a blob)."""

from __future__ import annotations

import re
import secrets
from datetime import datetime, timedelta
from typing import Any

from ..clock import parse_time
from ..model import Repo, Run, RunAttempt
from ..pagination import link_header, page_bounds
from ..router import ApiError, Reply, Request, not_found, router, validation_failed
from ..runs import (
    LOG_BOM,
    job_log,
    logs_available,
    new_attempt,
    resolve_workflow,
    run_logs_zip,
    workflow_id,
    workflows,
)
from ..shapes import html_base
from ..shapes_actions import job_json, run_json_text, workflow_json
from .issues import repo_of

ACTIONS_R = ("actions", "read")
ACTIONS_W = ("actions", "write")
LINK_TTL = timedelta(minutes=1)


# -- workflows -------------------------------------------------------------------------------------------
@router.add("GET", "/repos/{owner}/{repo}/actions/workflows", perm=ACTIONS_R)
def list_workflows(req: Request) -> Reply:
    repo = repo_of(req)
    found = sorted(workflows(repo).items())
    start, stop, page, last = page_bounds(req, len(found))
    items = [workflow_json(req.state, repo, p, n, workflow_id(req.state, repo, p)) for p, n in found[start:stop]]
    return Reply(200, {"total_count": len(found), "workflows": items}, link_header(req, page, last))


def _workflow(req: Request, repo: Repo) -> tuple[str, str]:
    found = resolve_workflow(req.state, repo, req.params["workflow_id"])
    if found is None:
        raise not_found()
    return found


@router.add("GET", "/repos/{owner}/{repo}/actions/workflows/{workflow_id}", perm=ACTIONS_R)
def get_workflow(req: Request) -> Reply:
    repo = repo_of(req)
    path, name = _workflow(req, repo)
    return Reply(200, workflow_json(req.state, repo, path, name, workflow_id(req.state, repo, path)))


@router.add("PUT", "/repos/{owner}/{repo}/actions/workflows/{workflow_id}/disable", perm=ACTIONS_W)
def disable_workflow(req: Request) -> Reply:
    repo = repo_of(req)
    path, _ = _workflow(req, repo)
    repo.workflow_state[path] = "disabled_manually"
    req.state.touch()
    return Reply(204)


@router.add("PUT", "/repos/{owner}/{repo}/actions/workflows/{workflow_id}/enable", perm=ACTIONS_W)
def enable_workflow(req: Request) -> Reply:
    repo = repo_of(req)
    path, _ = _workflow(req, repo)
    repo.workflow_state.pop(path, None)
    req.state.touch()
    return Reply(204)


# -- runs ------------------------------------------------------------------------------------------------
_RANGE = re.compile(r"^(>=|<=|>|<)?(.+)$")


def _created_filter(raw: str) -> Any:
    """GitHub's date syntax: `2026-01-01`, `>=2026-01-01`, `<2026-01-05T10:00:00Z`, `a..b`, `a..*`."""
    raw = raw.strip()

    def bound(text: str, *, end: bool) -> datetime | None:
        text = text.strip()
        if text in ("*", ""):
            return None
        moment = parse_time(text)
        if end and len(text) == 10:  # a bare date covers the whole day
            moment += timedelta(days=1) - timedelta(microseconds=1)
        return moment

    try:
        if ".." in raw:
            lo_text, hi_text = raw.split("..", 1)
            lo, hi = bound(lo_text, end=False), bound(hi_text, end=True)
            return lambda t: (lo is None or t >= lo) and (hi is None or t <= hi)
        op, value = _RANGE.match(raw).groups()  # type: ignore[union-attr]
        if op is None:
            lo, hi = bound(value, end=False), bound(value, end=True)
            if len(value.strip()) != 10:
                return lambda t: t == lo
            return lambda t: lo <= t <= hi  # type: ignore[operator]
        if op in (">=", ">"):
            lo = bound(value, end=op == ">")
            return (lambda t: t >= lo) if op == ">=" else (lambda t: t > lo)  # type: ignore[operator]
        hi = bound(value, end=op == "<=")
        return (lambda t: t <= hi) if op == "<=" else (lambda t: t < hi)  # type: ignore[operator]
    except (ValueError, AttributeError):
        raise validation_failed("WorkflowRun", "created", "invalid") from None


RUN_FILTERS = ("actor", "branch", "event", "status", "created", "head_sha", "check_suite_id")


def query_runs(req: Request, repo: Repo, workflow_path: str | None) -> list[Run]:
    q = req.query
    key = (workflow_path,) + tuple(q.get(name) for name in RUN_FILTERS)
    cached = repo.run_query_cache.get(key)
    if cached is not None:
        return cached
    runs = repo.runs if workflow_path is None else [r for r in repo.runs if r.workflow_path == workflow_path]
    if q.get("head_sha"):
        runs = [r for r in repo.runs_by_sha.get(q["head_sha"], []) if workflow_path in (None, r.workflow_path)]
    if q.get("branch"):
        runs = [r for r in runs if r.head_branch == q["branch"]]
    if q.get("event"):
        runs = [r for r in runs if r.event == q["event"]]
    if q.get("actor"):
        actor = q["actor"].lower()
        runs = [r for r in runs if r.actor.lower() == actor or r.latest.actor.lower() == actor]
    if q.get("status"):
        wanted = q["status"]
        runs = [r for r in runs if r.latest.status == wanted or r.latest.conclusion == wanted]
    if q.get("check_suite_id"):
        runs = [r for r in runs if str(r.id + 1_000_000_000) == q["check_suite_id"]]
    if q.get("created"):
        test = _created_filter(q["created"])
        runs = [r for r in runs if test(r.created_at)]
    ordered = sorted(runs, key=lambda r: (r.created_at, r.id), reverse=True)
    repo.run_query_cache[key] = ordered
    return ordered


# GitHub's OpenAPI description of "List workflow runs for a repository" / "... for a workflow": "This
# endpoint will return up to 1,000 results for each search when using the following parameters: `actor`,
# `branch`, `check_suite_id`, `created`, `event`, `head_sha`, `status`." Modelled strictly: the newest
# 1,000 matches are all a filtered listing can reach, and total_count says 1,000 too, so a client
# cannot tell from the answer that more exist (it must narrow its windows until a listing stays below).
FILTERED_CAP = 1000


def _runs_reply(req: Request, repo: Repo, runs: list[Run]) -> Reply:
    if any(req.query.get(name) for name in RUN_FILTERS):
        runs = runs[:FILTERED_CAP]
    start, stop, page, last = page_bounds(req, len(runs))
    with_pulls = req.query.get("exclude_pull_requests") not in ("true", "1")
    items = ",".join(run_json_text(req.state, repo, r, with_pulls=with_pulls) for r in runs[start:stop])
    text = f'{{"total_count":{len(runs)},"workflow_runs":[{items}]}}'
    return Reply(200, raw_json=text, headers=link_header(req, page, last))


@router.add("GET", "/repos/{owner}/{repo}/actions/runs", perm=ACTIONS_R)
def list_runs(req: Request) -> Reply:
    repo = repo_of(req)
    return _runs_reply(req, repo, query_runs(req, repo, None))


@router.add("GET", "/repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs", perm=ACTIONS_R)
def list_workflow_runs(req: Request) -> Reply:
    repo = repo_of(req)
    path, _ = _workflow(req, repo)
    return _runs_reply(req, repo, query_runs(req, repo, path))


def run_of(req: Request, repo: Repo) -> Run:
    try:
        run = req.state.runs.get(int(req.params["run_id"]))
    except ValueError:
        run = None
    if run is None or run.repo.lower() != repo.full_name.lower():
        raise not_found()
    return run


def attempt_of(req: Request, run: Run) -> RunAttempt:
    try:
        number = int(req.params["attempt_number"])
    except ValueError:
        raise not_found() from None
    if not 1 <= number <= len(run.attempts):
        raise not_found()
    return run.attempts[number - 1]


@router.add("GET", "/repos/{owner}/{repo}/actions/runs/{run_id}", perm=ACTIONS_R)
def get_run(req: Request) -> Reply:
    repo = repo_of(req)
    run = run_of(req, repo)
    return Reply(200, raw_json=run_json_text(req.state, repo, run))


@router.add("GET", "/repos/{owner}/{repo}/actions/runs/{run_id}/attempts/{attempt_number}", perm=ACTIONS_R)
def get_run_attempt(req: Request) -> Reply:
    repo = repo_of(req)
    run = run_of(req, repo)
    return Reply(200, raw_json=run_json_text(req.state, repo, run, attempt_of(req, run)))


def _rerun(req: Request, *, failed_only: bool) -> Reply:
    repo = repo_of(req)
    run = run_of(req, repo)
    if run.latest.status != "completed":
        raise ApiError(403, "This workflow is already running")
    if failed_only and run.latest.conclusion == "success":
        raise ApiError(403, "This workflow run has no failed jobs to re-run")
    new_attempt(req.state, run, failed_only=failed_only, actor=req.login)
    repo.runs_changed()
    req.state.touch()
    return Reply(201, {})


@router.add("POST", "/repos/{owner}/{repo}/actions/runs/{run_id}/rerun", perm=ACTIONS_W)
def rerun(req: Request) -> Reply:
    return _rerun(req, failed_only=False)


@router.add("POST", "/repos/{owner}/{repo}/actions/runs/{run_id}/rerun-failed-jobs", perm=ACTIONS_W)
def rerun_failed(req: Request) -> Reply:
    return _rerun(req, failed_only=True)


@router.add("POST", "/repos/{owner}/{repo}/actions/runs/{run_id}/cancel", perm=ACTIONS_W)
def cancel_run(req: Request) -> Reply:
    repo = repo_of(req)
    run = run_of(req, repo)
    attempt = run.latest
    if attempt.status == "completed":
        raise ApiError(409, "Cannot cancel a workflow run that is completed.")
    now = req.state.clock.now()
    attempt.status, attempt.conclusion, attempt.updated_at = "completed", "cancelled", now
    for job in attempt.jobs:
        if job.status != "completed":
            job.status, job.conclusion, job.completed_at = "completed", "cancelled", now
    run.changed()
    repo.runs_changed()
    req.state.touch()
    return Reply(202, {})


# -- jobs ------------------------------------------------------------------------------------------------
def _jobs_reply(req: Request, repo: Repo, jobs: list[Any]) -> Reply:
    start, stop, page, last = page_bounds(req, len(jobs))
    body = {"total_count": len(jobs), "jobs": [job_json(req.state, repo, j) for j in jobs[start:stop]]}
    return Reply(200, body, link_header(req, page, last))


@router.add("GET", "/repos/{owner}/{repo}/actions/runs/{run_id}/jobs", perm=ACTIONS_R)
def list_jobs(req: Request) -> Reply:
    repo = repo_of(req)
    run = run_of(req, repo)
    wanted = req.query.get("filter", "latest")
    if wanted not in ("latest", "all"):
        raise validation_failed("Job", "filter", "invalid")
    jobs = [j for a in run.attempts for j in a.jobs] if wanted == "all" else list(run.latest.jobs)
    return _jobs_reply(req, repo, jobs)


@router.add("GET", "/repos/{owner}/{repo}/actions/runs/{run_id}/attempts/{attempt_number}/jobs", perm=ACTIONS_R)
def list_attempt_jobs(req: Request) -> Reply:
    repo = repo_of(req)
    run = run_of(req, repo)
    return _jobs_reply(req, repo, list(attempt_of(req, run).jobs))


def job_of(req: Request, repo: Repo) -> Any:
    try:
        job = req.state.jobs.get(int(req.params["job_id"]))
    except ValueError:
        job = None
    if job is None or req.state.runs[job.run_id].repo.lower() != repo.full_name.lower():
        raise not_found()
    return job


@router.add("GET", "/repos/{owner}/{repo}/actions/jobs/{job_id}", perm=ACTIONS_R)
def get_job(req: Request) -> Reply:
    repo = repo_of(req)
    return Reply(200, job_json(req.state, repo, job_of(req, repo)))


# -- logs ------------------------------------------------------------------------------------------------
def _signed_link(req: Request, kind: str, payload: Any) -> Reply:
    key = secrets.token_urlsafe(16)
    expires = req.state.clock.now() + LINK_TTL
    req.state.blob_links[key] = (kind, payload, expires)
    stamp = expires.strftime("%Y-%m-%dT%H:%M:%S.0000000Z").replace(":", "%3A")
    host = req.core.blob_base_url() if req.core is not None else req.state.base_url
    location = f"{host}/_sim/blobs/{key}?urlExpires={stamp}&urlSigningMethod=HMACV1&urlSignature={key[:12]}"
    return Reply(302, None, {"Location": location})


@router.add("GET", "/repos/{owner}/{repo}/actions/jobs/{job_id}/logs", perm=ACTIONS_R)
def job_logs(req: Request) -> Reply:
    repo = repo_of(req)
    job = job_of(req, repo)
    run = req.state.runs[job.run_id]
    attempt = run.attempts[job.run_attempt - 1]
    if not logs_available(req.state, run, attempt):
        raise ApiError(410, "Gone")
    if job.status != "completed":
        raise not_found()  # GitHub serves job logs once the job has finished
    return _signed_link(req, "job", job.id)


def _run_logs(req: Request, *, of_attempt: bool) -> Reply:
    repo = repo_of(req)
    run = run_of(req, repo)
    attempt = attempt_of(req, run) if of_attempt else run.latest
    if not logs_available(req.state, run, attempt):
        raise ApiError(410, "Gone")
    return _signed_link(req, "run", (run.id, attempt.number))


@router.add("GET", "/repos/{owner}/{repo}/actions/runs/{run_id}/logs", perm=ACTIONS_R)
def run_logs(req: Request) -> Reply:
    return _run_logs(req, of_attempt=False)


@router.add("GET", "/repos/{owner}/{repo}/actions/runs/{run_id}/attempts/{attempt_number}/logs", perm=ACTIONS_R)
def attempt_logs(req: Request) -> Reply:
    return _run_logs(req, of_attempt=True)


@router.add("DELETE", "/repos/{owner}/{repo}/actions/runs/{run_id}/logs", perm=ACTIONS_W)
def delete_run_logs(req: Request) -> Reply:
    repo = repo_of(req)
    run = run_of(req, repo)
    for attempt in run.attempts:
        attempt.logs_expired = True
    req.state.touch()
    return Reply(204)



@router.add("GET", "/_sim/blobs/{key}", auth="none", in_spec=False)
def download_blob(req: Request) -> Reply:
    """The signed, short-lived log URL (pipelines.actions.githubusercontent.com's role): no auth."""
    found = req.state.blob_links.get(req.params["key"])
    if found is None:
        raise ApiError(404, "BlobNotFound")
    kind, payload, expires = found
    if req.state.clock.now() > expires:
        raise ApiError(403, "AuthenticationFailed: the signed URL has expired")
    if kind == "job":
        job = req.state.jobs[payload]
        return Reply(200, (LOG_BOM + job_log(job)).encode(), content_type="text/plain; charset=utf-8")
    run_id, number = payload
    run = req.state.runs[run_id]
    data = run_logs_zip(run.attempts[number - 1])
    return Reply(200, data, {"Content-Disposition": f"attachment; filename=logs_{run_id}.zip"}, content_type="application/zip")


# -- workflow_dispatch -----------------------------------------------------------------------------------
# POST /actions/workflows/{id}/dispatches, as GitHub answers it:
# - 204 and no body; 200 with {workflow_run_id, run_url, html_url} when `return_run_details` is true
#   (GitHub's OpenAPI description, operation actions/create-workflow-dispatch, ../shared/github).
# - `inputs`: "The maximum number of properties is 25" (same description; it was 10 until 2025: github/docs
#   PR #16471 "You can define up to 10 inputs"). More -> 422. Inputs the workflow file does not declare ->
#   422 "Unexpected inputs provided: [...]" (convictional/trigger-workflow-and-wait PR #4,
#   peter-evans/slash-command-dispatch PR #115).
# - a workflow file without `on: workflow_dispatch` at that ref -> 422 "Workflow does not have
#   'workflow_dispatch' trigger" (elastic/terraform-provider-elasticstack PR #1829, llm-d/llm-d issue #1572).
# - `ref` must name a branch or tag, never a SHA -> 422 "No ref found for: <ref>" (day8/re-frame2 PR #9287).
# - an unknown workflow -> 404; without `actions: write` -> 403 "Resource not accessible by integration"
#   (actions/github-script issue #312; benc-uk/workflow-dispatch issue #52: `actions: write` fixes it).
# - the run: event `workflow_dispatch`, head_branch = the ref, head_sha = that branch's head, queued; and
#   unlike every other event a GITHUB_TOKEN causes, it starts a run (docs.github.com, "GITHUB_TOKEN":
#   "with the exception of workflow_dispatch and repository_dispatch, will not create a new workflow run").
MAX_DISPATCH_INPUTS = 25


def _workflow_triggers(text: str) -> tuple[dict[str, Any] | None, dict[str, Any]]:
    """(the `workflow_dispatch` block or None when absent, the jobs) of a workflow file's text."""
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return None, {}
    if not isinstance(data, dict):
        return None, {}
    on = data.get("on", data.get(True))  # YAML 1.1 reads a bare `on:` key as True
    jobs = data.get("jobs") if isinstance(data.get("jobs"), dict) else {}
    if isinstance(on, str):
        return ({} if on == "workflow_dispatch" else None), jobs
    if isinstance(on, list):
        return ({} if "workflow_dispatch" in on else None), jobs
    if isinstance(on, dict) and "workflow_dispatch" in on:
        return (on["workflow_dispatch"] or {}), jobs
    return None, jobs


@router.add("POST", "/repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches", perm=ACTIONS_W)
def dispatch_workflow(req: Request) -> Reply:
    from ..runs import add_run

    repo = repo_of(req)
    path, name = _workflow(req, repo)
    body = req.json_obj()
    ref = body.get("ref")
    if not isinstance(ref, str) or not ref:
        raise validation_failed("WorkflowDispatch", "ref")
    inputs = body.get("inputs") or {}
    if not isinstance(inputs, dict):
        raise ApiError(422, "Invalid request.\n\nFor 'properties/inputs', is not an object.")
    if len(inputs) > MAX_DISPATCH_INPUTS:
        raise ApiError(422, f"Invalid request.\n\nFor 'properties/inputs', {len(inputs)} properties is more than "
                            f"the maximum of {MAX_DISPATCH_INPUTS}.")
    branch = ref.removeprefix("refs/heads/")
    sha = repo.branch_sha(branch)
    if sha is None:
        tag = repo.git.refs.get(ref if ref.startswith("refs/tags/") else f"refs/tags/{ref}")
        if tag is None:
            raise ApiError(422, f"No ref found for: {ref}")
        sha = tag
    found = repo.git.file_at(sha, path)
    text = repo.git.blobs[found[1]].decode("utf-8", errors="replace") if found else ""
    trigger, jobs = _workflow_triggers(text)
    if trigger is None:
        raise ApiError(422, "Workflow does not have 'workflow_dispatch' trigger")
    declared = (trigger.get("inputs") or {}) if isinstance(trigger, dict) else {}
    unexpected = [k for k in inputs if k not in declared]
    if unexpected:
        raise ApiError(422, "Unexpected inputs provided: " + "[" + ", ".join(f'"{k}"' for k in unexpected) + "]")
    missing = [k for k, v in declared.items() if isinstance(v, dict) and v.get("required") and k not in inputs
               and v.get("default") is None]
    if missing:
        raise ApiError(422, "Required input '" + missing[0] + "' not provided")
    job_specs = [{"name": str((spec or {}).get("name") or key) if isinstance(spec, dict) else str(key), "status": "queued"}
                 for key, spec in jobs.items()] or None
    run = add_run(req.state, repo, workflow=path, branch=branch, conclusion=None, event="workflow_dispatch",
                  head_sha=sha, status="queued", jobs=job_specs, actor=req.login or None, display_title=name)
    repo.dispatches.append(run.id)
    req.state.touch()
    if body.get("return_run_details") is True:
        return Reply(200, {"workflow_run_id": run.id,
                           "run_url": f"{req.state.base_url}/repos/{repo.full_name}/actions/runs/{run.id}",
                           "html_url": f"{html_base(req.state, repo)}/actions/runs/{run.id}"})
    return Reply(204)
