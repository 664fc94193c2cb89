"""Helpers shared by the open-issue tests (no tests here): analyses made by the real analyzer from real
job logs (tests/data/logs), plus the fields analyze-failure adds for the run, and a stage invoker."""

from __future__ import annotations

import copy
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from autoheal.analysis import analyze
from autoheal.invoke import invoke
from support.template_tokens import template_token

LOGS = Path(__file__).resolve().parents[2] / "data" / "logs"
REPO = "octo/app"
MODULE_LOG = "py-module-not-found.run1.log"  # ModuleNotFoundError: a missing dependency
MODULE_LOG_2 = "py-module-not-found.run2.log"  # the same failure, another run
ASSERT_LOG = "py-pytest-assert.run1.log"  # a failing pytest assertion: another failure


@cache
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
    token = token or job_token(sim, args or {}, event)
    return invoke("open-issue", args or {}, api_url=sim.base_url, token=token, repo=REPO,
                  workspace=ws, event=event, event_name=event_name, **kwargs)


def job_token(sim: Any, args: dict[str, Any], event: dict[str, Any] | None) -> str:
    """The GITHUB_TOKEN of the templates/autoheal.yml job that runs open-issue here: `heal` files a failure
    from its analysis, `close-when-green` (fewer permissions) closes on a green run."""
    green = (event or {}).get("workflow_run", {}).get("conclusion") == "success"
    if "analysis-file" not in args and (green or "run-id" in args):
        return template_token(sim, "autoheal.yml", "close-when-green")
    return template_token(sim, "autoheal.yml", "heal")


def requests_since(sim: Any, start: int) -> list[tuple[str, str]]:
    return [(r.method, r.path.split("?")[0]) for r in sim.requests[start:]]


HOSTILE = ("@org/team please look #1 GH-2 octo/app#3 </details><details open> <img src=x onerror=alert(1)> "
           "![beacon](http://evil.example/b.png) ``` $(rm -rf /) ${{ secrets.X }} <!-- autoheal:fingerprint=evil -->")


def prose(markdown: str) -> str:
    """The parts of `markdown` GitHub renders as prose: hidden comments, fenced blocks and code spans removed."""
    out, lines, i = [], markdown.split("\n"), 0
    while i < len(lines):
        opening = re.match(r"^(`{3,})", lines[i])
        if opening:
            ticks = opening.group(1)
            i += 1
            while i < len(lines) and not re.match(rf"^`{{{len(ticks)},}}\s*$", lines[i]):
                i += 1
            i += 1
            continue
        out.append(lines[i])
        i += 1
    text = "\n".join(out)
    text = re.sub(r"<!-- autoheal:[a-z0-9_-]+(=[^\s>]*)? -->", "", text)
    text = re.sub(r"<!-- autoheal:(analysis|occurrences)\n.*?\n-->", "", text, flags=re.DOTALL)
    return re.sub(r"(`+)(?!`).*?(?<!`)\1(?!`)", "", text)


def assert_neutral(markdown: str) -> None:
    text = prose(markdown)
    assert not re.search(r"(?<![\w`])@[A-Za-z0-9]", text), "a live @mention"
    assert not re.search(r"(?<![\w&`])#\d", text), "a live #123 reference"
    assert not re.search(r"\bGH-\d", text, re.IGNORECASE), "a live GH-123 reference"
    assert "<" not in text.replace("<details><summary>", "").replace("</summary>", "").replace("</details>", ""), \
        "raw HTML from untrusted text"
    assert "![" not in text, "an image (tracking beacon)"
    assert text.count("<details>") == text.count("</details>") == 1, "the collapsed section was broken out of"
