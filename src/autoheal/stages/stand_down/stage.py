"""`autoheal stand-down`: the rollback. Disable autoheal and close its open draft PRs.

Dry-run first: without `--apply` it only prints what it would do. With `--apply` it sets `enabled: false`
in the config on the default branch (surgically: comments and layout stay; the seed shape's
`auto_healing.enabled` is honoured) and closes autoheal's open draft PRs with a comment that says how to
undo it. Every stage checks `enabled` first, so this stops all writes from the next run on.

`rate_limits.max_comments_per_hour` does not apply here: stand-down is run by a person, once, to stop
autoheal, and each closed draft must say why it was closed and how to undo it. Its comments carry a
marker, so the stages still count them against the hour that follows.
"""

from __future__ import annotations

import argparse
from typing import Any

from ...fixes import yamledit
from ...markers import marker
from ...runtime import Runtime
from ...spec import Input, Output, StageSpec, common
from ..shared.context import Plan, StageContext, StageResult
from ..shared.ownership import is_autoheal_pr
from ..shared.repo import file_bytes
from ..shared.trust import own_logins

CONFIG_PATH = ".github/autoheal.yml"


def disable_text(text: str | None) -> str:
    """Config text with autoheal switched off, changing nothing else."""
    if not text or not text.strip():
        return "enabled: false\n"
    root = yamledit.compose(text)
    for path in (("enabled",), ("auto_healing", "enabled")):
        parent = yamledit.find(root, path[:-1]) if len(path) > 1 else root
        pair = yamledit.get(parent, path[-1]) if parent is not None else None
        if pair is not None:
            key, value = pair
            return yamledit.replace_value(text, key, value, "false")
    if yamledit.find(root, ("auto_healing",)) is not None:
        return yamledit.insert_key(text, yamledit.find(root, ("auto_healing",)), "enabled: false")
    return yamledit.insert_key(text, root, "enabled: false")


def run(ctx: StageContext) -> StageResult:
    gw, apply = ctx.gw, bool(ctx.input("apply"))
    repo = gw.repo()
    path = ctx.inputs.get("config") or CONFIG_PATH
    prefix = ctx.config.get_path("pull_requests.branch_prefix")
    plan = Plan()
    try:
        current = gw.read(lambda: repo.get_contents(path, ref=repo.default_branch), what=f"read {path}")
        text = file_bytes(gw, current).decode("utf-8")
    except Exception as exc:  # noqa: BLE001 - a missing config simply gets a new one
        if getattr(exc, "status", None) != 404:
            raise
        current, text = None, None
    new_text = disable_text(text)
    if new_text != text:
        plan.add("commit", f"{repo.default_branch}:{path}", "set enabled: false")
    include_ready = bool(ctx.input("include-ready"))
    logins = own_logins(gw)
    drafts = [p for p in gw.read(lambda: list(repo.get_pulls(state="open")), what="list open PRs")
              if (p.draft or include_ready) and is_autoheal_pr(p, prefix, logins)]
    for pr in drafts:
        plan.add("close_pr", f"#{pr.number}", "close autoheal's open draft PR" if pr.draft
                 else "close autoheal's open PR marked ready for review (--include-ready)")
    if not apply:
        ctx.rt.info("stand-down (dry run; add --apply to do it):\n" + plan.render())
        return StageResult(outputs={"closed": 0, "disabled": False}, plan=plan, message="dry run: nothing changed")
    if new_text != text:
        message = "autoheal: stand down (enabled: false)\n\nRolled back with `autoheal stand-down --apply`."
        if current is None:
            gw.write(lambda: repo.create_file(path, message, new_text, branch=repo.default_branch), what=f"create {path}")
        else:
            gw.write(lambda: repo.update_file(path, message, new_text, current.sha, branch=repo.default_branch),
                     what=f"update {path}")
    for pr in drafts:
        kind = "draft" if pr.draft else "pull request"
        body = (f"autoheal is standing down in this repository (`enabled: false`), so this {kind} is closed. "
                "To undo: set `enabled: true` in `.github/autoheal.yml` and reopen this PR.\n\n"
                + marker("stand-down") + "\n")
        gw.write(lambda pr=pr: pr.as_issue().create_comment(body), what=f"comment on #{pr.number}")
        gw.write(lambda pr=pr: pr.edit(state="closed"), what=f"close #{pr.number}")
    ready = sum(1 for pr in drafts if not pr.draft)
    return StageResult(outputs={"closed": len(drafts), "disabled": True}, plan=plan,
                       message=f"autoheal disabled; {len(drafts) - ready} draft PR(s)"
                               + (f" and {ready} ready PR(s)" if include_ready else "") + " closed")


SPEC = StageSpec(
    name="stand-down",
    title="autoheal: stand down",
    description="Roll back: set `enabled: false` in the config and close autoheal's open draft PRs (dry run unless --apply).",
    run=run,
    inputs=common(
        Input("apply", "Do it (without it, only print the plan).", kind="bool", default="false"),
        Input("include-ready", "Also close autoheal's open PRs already marked ready for review (default: drafts only, "
              "since a ready PR may be waiting for a reviewer's merge).", kind="bool", default="false"),
    ),
    outputs=(Output("closed", "PRs closed (drafts, and ready ones with --include-ready)."), Output("disabled", "`true` when autoheal was disabled.")),
)


def main(argv: list[str] | None = None) -> int:
    from ...cli import add_stage_parser
    from ...runner import run_stage

    parser = argparse.ArgumentParser(prog="autoheal")
    sub = parser.add_subparsers(dest="command")
    add_stage_parser(sub, SPEC)
    args = parser.parse_args(["stand-down", *(argv or [])])
    values: dict[str, Any] = {item.name: getattr(args, item.name) for item in SPEC.inputs}
    return run_stage(SPEC, values, Runtime())
