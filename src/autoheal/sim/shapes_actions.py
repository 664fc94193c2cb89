"""Render Actions objects (workflows, runs, jobs), check runs and commit statuses as GitHub's JSON.

Run JSON is cached per (run, attempt) as a string without `pull_requests` (which depends on
open PRs), so listing 50,000 runs page by page costs string joins, not re-rendering.
"""

from __future__ import annotations

import json
from typing import Any

from .clock import iso
from .model import CheckRun, CommitStatus, Job, Repo, Run, RunAttempt, State, node_id
from .runs import workflow_files
from .shapes import html_base, repo_json, repo_url, user_json

RUNNER = {"runner_id": 1, "runner_name": "GitHub Actions 1", "runner_group_id": 0, "runner_group_name": "GitHub Actions"}


def workflow_json(state: State, repo: Repo, path: str, name: str, wid: int) -> dict[str, Any]:
    base = repo_url(state, repo)
    html = html_base(state, repo)
    created = repo.created_at
    file_state = repo.workflow_state.get(path) or ("active" if path in workflow_files(repo) else "deleted")
    return {
        "id": wid,
        "node_id": node_id("W", wid),
        "name": name,
        "path": path,
        "state": file_state,
        "created_at": iso(created),
        "updated_at": iso(created),
        "url": f"{base}/actions/workflows/{wid}",
        "html_url": f"{html}/blob/{repo.default_branch}/{path}",
        "badge_url": f"{html}/workflows/{name}/badge.svg",
    }


def _head_commit(repo: Repo, run: Run) -> dict[str, Any]:
    commit = repo.git.commits.get(run.head_sha)
    if commit is not None:
        return {
            "id": commit.sha,
            "tree_id": commit.tree,
            "message": commit.message,
            "timestamp": iso(commit.committer.date),
            "author": {"name": commit.author.name, "email": commit.author.email},
            "committer": {"name": commit.committer.name, "email": commit.committer.email},
        }
    return {
        "id": run.head_sha,
        "tree_id": run.head_sha,
        "message": run.display_title,
        "timestamp": iso(run.created_at),
        "author": {"name": run.actor, "email": f"{run.actor}@users.noreply.github.com"},
        "committer": {"name": "GitHub", "email": "noreply@github.com"},
    }


def run_dict(state: State, repo: Repo, run: Run, attempt: RunAttempt, *, nested: bool = True) -> dict[str, Any]:
    """The workflow-run object; nested=False leaves out the shared parts _run_text splices in."""
    base = repo_url(state, repo)
    url = f"{base}/actions/runs/{run.id}"
    wid = repo.workflow_ids[run.workflow_path]
    out: dict[str, Any] = {
        "id": run.id,
        "name": run.name,
        "node_id": node_id("WFR", run.id),
        "check_suite_id": run.id + 1_000_000_000,
        "check_suite_node_id": node_id("CS", run.id + 1_000_000_000),
        "head_branch": run.head_branch,
        "head_sha": run.head_sha,
        "path": run.workflow_path,
        "display_title": run.display_title,
        "run_number": run.run_number,
        "event": run.event,
        "status": attempt.status,
        "conclusion": attempt.conclusion,
        "workflow_id": wid,
        "url": url,
        "html_url": f"{html_base(state, repo)}/actions/runs/{run.id}",
        "created_at": iso(attempt.created_at),
        "updated_at": iso(attempt.updated_at),
        "run_attempt": attempt.number,
        "referenced_workflows": [],
        "run_started_at": iso(attempt.started_at),
        "jobs_url": f"{url}/jobs",
        "logs_url": f"{url}/logs",
        "check_suite_url": f"{base}/check-suites/{run.id + 1_000_000_000}",
        "artifacts_url": f"{url}/artifacts",
        "cancel_url": f"{url}/cancel",
        "rerun_url": f"{url}/rerun",
        "previous_attempt_url": f"{url}/attempts/{attempt.number - 1}" if attempt.number > 1 else None,
        "workflow_url": f"{base}/actions/workflows/{wid}",
        "head_commit": _head_commit(repo, run),
    }
    if nested:
        minimal = repo_json(state, repo, kind="minimal")
        out.update(
            {
                "actor": user_json(state, run.actor),
                "triggering_actor": user_json(state, attempt.actor),
                "repository": minimal,
                "head_repository": minimal,
                "pull_requests": [],
            }
        )
    return out


def open_pulls_index(state: State, repo: Repo) -> dict[str, list[dict[str, Any]]]:
    """branch or sha -> `pull-request-minimal` objects of open PRs (cached until state changes)."""
    key = ("open-pulls", repo.full_name)
    cached = state.caches.get(key)
    if cached is not None:
        return cached
    base = repo_url(state, repo)
    index: dict[str, list[dict[str, Any]]] = {}
    for item in repo.items.values():
        pull = item.pull
        if pull is None or item.state != "open":
            continue
        side = lambda ref, sha: {"ref": ref, "sha": sha, "repo": {"id": repo.id, "url": base, "name": repo.name}}  # noqa: E731
        minimal = {
            "id": item.pull_id,
            "number": item.number,
            "url": f"{base}/pulls/{item.number}",
            "head": side(pull.head_ref, pull.head_sha),
            "base": side(pull.base_ref, pull.base_sha),
        }
        for key_ in {pull.head_ref, pull.head_sha}:
            index.setdefault(key_, []).append(minimal)
    state.caches[key] = index
    return index


