"""analyze-failure: read a failed run's logs, find the cause, classify it, fingerprint it.

Online it fetches the run's failed jobs' logs (and the same jobs' logs from the last green run of the
same workflow and branch, for novel lines); offline it reads `log`, `log-zip` and `baseline` files. The
analysis itself is `autoheal.analysis` (pure). The result is a JSON file for the next stages, action
outputs, a step summary and error annotations on the files the log points at.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ...analysis import RuleError, analyze_jobs, load_kb
from ...errors import AutohealError, InputError
from ...markdown import truncate_line
from ...spec import Input, Output, StageSpec, common
from ..shared.context import StageContext, StageResult
from ...redact import redact_data
from .render import summary_markdown

# Imported where used: `gather` (the online path: run scope, config rules) and `logzip` (zipfile) are
# not needed to analyse a log file, whose start-up should stay close to Python's own (#21).

NOTHING = {"category": "", "confidence": "", "fingerprint": "", "failed-job": "", "failed-step": "",
           "healed": False, "analysis-file": ""}


def run_id_from(ctx: StageContext) -> int | None:
    """`run-id`, else the `workflow_run` event's run, else a `workflow_dispatch` input `run_id`."""
    if ctx.input("run-id"):
        return ctx.input("run-id")
    run = ctx.event.get("workflow_run")
    if isinstance(run, dict) and run.get("id"):
        return int(run["id"])
    inputs = ctx.event.get("inputs")
    if isinstance(inputs, dict) and str(inputs.get("run_id") or "").strip():
        raw = str(inputs["run_id"]).strip()
        if not raw.isdigit():
            raise InputError("run-id", f"the workflow_dispatch input run_id must be a number, got {raw!r}")
        return int(raw)
    return None


def knowledge_base(ctx: StageContext) -> Any:
    try:
        return load_kb(custom=dict(ctx.config.get_path("categories", {}) or {}))
    except RuleError as exc:
        raise AutohealError(f"config {exc.key}: {exc.message}", "fix the pattern in .github/autoheal.yml") from None


def input_file(ctx: StageContext, name: str, value: str) -> Path:
    """The path of a file input, checked now so a mistake is reported before any work."""
    path = ctx.workspace_path(value)
    try:
        with open(path, "rb"):
            pass
    except FileNotFoundError:
        raise InputError(name, f"file not found: {path}") from None
    except IsADirectoryError:
        raise InputError(name, f"{path} is a directory, not a file") from None
    except OSError as exc:
        raise InputError(name, f"cannot read {path}: {exc.strerror}") from None
    return path


def opener(path: Path) -> Callable[[], Any]:
    """Opens the file when its job is analysed: the log is streamed in blocks, never read whole."""
    return lambda: open(path, "rb")


def offline_jobs(ctx: StageContext) -> list[dict[str, Any]]:
    baseline = input_file(ctx, "baseline", ctx.input("baseline")) if ctx.input("baseline") else None
    if ctx.input("log-zip"):
        from ...logzip import read_zip_jobs

        # The zip is checked and inflated under autoheal.logzip's limits (at most 512 MB in all).
        jobs = read_zip_jobs(input_file(ctx, "log-zip", ctx.input("log-zip")).read_bytes())
        if not jobs:
            raise InputError("log-zip", "the zip holds no job logs (expected N_<job>.txt or <job>/<n>_<step>.txt)")
    else:
        jobs = [{"name": ctx.input("job-name") or "", "log": opener(input_file(ctx, "log", ctx.input("log")))}]
    if baseline is not None:
        for job in jobs:
            job["baseline"] = opener(baseline)
    return jobs


def repo_relative(path: str) -> str | None:
    """A location the log reports, as a path inside the checkout (None when it is outside it)."""
    path = path.replace("\\", "/")
    m = re.match(r"^(?:/home/runner/work/[^/]+/[^/]+/|/github/workspace/|D:/a/[^/]+/[^/]+/|/Users/runner/work/[^/]+/[^/]+/)(.+)$", path)
    if m:
        return m.group(1)
    if path.startswith("/") or re.match(r"^[A-Za-z]:/", path) or ".." in path.split("/"):
        return None
    return path.lstrip("./") or None


