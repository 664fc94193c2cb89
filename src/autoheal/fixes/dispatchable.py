"""Can autoheal start a workflow by `workflow_dispatch`? (pure: the workflow file's text in, a reason out)

A pull request autoheal opens with `GITHUB_TOKEN` gets no CI: GitHub starts no workflow for events that
token causes, "with the exception of workflow_dispatch and repository_dispatch" (docs.github.com,
"GITHUB_TOKEN"). So draft-pr dispatches the failing workflow on its branch, which works only when the
workflow declares `on: workflow_dispatch` and asks for no required input autoheal cannot know.
init and sync-workflows report the workflows that cannot be started this way; nobody edits them silently.
"""

from __future__ import annotations

from autoheal.fixes.workflow_list import WorkflowInfo, read_workflow

NO_TRIGGER = "has no `workflow_dispatch` trigger"


def dispatch_blocker(path: str, text: str) -> str | None:
    """None when `workflow_dispatch` with no inputs can start the workflow, else why not (one phrase)."""
    return blocker_of(read_workflow(path, text))


def blocker_of(info: WorkflowInfo) -> str | None:
    """The same for a workflow already read (callers holding `discover_workflows` output parse nothing again)."""
    if info.error:
        return f"cannot be read ({info.error})"
    if "workflow_dispatch" not in info.triggers:
        return NO_TRIGGER
    if info.required_dispatch_inputs:
        return (f"requires the `workflow_dispatch` input(s) {', '.join(info.required_dispatch_inputs)}, "
                "which autoheal cannot fill in")
    return None
