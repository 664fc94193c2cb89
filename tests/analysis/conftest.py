"""Fixtures for the analysis tests: the labeled log sets, loaded once per session."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent.parent
OWN_LOGS = TESTS / "data" / "logs"
SHARED_LOGS = TESTS.parent.parent / "shared" / "logs" / "cidiff"
if not SHARED_LOGS.exists():  # a git worktree lives deeper than the main checkout
    SHARED_LOGS = Path("/work/shared/logs/cidiff")


def _labels(folder: Path) -> list[dict]:
    items = []
    for line in (folder / "labels.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            item["path"] = folder / item["file"]
            items.append(item)
    return items


@pytest.fixture(scope="session")
def own_labels() -> list[dict]:
    return _labels(OWN_LOGS)


@pytest.fixture(scope="session")
def shared_labels() -> list[dict]:
    if not (SHARED_LOGS / "labels.jsonl").exists():
        pytest.skip(f"shared reference logs not found at {SHARED_LOGS} (they live beside the repo in ../shared)")
    return _labels(SHARED_LOGS)


# pytest's full report of one failing test (a parser's structured reading of the failing step)
PYTEST_FAILURE_REPORT = (
    "tests/test_a.py::test_x FAILED",
    "=================================== FAILURES ===================================",
    "___________________________________ test_x ____________________________________",
    "    def test_x():",
    ">       assert 1 == 2",
    "E       assert 1 == 2",
    "",
    "tests/test_a.py:2: AssertionError",
    "=========================== short test summary info ============================",
    "FAILED tests/test_a.py::test_x - assert 1 == 2",
    "============================== 1 failed in 0.05s ===============================",
)


def make_gh_log(*lines: str, step: str = "Run make test", exit_code: int | None = 1) -> str:
    """A small GitHub-format job log around ``lines`` (the failing step's output)."""
    out = [
        "2026-01-05T10:00:00.0000000Z Current runner version: '2.321.0'",
        "2026-01-05T10:00:00.1000000Z ##[group]Run actions/checkout@v4",
        "2026-01-05T10:00:00.2000000Z with:",
        "2026-01-05T10:00:00.3000000Z ##[endgroup]",
        "2026-01-05T10:00:01.0000000Z Syncing repository: octo/app",
        f"2026-01-05T10:00:02.0000000Z ##[group]{step}",
        f"2026-01-05T10:00:02.1000000Z \x1b[36;1m{step.removeprefix('Run ')}\x1b[0m",
        "2026-01-05T10:00:02.2000000Z shell: /usr/bin/bash -e {0}",
        "2026-01-05T10:00:02.3000000Z ##[endgroup]",
    ]
    for i, line in enumerate(lines):
        out.append(f"2026-01-05T10:00:03.{i:07d}Z {line}")
    if exit_code is not None:
        out.append(f"2026-01-05T10:00:04.0000000Z ##[error]Process completed with exit code {exit_code}.")
    out.append("2026-01-05T10:00:05.0000000Z Post job cleanup.")
    out.append("2026-01-05T10:00:05.1000000Z Cleaning up orphan processes")
    return "\n".join(out) + "\n"


@pytest.fixture(scope="session")
def gh_log():
    """The ``make_gh_log`` helper, as a fixture."""
    return make_gh_log


@pytest.fixture(scope="session")
def accuracy_benchmark():
    """benchmarks/accuracy.py as a module (it is a script, not a package): its corpus loader and scoring."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("accuracy", TESTS.parent / "benchmarks" / "accuracy.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def corpus_dev_items(accuracy_benchmark) -> list[dict]:
    """The corpus' dev records (never the held-out part)."""
    items = accuracy_benchmark.load_corpus("dev")
    assert len(items) >= 150, "the corpus' dev part is missing"
    return items
