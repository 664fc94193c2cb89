"""Contents API (get file/dir, create/update/delete a file), branches, commits, raw downloads."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from ..model import Repo
from ..ops import commit_files, resolve_commit
from ..pagination import paginate
from ..router import ApiError, Reply, Request, not_found, router, validation_failed
from ..shapes_git import (
    branch_json,
    commit_json,
    content_json,
    dir_entry_json,
    short_branch_json,
)
from .git import CONTENTS_R, CONTENTS_W
from ..workflow_guard import guard_contents
from .issues import repo_of


def _ref_sha(repo: Repo, ref: str | None) -> str:
    sha = resolve_commit(repo, ref or repo.default_branch)
    if sha is None:
        raise ApiError(404, f"No commit found for the ref {ref or repo.default_branch}")
    return sha


@router.add("GET", "/repos/{owner}/{repo}/contents/{path}", perm=CONTENTS_R, greedy=("path",))
def get_contents(req: Request) -> Reply:
    repo = repo_of(req)
    ref = req.query.get("ref") or None
    sha = _ref_sha(repo, ref)
    path = req.params["path"].strip("/")
    git = repo.git
    tree = git.commits[sha].tree
    found = git.flatten(tree).get(path) if path else None
    if found is not None:
        accept = req.headers.get("accept", "")
        if "raw" in accept:
            return Reply(200, git.blobs[found[1]], content_type="application/vnd.github.raw")
        return Reply(200, content_json(req.state, repo, path, found[1], ref))
    subtree = git.subtree(tree, path)
    if subtree is None:
        raise not_found()
    prefix = f"{path}/" if path else ""
    entries = [dir_entry_json(req.state, repo, prefix + e.name, e, ref) for e in git.trees[subtree]]
    return Reply(200, entries)


def _decode(content: Any) -> bytes:
    if not isinstance(content, str):
        raise validation_failed("Content", "content")
    try:
        return base64.b64decode(content, validate=False)
    except (binascii.Error, ValueError):
        raise validation_failed("Content", "content", "invalid") from None


def _write_target(req: Request, repo: Repo, body: dict[str, Any]) -> tuple[str, str, tuple[str, str] | None]:
    branch = body.get("branch") or repo.default_branch
    if not isinstance(branch, str):
        raise validation_failed("Content", "branch", "invalid")
    head = repo.branch_sha(branch)
    if head is None:
        if repo.git.refs:
            raise ApiError(404, f"Branch {branch} not found")
        head = ""  # empty repository: the first write creates the branch
    if branch in repo.protected:
        raise ApiError(409, f"Protected branch update failed for refs/heads/{branch}.")
    path = req.params["path"].strip("/")
    guard_contents(req.token, path)
    existing = repo.git.file_at(head, path) if head else None
    return branch, path, existing


def _file_commit(req: Request, repo: Repo, branch: str, path: str, sha: str, deleted: bool) -> dict[str, Any]:
    from ..shapes_git import git_commit_json

    commit = repo.git.commits[sha]
    content = None
    if not deleted:
        blob = repo.git.file_at(sha, path)
        content = content_json(req.state, repo, path, blob[1], branch, with_content=False)  # type: ignore[index]
    return {"content": content, "commit": git_commit_json(req.state, repo, commit)}


@router.add("PUT", "/repos/{owner}/{repo}/contents/{path}", perm=CONTENTS_W, greedy=("path",))
def put_contents(req: Request) -> Reply:
    repo = repo_of(req)
    body = req.json_obj()
    message = body.get("message")
    if not isinstance(message, str) or not message:
        raise validation_failed("Content", "message")
    data = _decode(body.get("content"))
    branch, path, existing = _write_target(req, repo, body)
    given = body.get("sha")
    if existing is not None:
        if not given:
            raise ApiError(422, 'Invalid request.\n\n"sha" wasn\'t supplied.')
        if given != existing[1]:
            raise ApiError(409, f"{path} does not match {given}")
    sha = commit_files(req.state, repo, branch, {path: data}, message, req.login or "ghost", create_branch=True)
    return Reply(201 if existing is None else 200, _file_commit(req, repo, branch, path, sha, False))


@router.add("DELETE", "/repos/{owner}/{repo}/contents/{path}", perm=CONTENTS_W, greedy=("path",))
def delete_contents(req: Request) -> Reply:
    repo = repo_of(req)
    body = req.json_obj()
    message = body.get("message")
    if not isinstance(message, str) or not message:
        raise validation_failed("Content", "message")
    branch, path, existing = _write_target(req, repo, body)
    if existing is None:
        raise not_found()
    if body.get("sha") != existing[1]:
        raise ApiError(409, f"{path} does not match {body.get('sha')}")
    sha = commit_files(req.state, repo, branch, {path: None}, message, req.login or "ghost")
    return Reply(200, _file_commit(req, repo, branch, path, sha, True))


@router.add("GET", "/_sim/raw/{owner}/{repo}/{ref}/{path}", auth="none", in_spec=False, greedy=("path",))
def raw_download(req: Request) -> Reply:
    """`download_url` target (raw.githubusercontent.com's role): no auth, plain bytes."""
    repo = req.state.repo(req.params["owner"], req.params["repo"])
    if repo is None or repo.private:
        raise not_found()
    sha = resolve_commit(repo, req.params["ref"])
    found = repo.git.file_at(sha, req.params["path"]) if sha else None
    if found is None:
        raise not_found()
    return Reply(200, repo.git.blobs[found[1]], content_type="text/plain; charset=utf-8")


# -- branches --------------------------------------------------------------------------------------------
@router.add("GET", "/repos/{owner}/{repo}/branches", perm=CONTENTS_R)
def list_branches(req: Request) -> Reply:
    repo = repo_of(req)
    names = sorted(r[len("refs/heads/"):] for r in repo.git.refs if r.startswith("refs/heads/"))
    wanted = req.query.get("protected")
    if wanted in ("true", "1"):
        names = [n for n in names if n in repo.protected]
    elif wanted in ("false", "0"):
        names = [n for n in names if n not in repo.protected]
    page, headers = paginate(req, names)
    return Reply(200, [short_branch_json(req.state, repo, n) for n in page], headers)


@router.add("GET", "/repos/{owner}/{repo}/branches/{branch}", perm=CONTENTS_R, greedy=("branch",))
def get_branch(req: Request) -> Reply:
    repo = repo_of(req)
    name = req.params["branch"]
    if f"refs/heads/{name}" not in repo.git.refs:
        raise ApiError(404, "Branch not found")
    return Reply(200, branch_json(req.state, repo, name))


@router.add("GET", "/repos/{owner}/{repo}/branches/{branch}/protection", perm=("administration", "read"), greedy=("branch",))
def get_branch_protection(req: Request) -> Reply:
    """Protection as a flag: required pull requests, nothing else configurable."""
    repo = repo_of(req)
    name = req.params["branch"]
    if f"refs/heads/{name}" not in repo.git.refs:
        raise ApiError(404, "Branch not found")
    if name not in repo.protected:
        raise ApiError(404, "Branch not protected")
    url = f"{req.state.base_url}/repos/{repo.full_name}/branches/{name}/protection"
    return Reply(
        200,
        {
            "url": url,
            "required_pull_request_reviews": {
                "url": f"{url}/required_pull_request_reviews",
                "dismiss_stale_reviews": False,
                "require_code_owner_reviews": False,
                "required_approving_review_count": 1,
            },
            "enforce_admins": {"url": f"{url}/enforce_admins", "enabled": True},
        },
    )


# -- commits ---------------------------------------------------------------------------------------------
@router.add("GET", "/repos/{owner}/{repo}/commits", perm=CONTENTS_R)
def list_commits(req: Request) -> Reply:
    repo = repo_of(req)
    if not repo.git.refs:
        raise ApiError(409, "Git Repository is empty.")
    head = _ref_sha(repo, req.query.get("sha") or None)
    commits = repo.git.history(head)
    path = req.query.get("path")
    if path:
        path = path.strip("/")
        commits = [c for c in commits if _touches(repo, c, path)]
    author = req.query.get("author")
    if author:
        commits = [c for c in commits if (c.author_login or "").lower() == author.lower() or c.author.email == author]
    since, until = req.q_time("since", "Commit"), req.q_time("until", "Commit")
    if since is not None:
        commits = [c for c in commits if c.committer.date >= since]
    if until is not None:
        commits = [c for c in commits if c.committer.date <= until]
    page, headers = paginate(req, commits)
    return Reply(200, [commit_json(req.state, repo, c) for c in page], headers)


def _touches(repo: Repo, commit: Any, path: str) -> bool:
    git = repo.git
    mine = git.flatten(commit.tree)
    parent = git.flatten(git.commits[commit.parents[0]].tree) if commit.parents else {}
    return any(
        (k == path or k.startswith(path + "/")) and mine.get(k) != parent.get(k) for k in set(mine) | set(parent)
    )


@router.add("GET", "/repos/{owner}/{repo}/commits/{ref}", perm=CONTENTS_R, greedy=("ref",))
def get_commit(req: Request) -> Reply:
    repo = repo_of(req)
    sha = resolve_commit(repo, req.params["ref"])
    if sha is None:
        raise ApiError(422, f"No commit found for SHA: {req.params['ref']}")
    return Reply(200, commit_json(req.state, repo, repo.git.commits[sha], with_files=True))



@router.add("GET", "/repos/{owner}/{repo}/compare/{basehead}", perm=CONTENTS_R, greedy=("basehead",))
def compare(req: Request) -> Reply:
    """`base...head`: how far head is ahead of/behind base, its commits and the changed files."""
    from ..merging import merge_base
    from ..shapes import html_base
    from ..shapes_git import diff_entries

    repo = repo_of(req)
    base_ref, sep, head_ref = req.params["basehead"].partition("...")
    base, head = resolve_commit(repo, base_ref), resolve_commit(repo, head_ref) if sep else None
    if base is None or head is None:
        raise ApiError(404, "Not Found")
    fork_point = merge_base(repo, head, base)
    ahead = list(reversed(repo.git.history(head, fork_point)))
    behind = repo.git.history(base, fork_point)
    status = "identical" if base == head else ("diverged" if ahead and behind else ("ahead" if ahead else "behind"))
    page, headers = paginate(req, ahead)
    api = f"{req.state.base_url}/repos/{repo.full_name}"
    html = f"{html_base(req.state, repo)}/compare/{base_ref}...{head_ref}"
    old_tree = repo.git.commits[fork_point].tree if fork_point else None
    body = {
        "url": f"{api}/compare/{base_ref}...{head_ref}",
        "html_url": html,
        "permalink_url": f"{html_base(req.state, repo)}/compare/{base}...{head}",
        "diff_url": f"{html}.diff",
        "patch_url": f"{html}.patch",
        "base_commit": commit_json(req.state, repo, repo.git.commits[base]),
        "merge_base_commit": commit_json(req.state, repo, repo.git.commits[fork_point or base]),
        "status": status,
        "ahead_by": len(ahead),
        "behind_by": len(behind),
        "total_commits": len(ahead),
        "commits": [commit_json(req.state, repo, c) for c in page],
        "files": diff_entries(req.state, repo, old_tree, repo.git.commits[head].tree, head),
    }
    return Reply(200, body, headers)
