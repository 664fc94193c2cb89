"""Can autoheal start a workflow by `workflow_dispatch`? (pure: the workflow file's text in, a reason out)

A pull request autoheal opens with `GITHUB_TOKEN` gets no CI: GitHub starts no workflow for events that
token causes, "with the exception of workflow_dispatch and repository_dispatch" (docs.github.com,
"GITHUB_TOKEN"). So draft-pr dispatches the failing workflow on its branch, which works only when the
workflow declares `on: workflow_dispatch` and asks for no required input autoheal cannot know.
init and sync-workflows report the workflows that cannot be started this way; nobody edits them silently.
"""

from __future__ import annotations

from typing import Any

import yaml

from autoheal.fixes import yamledit
from autoheal.fixes.workflow_list import read_workflow

NO_TRIGGER = "has no `workflow_dispatch` trigger"


def dispatch_blocker(path: str, text: str) -> str | None:
    """None when `workflow_dispatch` with no inputs can start the workflow, else why not (one phrase)."""
    info = read_workflow(path, text)
    if info.error:
        return f"cannot be read ({info.error})"
    if "workflow_dispatch" not in info.triggers:
        return NO_TRIGGER
    block = _dispatch_block(text)
    inputs = block.get("inputs") if isinstance(block, dict) else None
    required = [str(name) for name, spec in (inputs or {}).items()
                if isinstance(spec, dict) and spec.get("required") is True and spec.get("default") in (None, "")]
    if required:
        return f"requires the `workflow_dispatch` input(s) {', '.join(required)}, which autoheal cannot fill in"
    return None


def _dispatch_block(text: str) -> Any:
    try:
        data = yamledit.load(text)
    except yaml.YAMLError:
        return None
    on = data.get(True, data.get("on")) if isinstance(data, dict) else None
    return on.get("workflow_dispatch") if isinstance(on, dict) else None
