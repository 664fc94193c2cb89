"""Check runs and commit statuses for a ref (Actions jobs show up as check runs, like on GitHub)."""

from __future__ import annotations

from typing import Any

from ..model import CommitStatus, Repo
from ..ops import resolve_commit
from ..pagination import link_header, page_bounds, paginate
from ..router import ApiError, Reply, Request, router, validation_failed
from ..shapes import repo_json, repo_url
from ..shapes_actions import check_run_json, status_json
from .issues import repo_of

STATES = ("error", "failure", "pending", "success")


def _sha(repo: Repo, ref: str) -> str:
    sha = resolve_commit(repo, ref)
    if sha is None:
        if len(ref) == 40 and all(c in "0123456789abcdef" for c in ref):
            return ref  # runs may point at SHAs the simulator has no commit object for
        raise ApiError(422, f"No commit found for SHA: {ref}")
    return sha


def check_runs_for(repo: Repo, sha: str, *, latest_only: bool = True) -> list[Any]:
    """Explicit check runs plus one per Actions job (latest attempt unless filter=all)."""
    found: list[Any] = [c for c in repo.check_runs if c.head_sha == sha]
    for run in repo.runs_by_sha.get(sha, []):
        attempts = [run.latest] if latest_only else run.attempts
        for attempt in attempts:
            found.extend(attempt.jobs)
    if latest_only:
        newest: dict[str, Any] = {}
        for check in found:  # later entries win: the latest check run per name
            newest[check.name] = check
        found = list(newest.values())
    return found


@router.add("GET", "/repos/{owner}/{repo}/commits/{ref}/check-runs", perm=("checks", "read"), greedy=("ref",))
def list_check_runs(req: Request) -> Reply:
    repo = repo_of(req)
    sha = _sha(repo, req.params["ref"])
    wanted = req.query.get("filter", "latest")
    if wanted not in ("latest", "all"):
        raise validation_failed("CheckRun", "filter", "invalid")
    checks = check_runs_for(repo, sha, latest_only=wanted == "latest")
    if req.query.get("check_name"):
        checks = [c for c in checks if c.name == req.query["check_name"]]
    if req.query.get("status"):
        checks = [c for c in checks if c.status == req.query["status"]]
    start, stop, page, last = page_bounds(req, len(checks))
    body = {"total_count": len(checks), "check_runs": [check_run_json(req.state, repo, c) for c in checks[start:stop]]}
    return Reply(200, body, link_header(req, page, last))


@router.add("GET", "/repos/{owner}/{repo}/check-runs/{check_run_id}", perm=("checks", "read"))
def get_check_run(req: Request) -> Reply:
    repo = repo_of(req)
    wanted = req.params["check_run_id"]
    for check in repo.check_runs:
        if str(check.id) == wanted:
            return Reply(200, check_run_json(req.state, repo, check))
    job = req.state.jobs.get(int(wanted)) if wanted.isascii() and wanted.isdigit() else None
    if job is not None and req.state.runs[job.run_id].repo.lower() == repo.full_name.lower():
        return Reply(200, check_run_json(req.state, repo, job))
    raise ApiError(404, "Not Found")


def combined_state(statuses: list[CommitStatus]) -> str:
    states = {s.state for s in statuses}
    if not statuses or "pending" in states:
        return "pending"
    if states & {"error", "failure"}:
        return "failure"
    return "success"


def latest_statuses(repo: Repo, sha: str) -> list[CommitStatus]:
    latest: dict[str, CommitStatus] = {}
    for status in repo.statuses:
        if status.sha == sha:
            latest[status.context] = status
    return sorted(latest.values(), key=lambda s: s.id, reverse=True)


@router.add("GET", "/repos/{owner}/{repo}/commits/{ref}/status", perm=("statuses", "read"), greedy=("ref",))
def combined_status(req: Request) -> Reply:
    repo = repo_of(req)
    sha = _sha(repo, req.params["ref"])
    statuses = latest_statuses(repo, sha)
    page, headers = paginate(req, statuses)
    base = repo_url(req.state, repo)
    body = {
        "state": combined_state(statuses),
        "statuses": [status_json(req.state, repo, s, simple=True) for s in page],
        "sha": sha,
        "total_count": len(statuses),
        "repository": repo_json(req.state, repo, kind="minimal"),
        "commit_url": f"{base}/commits/{sha}",
        "url": f"{base}/commits/{sha}/status",
    }
    return Reply(200, body, headers)


@router.add("GET", "/repos/{owner}/{repo}/commits/{ref}/statuses", perm=("statuses", "read"), greedy=("ref",))
def list_statuses(req: Request) -> Reply:
    repo = repo_of(req)
    sha = _sha(repo, req.params["ref"])
    statuses = sorted((s for s in repo.statuses if s.sha == sha), key=lambda s: s.id, reverse=True)
    page, headers = paginate(req, statuses)
    return Reply(200, [status_json(req.state, repo, s) for s in page], headers)


@router.add("GET", "/repos/{owner}/{repo}/statuses/{sha}", perm=("statuses", "read"), in_spec=False)
def list_statuses_legacy(req: Request) -> Reply:
    """The older alias PyGithub's Commit.get_statuses() calls; same answer as /commits/{ref}/statuses."""
    req.params["ref"] = req.params["sha"]
    return list_statuses(req)


@router.add("POST", "/repos/{owner}/{repo}/statuses/{sha}", perm=("statuses", "write"))
def create_status(req: Request) -> Reply:
    repo = repo_of(req)
    body = req.json_obj()
    state = body.get("state")
    if state not in STATES:
        raise validation_failed("Status", "state", "invalid")
    now = req.state.clock.now()
    status = CommitStatus(
        id=req.state.next_id("status"),
        sha=req.params["sha"],
        state=state,
        context=str(body.get("context") or "default"),
        description=body.get("description"),
        target_url=body.get("target_url"),
        creator=req.login or "ghost",
        created_at=now,
        updated_at=now,
    )
    repo.statuses.append(status)
    req.state.touch()
    return Reply(201, status_json(req.state, repo, status))
