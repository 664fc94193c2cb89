"""sync-workflows: keep the watched-workflow list of the consumer's autoheal workflow in sync.

`workflow_run` fires only for the workflows its `workflows:` list names, so a workflow added later is
silently unwatched. This stage discovers every workflow in `.github/workflows/` (minus exclusions and
autoheal's own workflows) and rewrites just that list, surgically (`autoheal.fixes.workflow_list`).
Modes: `pr` (default: one PR on the branch `autoheal/sync-workflows`, updated in place), `commit` (to the
default branch), `check` (exit 1 with a diff — for CI). `--list` only prints what it discovered.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...errors import AutohealError, InputError
from ...fixes.workflow_list import (
    WorkflowInfo,
    discover_workflows,
    excluded,
    sync_workflow_run_list,
)
from ...markdown import fence
from ...markers import has_marker, marker
from ...spec import Input, Output, StageSpec, common
from ..shared.context import Plan, StageContext, StageResult

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


def is_autoheal_workflow(text: str) -> bool:
    """autoheal's own workflows are the ones that run autoheal's actions: never watch those."""
    return "/autoheal/actions/" in text or "/autoheal@" in text or "autoheal heal" in text


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


# -- gather ---------------------------------------------------------------------------------------------

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
            files[entry.path] = blob.decoded_content.decode("utf-8", errors="replace")
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
    return content.decoded_content.decode("utf-8", errors="replace")


# -- decide ---------------------------------------------------------------------------------------------

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


# -- apply ----------------------------------------------------------------------------------------------

def apply(ctx: StageContext, facts: Facts, plan: Plan, fix: Any) -> Any:
    gw = ctx.gw
    repo = gw.repo()
    message = f"autoheal: sync the watched workflow list\n\n{fix.summary}. workflow_run only fires for listed workflows."
    pr = facts.existing_pr
    for write in plan:
        if write.op == "commit":
            current = gw.read(lambda: repo.get_contents(facts.workflow_file, ref=facts.default_branch))
            gw.write(lambda: repo.update_file(facts.workflow_file, message, write.args["text"], current.sha,
                                              branch=facts.default_branch), what=f"commit {facts.workflow_file}")
        elif write.op == "push_branch":
            push_sync_branch(gw, repo, facts, write.args["text"], message)
        elif write.op == "open_pr":
            body = (f"{fix.summary}.\n\n`workflow_run` only triggers for the workflows it lists, so autoheal keeps "
                    f"the list of `{facts.workflow_file}` in sync with `.github/workflows/`.\n\n"
                    f"{fence(fix.diff(), 'diff')}\n\n{marker(SYNC_MARKER)}\n")
            pr = gw.write(lambda: repo.create_pull(title="autoheal: sync the watched workflow list", body=body,
                                                   head=SYNC_BRANCH, base=facts.default_branch),
                          find=lambda: find_sync_pr(repo), what="open the sync PR")
        elif write.op == "close_pr":
            gw.write(lambda: facts.existing_pr.edit(state="closed"), what=f"close #{facts.existing_pr.number}")
    return pr


def push_sync_branch(gw: Any, repo: Any, facts: Facts, text: str, message: str) -> None:
    """The sync branch is autoheal's own: rebuild it from the default branch, then commit the new list."""
    head = gw.read(lambda: repo.get_branch(facts.default_branch).commit.sha, what="read the default branch")
    if facts.branch_text is None:
        gw.write(lambda: repo.create_git_ref(f"refs/heads/{SYNC_BRANCH}", head),
                 find=lambda: _ref_or_none(repo), what=f"create {SYNC_BRANCH}")
    else:
        ref = gw.read(lambda: repo.get_git_ref(f"heads/{SYNC_BRANCH}"))
        gw.write(lambda: ref.edit(head, force=True), what=f"reset {SYNC_BRANCH}")
    current = gw.read(lambda: repo.get_contents(facts.workflow_file, ref=SYNC_BRANCH))
    gw.write(lambda: repo.update_file(facts.workflow_file, message, text, current.sha, branch=SYNC_BRANCH),
             what=f"commit {facts.workflow_file} on {SYNC_BRANCH}")


