"""The stages: one package per stage, `stages/<stage>/stage.py` defines `SPEC` (a `StageSpec`) whose `run(ctx)`
does gather -> decide -> apply. What several stages share lives in `stages/shared/`."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the CLI reads STAGES for every command, `--version` too: no dataclasses for that
    from ..spec import StageSpec

# CLI command -> package. The order is the order of `autoheal --help` and of the common chain.
STAGES: dict[str, str] = {
    "analyze-failure": "analyze_failure",
    "open-issue": "open_issue",
    "draft-pr": "draft_pr",
    "copilot-review": "copilot_review",
    "pr-monitor": "pr_monitor",
    "stale-cleanup": "stale_cleanup",
    "health-check": "health_check",
    "sync-workflows": "sync_workflows",
}

# Not separate actions, but CLI commands that run through the same runtime (the root action runs `heal`).
CHAINS: dict[str, str] = {"heal": "heal"}


def load_spec(command: str) -> StageSpec:
    module = STAGES.get(command) or CHAINS[command]
    return importlib.import_module(f"{__name__}.{module}.stage").SPEC


def all_specs(include_chains: bool = False) -> list[StageSpec]:
    names = list(STAGES) + (list(CHAINS) if include_chains else [])
    return [load_spec(name) for name in names]
