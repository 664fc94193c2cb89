"""sync-workflows' reads: the workflow files, from the checkout or the repository, and an open sync PR."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ...errors import AutohealError
from ...markers import has_marker
from ..shared.context import StageContext
from ..shared.repo import file_bytes
from .model import SYNC_BRANCH, SYNC_MARKER, WORKFLOWS_DIR, Facts


def local_workflow_files(root: Path) -> dict[str, str]:
    """`.github/workflows/*.yml|yaml` of a checkout, by repository path (GitHub ignores subfolders)."""
    folder = root / WORKFLOWS_DIR
    if not folder.is_dir():
        return {}
    return {f"{WORKFLOWS_DIR}/{path.name}": path.read_text(encoding="utf-8", errors="replace")
            for path in sorted(folder.iterdir()) if path.suffix in (".yml", ".yaml") and path.is_file()}


def gather_local(ctx: StageContext, workflow_file: str) -> Facts:
    files = local_workflow_files(ctx.workspace)
    target = ctx.workspace / workflow_file
    text = target.read_text(encoding="utf-8") if target.is_file() else None
    return Facts(files=files, workflow_file=workflow_file, workflow_text=text, default_branch="")


def gather_remote(ctx: StageContext, workflow_file: str, mode: str) -> Facts:
    gw = ctx.gw
    repo = gw.repo()
    branch = repo.default_branch
    listing = gw.read(lambda: repo.get_contents(WORKFLOWS_DIR, ref=branch), what=f"list {WORKFLOWS_DIR}")
    files: dict[str, str] = {}
    for entry in listing if isinstance(listing, list) else [listing]:
        if entry.type == "file" and entry.name.endswith((".yml", ".yaml")):
            blob = gw.read(lambda entry=entry: repo.get_contents(entry.path, ref=branch), what=f"read {entry.path}")
            files[entry.path] = file_bytes(gw, blob).decode("utf-8", errors="replace")
    facts = Facts(files=files, workflow_file=workflow_file, workflow_text=files.get(workflow_file), default_branch=branch)
    if mode == "pr":
        facts.existing_pr = gw.read(lambda: find_sync_pr(repo), what="find the sync PR")
        facts.branch_text = read_branch_file(gw, repo, workflow_file)
    return facts


def find_sync_pr(repo: Any) -> Any:
    owner = repo.owner.login
    for pr in repo.get_pulls(state="open", head=f"{owner}:{SYNC_BRANCH}"):
        if has_marker(pr.body, SYNC_MARKER):
            return pr
    return None


def read_branch_file(gw: Any, repo: Any, path: str) -> str | None:
    try:
        content = gw.read(lambda: repo.get_contents(path, ref=SYNC_BRANCH), what=f"read {path} on {SYNC_BRANCH}")
    except AutohealError as exc:
        if getattr(exc, "status", None) == 404:
            return None
        raise
    return file_bytes(gw, content).decode("utf-8", errors="replace")
