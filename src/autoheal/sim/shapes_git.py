"""Render git data (refs, trees, blobs, commits), branches, contents and diffs as GitHub's JSON."""

from __future__ import annotations

import base64
import difflib
import zlib
from typing import Any
from urllib.parse import quote

from .clock import iso
from .gitstore import Commit, GitStore
from .model import Repo, State, node_id
from .shapes import html_base, repo_url, user_json

UNVERIFIED = {"verified": False, "reason": "unsigned", "signature": None, "payload": None, "verified_at": None}


def _sha_int(sha: str) -> int:
    return int(sha[:12], 16)


def ref_json(state: State, repo: Repo, ref: str, sha: str) -> dict[str, Any]:
    base = repo_url(state, repo)
    kind = repo.git.kind_of(sha) or "commit"
    return {
        "ref": ref,
        "node_id": node_id("REF", zlib.crc32(f"{repo.id}:{ref}".encode())),
        "url": f"{base}/git/{ref}",
        "object": {"sha": sha, "type": kind, "url": f"{base}/git/{kind}s/{sha}"},
    }


def tree_json(state: State, repo: Repo, sha: str, *, recursive: bool = False) -> dict[str, Any]:
    base = repo_url(state, repo)
    git = repo.git
    entries: list[dict[str, Any]] = []

    def walk(tree_sha: str, prefix: str) -> None:
        for entry in git.trees[tree_sha]:
            path = f"{prefix}{entry.name}"
            item: dict[str, Any] = {"path": path, "mode": entry.mode, "type": entry.type, "sha": entry.sha}
            if entry.type == "blob":
                item["size"] = len(git.blobs.get(entry.sha, b""))
                item["url"] = f"{base}/git/blobs/{entry.sha}"
            elif entry.type == "tree":
                item["url"] = f"{base}/git/trees/{entry.sha}"
            entries.append(item)
            if recursive and entry.type == "tree":
                walk(entry.sha, path + "/")

    walk(sha, "")
    return {"sha": sha, "url": f"{base}/git/trees/{sha}", "tree": entries, "truncated": False}


def _git_user(sig: Any) -> dict[str, Any]:
    return {"name": sig.name, "email": sig.email, "date": iso(sig.date)}


def git_commit_json(state: State, repo: Repo, commit: Commit) -> dict[str, Any]:
    base = repo_url(state, repo)
    html = html_base(state, repo)
    return {
        "sha": commit.sha,
        "node_id": node_id("C", _sha_int(commit.sha)),
        "url": f"{base}/git/commits/{commit.sha}",
        "html_url": f"{html}/commit/{commit.sha}",
        "author": _git_user(commit.author),
        "committer": _git_user(commit.committer),
        "tree": {"sha": commit.tree, "url": f"{base}/git/trees/{commit.tree}"},
        "message": commit.message,
        "parents": [
            {"sha": p, "url": f"{base}/git/commits/{p}", "html_url": f"{html}/commit/{p}"} for p in commit.parents
        ],
        "verification": dict(UNVERIFIED),
    }


def blob_json(state: State, repo: Repo, sha: str) -> dict[str, Any]:
    data = repo.git.blobs[sha]
    return {
        "sha": sha,
        "node_id": node_id("B", _sha_int(sha)),
        "url": f"{repo_url(state, repo)}/git/blobs/{sha}",
        "size": len(data),
        "content": wrap_base64(data),
        "encoding": "base64",
    }


def wrap_base64(data: bytes) -> str:
    """GitHub returns base64 content wrapped at 60 characters with trailing newlines."""
    text = base64.b64encode(data).decode()
    return "".join(text[i : i + 60] + "\n" for i in range(0, len(text), 60))


def _account(state: State, login: str | None) -> dict[str, Any] | None:
    return user_json(state, login) if login else None


def commit_json(
    state: State, repo: Repo, commit: Commit, *, with_files: bool = False
) -> dict[str, Any]:
    """The REST `commit` object (GET /commits/{ref}, pull request commits, branch heads)."""
    base = repo_url(state, repo)
    html = html_base(state, repo)
    out: dict[str, Any] = {
        "url": f"{base}/commits/{commit.sha}",
        "sha": commit.sha,
        "node_id": node_id("C", _sha_int(commit.sha)),
        "html_url": f"{html}/commit/{commit.sha}",
        "comments_url": f"{base}/commits/{commit.sha}/comments",
        "commit": {
            "url": f"{base}/git/commits/{commit.sha}",
            "author": _git_user(commit.author),
            "committer": _git_user(commit.committer),
            "message": commit.message,
            "comment_count": 0,
            "tree": {"sha": commit.tree, "url": f"{base}/git/trees/{commit.tree}"},
            "verification": dict(UNVERIFIED),
        },
        "author": _account(state, commit.author_login),
        "committer": _account(state, commit.author_login),
        "parents": [{"sha": p, "url": f"{base}/commits/{p}", "html_url": f"{html}/commit/{p}"} for p in commit.parents],
    }
    if with_files:
        parent_tree = repo.git.commits[commit.parents[0]].tree if commit.parents else None
        files = diff_entries(state, repo, parent_tree, commit.tree, commit.sha)
        adds = sum(f["additions"] for f in files)
        dels = sum(f["deletions"] for f in files)
        out["stats"] = {"additions": adds, "deletions": dels, "total": adds + dels}
        out["files"] = files
    return out


