"""Git data API: blobs, trees (with base_tree), commits, refs (get, list, matching, create, update, delete)."""

from __future__ import annotations

import base64
import binascii
import re
from typing import Any

from ..clock import parse_time
from ..gitstore import BLOB_MODE, Signature
from ..model import Repo
from ..ops import close_pulls_for_deleted_branch, on_branch_moved, signature_for
from ..pagination import paginate
from ..router import ApiError, Reply, Request, not_found, router, validation_failed
from ..shapes_git import blob_json, git_commit_json, ref_json, tree_json
from ..workflow_guard import guard_ref, guard_tree
from .issues import repo_of

CONTENTS_R = ("contents", "read")
CONTENTS_W = ("contents", "write")
SHA = re.compile(r"^[0-9a-f]{40}$")
MODES = {"100644": "blob", "100755": "blob", "120000": "blob", "040000": "tree", "160000": "commit"}


# -- blobs -----------------------------------------------------------------------------------------------
@router.add("POST", "/repos/{owner}/{repo}/git/blobs", perm=CONTENTS_W)
def create_blob(req: Request) -> Reply:
    repo = repo_of(req)
    body = req.json_obj()
    content = body.get("content")
    if not isinstance(content, str):
        raise validation_failed("Blob", "content")
    encoding = body.get("encoding", "utf-8")
    if encoding == "base64":
        try:
            data = base64.b64decode(content, validate=False)
        except (binascii.Error, ValueError):
            raise validation_failed("Blob", "content", "invalid") from None
    elif encoding in ("utf-8", "utf8"):
        data = content.encode()
    else:
        raise validation_failed("Blob", "encoding", "invalid")
    sha = repo.git.put_blob(data)
    req.state.touch()
    url = f"{req.state.base_url}/repos/{repo.full_name}/git/blobs/{sha}"
    return Reply(201, {"url": url, "sha": sha}, {"Location": url})


@router.add("GET", "/repos/{owner}/{repo}/git/blobs/{file_sha}", perm=CONTENTS_R)
def get_blob(req: Request) -> Reply:
    repo = repo_of(req)
    sha = req.params["file_sha"]
    if sha not in repo.git.blobs:
        raise not_found()
    return Reply(200, blob_json(req.state, repo, sha))


# -- trees -----------------------------------------------------------------------------------------------
@router.add("POST", "/repos/{owner}/{repo}/git/trees", perm=CONTENTS_W)
def create_tree(req: Request) -> Reply:
    repo = repo_of(req)
    git = repo.git
    body = req.json_obj()
    entries = body.get("tree")
    if not isinstance(entries, list):
        raise validation_failed("Tree", "tree")
    base_tree = body.get("base_tree")
    if base_tree is not None:
        if base_tree not in git.trees:
            commit = git.commits.get(base_tree)  # GitHub also accepts a commit sha here
            if commit is None:
                raise ApiError(422, "base_tree is not a valid tree")
            base_tree = commit.tree
        flat = dict(git.flatten(base_tree))
    else:
        flat = {}
    before = dict(flat)
    for entry in entries:
        if not isinstance(entry, dict) or not isinstance(entry.get("path"), str):
            raise validation_failed("Tree", "tree", "invalid")
        path = entry["path"].strip("/")
        mode = entry.get("mode", BLOB_MODE)
        kind = entry.get("type", MODES.get(mode, "blob"))
        if mode not in MODES or MODES[mode] != kind:
            raise ApiError(422, f"GitRPC::BadObjectState: mode {mode} does not match type {kind}")
        has_sha = "sha" in entry
        if has_sha and "content" in entry:
            raise ApiError(422, "Only one of 'sha' or 'content' may be specified for a tree entry")
        prefix = path + "/"
        if has_sha and entry["sha"] is None:
            flat.pop(path, None)
            for key in [k for k in flat if k.startswith(prefix)]:
                del flat[key]
            continue
        if "content" in entry:
            if not isinstance(entry["content"], str) or kind != "blob":
                raise validation_failed("Tree", "content", "invalid")
            flat[path] = (mode, git.put_blob(entry["content"]))
            continue
        sha = entry.get("sha")
        if not isinstance(sha, str) or not SHA.match(sha):
            raise ApiError(422, f"tree.sha {sha} is not a valid {kind}")
        if kind == "tree":
            if sha not in git.trees:
                raise ApiError(422, f"tree.sha {sha} is not a valid tree")
            for key in [k for k in flat if k == path or k.startswith(prefix)]:
                del flat[key]
            for sub, value in git.flatten(sha).items():
                flat[f"{path}/{sub}"] = value
        elif kind == "blob":
            if sha not in git.blobs:
                raise ApiError(422, f"tree.sha {sha} is not a valid blob")
            flat[path] = (mode, sha)
        else:
            flat[path] = (mode, sha)
    named = [e["path"] for e in entries]
    guard_tree(req.token, repo, named, before, flat)
    sha = git.build_tree(flat)
    req.state.touch()
    out = tree_json(req.state, repo, sha)
    return Reply(201, out, {"Location": out["url"]})


