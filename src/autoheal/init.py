"""`autoheal init`: write autoheal's workflows and config into a repository.

Never overwrites a file without `--force`; prints what it wrote and what it left alone. The watched
workflow list of autoheal.yml is filled in from the repository's own workflows. With `--with vscode`
the VS Code tasks, launch configurations and the YAML schema setting are merged into `.vscode/`: only
autoheal's entries are added, the file's own text (comments included) stays as it was (docs/vscode.md).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from importlib import resources
from pathlib import Path

from . import jsonc

OWNER = "autoheal-dev"
REF = "v1"
SANDBOX_REPO = "octo/app"  # the simulator's repository when the git remote names none
VSCODE_FILES = ("tasks.json", "launch.json", "settings.json", "autoheal-simulator.yml")
# VS Code file -> (array, the key that names an entry) for each array autoheal adds entries to.
VSCODE_ARRAYS = {"tasks.json": (("tasks", "label"), ("inputs", "id")),
                 "launch.json": (("configurations", "name"), ("inputs", "id"))}
WORKFLOWS = ("autoheal", "issue-to-draft-pr", "pr-copilot-reviewer", "pr-monitor", "stale-drafts",
             "health-check", "sync-workflows")


def scaffold_text(*parts: str) -> str:
    return resources.files("autoheal").joinpath("scaffold", *parts).read_text(encoding="utf-8")


def personalize(text: str, owner: str, ref: str) -> str:
    return text.replace(f"{OWNER}/autoheal/", f"{owner}/autoheal/").replace(f"@{REF}\n", f"@{ref}\n")


def github_repo(root: Path) -> str | None:
    """OWNER/NAME of the `origin` remote when it is on a GitHub host, else None."""
    try:
        url = subprocess.run(["git", "-C", str(root), "config", "--get", "remote.origin.url"],
                             capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r"github[^/:]*[:/](?:\d+/)?([A-Za-z0-9_.-]+)/([A-Za-z0-9_.-]+?)(?:\.git)?/?$", url)
    return f"{match[1]}/{match[2]}" if match else None


def vscode_text(name: str, repo: str, owner: str, ref: str) -> str:
    text = scaffold_text("vscode", name).replace("OWNER/NAME", repo)
    return text.replace(f"/{OWNER}/autoheal/{REF}/", f"/{owner}/autoheal/{ref}/")


def caller_text(owner: str, ref: str) -> str:
    """The one-file form: generated from the packaged templates, like templates/caller/autoheal.yml."""
    from .workflowgen import FAMILIES, caller

    return caller({stem: scaffold_text("workflows", f"{stem}.yml") for stem in FAMILIES}, owner, ref)


def plan_files(root: Path, owner: str, ref: str, with_vscode: bool, form: str = "reusable") -> dict[Path, str]:
    from .fixes.workflow_list import discover_workflows, sync_workflow_run_list
    from .stages.sync_workflows.decide import watched
    from .stages.sync_workflows.gather import local_workflow_files

    # The same discovery and exclusions as sync-workflows, so its first run finds the list already in sync.
    existing = local_workflow_files(root)
    names = watched(discover_workflows(existing), existing, [])
    planned: dict[Path, str] = {}
    if form == "reusable":
        rel = ".github/workflows/autoheal.yml"
        text = caller_text(owner, ref)
        planned[root / rel] = sync_workflow_run_list(rel, text, names).new if names else text
    for name in WORKFLOWS if form == "full" else ():
        rel = f".github/workflows/{name}.yml"
        text = personalize(scaffold_text("workflows", f"{name}.yml"), owner, ref)
        if name in ("autoheal", "pr-monitor") and names:
            text = sync_workflow_run_list(rel, text, names).new
        planned[root / rel] = text
    planned[root / ".github" / "autoheal.yml"] = scaffold_text("autoheal-config.example.yml")
    if with_vscode:
        repo = github_repo(root) or SANDBOX_REPO
        for name in VSCODE_FILES:
            planned[root / ".vscode" / name] = vscode_text(name, repo, owner, ref)
    return planned


def merge_vscode(name: str, existing_text: str, ours_text: str) -> str:
    """Add autoheal's entries to an existing VS Code JSONC file, editing its text in place.

    Only what is missing is added (a task, configuration or input whose label/name/id the file does not
    have yet; the YAML schema entry); the user's entries win, and their comments and layout stay.
    Raises ValueError when the existing text is not JSON with comments.
    """
    if not existing_text.strip():
        return ours_text
    theirs = jsonc.loads(existing_text)
    ours = jsonc.loads(ours_text)
    if not isinstance(theirs, dict):
        raise ValueError("the file is not a JSON object")
    text = existing_text
    for array, ident in VSCODE_ARRAYS.get(name, ()):
        have = theirs.get(array, [])
        if not isinstance(have, list):
            raise ValueError(f"{array!r} is not a list")
        known = {item.get(ident) for item in have if isinstance(item, dict)}
        missing = [item for item in ours.get(array, []) if item.get(ident) not in known]
        text = jsonc.append_items(text, (array,), missing)
    if name == "tasks.json" and "version" not in theirs:
        text = jsonc.add_member(text, (), "version", ours["version"])
    if name == "launch.json" and "version" not in theirs:
        text = jsonc.add_member(text, (), "version", ours["version"])
    if name == "settings.json":
        for key, value in ours.items():
            if key not in theirs:
                text = jsonc.add_member(text, (), key, value)
            elif isinstance(value, dict) and isinstance(theirs[key], dict):
                for sub_key, sub_value in value.items():
                    if sub_key not in theirs[key]:
                        text = jsonc.add_member(text, (key,), sub_key, sub_value)
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="autoheal init", description=__doc__)
    parser.add_argument("--dir", default=".", help="repository root to write into (default: .)")
    parser.add_argument("--owner", default=OWNER, help=f"owner of the autoheal actions to use (default: {OWNER})")
    parser.add_argument("--ref", default=REF, help=f"version of the actions to use (default: {REF})")
    parser.add_argument("--form", choices=["reusable", "full"], default="reusable",
                        help="reusable: one workflow file that calls autoheal's reusable workflow (default); "
                             "full: the seven workflow files, one per job family, to change freely")
    parser.add_argument("--with", dest="with_", action="append", default=[], choices=["vscode"],
                        help="also write editor integration (vscode)")
    parser.add_argument("--force", action=argparse.BooleanOptionalAction, default=False,
                        help="overwrite files that already exist (default: keep them)")
    args = parser.parse_args(argv)
    root = Path(args.dir)
    if not root.is_dir():
        print(f"error: --dir {root} is not a directory", file=sys.stderr)
        return 1
    wrote = kept = 0
    for path, text in plan_files(root, args.owner, args.ref, "vscode" in args.with_, args.form).items():
        rel = path.relative_to(root)
        if path.exists() and path.suffix == ".json" and path.parent.name == ".vscode" and not args.force:
            current = path.read_text(encoding="utf-8")
            try:
                merged = merge_vscode(path.name, current, text)
            except ValueError as exc:
                print(f"kept    {rel} (not valid JSON with comments: {exc}; use --force to replace it)")
                kept += 1
                continue
            if merged == current:
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
    for line in dispatch_report(root):
        print(line)
    return 0


def dispatch_report(root: Path) -> list[str]:
    """The watched workflows autoheal cannot start on its fix branches by `workflow_dispatch` — reported,
    never edited: the trigger is the user's decision (docs/stages/draft-pr.md, "CI on the fix branch")."""
    from .fixes.dispatchable import blocker_of
    from .fixes.workflow_list import discover_workflows
    from .stages.sync_workflows.decide import watched
    from .stages.sync_workflows.gather import local_workflow_files

    existing = local_workflow_files(root)
    infos = discover_workflows(existing)
    names = set(watched(infos, existing, []))
    lacking = [(i.file, blocker_of(i)) for i in infos if i.name in names and not i.error]
    lacking = [(f, why) for f, why in lacking if why]
    if not lacking:
        return []
    return (["note: autoheal's fix PRs get CI by starting the failing workflow with `workflow_dispatch`; "
             "these watched workflows cannot be started that way (add `workflow_dispatch:` to their `on:` "
             "to get CI on autoheal's PRs; see docs/stages/draft-pr.md, \"CI on the fix branch\"):"]
            + [f"  {file}: {why}" for file, why in lacking])
