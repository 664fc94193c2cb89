"""`autoheal init`: write autoheal's workflows and config into a repository.

Never overwrites a file without `--force`; prints what it wrote and what it left alone. The watched
workflow list of autoheal.yml is filled in from the repository's own workflows. With `--with vscode`
the VS Code tasks/launch/settings are merged into `.vscode/` without clobbering other entries.
"""

from __future__ import annotations

import argparse
import json
from importlib import resources
from pathlib import Path

from . import jsonc

OWNER = "autoheal-dev"
REF = "v1"
WORKFLOWS = ("autoheal", "issue-to-draft-pr", "pr-copilot-reviewer", "pr-monitor", "stale-drafts",
             "health-check", "sync-workflows")


def scaffold_text(*parts: str) -> str:
    return resources.files("autoheal").joinpath("scaffold", *parts).read_text(encoding="utf-8")


def personalize(text: str, owner: str, ref: str) -> str:
    return text.replace(f"{OWNER}/autoheal/", f"{owner}/autoheal/").replace(f"@{REF}\n", f"@{ref}\n")


def plan_files(root: Path, owner: str, ref: str, with_vscode: bool) -> dict[Path, str]:
    from .fixes.workflow_list import discover_workflows, sync_workflow_run_list
    from .stages.sync_workflows.decide import watched
    from .stages.sync_workflows.gather import local_workflow_files

    # The same discovery and exclusions as sync-workflows, so its first run finds the list already in sync.
    existing = local_workflow_files(root)
    names = watched(discover_workflows(existing), existing, [])
    planned: dict[Path, str] = {}
    for name in WORKFLOWS:
        rel = f".github/workflows/{name}.yml"
        text = personalize(scaffold_text("workflows", f"{name}.yml"), owner, ref)
        if name in ("autoheal", "pr-monitor") and names:
            text = sync_workflow_run_list(rel, text, names).new
        planned[root / rel] = text
    planned[root / ".github" / "autoheal.yml"] = scaffold_text("autoheal-config.example.yml")
    if with_vscode:
        for name in ("tasks.json", "launch.json", "settings.json"):
            planned[root / ".vscode" / name] = scaffold_text("vscode", name)
    return planned


def merge_vscode(existing_text: str, ours_text: str) -> str:
    """Merge our entries into an existing VS Code JSONC file; their entries win on conflicts."""
    theirs = jsonc.loads(existing_text) if existing_text.strip() else {}
    ours = jsonc.loads(ours_text)
    merged = dict(theirs)
    for key, value in ours.items():
        if key not in merged:
            merged[key] = value
        elif isinstance(value, list) and isinstance(merged[key], list):
            ident = ("label", "name", "id")
            seen = {next((str(item.get(k)) for k in ident if isinstance(item, dict) and k in item), json.dumps(item))
                    for item in merged[key]}
            for item in value:
                item_id = next((str(item.get(k)) for k in ident if isinstance(item, dict) and k in item), json.dumps(item))
                if item_id not in seen:
                    merged[key].append(item)
        elif isinstance(value, dict) and isinstance(merged[key], dict):
            merged[key] = {**value, **merged[key]}
    return json.dumps(merged, indent=2) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="autoheal init", description=__doc__)
    parser.add_argument("--dir", default=".", help="repository root to write into (default: .)")
    parser.add_argument("--owner", default=OWNER, help=f"owner of the autoheal actions to use (default: {OWNER})")
    parser.add_argument("--ref", default=REF, help=f"version of the actions to use (default: {REF})")
    parser.add_argument("--with", dest="with_", action="append", default=[], choices=["vscode"],
                        help="also write editor integration (vscode)")
    parser.add_argument("--force", action="store_true", help="overwrite files that already exist")
    args = parser.parse_args(argv)
    root = Path(args.dir)
    if not root.is_dir():
        print(f"error: --dir {root} is not a directory")
        return 1
    wrote = kept = 0
    for path, text in plan_files(root, args.owner, args.ref, "vscode" in args.with_).items():
        rel = path.relative_to(root)
        if path.exists() and path.parent.name == ".vscode" and not args.force:
            current = path.read_text(encoding="utf-8")
            try:
                merged = merge_vscode(current, text)
            except ValueError as exc:
                print(f"kept    {rel} (not valid JSON with comments: {exc}; use --force to replace it)")
                kept += 1
                continue
            if jsonc.loads(current) == json.loads(merged):
                print(f"kept    {rel} (already has autoheal's entries)")
                kept += 1
                continue
            path.write_text(merged, encoding="utf-8")
            print(f"merged  {rel}")
            wrote += 1
            continue
        if path.exists() and not args.force:
            print(f"kept    {rel} (exists; --force to overwrite)")
            kept += 1
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"wrote   {rel}")
        wrote += 1
    print(f"{wrote} file(s) written, {kept} left as they were.")
    return 0