def _ref_or_none(repo: Any) -> Any:
    try:
        return repo.get_git_ref(f"heads/{SYNC_BRANCH}")
    except Exception:  # noqa: BLE001 - 404 means the create did not land
        return None


# -- run ------------------------------------------------------------------------------------------------

def run(ctx: StageContext) -> StageResult:
    cfg = ctx.config
    mode = ctx.input("mode") or cfg.get_path("sync.mode") or "pr"
    workflow_file = ctx.input("workflow-file") or cfg.get_path("sync.workflow_file")
    local = bool(ctx.input("local"))
    facts = gather_local(ctx, workflow_file) if local else gather_remote(ctx, workflow_file, mode)
    infos = discover_workflows(facts.files)
    for info in infos:
        if info.error:
            file, _, rest = info.error.partition(":")
            line = rest.split(":", 1)[0]
            ctx.rt.annotate("warning", f"malformed workflow skipped: {info.error}", file=info.file,
                            line=int(line) if line.isdigit() else None)
    patterns = list(cfg.get_path("sync.exclude") or []) + list(cfg.get_path("excluded_workflows") or [])
    names = watched(infos, facts.files, patterns)
    if ctx.input("list"):
        rows = [{"name": i.name, "file": i.file, "triggers": list(i.triggers), "error": i.error,
                 "watched": i.name in names} for i in infos]
        if not ctx.inputs.get("json"):
            ctx.rt.info("\n".join(f"{'*' if r['watched'] else ' '} {r['name']:<32} {r['file']:<44} {','.join(r['triggers'])}"
                                  for r in rows))
        return StageResult(outputs={"workflows": names, "changed": False}, data={"workflows": rows})

    plan, fix = decide(facts, names, mode)
    outputs: dict[str, Any] = {"workflows": json.dumps(names), "changed": fix.changed, "pr-number": ""}
    if mode == "check":
        if fix.changed:
            ctx.rt.info(fix.diff())
            ctx.rt.annotate("error", f"{workflow_file} is out of sync: {fix.summary}", file=workflow_file)
            return StageResult(outputs=outputs, message="out of sync", exit_code=1, plan=plan)
        return StageResult(outputs=outputs, message=fix.summary)  # the plan's note says the same: print it once
    if ctx.dry_run or not plan:
        if facts.existing_pr is not None:
            outputs["pr-number"] = facts.existing_pr.number
        return StageResult(outputs=outputs, plan=plan, message=fix.summary if not plan else "dry run")
    pr = apply(ctx, facts, plan, fix)
    if pr is not None and mode == "pr":
        outputs["pr-number"] = pr.number
    return StageResult(outputs=outputs, plan=plan, message=fix.summary,
                       summary=f"### autoheal sync-workflows\n\n{fix.summary}\n")


SPEC = StageSpec(
    name="sync-workflows",
    title="autoheal: sync workflows",
    description="Rewrite the `on.workflow_run.workflows` list of the autoheal workflow so it watches every workflow of the repository.",
    icon="refresh-cw",
    color="yellow",
    run=run,
    needs_github=lambda inputs: not inputs.get("local"),
    inputs=common(
        Input("mode", "`pr` (open/update one PR), `commit` (commit to the default branch) or `check` (exit 1 with a diff when out of sync).",
              kind="choice", choices=("pr", "commit", "check")),
        Input("workflow-file", "The autoheal workflow whose list is kept in sync."),
        Input("list", "Only print the discovered workflows (name, file, triggers).", kind="bool", default="false"),
        Input("local", "Read workflows from the local checkout instead of the API (for --check in CI).", kind="bool", default="false"),
    ),
    outputs=(
        Output("changed", "`true` when the list was out of sync."),
        Output("pr-number", "The sync PR, in `pr` mode."),
        Output("workflows", "JSON list of the watched workflow names."),
    ),
)
