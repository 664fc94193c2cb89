"""sync-workflows' decision (pure): which workflows to watch, and the edit that makes the list say so."""

from __future__ import annotations

from typing import Any

from ...errors import InputError
from ...fixes.workflow_list import (
    WorkflowInfo,
    excluded,
    sync_workflow_run_list,
)
from ..shared.context import Plan
from .model import SYNC_BRANCH, Facts


def is_autoheal_workflow(text: str) -> bool:
    """autoheal's own workflows are the ones that run autoheal's actions: never watch those."""
    return ("/autoheal/actions/" in text or "/autoheal@" in text or "autoheal heal" in text
            or "/autoheal/.github/workflows/" in text)  # the one-file caller of the reusable workflow


def watched(infos: list[WorkflowInfo], files: dict[str, str], patterns: list[str]) -> list[str]:
    names = []
    for info in infos:
        if info.error or info.reusable_only:
            continue
        if is_autoheal_workflow(files.get(info.file, "")):
            continue
        if excluded(info.name, patterns) or excluded(info.file, patterns):
            continue
        names.append(info.name)
    return sorted(set(names))


def decide(facts: Facts, names: list[str], mode: str) -> tuple[Plan, Any]:
    plan = Plan()
    if facts.workflow_text is None:
        raise InputError("workflow-file", f"{facts.workflow_file} does not exist",
                         "run `autoheal init` to create it, or point `workflow-file` at your autoheal workflow")
    fix = sync_workflow_run_list(facts.workflow_file, facts.workflow_text, names)
    if not fix.changed:
        plan.notes.append(fix.summary)
        if mode == "pr" and facts.existing_pr is not None and facts.existing_pr.state == "open":
            plan.add("close_pr", f"#{facts.existing_pr.number}", "the list is in sync on the default branch again")
        return plan, fix
    if mode == "check":
        return plan, fix
    if mode == "commit":
        plan.add("commit", f"{facts.default_branch}:{facts.workflow_file}", fix.summary, text=fix.new)
        return plan, fix
    if facts.branch_text != fix.new:
        plan.add("push_branch", SYNC_BRANCH, fix.summary, text=fix.new)
    if facts.existing_pr is None:
        plan.add("open_pr", SYNC_BRANCH, "open the sync PR")
    return plan, fix
