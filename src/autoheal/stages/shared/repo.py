"""Reading the repository cheaply: the repository object without a request, a file of the default branch, the hour.

All of them go through the gateway.
"""

from __future__ import annotations

import base64
from datetime import datetime, timedelta
from typing import Any

import github.Repository


def lazy_repo(gw: Any) -> Any:
    """The repository as a PyGithub object without the `GET /repos/{o}/{r}` a normal lookup costs.

    Built on the gateway's own requester (PyGithub's `lazy=True` would make a new, uncounted one), and
    marked incomplete so PyGithub fetches nothing until a method is called on it.
    """
    return github.Repository.Repository(gw.requester, url=f"/repos/{gw.repo_name}", completed=False)


def read_repo_file(gw: Any, path: str) -> str | None:
    """A file from the repository's default branch, or None when it does not exist (or is a folder)."""
    from ...errors import GitHubAPIError

    try:
        content = gw.read(lambda: gw.repo().get_contents(path), what=f"read {path}")
    except GitHubAPIError as exc:
        if exc.status == 404:
            return None
        raise
    if isinstance(content, list):
        return None
    return file_bytes(gw, content).decode("utf-8", errors="replace")


def file_bytes(gw: Any, content: Any) -> bytes:
    """A contents-API file's bytes. Files over 1 MB come without their content (`content: ""`, `encoding:
    "none"`; GitHub's description of "Get repository content"), so those are read as a git blob instead
    (base64 up to 100 MB, the same `contents: read`)."""
    if getattr(content, "encoding", "base64") != "none":
        return content.decoded_content
    repo = gw.repo()
    blob = gw.read(lambda: repo.get_git_blob(content.sha), what=f"read {content.path} (over 1 MB) as a blob")
    return base64.b64decode(blob.content or "")


def hour_ago(now: datetime) -> datetime:
    return now - timedelta(hours=1)
