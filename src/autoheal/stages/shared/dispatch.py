"""CI on autoheal's branches without a PAT: start the failing workflow by `workflow_dispatch`, find its runs.

GitHub starts no workflow for pushes and pull requests made with `GITHUB_TOKEN` — "with the exception of
workflow_dispatch and repository_dispatch" (docs.github.com, "GITHUB_TOKEN"). A dispatched run is on the
branch's head commit, so its jobs are that commit's check runs and show on the PR. draft-pr dispatches
after it pushes the fix (`actions: write`); pr-monitor reads the same runs back to decide ready / hand-back.

The dispatch is idempotent by GitHub's own state: a `workflow_dispatch` run of that workflow on the
branch's head commit means "already started" (the `find` of the write, and gather's check before it).
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass
from typing import Any

from ...gateway import Gateway
from .handoff import failure_text

DISPATCH_EVENT = "workflow_dispatch"


@dataclass(frozen=True)
class DispatchedRun:
    """A `workflow_dispatch` run on a commit, as GitHub lists it."""

    id: int
    workflow_path: str
    name: str
    status: str
    conclusion: str | None
    html_url: str


@dataclass(frozen=True)
class DispatchOutcome:
    run_id: int | None  # the started run (None when GitHub refused, or did not say and it is not listed yet)
    refused: str = ""  # GitHub's refusal in one line, with what to change


def dispatched_runs(gw: Gateway, repo: str, sha: str, workflow_path: str | None = None) -> list[DispatchedRun]:
    """The `workflow_dispatch` runs on commit `sha` (newest first), of one workflow when `workflow_path` is set."""
    query = urllib.parse.urlencode({"event": DISPATCH_EVENT, "head_sha": sha, "per_page": 100})
    status, _, data = gw.raw("GET", f"/repos/{repo}/actions/runs?{query}", what=f"dispatched runs of {sha[:7]}")
    if status != 200 or not isinstance(data, dict):
        return []
    runs = []
    for raw in data.get("workflow_runs") or []:
        if not isinstance(raw, dict):
            continue
        path = str(raw.get("path") or "").split("@", 1)[0]
        if workflow_path is not None and path != workflow_path:
            continue
        runs.append(DispatchedRun(int(raw.get("id") or 0), path, str(raw.get("name") or path),
                                  str(raw.get("status") or ""), raw.get("conclusion"), str(raw.get("html_url") or "")))
    return runs


def dispatch(gw: Gateway, repo: str, workflow_path: str, branch: str, head_sha: str) -> DispatchOutcome:
    """Start `workflow_path` on `branch` (whose head is `head_sha`). A refusal is returned, not raised: the
    fix PR stands without CI, and the caller says why."""
    workflow = urllib.parse.quote(workflow_path.rsplit("/", 1)[-1], safe="")

    def find() -> Any:
        runs = dispatched_runs(gw, repo, head_sha, workflow_path)
        return (200, {}, {"workflow_run_id": runs[0].id}) if runs else None

    status, _, data = gw.raw("POST", f"/repos/{repo}/actions/workflows/{workflow}/dispatches",
                             body={"ref": branch, "return_run_details": True}, find=find,
                             what=f"dispatch {workflow} on {branch}")
    if status in (200, 201, 204):
        run_id = data.get("workflow_run_id") if isinstance(data, dict) else None
        if not isinstance(run_id, int):  # 204: GitHub did not say which run (older API versions)
            found = find()
            run_id = found[2]["workflow_run_id"] if found else None
        return DispatchOutcome(run_id)
    return DispatchOutcome(None, refusal_text(status, data, workflow_path))


def refusal_text(status: int, data: Any, workflow_path: str) -> str:
    """GitHub's refusal of a dispatch, with the change that lifts it."""
    text = failure_text(status, data)
    if status == 403:
        return (f"GitHub refused to dispatch {workflow_path} ({text}): add `actions: write` to the job's "
                "`permissions:`")
    if status == 422 and "workflow_dispatch" in text:
        return (f"GitHub refused to dispatch {workflow_path} ({text}): add `workflow_dispatch:` to its `on:` "
                "triggers on the default branch")
    return f"GitHub refused to dispatch {workflow_path} ({text})"
