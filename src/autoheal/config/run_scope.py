"""Which failed runs autoheal heals (`runs.branches`, `runs.events`), and which may get a dependency fix.

Pure: a run's facts in, a decision with its reason out. By default only the repository's default branch,
from `push`, `schedule`, `workflow_dispatch` and `merge_group`: a contributor's feature branch or pull
request failing is their work in progress, not a broken CI. A run from a fork, or from a `pull_request`
event, never gets a dependency fix even when its event is opted in: its log is written by code the
maintainers have not reviewed, so a module name in it is not evidence of a missing package.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from typing import Any, Mapping

UNTRUSTED_EVENTS = ("pull_request", "pull_request_target")


@dataclass(frozen=True)
class RunFacts:
    """What the workflow_run (or the runs API) says about the failed run."""

    head_branch: str
    event: str
    default_branch: str
    from_fork: bool = False

    @classmethod
    def from_run(cls, run: Mapping[str, Any], repository: Mapping[str, Any] | None = None) -> "RunFacts":
        """From a workflow run object as GitHub returns it (REST or the workflow_run payload)."""
        repo = repository or run.get("repository") or {}
        head_repo = run.get("head_repository") or {}
        own = repo.get("full_name") or ""
        return cls(head_branch=str(run.get("head_branch") or ""), event=str(run.get("event") or ""),
                   default_branch=str(repo.get("default_branch") or ""),
                   from_fork=bool(head_repo.get("full_name")) and bool(own) and head_repo.get("full_name") != own)


@dataclass(frozen=True)
class ScopeDecision:
    heal: bool
    dependency_fix: bool
    reason: str


def decide_scope(runs: Mapping[str, Any], facts: RunFacts) -> ScopeDecision:
    """Heal this run? And may its fix be a dependency change? ``runs`` is the config's `runs` section."""
    events = tuple(runs.get("events") or ())
    if facts.event and facts.event not in events:
        return ScopeDecision(False, False, f"the run's event {facts.event!r} is not in runs.events "
                                           f"({', '.join(events) or 'none'})")
    branches = tuple(runs.get("branches") or ())
    if branches:
        if not any(fnmatch.fnmatchcase(facts.head_branch, pattern) for pattern in branches):
            return ScopeDecision(False, False, f"the run's branch {facts.head_branch!r} matches nothing in runs.branches")
    elif facts.default_branch and facts.head_branch != facts.default_branch:
        return ScopeDecision(False, False, f"the run's branch {facts.head_branch!r} is not the default branch "
                                           f"{facts.default_branch!r} (runs.branches widens this)")
    if facts.from_fork or facts.event in UNTRUSTED_EVENTS:
        source = "a fork" if facts.from_fork else f"a {facts.event} run"
        return ScopeDecision(True, False, f"{source}: a task file at most, never a dependency fix")
    return ScopeDecision(True, True, "in scope")
