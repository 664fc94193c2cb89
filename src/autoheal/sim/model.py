"""The simulator's state: plain records for what GitHub stores, plus the indexes the routes need.

Rendering to GitHub's JSON lives in shapes*.py; behaviour lives in api/*. This module only holds data,
so resetting the simulator is "make a new State" (microseconds).
"""

from __future__ import annotations

import base64
import itertools
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .clock import FakeClock
from .gitstore import GitStore

ALL_PERMISSIONS = (
    "actions",
    "administration",
    "checks",
    "contents",
    "issues",
    "metadata",
    "pull_requests",
    "statuses",
    "workflows",
)
LEVELS = {"none": 0, "read": 1, "write": 2, "admin": 3}

COPILOT_AGENT = "copilot-swe-agent[bot]"
COPILOT_REVIEWER = "copilot-pull-request-reviewer[bot]"
ACTIONS_BOT = "github-actions[bot]"
COPILOT_EMAIL = "198982749+Copilot@users.noreply.github.com"
COPILOT_LOGIN = "Copilot"  # how the assigned coding agent and inline review comments appear
COPILOT_ID = 198982749


def node_id(prefix: str, ident: int) -> str:
    """Opaque GraphQL-style node id, stable for a given object."""
    return f"{prefix}_" + base64.b64encode(f"0:{ident}".encode()).decode().rstrip("=")


@dataclass
class User:
    login: str
    id: int
    type: str = "User"  # "User" | "Bot" | "Organization"
    name: str | None = None
    email: str | None = None


@dataclass
class Token:
    value: str
    login: str
    kind: str  # "user" | "installation" | "github_token"
    permissions: dict[str, str]

    def level(self, category: str) -> int:
        if category == "metadata":
            return max(LEVELS["read"], LEVELS.get(self.permissions.get(category, "read"), 0))
        return LEVELS.get(self.permissions.get(category, "none"), 0)


@dataclass
class Label:
    id: int
    name: str
    color: str = "ededed"
    description: str | None = None
    default: bool = False


@dataclass
class Comment:
    id: int
    repo: str  # full name
    issue_number: int
    body: str
    user: str
    created_at: datetime
    updated_at: datetime


@dataclass
class Review:
    id: int
    user: str
    body: str
    state: str  # "COMMENTED" | "APPROVED" | "CHANGES_REQUESTED" | "PENDING" | "DISMISSED"
    commit_id: str
    submitted_at: datetime | None


@dataclass
class ReviewComment:
    """An inline comment on a pull request's diff (what Copilot's review leaves as "Copilot")."""

    id: int
    review_id: int | None
    user: str
    body: str
    path: str
    line: int
    commit_id: str
    created_at: datetime


@dataclass
class PullInfo:
    head_ref: str
    base_ref: str
    head_sha: str
    base_sha: str
    draft: bool = False
    merged: bool = False
    merged_at: datetime | None = None
    merged_by: str | None = None
    merge_commit_sha: str | None = None
    maintainer_can_modify: bool = False
    requested_reviewers: list[str] = field(default_factory=list)
    reviews: list[Review] = field(default_factory=list)
    copilot_review_pending: bool = False
    merge_override: tuple[bool | None, str] | None = None  # (mergeable, mergeable_state) forced by a test
    review_comments: list[ReviewComment] = field(default_factory=list)


@dataclass
class TimelineEvent:
    id: int
    event: str  # "cross-referenced", "labeled", "closed", ...
    actor: str
    created_at: datetime
    source: tuple[str, int] | None = None  # (repo full name, issue/pr number) for cross-references
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Issue:
    """An issue or, when `pull` is set, a pull request (they share GitHub's number space)."""

    id: int
    number: int
    title: str
    body: str | None
    user: str
    created_at: datetime
    updated_at: datetime
    state: str = "open"
    state_reason: str | None = None
    labels: list[str] = field(default_factory=list)  # label names, in the order they were added
    assignees: list[str] = field(default_factory=list)
    closed_at: datetime | None = None
    closed_by: str | None = None
    locked: bool = False
    comment_ids: list[int] = field(default_factory=list)
    pull: PullInfo | None = None
    pull_id: int = 0
    events: list[TimelineEvent] = field(default_factory=list)
    agent_assignment: dict[str, Any] | None = None

    @property
    def is_pull(self) -> bool:
        return self.pull is not None


@dataclass
class Step:
    number: int
    name: str
    status: str
    conclusion: str | None
    started_at: datetime | None
    completed_at: datetime | None
    log: str | None = None  # None: generated on demand from the step's name and outcome


@dataclass
class Job:
    id: int
    run_id: int
    run_attempt: int
    name: str
    status: str
    conclusion: str | None
    started_at: datetime
    completed_at: datetime | None
    step_specs: Any  # raw step specs; turned into Step records on first access (keeps seeding fast)
    log: str | None  # None: the concatenation of the step logs (generated on demand)
    head_sha: str
    head_branch: str
    workflow_name: str
    created_at: datetime
    labels: list[str] = field(default_factory=lambda: ["ubuntu-latest"])
    _steps: list[Step] | None = None

    @property
    def steps(self) -> list[Step]:
        if self._steps is None:
            from .steps import build_steps

            self._steps = build_steps(self.step_specs, self)
        return self._steps

    @steps.setter
    def steps(self, value: list[Step]) -> None:
        self._steps = value


@dataclass
class RunAttempt:
    """One attempt of a workflow run; re-runs append attempts, the run shows the latest."""

    number: int
    status: str
    conclusion: str | None
    created_at: datetime
    updated_at: datetime
    started_at: datetime
    jobs: list[Job]
    actor: str
    logs_expired: bool = False