def short_branch_json(state: State, repo: Repo, name: str) -> dict[str, Any]:
    sha = repo.git.refs[f"refs/heads/{name}"]
    base = repo_url(state, repo)
    protected = name in repo.protected
    return {
        "name": name,
        "commit": {"sha": sha, "url": f"{base}/commits/{sha}"},
        "protected": protected,
        "protection": {
            "enabled": protected,
            "required_status_checks": {"enforcement_level": "off", "contexts": [], "checks": []},
        },
        "protection_url": f"{base}/branches/{quote(name, safe='')}/protection",
    }


def branch_json(state: State, repo: Repo, name: str) -> dict[str, Any]:
    sha = repo.git.refs[f"refs/heads/{name}"]
    base = repo_url(state, repo)
    protected = name in repo.protected
    protection_url = f"{base}/branches/{quote(name, safe='')}/protection"
    return {
        "name": name,
        "commit": commit_json(state, repo, repo.git.commits[sha]),
        "_links": {
            "self": f"{base}/branches/{quote(name, safe='')}",
            "html": f"{html_base(state, repo)}/tree/{name}",
        },
        "protected": protected,
        "protection": {
            "enabled": protected,
            "required_status_checks": {"enforcement_level": "off", "contexts": [], "checks": []},
        },
        "protection_url": protection_url,
    }


CONTENT_MAX = 1024 * 1024  # the contents API inlines files up to 1 MB


def content_json(state: State, repo: Repo, path: str, blob_sha: str, ref: str | None, *, with_content: bool = True) -> dict[str, Any]:
    base = repo_url(state, repo)
    html = html_base(state, repo)
    branch = ref or repo.default_branch
    data = repo.git.blobs[blob_sha]
    quoted = quote(path)
    self_url = f"{base}/contents/{quoted}" + (f"?ref={quote(branch, safe='')}" if ref else "")
    out: dict[str, Any] = {
        "type": "file",
        "size": len(data),
        "name": path.rsplit("/", 1)[-1],
        "path": path,
        "sha": blob_sha,
        "url": self_url,
        "git_url": f"{base}/git/blobs/{blob_sha}",
        "html_url": f"{html}/blob/{branch}/{quoted}",
        "download_url": f"{state.base_url}/_sim/raw/{repo.full_name}/{branch}/{quoted}",
        "_links": {"self": self_url, "git": f"{base}/git/blobs/{blob_sha}", "html": f"{html}/blob/{branch}/{quoted}"},
    }
    if with_content and len(data) > CONTENT_MAX:
        # GitHub's OpenAPI description of "Get repository content": between 1 and 100 MB "the `content`
        # field will be an empty string and the `encoding` field will be "none"" (seen for real in
        # githubocto/flat-viewer issue #41; PyGithub's decoded_content then fails, PivotStack/PyMp3 #25).
        out["content"] = ""
        out["encoding"] = "none"
    elif with_content:
        out["content"] = wrap_base64(data)
        out["encoding"] = "base64"
    return out


def dir_entry_json(state: State, repo: Repo, path: str, entry: Any, ref: str | None) -> dict[str, Any]:
    if entry.type == "blob":
        return content_json(state, repo, path, entry.sha, ref, with_content=False)
    base = repo_url(state, repo)
    html = html_base(state, repo)
    branch = ref or repo.default_branch
    quoted = quote(path)
    self_url = f"{base}/contents/{quoted}" + (f"?ref={quote(branch, safe='')}" if ref else "")
    kind = "dir" if entry.type == "tree" else "submodule"
    git_url = f"{base}/git/trees/{entry.sha}" if entry.type == "tree" else None
    return {
        "type": kind,
        "size": 0,
        "name": entry.name,
        "path": path,
        "sha": entry.sha,
        "url": self_url,
        "git_url": git_url,
        "html_url": f"{html}/tree/{branch}/{quoted}",
        "download_url": None,
        "_links": {"self": self_url, "git": git_url, "html": f"{html}/tree/{branch}/{quoted}"},
    }


def _lines(git: GitStore, sha: str | None) -> list[str]:
    if sha is None:
        return []
    return git.blobs[sha].decode("utf-8", errors="replace").splitlines()


def diff_entries(state: State, repo: Repo, old_tree: str | None, new_tree: str, ref: str) -> list[dict[str, Any]]:
    """`diff-entry` objects between two trees (what PR files and commit files list)."""
    git = repo.git
    old = git.flatten(old_tree) if old_tree else {}
    new = git.flatten(new_tree)
    base = repo_url(state, repo)
    html = html_base(state, repo)
    out: list[dict[str, Any]] = []
    for path in sorted(set(old) | set(new)):
        before = old.get(path)
        after = new.get(path)
        if before == after:
            continue
        status = "added" if before is None else ("removed" if after is None else "modified")
        a_lines = _lines(git, before[1] if before else None)
        b_lines = _lines(git, after[1] if after else None)
        patch_lines = list(difflib.unified_diff(a_lines, b_lines, lineterm="", n=3))[2:]
        additions = sum(1 for line in patch_lines if line.startswith("+"))
        deletions = sum(1 for line in patch_lines if line.startswith("-"))
        sha = (after or before)[1]  # type: ignore[index]
        quoted = quote(path)
        out.append(
            {
                "sha": sha,
                "filename": path,
                "status": status,
                "additions": additions,
                "deletions": deletions,
                "changes": additions + deletions,
                "blob_url": f"{html}/blob/{ref}/{quoted}",
                "raw_url": f"{html}/raw/{ref}/{quoted}",
                "contents_url": f"{base}/contents/{quoted}?ref={ref}",
                "patch": "\n".join(patch_lines),
            }
        )
    return out
