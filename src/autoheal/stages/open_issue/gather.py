"""open-issue's reads, all through the gateway (PyGithub underneath); its writes are in `apply`.

Reads are shaped to be cheap: the repository object is lazy (no `GET /repos/...`), autoheal's issues
are found by listing open issues with its label (one request per 100, never the search API, which is
rate limited to 30/min and eventually consistent), and closed ones are listed only when needed and
only as far back as the reopen window. Only attributes present in list responses are read, so
PyGithub never has to complete an object with an extra GET.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import github.Issue
import github.Workflow

from ...errors import AutohealError, GitHubAPIError, InputError
from ...markers import read_markers
from ..shared.context import StageContext
from ..shared.repo import lazy_repo, read_repo_file
from ..shared.run_listing import beyond_the_cap
from ..shared.trust import by_autoheal, own_logins
from .decide import (
    Facts,
    KnownIssue,
    RunInfo,
    Settings,
    close_candidates,
    closed_since,
    needs_closed_issues,
    run_from_json,
)


def lazy_workflow(gw: Any, workflow_id: int) -> Any:
    """A workflow object to list its runs from, without first GETting the workflow."""
    return github.Workflow.Workflow(gw.requester, url=f"/repos/{gw.repo_name}/actions/workflows/{workflow_id}",
                                    completed=False)


# -- reads --------------------------------------------------------------------------------------------

def known_issue(issue: Any) -> KnownIssue | None:
    """A listed PyGithub Issue -> KnownIssue; None for pull requests (the issues list includes them)."""
    url = issue.html_url or ""
    if "/pull/" in url:
        return None
    return KnownIssue(
        number=issue.number,
        title=issue.title or "",
        body=issue.body or "",
        state=issue.state,
        state_reason=issue.state_reason,
        created_at=issue.created_at,
        closed_at=issue.closed_at,
        url=url,
        labels=tuple(label.name for label in issue.labels or []),
        updated_at=issue.updated_at,
    )


def list_issues(gw: Any, label: str, *, state: str, since: datetime | None = None) -> list[KnownIssue]:
    """Issues (not PRs) carrying `label`; closed ones only back to `since` (by last update)."""
    repo = lazy_repo(gw)
    kwargs: dict[str, Any] = {"state": state, "labels": [label]}
    if since is not None:
        kwargs.update(sort="updated", direction="desc", since=since)

    logins = own_logins(gw)

    def fetch() -> list[KnownIssue]:
        # An issue counts as autoheal's only when autoheal wrote it: a labelled issue someone else opened
        # with a copied fingerprint marker is never updated, closed or reopened in autoheal's name.
        found = (known_issue(i) for i in repo.get_issues(**kwargs)
                 if not read_markers(i.body) or by_autoheal(i.user, logins))
        return [i for i in found if i is not None]

    return gw.read(fetch, what=f"list {state} issues labelled {label}")


def fetch_run(gw: Any, run_id: int) -> RunInfo:
    repo = lazy_repo(gw)
    try:
        data = gw.read(lambda: repo.get_workflow_run(run_id).raw_data, what=f"read workflow run {run_id}")
    except GitHubAPIError as exc:
        if exc.status == 404:
            raise InputError("run-id", f"workflow run {run_id} was not found in {gw.repo_name}",
                             "check the run id and that the token can read Actions (`actions: read`)") from None
        raise
    return run_from_json(data)


def success_streak(gw: Any, run: RunInfo, needed: int) -> int:
    """Green runs in a row (newest first) of the run's workflow on its branch, counted up to `needed`."""
    repo = lazy_repo(gw)

    def listing(created: str | None) -> Any:
        extra = {"created": created} if created else {}
        if run.workflow_id:
            return lazy_workflow(gw, run.workflow_id).get_runs(branch=run.branch, status="completed", **extra)
        return repo.get_workflow_runs(branch=run.branch, status="completed", **extra)

    def count() -> int:
        streak = 0
        for item in beyond_the_cap(listing):  # other workflows' runs may fill GitHub's 1,000 first
            if not run.workflow_id and item.name != run.workflow:
                continue
            if item.conclusion in ("skipped", "neutral") or item.conclusion is None:
                continue
            if item.conclusion != "success":
                break
            streak += 1
            if streak >= needed:
                break
        return streak

    return gw.read(count, what=f"list the runs of {run.workflow} on {run.branch}")


def gather_failure(ctx: StageContext, facts: Facts, settings: Settings) -> Facts:
    gw = ctx.gw
    facts.open_issues = list_issues(gw, settings.marker_label, state="open")
    facts.now = ctx.now()  # GitHub's clock, known from the first response (the simulator's in tests)
    if needs_closed_issues(facts, settings):
        facts.closed_issues = list_issues(gw, settings.marker_label, state="closed",
                                          since=closed_since(settings, facts.now))
    return facts


def gather_success(ctx: StageContext, facts: Facts, settings: Settings,
                   open_issues: list[KnownIssue] | None = None) -> Facts:
    """`open_issues`: the open issues the caller (the sweep) listed and nothing has changed since."""
    gw = ctx.gw
    facts.open_issues = list_issues(gw, settings.marker_label, state="open") if open_issues is None else open_issues
    facts.now = ctx.now()
    run = facts.run
    assert run is not None
    if settings.close_after_successes > 1 and close_candidates(run, facts.open_issues):
        facts.success_streak = success_streak(gw, run, settings.close_after_successes)
    return facts


def load_template(ctx: StageContext, input_path: str | None, config_path: str | None) -> tuple[str | None, str]:
    """The user's issue template text (input first, then config), and the name errors should give."""
    if input_path:
        path = ctx.workspace_path(input_path)
        if not path.is_file():
            raise InputError("template", f"file not found: {path}")
        return path.read_text(encoding="utf-8"), "template"
    if config_path:
        local = ctx.workspace_path(config_path)
        if local.is_file():
            return local.read_text(encoding="utf-8"), "template"
        text = read_repo_file(ctx.gw, config_path)
        if text is None:
            raise AutohealError(f"issues.template: {config_path} was found neither in the workspace nor in the "
                                "repository", "fix the path in .github/autoheal.yml or remove the key")
        return text, "template"
    return None, "template"




def latest_completed_runs(gw: Any, issues: list[KnownIssue]) -> list[RunInfo]:
    """For each (workflow, failing branch) of the open issues: the newest completed run there.

    The record names the workflow and the runs it saw; a recorded run gives the workflow's id (one
    request per workflow), and the newest completed run of that workflow on each branch is one more.
    """
    wanted: dict[tuple[str, str], int] = {}
    for issue in issues:
        record = issue.record
        if record is None or not record.runs:
            continue
        for branch in record.failing:
            run_id = next((r.get("id") for r in record.runs if r.get("branch") == branch and r.get("id")), None)
            if run_id is not None:
                wanted.setdefault((record.workflow, branch), int(run_id))
    repo = lazy_repo(gw)
    found = []
    workflow_ids: dict[str, int] = {}
    for (workflow, branch), run_id in sorted(wanted.items()):
        def newest(run_id: int = run_id, branch: str = branch, workflow: str = workflow) -> Any:
            if workflow not in workflow_ids:
                workflow_ids[workflow] = repo.get_workflow_run(run_id).workflow_id
            return next(iter(lazy_workflow(gw, workflow_ids[workflow]).get_runs(branch=branch, status="completed")),
                        None)

        try:
            latest = gw.read(newest, what=f"find the newest run of {workflow} on {branch}")
        except GitHubAPIError:
            continue  # a deleted run or workflow: nothing to close from here
        if latest is not None:
            found.append(run_from_json(latest.raw_data))
    return found
