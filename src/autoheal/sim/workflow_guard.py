"""Workflow files: a token without the `workflows` permission can never change `.github/workflows/*`.

`GITHUB_TOKEN` never has that permission (a job's `permissions:` block has no `workflows` key:
stefanzweifel/git-auto-commit-action issue #322; github/docs issue #11490), so every stage writing through
it is refused the moment a write touches a workflow file. GitHub refuses in several shapes, all modelled:

- contents API PUT/DELETE of such a path: **404 Not Found** (octokit/octokit.rb issue #1184);
- git trees API, a tree whose entries name such a path: **403 "Resource not accessible by integration"**
  with the create-a-tree documentation link (suzuki-shunsuke/tfaction PR #1913, anthropics/claude-code-action
  issue #29, IAreKyleW00t/verified-bot-commit issue #331);
- git refs API, creating or moving a ref onto a commit whose workflow files differ from what the ref (or,
  for a new ref, the default branch) holds: **422 "Reference update failed"** (strands-agents/devtools PR #4
  records that body on POST /git/refs; vercel/next.js PR #94596: GitHub support confirmed `workflows: write`
  is needed to create refs on commits whose workflows diverged; github/rest-api-description issue #4887).
  The tree and commit were created fine in this shape, which the knob `workflow_refusal: ref` selects
  (the tree check is skipped, the ref check always applies);
- `git push`: "refusing to allow a GitHub App to create or update workflow ... without `workflows`
  permission" (not served: the simulator has no git transport).
"""

from __future__ import annotations

from typing import Iterable

from .model import Repo, Token
from .router import ApiError

WORKFLOW_DIR = ".github/workflows/"
TREE_DOCS = "https://docs.github.com/rest/git/trees#create-a-tree"
REF_DOCS = "https://docs.github.com/rest/git/refs#update-a-reference"


def is_workflow_path(path: str) -> bool:
    """A workflow file, the workflows directory or one of its parents (`.github`)."""
    path = path.strip("/")
    return bool(path) and ((path + "/").startswith(WORKFLOW_DIR) or WORKFLOW_DIR.startswith(path + "/"))


def may_change_workflows(token: Token | None) -> bool:
    return token is not None and token.level("workflows") >= 2


def guard_contents(token: Token | None, path: str) -> None:
    """Contents API write: 404, as if the path did not exist for this token."""
    if path.strip("/").startswith(WORKFLOW_DIR) and not may_change_workflows(token):
        raise ApiError(404, "Not Found")


def guard_tree(
    token: Token | None,
    repo: Repo,
    paths: Iterable[str],
    before: dict[str, tuple[str, str]],
    after: dict[str, tuple[str, str]],
) -> None:
    """Tree creation naming a workflow path (or a parent, e.g. `.github`) and changing one: 403.

    `before`/`after` are the flattened base tree and the new tree; restating an unchanged workflow
    file is allowed (nothing changes)."""
    if may_change_workflows(token) or repo.options.get("workflow_refusal", "tree") == "ref":
        return
    if not any(is_workflow_path(p) for p in paths):
        return
    changed = {k for k in set(before) | set(after) if k.startswith(WORKFLOW_DIR) and before.get(k) != after.get(k)}
    if changed:
        raise ApiError(403, "Resource not accessible by integration", extra={"documentation_url": TREE_DOCS})


def workflow_files(repo: Repo, commit_sha: str | None) -> dict[str, tuple[str, str]]:
    if not commit_sha or commit_sha not in repo.git.commits:
        return {}
    flat = repo.git.flatten(repo.git.commits[commit_sha].tree)
    return {k: v for k, v in flat.items() if k.startswith(WORKFLOW_DIR)}


def guard_ref(token: Token | None, repo: Repo, old_sha: str | None, new_sha: str) -> None:
    """Moving a ref so that its workflow files change: 422 "Reference update failed"."""
    if may_change_workflows(token) or repo.git.kind_of(new_sha) != "commit":
        return
    if workflow_files(repo, old_sha) != workflow_files(repo, new_sha):
        raise ApiError(422, "Reference update failed", extra={"documentation_url": REF_DOCS})
