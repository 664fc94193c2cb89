"""The lint chain, inside the test suite so the one test command runs it.

One test per (linter, file), so a failure names the file; the failure message is the linter's own
output. actionlint, zizmor and hadolint are native binaries and run per file; check-jsonschema
starts a Python interpreter (~0.3 s), so it runs once per schema and its JSON report is split by file.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from .files import REPO_ROOT, action_files, dockerfiles, rel, workflow_files

ACTIONS = action_files()
WORKFLOWS = workflow_files()
DOCKERFILES = dockerfiles()


def run_linter(*argv: str) -> subprocess.CompletedProcess[str]:
    if shutil.which(argv[0]) is None:
        pytest.fail(f"`{argv[0]}` is not installed: it comes with the dev extra (pip install -e '.[dev]')",
                    pytrace=False)
    return subprocess.run(list(argv), capture_output=True, text=True, cwd=REPO_ROOT, timeout=120,
                          env={**os.environ, "NO_COLOR": "1"})


def report(proc: subprocess.CompletedProcess[str]) -> str:
    return (proc.stdout + proc.stderr).strip()


def ids(paths):
    return [rel(p) for p in paths]


@pytest.mark.parametrize("path", WORKFLOWS, ids=ids(WORKFLOWS))
def test_actionlint(path):
    proc = run_linter("actionlint", "-no-color", rel(path))
    assert proc.returncode == 0, report(proc)


@pytest.mark.parametrize("path", WORKFLOWS + ACTIONS, ids=ids(WORKFLOWS + ACTIONS))
def test_zizmor_offline(path):
    proc = run_linter("zizmor", "--offline", "--no-progress", "--color=never", rel(path))
    assert proc.returncode == 0, report(proc)
    # zizmor skips (with only a warning) a file it cannot read as a workflow or action.
    assert "failed to validate" not in proc.stderr, report(proc)


def schema_report(schema: str, paths: list) -> dict[str, list[str]]:
    """check-jsonschema's findings for `paths` against a built-in schema, by file."""
    found: dict[str, list[str]] = {rel(p): [] for p in paths}
    if not paths:
        return found
    proc = run_linter("check-jsonschema", "--builtin-schema", schema, "--output-format", "json",
                      *found)
    try:
        data = json.loads(proc.stdout)
    except ValueError:
        pytest.fail(f"check-jsonschema gave no JSON report:\n{report(proc)}", pytrace=False)
    for error in data.get("errors", []):
        line = f"{error['filename']}::{error['path']}: {error['message']}"
        best = error.get("best_deep_match") or error.get("best_match")
        if best and best.get("message") != error["message"]:
            line += f"\n  best match: {best['path']}: {best['message']}"
        found.setdefault(error["filename"], []).append(line)
    for error in data.get("parse_errors", []):
        found.setdefault(error["filename"], []).append(error["message"])
    if proc.returncode != 0 and not any(found.values()):
        pytest.fail(f"check-jsonschema failed without findings:\n{report(proc)}", pytrace=False)
    return found


@pytest.fixture(scope="module")
def actions_schema_report():
    return schema_report("vendor.github-actions", ACTIONS)


@pytest.fixture(scope="module")
def workflows_schema_report():
    return schema_report("vendor.github-workflows", WORKFLOWS)


@pytest.mark.parametrize("path", ACTIONS, ids=ids(ACTIONS))
def test_action_matches_github_actions_schema(path, actions_schema_report):
    problems = actions_schema_report[rel(path)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", WORKFLOWS, ids=ids(WORKFLOWS))
def test_workflow_matches_github_workflows_schema(path, workflows_schema_report):
    problems = workflows_schema_report[rel(path)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", DOCKERFILES, ids=ids(DOCKERFILES))
def test_hadolint(path):
    proc = run_linter("hadolint", "--no-color", rel(path))
    assert proc.returncode == 0, report(proc)


def test_every_kind_of_file_is_linted():
    """A glob that silently matches nothing would make the chain pass by checking nothing."""
    assert ACTIONS and (REPO_ROOT / "action.yml") in ACTIONS
    assert DOCKERFILES and (REPO_ROOT / "Dockerfile") in DOCKERFILES
    assert any(p.parent == REPO_ROOT / ".github" / "workflows" for p in WORKFLOWS)
