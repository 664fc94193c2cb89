"""Declarations of each stage's inputs and outputs: the single source of truth.

The CLI options, the `INPUT_*` names the container reads, and every `action.yml` are derived from
these declarations (`python -m autoheal.actiongen` writes the action files; a test fails when they
drift), so docs, actions and CLI can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

KINDS = ("str", "path", "secret", "bool", "int", "float", "list", "choice")


@dataclass(frozen=True)
class Input:
    """One action input == one CLI option `--<name>` == env `INPUT_<NAME>`."""

    name: str
    description: str
    kind: str = "str"
    default: str | None = None  # as the runner would pass it (a string), or None
    required: bool = False
    action_default: str | None = None  # default in action.yml when it differs (e.g. `${{ github.token }}`)
    env_fallback: tuple[str, ...] = ()  # env vars consulted when neither the option nor INPUT_* is set
    choices: tuple[str, ...] = ()
    min: float | None = None
    max: float | None = None
    in_action: bool = True  # False: CLI-only (e.g. --json)
    missing_hint: str | None = None

    def __post_init__(self) -> None:
        assert self.kind in KINDS, self.kind
        assert self.name == self.name.lower() and " " not in self.name, self.name


@dataclass(frozen=True)
class Output:
    name: str
    description: str


@dataclass(frozen=True)
class StageSpec:
    """A stage as the CLI, the runtime and action.yml see it."""

    name: str  # CLI command and actions/<name>/
    title: str  # action.yml `name:`
    description: str
    inputs: tuple[Input, ...]
    outputs: tuple[Output, ...]
    run: Callable[[Any], Any] | None = None  # run(ctx) -> StageResult; None = not implemented yet
    icon: str = "activity"
    color: str = "green"
    # False (or a function of the parsed inputs returning False): may run offline, e.g. analyze-failure --log.
    needs_github: bool | Callable[[dict[str, Any]], bool] = True
    extra_help: str = ""

    def input(self, name: str) -> Input:
        for spec in self.inputs:
            if spec.name == name:
                return spec
        raise KeyError(name)


# Inputs every GitHub-touching stage takes. Defaults mirror what a workflow has at hand.
REPO = Input(
    "repo", "Repository as OWNER/NAME.", action_default="${{ github.repository }}",
    env_fallback=("GITHUB_REPOSITORY",),
)
TOKEN = Input(
    "token",
    "Token for the GitHub API. `GITHUB_TOKEN` works for most stages; see docs/security.md for what needs more.",
    kind="secret", action_default="${{ github.token }}", env_fallback=("GITHUB_TOKEN",),
    missing_hint="set GITHUB_TOKEN or pass --token / the `token` input",
)
API_URL = Input(
    "api-url", "GitHub REST API base URL (GitHub Enterprise Server: https://HOST/api/v3).",
    action_default="${{ github.api_url }}", env_fallback=("GITHUB_API_URL",), default="https://api.github.com",
)
CONFIG = Input(
    "config", "Path of the autoheal config file in the workspace; read from the repository's default branch "
    "through the API when absent locally.", kind="path", default=".github/autoheal.yml",
)
DRY_RUN = Input("dry-run", "Print the plan of writes instead of making them.", kind="bool", default="false")
JSON = Input("json", "Print the result as JSON on stdout.", kind="bool", default="false", in_action=False)

COMMON = (REPO, TOKEN, API_URL, CONFIG, DRY_RUN, JSON)


def min_confidence(description: str = "Override `min_confidence` from the config (0-100).") -> Input:
    return Input("min-confidence", description, kind="int", min=0, max=100)


def common(*extra: Input) -> tuple[Input, ...]:
    return COMMON + tuple(extra)