def _dumps(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def _shared_text(state: State, key: tuple[Any, ...], make: Any) -> str:
    """Serialized JSON of objects many runs share (the repository, actors), kept across writes."""
    cache = state.text_cache
    text = cache.get(key)
    if text is None:
        text = cache[key] = _dumps(make())
    return text


def _run_text(state: State, repo: Repo, run: Run, attempt: RunAttempt) -> str:
    fields = run_dict(state, repo, run, attempt, nested=False)
    repo_text = _shared_text(state, ("minimal-repo", repo.id), lambda: repo_json(state, repo, kind="minimal"))
    actor = _shared_text(state, ("user", run.actor.lower()), lambda: user_json(state, run.actor))
    trigger = _shared_text(state, ("user", attempt.actor.lower()), lambda: user_json(state, attempt.actor))
    return (
        _dumps(fields)[:-1]
        + f',"actor":{actor},"triggering_actor":{trigger},"repository":{repo_text},"head_repository":{repo_text}}}'
    )


def run_json_text(state: State, repo: Repo, run: Run, attempt: RunAttempt | None = None, *, with_pulls: bool = True) -> str:
    """Serialized workflow-run JSON (cached per attempt; pull_requests spliced in per request)."""
    attempt = attempt or run.latest
    text = run.json_cache.get(attempt.number)
    if text is None:
        text = run.json_cache[attempt.number] = _run_text(state, repo, run, attempt)
    pulls: list[dict[str, Any]] = []
    if with_pulls and run.event in ("pull_request", "pull_request_target", "push"):
        index = open_pulls_index(state, repo)
        seen: set[int] = set()
        for key in (run.head_sha, run.head_branch):
            for pr in index.get(key, ()):
                if pr["id"] not in seen:
                    seen.add(pr["id"])
                    pulls.append(pr)
    return text[:-1] + ',"pull_requests":' + (_dumps(pulls) if pulls else "[]") + "}"


def job_json(state: State, repo: Repo, job: Job) -> dict[str, Any]:
    base = repo_url(state, repo)
    return {
        "id": job.id,
        "run_id": job.run_id,
        "run_url": f"{base}/actions/runs/{job.run_id}",
        "run_attempt": job.run_attempt,
        "node_id": node_id("CR", job.id),
        "head_sha": job.head_sha,
        "url": f"{base}/actions/jobs/{job.id}",
        "html_url": f"{html_base(state, repo)}/actions/runs/{job.run_id}/job/{job.id}",
        "status": job.status,
        "conclusion": job.conclusion,
        "created_at": iso(job.created_at),
        "started_at": iso(job.started_at),
        "completed_at": iso(job.completed_at),
        "name": job.name,
        "steps": [
            {
                "name": s.name,
                "status": s.status,
                "conclusion": s.conclusion,
                "number": s.number,
                "started_at": iso(s.started_at),
                "completed_at": iso(s.completed_at),
            }
            for s in job.steps
        ],
        "check_run_url": f"{base}/check-runs/{job.id}",
        "labels": list(job.labels),
        **RUNNER,
        "workflow_name": job.workflow_name,
        "head_branch": job.head_branch,
    }


def _app(state: State) -> dict[str, Any]:
    return {
        "id": 15368,
        "slug": "github-actions",
        "node_id": "MDM6QXBwMTUzNjg=",
        "owner": user_json(state, "github"),
        "name": "GitHub Actions",
        "description": "Automate your workflow from idea to production",
        "external_url": "https://help.github.com/en/actions",
        "html_url": "https://github.com/apps/github-actions",
        "created_at": "2018-07-30T09:30:17Z",
        "updated_at": "2019-12-10T19:04:12Z",
        "permissions": {"actions": "write", "checks": "write", "contents": "write", "issues": "write", "metadata": "read", "pull_requests": "write", "statuses": "write"},
        "events": ["check_run", "check_suite", "pull_request", "push", "workflow_dispatch"],
    }


def check_run_json(state: State, repo: Repo, check: CheckRun | Job) -> dict[str, Any]:
    base = repo_url(state, repo)
    html = html_base(state, repo)
    if isinstance(check, Job):
        ident, name, status, conclusion = check.id, check.name, check.status, check.conclusion
        started, completed, external = check.started_at, check.completed_at, str(check.id)
        details = f"{html}/actions/runs/{check.run_id}/job/{check.id}"
        suite = check.run_id + 1_000_000_000
        title = summary = None
    else:
        ident, name, status, conclusion = check.id, check.name, check.status, check.conclusion
        started, completed, external = check.started_at, check.completed_at, check.external_id
        details = f"{html}/runs/{check.id}"
        suite = check.id
        title, summary = check.output_title, check.output_summary
    url = f"{base}/check-runs/{ident}"
    return {
        "id": ident,
        "head_sha": check.head_sha,
        "node_id": node_id("CR", ident),
        "external_id": external,
        "url": url,
        "html_url": f"{html}/runs/{ident}",
        "details_url": details,
        "status": status,
        "conclusion": conclusion,
        "started_at": iso(started),
        "completed_at": iso(completed),
        "output": {"title": title, "summary": summary, "text": None, "annotations_count": 0, "annotations_url": f"{url}/annotations"},
        "name": name,
        "check_suite": {"id": suite},
        "app": _app(state),
        "pull_requests": [],
    }


def status_json(state: State, repo: Repo, status: CommitStatus, *, simple: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "url": f"{repo_url(state, repo)}/statuses/{status.sha}",
        "avatar_url": f"{state.base_url}/avatars/u/{status.id}?v=4",
        "id": status.id,
        "node_id": node_id("SC", status.id),
        "state": status.state,
        "description": status.description,
        "target_url": status.target_url,
        "context": status.context,
        "created_at": iso(status.created_at),
        "updated_at": iso(status.updated_at),
    }
    if not simple:
        out["creator"] = user_json(state, status.creator)
    return out
