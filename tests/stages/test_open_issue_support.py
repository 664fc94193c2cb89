"""Helpers shared by the open-issue tests (no tests here): analyses made by the real analyzer from real
job logs (tests/data/logs), plus the fields analyze-failure adds for the run, and a stage invoker."""

from __future__ import annotations

import copy
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from autoheal.analysis import analyze
from autoheal.invoke import invoke

LOGS = Path(__file__).resolve().parents[1] / "data" / "logs"
REPO = "octo/app"
MODULE_LOG = "py-module-not-found.run1.log"  # ModuleNotFoundError: a missing dependency
MODULE_LOG_2 = "py-module-not-found.run2.log"  # the same failure, another run
ASSERT_LOG = "py-pytest-assert.run1.log"  # a failing pytest assertion: another failure


@lru_cache(maxsize=None)
def _analyzed(log: str, workflow: str, job: str) -> dict[str, Any]:
    return analyze((LOGS / log).read_text(encoding="utf-8"), workflow=workflow, job=job).to_dict()


def make_analysis(log: str = MODULE_LOG, *, run_id: int = 101, branch: str = "main", sha: str | None = None,
                  attempt: int = 1, workflow: str = "CI", job: str = "test", created_at: str = "2026-01-05T11:00:00Z",
                  base_url: str = "https://github.com", **overrides: Any) -> dict[str, Any]:
    """The analysis JSON analyze-failure writes for run `run_id`: the analyzer's document plus the run fields."""
    data = copy.deepcopy(_analyzed(log, workflow, job))
    data.update({
        "workflow": workflow,
        "run_id": run_id,
        "run_attempt": attempt,
        "run_url": f"{base_url}/{REPO}/actions/runs/{run_id}",
        "head_branch": branch,
        "head_sha": sha or f"{run_id:040x}",
        "repo": REPO,
        "created_at": created_at,
    })
    data.update(overrides)
    return data


CONFIG = "version: 1\nmin_confidence: 50\n"


def workspace(tmp_path: Path, config: str = CONFIG) -> Path:
    (tmp_path / ".github").mkdir(exist_ok=True)
    (tmp_path / ".github" / "autoheal.yml").write_text(config, encoding="utf-8")
    return tmp_path


def write_analysis(ws: Path, analysis: dict[str, Any], name: str = "analysis.json") -> str:
    (ws / name).write_text(json.dumps(analysis), encoding="utf-8")
    return name


def open_issue(sim: Any, ws: Path, args: dict[str, Any] | None = None, *, token: str | None = None,
               event: dict[str, Any] | None = None, event_name: str = "workflow_run", **kwargs: Any):
    return invoke("open-issue", args or {}, api_url=sim.base_url, token=token or sim.token, repo=REPO,
                  workspace=ws, event=event, event_name=event_name, **kwargs)


def requests_since(sim: Any, start: int) -> list[tuple[str, str]]:
    return [(r.method, r.path.split("?")[0]) for r in sim.requests[start:]]
