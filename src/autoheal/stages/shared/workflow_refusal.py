"""GitHub refusing a change to `.github/workflows/*`: recognised in every shape it is reported in.

A token without the `workflows` permission (every GITHUB_TOKEN: a job's `permissions:` has no such key)
can never create, change or delete a workflow file. draft-pr falls back to a task PR, sync-workflows says
which token to use.
"""

from __future__ import annotations

WORKFLOW_DIR = ".github/workflows/"


def is_workflows_refusal(exc: Exception, touches_workflows: bool = False) -> bool:
    """GitHub refusing a write because it changes `.github/workflows/*` without the `workflows` permission.

    Worded: "refusing to allow a GitHub App … without `workflows` permission" (App and Actions tokens) or
    "… an OAuth App … without `workflow` scope" (classic tokens). Unworded, when the write does touch a
    workflow file: a tree creation answering 403 "Resource not accessible by integration"
    (suzuki-shunsuke/tfaction PR #1913), a contents write answering 404 (octokit/octokit.rb #1184), a ref
    create/update answering 422 "Reference update failed" (strands-agents/devtools PR #4)."""
    text = str(exc).lower()
    status = getattr(exc, "status", None)
    if "workflow" in text and ("permission" in text or "scope" in text) and status in (403, 404, 422):
        return True
    if not touches_workflows:
        return False
    return (status == 403 and "not accessible" in text) or status == 404 or (
        status == 422 and ("reference update failed" in text or "reference cannot be updated" in text))
