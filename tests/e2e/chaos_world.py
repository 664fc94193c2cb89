"""The chaos run's world: a repository with 10 workflows, their real failure logs, and a seeded schedule.

Each workflow has a handful of failure kinds, each backed by two real logs of the same failure (two
runs of one case, so a repeat carries a different log text with the same fingerprint) from
`tests/data/logs/` and the demo's data. The schedule is generated from a seed: the same seed always
gives the same events, so a failing chaos run can be replayed exactly.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

REPO = "octo/chaos"
DEFAULT_BRANCH = "main"
FEATURE_BRANCHES = ("feat/login", "fix/cache")

ROOT = Path(__file__).resolve().parents[2]
TEST_LOGS = ROOT / "tests" / "data" / "logs"
DEMO_LOGS = ROOT / "src" / "autoheal" / "demo" / "data" / "logs"


@dataclass(frozen=True)
class Kind:
    """One distinct failure: a name, the step that fails and the real logs it shows (one per run)."""

    name: str
    step: str
    logs: tuple[Path, ...]
    conclusion: str = "failure"


@dataclass(frozen=True)
class Workflow:
    name: str
    file: str
    job: str
    kinds: tuple[Kind, ...]
    green_log: Path = DEMO_LOGS / "ci-green.log"

    @property
    def path(self) -> str:
        return f".github/workflows/{self.file}"


def _pair(case: str) -> tuple[Path, ...]:
    return (TEST_LOGS / f"{case}.run1.log", TEST_LOGS / f"{case}.run2.log")


def _kind(case: str, step: str, conclusion: str = "failure") -> Kind:
    return Kind(case, step, _pair(case), conclusion)


MISSING_PY = _kind("py-module-not-found", "Run pytest -q tests")
PYTEST = _kind("py-pytest-assert", "Run pytest -q tests")
IMPORT_SCRIPT = _kind("py-import-script", "Run python scripts/check.py")
JOB_TIMEOUT = _kind("coreutils-timeout-job", "Run ./scripts/e2e.sh", "timed_out")
SLOW_TIMEOUT = _kind("py-subprocess-timeout", "Run pytest -q tests/slow")  # confidence 51: below the gate
UNKNOWN = Kind("release-unknown", "Run ./scripts/publish.sh", (DEMO_LOGS / "release-unknown.log",))
DEMO_MISSING = Kind("ci-missing-yaml", "Run pytest -q tests",
                    (DEMO_LOGS / "ci-missing-yaml.log", DEMO_LOGS / "ci-missing-yaml-repeat.log"))

WORKFLOWS: tuple[Workflow, ...] = (
    Workflow("CI", "ci.yml", "test", (DEMO_MISSING, PYTEST, JOB_TIMEOUT, _kind("py-unittest", "Run unittest"))),
    Workflow("Lint", "lint.yml", "lint", (_kind("ruff-lint", "Run ruff check ."),
                                          _kind("ruff-format", "Run ruff format --check"),
                                          _kind("mypy-types", "Run mypy src"))),
    Workflow("Docs", "docs.yml", "docs", (_kind("yaml-invalid-config", "Run mkdocs build"), IMPORT_SCRIPT,
                                          _kind("network-dns", "Run linkcheck"))),
    Workflow("Build", "build.yml", "build", (_kind("gcc-compile", "Run make"), _kind("gcc-link", "Run make link"),
                                             _kind("disk-full-dev-full", "Run make dist"))),
    Workflow("Node", "node.yml", "node", (_kind("node-missing-module", "Run npm test"),
                                          _kind("node-test", "Run npm test"),
                                          _kind("node-heap-oom", "Run npm run build"))),
    Workflow("Rust", "rust.yml", "cargo", (_kind("rustc-compile", "Run cargo build"),
                                           _kind("cargo-test", "Run cargo test"), JOB_TIMEOUT)),
    Workflow("Java", "java.yml", "maven", (_kind("javac-compile", "Run mvn compile"),
                                           _kind("mvn-offline-missing-dep", "Run mvn -o verify"))),
    Workflow("Nightly", "nightly.yml", "nightly", (MISSING_PY, _kind("c-segfault", "Run ./bin/fuzz"), SLOW_TIMEOUT,
                                                   _kind("network-refused", "Run integration tests"))),
    Workflow("Release", "release.yml", "publish", (UNKNOWN, _kind("pip-no-dist", "Run pip install -r requirements.txt"),
                                                   _kind("permission-script", "Run ./scripts/publish.sh")),
             green_log=DEMO_LOGS / "release-green.log"),
    Workflow("Coverage", "coverage.yml", "coverage", (_kind("coverage-threshold", "Run pytest --cov"),
                                                      _kind("py-syntax", "Run pytest -q"),
                                                      _kind("bash-syntax", "Run ./ci.sh"))),
)


def workflow_yaml(wf: Workflow) -> str:
    """A plausible workflow file: the timeout fix edits `timeout-minutes`, the sync stage reads names."""
    return (f"name: {wf.name}\non: [push, pull_request]\npermissions:\n  contents: read\njobs:\n"
            f"  {wf.job}:\n    runs-on: ubuntu-latest\n    timeout-minutes: 2\n    steps:\n"
            "      - uses: actions/checkout@v4\n      - run: ./scripts/run.sh\n")


def repo_files(config_text: str) -> dict[str, str]:
    files = {wf.path: workflow_yaml(wf) for wf in WORKFLOWS}
    files.update({
        "README.md": "# chaos\nA repository whose CI fails in many ways at once.\n",
        "requirements.txt": "requests==2.32.3\npytest==8.3.4\n",
        "package.json": '{\n  "name": "chaos",\n  "version": "1.0.0",\n  "dependencies": {}\n}\n',
        "src/chaos/__init__.py": "",
        ".github/autoheal.yml": config_text,
    })
    return files


@cache
def log_text(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


# -- the schedule -------------------------------------------------------------------------------------

@dataclass
class Event:
    """One delivery of a completed run to autoheal: a failure to heal or a green run to close issues."""

    index: int
    workflow: Workflow
    branch: str
    green: bool
    kind: Kind | None = None
    log: Path | None = None
    minutes_after: float = 3.0  # fake-clock gap before this event
    concurrent: bool = False  # delivered twice at once (re-delivery, double trigger)
    twin: bool = False  # a second, distinct run of the same failure on the same branch, healed at the same time
    rerun_of: int | None = None  # index of an earlier failure whose run gets attempt 2 here
    run_id: int = 0  # filled when the run is seeded
    twin_run_id: int = 0
    attempt: int = 1


@dataclass
class Schedule:
    seed: int
    events: list[Event] = field(default_factory=list)


def make_schedule(seed: int, count: int, *, green_share: float = 0.44, concurrent_share: float = 0.12,
                  twin_share: float = 0.0, rerun_share: float = 0.04, feature_share: float = 0.2,
                  workflows: int = len(WORKFLOWS), kinds_per_workflow: int = 4,
                  mean_gap_minutes: float = 4.0) -> Schedule:
    """`count` events over the first `workflows` workflows. Failures repeat (a few kinds per workflow),
    green runs follow failures on the same workflow and branch, some deliveries come twice at once,
    and a few failed runs are re-run (attempt 2: a new occurrence of the same failure). With `twin_share`,
    some failures come as two distinct runs healed at once on the same workflow and branch — what the
    consumer template's `concurrency:` group prevents (measured separately, see docs/chaos.md)."""
    rng = random.Random(seed)
    chosen = WORKFLOWS[:workflows]
    schedule = Schedule(seed)
    failing: dict[tuple[str, str], int] = {}  # (workflow, branch) -> failures since green
    failures: list[int] = []
    for index in range(count):
        wf = rng.choice(chosen)
        gap = round(rng.expovariate(1 / mean_gap_minutes) + 0.5, 2)
        candidates = [b for (w, b), n in failing.items() if w == wf.name and n > 0]
        if candidates and rng.random() < green_share:  # the share of green runs where something is failing
            branch = rng.choice(candidates)
            failing[(wf.name, branch)] = 0
            schedule.events.append(Event(index, wf, branch, True, minutes_after=gap))
            continue
        if failures and rng.random() < rerun_share:
            earlier = schedule.events[rng.choice(failures)]
            schedule.events.append(Event(index, earlier.workflow, earlier.branch, False, earlier.kind,
                                         earlier.log, gap, rerun_of=earlier.index))
            where = (earlier.workflow.name, earlier.branch)
            failing[where] = failing.get(where, 0) + 1
            continue
        kinds = wf.kinds[:kinds_per_workflow]
        kind = kinds[min(int(rng.expovariate(1.2)), len(kinds) - 1)]  # the first kinds are the common ones
        branch = rng.choice(FEATURE_BRANCHES) if rng.random() < feature_share else DEFAULT_BRANCH
        roll = rng.random()
        event = Event(index, wf, branch, False, kind, rng.choice(kind.logs), gap,
                      concurrent=roll < concurrent_share,
                      twin=concurrent_share <= roll < concurrent_share + twin_share)
        schedule.events.append(event)
        failures.append(index)
        failing[(wf.name, branch)] = failing.get((wf.name, branch), 0) + 1
    return schedule