@router.add("GET", "/repos/{owner}/{repo}/git/trees/{tree_sha}", perm=CONTENTS_R)
def get_tree(req: Request) -> Reply:
    repo = repo_of(req)
    sha = req.params["tree_sha"]
    if sha not in repo.git.trees:
        commit = repo.git.commits.get(sha)
        if commit is None:
            from ..ops import resolve_commit

            resolved = resolve_commit(repo, sha)
            if resolved is None:
                raise not_found()
            commit = repo.git.commits[resolved]
        sha = commit.tree
    recursive = req.query.get("recursive") not in (None, "", "0", "false")
    return Reply(200, tree_json(req.state, repo, sha, recursive=recursive))


# -- commits ---------------------------------------------------------------------------------------------
def _signature(value: Any, fallback: Signature) -> Signature:
    if not isinstance(value, dict):
        return fallback
    name, email = value.get("name"), value.get("email")
    if not isinstance(name, str) or not isinstance(email, str):
        raise validation_failed("Commit", "author", "invalid")
    try:
        date = parse_time(value["date"]) if value.get("date") else fallback.date
    except (ValueError, OverflowError):
        raise validation_failed("Commit", "date", "invalid") from None
    return Signature(name, email, date)


@router.add("POST", "/repos/{owner}/{repo}/git/commits", perm=CONTENTS_W)
def create_commit(req: Request) -> Reply:
    repo = repo_of(req)
    git = repo.git
    body = req.json_obj()
    message, tree, parents = body.get("message"), body.get("tree"), body.get("parents", [])
    if not isinstance(message, str):
        raise validation_failed("Commit", "message")
    if not isinstance(tree, str) or tree not in git.trees:
        raise ApiError(422, "Tree SHA does not exist")
    if not isinstance(parents, list) or any(p not in git.commits for p in parents):
        raise ApiError(422, "Parent SHA does not exist or is not a commit object")
    default = signature_for(req.state, req.login or "ghost")
    author = _signature(body.get("author"), default)
    committer = _signature(body.get("committer"), author)
    sha = git.put_commit(tree, list(parents), message, author, committer, req.login)
    req.state.touch()
    out = git_commit_json(req.state, repo, git.commits[sha])
    return Reply(201, out, {"Location": out["url"]})


@router.add("GET", "/repos/{owner}/{repo}/git/commits/{commit_sha}", perm=CONTENTS_R)
def get_commit(req: Request) -> Reply:
    repo = repo_of(req)
    commit = repo.git.commits.get(req.params["commit_sha"])
    if commit is None:
        raise not_found()
    return Reply(200, git_commit_json(req.state, repo, commit))


# -- refs ------------------------------------------------------------------------------------------------
def _full_ref(ref: str) -> str:
    ref = ref.strip("/")
    return ref if ref.startswith("refs/") else f"refs/{ref}"


def _protected_guard(repo: Repo, ref: str) -> None:
    if ref.startswith("refs/heads/") and ref[len("refs/heads/"):] in repo.protected:
        raise ApiError(422, f"Protected branch update failed for {ref}.")