def run(ctx: StageContext) -> StageResult:
    kb = knowledge_base(ctx)
    extra: dict[str, Any] = {}
    if ctx.input("log") or ctx.input("log-zip"):
        jobs = offline_jobs(ctx)
        workflow = ctx.input("workflow-name") or ""
    else:
        run_id = run_id_from(ctx)
        if run_id is None:
            raise InputError("run-id", "no run to analyze",
                             "pass --run-id, run on a workflow_run event, or give --log / --log-zip to analyze a file")
        from .gather import gather_run

        facts = gather_run(ctx.gw, run_id, runs_config=ctx.config.get_path("runs", {}))
        wf_run = facts.run
        if wf_run.status != "completed":
            ctx.rt.annotate("notice", f"run {run_id} is still {wf_run.status}: nothing to analyze yet")
            return StageResult(outputs=dict(NOTHING), message=f"run {run_id} is still {wf_run.status}")
        if wf_run.conclusion not in ("failure", "timed_out", "startup_failure"):
            return StageResult(outputs=dict(NOTHING),
                               message=f"run {run_id} concluded {wf_run.conclusion}: nothing to do")
        if facts.scope is not None and not facts.scope.heal:
            ctx.rt.annotate("notice", f"run {run_id} is not healed: {facts.scope.reason}")
            return StageResult(outputs=dict(NOTHING), message=f"run {run_id} is not healed: {facts.scope.reason}")
        if not facts.failed_jobs:
            return StageResult(outputs=dict(NOTHING), message=f"run {run_id} failed but no job failed: nothing to analyze")
        jobs, workflow = facts.failed_jobs, wf_run.name
        extra = {"run_id": wf_run.id, "run_url": wf_run.html_url, "run_attempt": wf_run.run_attempt,
                 "head_branch": wf_run.head_branch, "head_sha": wf_run.head_sha, "event": wf_run.event,
                 "workflow_path": getattr(wf_run, "path", None) or "", "repo": ctx.repo,
                 "created_at": wf_run.created_at.isoformat() if wf_run.created_at else None,
                 "baseline_run_id": facts.baseline_run_id,
                 "dependency_fix_allowed": facts.scope.dependency_fix if facts.scope else True,
                 "scope": facts.scope.reason if facts.scope else None}
    analysis = analyze_jobs(jobs, kb=kb, workflow=workflow)
    doc = analysis.to_dict()
    doc.update({k: v for k, v in extra.items() if v is not None})
    # The analysis file is read by the next steps and often uploaded as an artifact: no credential a log
    # printed goes into it (the fingerprint was already taken from redacted text, so it is unchanged).
    doc = redact_data(doc)
    target = ctx.workspace_path(ctx.input("analysis-file"))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(doc, indent=2), encoding="utf-8")
    for loc in (doc.get("specifics") or {}).get("locations", [])[:10]:
        rel = repo_relative(str(loc.get("file", "")))
        if rel and loc.get("in_repo", True):
            ctx.rt.annotate("error", f"autoheal: {doc['category']} — {truncate_line(doc.get('suggested_fix') or '', 200)}",
                            file=rel, line=loc.get("line"), col=loc.get("col"), title="autoheal", finding=True)
    outputs = {"category": doc["category"], "confidence": doc["confidence"], "fingerprint": doc["fingerprint"],
               "failed-job": doc.get("failed_job") or "", "failed-step": doc.get("failed_step") or "",
               "healed": True, "analysis-file": ctx.input("analysis-file")}
    return StageResult(outputs=outputs, summary=summary_markdown(doc), data=doc,
                       message=f"{doc['category']} ({doc['confidence']}%) in {doc.get('failed_job') or 'the job'}"
                               f" / {doc.get('failed_step') or '?'}; fingerprint {doc['fingerprint']}")


SPEC = StageSpec(
    name="analyze-failure",
    title="autoheal: analyze failure",
    description="Read a failed workflow run's job logs, find and classify the cause, and fingerprint it.",
    icon="search",
    color="red",
    run=run,
    needs_github=lambda inputs: not (inputs.get("log") or inputs.get("log-zip")),
    inputs=common(
        Input("run-id", "Workflow run to analyze. Default: the run of the `workflow_run` event, or the "
              "`run_id` input of a `workflow_dispatch` event.", kind="int", min=1),
        Input("log", "Offline: a raw job log file to analyze instead of fetching one.", kind="path"),
        Input("log-zip", "Offline: a run's logs zip (as downloaded from GitHub) to analyze.", kind="path"),
        Input("baseline", "Offline: the same job's log from the last green run, to report novel lines.", kind="path"),
        Input("workflow-name", "Workflow name used in the fingerprint when analyzing offline.", default=""),
        Input("job-name", "Job name used in the fingerprint when analyzing offline.", default=""),
        Input("analysis-file", "Where to write the analysis JSON (relative to the workspace).",
              kind="path", default="autoheal-analysis.json"),
    ),
    outputs=(
        Output("category", "Failure category id (e.g. `missing_dependency`)."),
        Output("confidence", "Confidence 0-100 in the category."),
        Output("fingerprint", "Stable identifier of this failure, used to deduplicate issues."),
        Output("failed-job", "Name of the failing job."),
        Output("failed-step", "Name of the failing step."),
        Output("healed", "`false` when the run did not fail (nothing to do), `true` when an analysis was made."),
        Output("analysis-file", "Path of the analysis JSON in the workspace."),
    ),
)