@dataclass
class Run:
    id: int
    repo: str
    workflow_path: str
    name: str
    head_branch: str
    head_sha: str
    event: str
    created_at: datetime
    attempts: list[RunAttempt]
    run_number: int
    display_title: str
    actor: str
    pull_requests: list[int] = field(default_factory=list)
    json_cache: dict[int, str] = field(default_factory=dict)  # attempt -> serialized JSON minus PRs

    def changed(self) -> None:
        self.json_cache.clear()

    @property
    def latest(self) -> RunAttempt:
        return self.attempts[-1]


@dataclass
class CheckRun:
    id: int
    head_sha: str
    name: str
    status: str
    conclusion: str | None
    started_at: datetime
    completed_at: datetime | None
    external_id: str = ""
    output_title: str | None = None
    output_summary: str | None = None


@dataclass
class CommitStatus:
    id: int
    sha: str
    state: str
    context: str
    description: str | None
    target_url: str | None
    creator: str
    created_at: datetime
    updated_at: datetime


@dataclass
class Repo:
    id: int
    owner: str
    name: str
    private: bool
    default_branch: str
    created_at: datetime
    updated_at: datetime
    pushed_at: datetime
    description: str | None = None
    git: GitStore = field(default_factory=GitStore)
    protected: set[str] = field(default_factory=set)
    labels: dict[str, Label] = field(default_factory=dict)  # lower-cased name -> label
    items: dict[int, Issue] = field(default_factory=dict)  # issues and pulls by number
    next_number: int = 1
    runs: list[Run] = field(default_factory=list)  # in creation order
    workflow_ids: dict[str, int] = field(default_factory=dict)  # workflow path -> id
    check_runs: list[CheckRun] = field(default_factory=list)
    statuses: list[CommitStatus] = field(default_factory=list)
    options: dict[str, str] = field(
        default_factory=lambda: {"copilot_agent": "enabled", "copilot_review": "ok"}
    )
    collaborators: set[str] = field(default_factory=set)
    runs_by_sha: dict[str, list[Run]] = field(default_factory=dict)
    runs_version: int = 0  # bumped when runs change; keys the run-query cache
    run_query_cache: dict[Any, list[Run]] = field(default_factory=dict)
    workflow_state: dict[str, str] = field(default_factory=dict)  # path -> "disabled_manually"...
    workflow_index: tuple[str | None, dict[str, tuple[str, str]]] = (None, {})  # (tree sha, key -> (path, name))
    extra_workflows: dict[str, str] = field(default_factory=dict)  # path -> name, for runs without a file
    dispatches: list[int] = field(default_factory=list)  # ids of the runs workflow_dispatch started
    next_run_number: dict[str, int] = field(default_factory=dict)  # workflow path -> next run_number

    def runs_changed(self) -> None:
        self.runs_version += 1
        self.run_query_cache.clear()

    @property
    def full_name(self) -> str:
        return f"{self.owner}/{self.name}"

    def branch_sha(self, branch: str) -> str | None:
        return self.git.refs.get(f"refs/heads/{branch}")


class State:
    """Everything the simulator knows. One lock (owned by the server) guards all of it."""

    def __init__(self, base_url: str, clock: FakeClock) -> None:
        self.base_url = base_url.rstrip("/")
        self.clock = clock
        self.users: dict[str, User] = {}  # lower-cased login -> user
        self.tokens: dict[str, Token] = {}
        self.repos: dict[str, Repo] = {}  # lower-cased full name -> repo
        self.comments: dict[int, Comment] = {}
        self.runs: dict[int, Run] = {}
        self.jobs: dict[int, Job] = {}
        self.blob_links: dict[str, tuple[str, Any, datetime]] = {}  # key -> (kind, payload, expires)
        self.generation = 0  # bumped on every write; invalidates list caches
        self.caches: dict[Any, Any] = {}  # cleared on every write
        self.text_cache: dict[Any, str] = {}  # serialized objects that never change (users, repo stubs)
        self._ids = {kind: itertools.count(start) for kind, start in _ID_STARTS.items()}
        for login, kind in (
            (ACTIONS_BOT, "Bot"),
            (COPILOT_AGENT, "Bot"),
            (COPILOT_REVIEWER, "Bot"),
        ):
            self.ensure_user(login, kind)
        self.users["github"] = User("github", 9919, "Organization")  # owner of the GitHub Actions app
        # GitHub shows the coding agent, once assigned, as the bot account "Copilot" (id 198982749)
        self.users[COPILOT_LOGIN.lower()] = User(COPILOT_LOGIN, COPILOT_ID, "Bot")

    def next_id(self, kind: str) -> int:
        return next(self._ids[kind])

    def touch(self) -> None:
        """Record that state changed (cheap cache invalidation)."""
        self.generation += 1
        if self.caches:
            self.caches.clear()

    def ensure_user(self, login: str, kind: str | None = None) -> User:
        key = login.lower()
        user = self.users.get(key)
        if user is None:
            guessed = kind or ("Bot" if login.endswith("[bot]") else "User")
            user = User(login=login, id=self.next_id("user"), type=guessed)
            self.users[key] = user
        elif kind and user.type != kind:
            user.type = kind
        return user

    def user(self, login: str) -> User | None:
        return self.users.get(login.lower())

    def repo(self, owner: str, name: str) -> Repo | None:
        return self.repos.get(f"{owner}/{name}".lower())

    def repo_by_name(self, full_name: str) -> Repo | None:
        return self.repos.get(full_name.lower())


_ID_STARTS = {
    "user": 1000,
    "repo": 500000,
    "issue": 2000000,
    "pull": 3000000,
    "comment": 4000000,
    "label": 5000000,
    "review": 6000000,
    "run": 7000000,
    "job": 8000000,
    "check": 9000000,
    "status": 10000000,
    "event": 11000000,
    "workflow": 12000000,
}
