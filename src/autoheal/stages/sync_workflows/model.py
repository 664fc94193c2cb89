"""sync-workflows' names and facts: the sync branch and marker, the workflow files it read."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

SYNC_BRANCH = "autoheal/sync-workflows"


SYNC_MARKER = "sync-workflows"


WORKFLOWS_DIR = ".github/workflows"


@dataclass
class Facts:
    files: dict[str, str]
    workflow_file: str
    workflow_text: str | None
    default_branch: str
    existing_pr: Any = None
    branch_text: str | None = None