@router.add("GET", "/repos/{owner}/{repo}/git/ref/{ref}", perm=CONTENTS_R, greedy=("ref",))
def get_ref(req: Request) -> Reply:
    repo = repo_of(req)
    ref = _full_ref(req.params["ref"])
    sha = repo.git.refs.get(ref)
    if sha is None:
        raise not_found()
    return Reply(200, ref_json(req.state, repo, ref, sha))


@router.add("GET", "/repos/{owner}/{repo}/git/refs", perm=CONTENTS_R, in_spec=False)  # legacy list-all; PyGithub uses it
def list_refs(req: Request) -> Reply:
    repo = repo_of(req)
    refs = sorted(repo.git.refs.items())
    page, headers = paginate(req, refs)
    return Reply(200, [ref_json(req.state, repo, ref, sha) for ref, sha in page], headers)


@router.add("GET", "/repos/{owner}/{repo}/git/matching-refs/{ref}", perm=CONTENTS_R, greedy=("ref",))
def matching_refs(req: Request) -> Reply:
    repo = repo_of(req)
    prefix = _full_ref(req.params["ref"])
    refs = sorted((r, s) for r, s in repo.git.refs.items() if r.startswith(prefix))
    page, headers = paginate(req, refs)
    return Reply(200, [ref_json(req.state, repo, ref, sha) for ref, sha in page], headers)


@router.add("POST", "/repos/{owner}/{repo}/git/refs", perm=CONTENTS_W)
def create_ref(req: Request) -> Reply:
    repo = repo_of(req)
    body = req.json_obj()
    ref, sha = body.get("ref"), body.get("sha")
    if not isinstance(ref, str) or not isinstance(sha, str):
        raise validation_failed("Ref", "ref" if not isinstance(ref, str) else "sha")
    if not ref.startswith("refs/") or ref.count("/") < 2 or ".." in ref or ref.endswith("/"):
        raise ApiError(422, "Reference name is invalid")
    if ref in repo.git.refs:
        raise ApiError(422, "Reference already exists")
    if repo.git.kind_of(sha) is None:
        raise ApiError(422, "Object does not exist")
    if ref.startswith("refs/heads/"):
        guard_ref(req.token, repo, repo.branch_sha(repo.default_branch), sha)
    repo.git.refs[ref] = sha
    req.state.touch()
    out = ref_json(req.state, repo, ref, sha)
    return Reply(201, out, {"Location": out["url"]})


@router.add("PATCH", "/repos/{owner}/{repo}/git/refs/{ref}", perm=CONTENTS_W, greedy=("ref",))
def update_ref(req: Request) -> Reply:
    repo = repo_of(req)
    ref = _full_ref(req.params["ref"])
    body = req.json_obj()
    sha = body.get("sha")
    if not isinstance(sha, str):
        raise validation_failed("Ref", "sha")
    current = repo.git.refs.get(ref)
    if current is None:
        raise ApiError(422, "Reference does not exist")
    if repo.git.kind_of(sha) is None:
        raise ApiError(422, "Object does not exist")
    _protected_guard(repo, ref)
    force = bool(body.get("force", False))
    if not force and sha != current and not repo.git.is_ancestor(current, sha):
        raise ApiError(422, "Update is not a fast forward")
    guard_ref(req.token, repo, current, sha)
    repo.git.refs[ref] = sha
    if ref.startswith("refs/heads/"):
        repo.pushed_at = req.state.clock.now()
        on_branch_moved(req.state, repo, ref[len("refs/heads/"):])
    req.state.touch()
    return Reply(200, ref_json(req.state, repo, ref, sha))


@router.add("DELETE", "/repos/{owner}/{repo}/git/refs/{ref}", perm=CONTENTS_W, greedy=("ref",))
def delete_ref(req: Request) -> Reply:
    repo = repo_of(req)
    ref = _full_ref(req.params["ref"])
    if ref not in repo.git.refs:
        raise ApiError(422, "Reference does not exist")
    _protected_guard(repo, ref)
    if ref == f"refs/heads/{repo.default_branch}":
        raise ApiError(422, "Cannot delete the default branch")
    del repo.git.refs[ref]
    if ref.startswith("refs/heads/"):
        close_pulls_for_deleted_branch(req.state, repo, ref[len("refs/heads/"):], req.login or "ghost")
    req.state.touch()
    return Reply(204)
