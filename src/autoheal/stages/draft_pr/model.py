"""The data draft-pr works on: settings resolved once, and the facts gathered from GitHub.

Everything here is plain data so that `decide` (decide.py) stays a pure function: the same
facts and settings always give the same plan, which is what makes dry runs honest and the
"run twice -> empty plan" idempotency test meaningful.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

FIX_KINDS = ("dependency", "timeout", "task")

# KB / config `fix_type` values -> the fix draft-pr knows how to apply. Anything else gets a task file.
FIX_TYPE_TO_KIND = {
    "add_dependency": "dependency",
    "dependency": "dependency",
    "raise_timeout": "timeout",
    "increase_timeout": "timeout",
    "timeout": "timeout",
}


@dataclass(frozen=True)
class Settings:
    """Config keys and inputs merged (inputs win). Built by `settings_from`."""

    enabled: bool = True
    create: bool = True
    draft: bool = True
    force: bool = False
    min_confidence: int = 70
    opt_in_label: str = "autoheal:opt-in"
    labels: tuple[str, ...] = ("autoheal",)
    skip_labels: tuple[str, ...] = ("autoheal:skip", "wontfix")
    skip_authors: tuple[str, ...] = ()
    max_prs_per_hour: int = 5
    branch_prefix: str = "autoheal/"
    timeout_factor: float = 2.0
    timeout_cap_minutes: int = 360
    template: str | None = None
    categories: Mapping[str, Any] = field(default_factory=dict)


def settings_from(config: Any, *, force: bool = False, min_confidence: int | None = None) -> Settings:
    """Resolve the settings draft-pr uses from a Config (or a plain dict of the same shape)."""
    pr = config["pull_requests"]
    return Settings(
        enabled=bool(config["enabled"]),
        create=bool(pr["create"]),
        draft=bool(pr["draft"]),
        force=bool(force),
        min_confidence=int(pr["min_confidence"] if min_confidence is None else min_confidence),
        opt_in_label=str(config.get("opt_in_label") or "autoheal:opt-in"),
        labels=tuple(pr["labels"]),
        skip_labels=tuple(pr["skip_labels"]),
        skip_authors=tuple(pr["skip_authors"]),
        max_prs_per_hour=int(config["rate_limits"]["max_prs_per_hour"]),
        branch_prefix=str(pr["branch_prefix"]),
        timeout_factor=float(pr["timeout_factor"]),
        timeout_cap_minutes=int(pr["timeout_cap_minutes"]),
        template=pr.get("template"),
        categories={k: dict(v or {}) for k, v in (config.get("categories") or {}).items()},
    )


@dataclass(frozen=True)
class IssueFacts:
    """The issue the PR is for, as GitHub returned it."""

    number: int
    title: str
    body: str
    author: str
    labels: tuple[str, ...]
    state: str
    is_pull_request: bool
    html_url: str


@dataclass(frozen=True)
class PullFacts:
    """A pull request that references the issue (from the issue timeline) or sits on our branch."""

    number: int
    state: str  # open | closed
    merged: bool
    draft: bool
    head_ref: str
    base_ref: str
    title: str
    body: str
    html_url: str
    labels: tuple[str, ...] = ()
    ours: bool = False  # carries autoheal's `issue=<n>` marker for this issue
    closes: bool = True  # its body closes the issue (`Fixes #n`); a mere mention is not a link


@dataclass(frozen=True)
class BranchFacts:
    """An existing branch for this issue and what its head commit says about who owns it."""

    name: str
    head_sha: str
    head_message: str
    head_parents: tuple[str, ...]
    head_author: str = ""


@dataclass(frozen=True)
class FileChange:
    """One file the fix commit writes: its path, the text on the base and the new text."""

    path: str
    old: str | None  # None: the file does not exist on the base
    new: str
    mode: str = "100644"  # kept from the base tree, so a fix never flips a file's executable bit


@dataclass(frozen=True)
class Proposal:
    """What the PR should contain: the fix kind, the file changes, and words for the commit and body."""

    kind: str  # dependency | timeout | task
    changes: tuple[FileChange, ...]
    subject: str  # the commit subject without the `autoheal: ` prefix, e.g. "add PyYAML to requirements.txt"
    summary: str  # one line: what changed
    why: str  # one or two sentences: why this change
    fallback_reason: str = ""  # why a task file replaced a deterministic fix, when it did
    diff: str = ""
    workflows_blocked: bool = False  # a workflow-file fix the token may not commit, carried as a task


@dataclass
class Facts:
    """Everything `decide` needs, gathered through the gateway (or built by hand in tests)."""

    repo: str
    issue: IssueFacts
    analysis: dict[str, Any] | None  # None: a plain issue (the "issue to draft PR" flow)
    analysis_source: str  # analysis-file | issue-body | issue-text
    linked_pulls: list[PullFacts] = field(default_factory=list)
    prs_last_hour: int = 0
    base_branch: str = "main"
    base_sha: str = ""
    branch: BranchFacts | None = None
    own_pull: PullFacts | None = None
    proposal: Proposal | None = None
    comment_body: str | None = None  # autoheal's current sticky comment on the issue, if any
    template_text: str | None = None  # the user's PR body template (pull_requests.template), when set
    skip: str | None = None  # set by gather when a cheap gate already said no (nothing else was read)
    notes: list[str] = field(default_factory=list)
    fix_inputs: Any = None  # fix.FixInputs: the base files the fix works on
    kind: str = "task"  # the fix to attempt (before a fix may decline and fall back to the task file)
    kind_reason: str = ""  # why `kind` is "task", when it is
    handles: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)  # PyGithub objects for apply
