"""sync-workflows: keep the watched-workflow list of the consumer's autoheal workflow in sync.

`workflow_run` fires only for the workflows its `workflows:` list names, so a workflow added later is
silently unwatched. This stage discovers every workflow in `.github/workflows/` (minus exclusions and
autoheal's own workflows) and rewrites just that list, surgically (`autoheal.fixes.workflow_list`).
Modes: `pr` (default: one PR on the branch `autoheal/sync-workflows`, updated in place), `commit` (to the
default branch), `check` (exit 1 with a diff — for CI). `--list` only prints what it discovered.
"""

from __future__ import annotations

import json
from typing import Any

from ...fixes.dispatchable import blocker_of
from ...fixes.workflow_list import (
    discover_workflows,
)
from ...spec import Input, Output, StageSpec, common
from ..shared.context import StageContext, StageResult
from .apply import apply
from .decide import decide, watched
from .gather import gather_local, gather_remote


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
                 "watched": i.name in names,
                 "dispatch": None if i.error else blocker_of(i)} for i in infos]
        if not ctx.inputs.get("json"):
            ctx.rt.info("\n".join(f"{'*' if r['watched'] else ' '} {r['name']:<32} {r['file']:<44} {','.join(r['triggers'])}"
                                  for r in rows))
            lacking = [r for r in rows if r["watched"] and r["dispatch"]]
            if lacking:
                ctx.rt.info("watched workflows autoheal cannot run on its fix branches (workflow_dispatch), so its PRs "
                            "get no CI from them (docs/stages/draft-pr.md, \"CI on the fix branch\"):\n"
                            + "\n".join(f"  {r['file']}: {r['dispatch']}" for r in lacking))
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
