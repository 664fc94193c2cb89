"""Which change the PR carries: a deterministic fix where it is safe, a precise task file otherwise.

Pure: the stage gathers the file texts this module asks for (`wanted_files`), and `propose` turns
them into a `Proposal`. The fixes themselves live in `autoheal.fixes` (file text in, file text out);
this module only decides which one applies and falls back to the task file, with the reason, when
a fix declines (stdlib module, the repo's own code, already listed, job at the cap, …).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from ...fixes import FixResult
from ...fixes.task import render_task_file, task_path
from .gates import Policy
from .model import FileChange, Proposal, Settings

_NODE_MISSING = re.compile(r"Cannot find (?:module|package) '|ERR_MODULE_NOT_FOUND|MODULE_NOT_FOUND")
_PY_MISSING = re.compile(r"ModuleNotFoundError|No module named|ImportError")
_JOB_TIMEOUT = re.compile(r"exceeded the maximum execution time|timeout-minutes|has exceeded the maximum", re.IGNORECASE)
MAX_TEXT_READS = 40  # blob reads a dependency fix may cost; beyond that, files are known by name only
_CI_NAMES = frozenset({"tox.ini", "noxfile.py", "Makefile", "makefile", "GNUmakefile", "justfile"})
_FOREIGN_DIRS = frozenset({".venv", "venv", "node_modules", "site-packages", "dist", "build", ".tox", ".git"})
_TEST_FILE = re.compile(r"(^|/)(tests?|testing)/|(^|/)test_[^/]*\.py$|_test\.py$|(^|/)conftest\.py$")


@dataclass
class FixInputs:
    """What `propose` works from: the analysis, the issue, and the base files the stage read."""

    issue_number: int
    issue_url: str
    issue_title: str
    issue_body: str
    analysis: dict[str, Any] | None
    tree_paths: tuple[str, ...] = ()  # every path on the base (dependency fixes need it)
    files: dict[str, str] = field(default_factory=dict)  # path -> text on the base, for the files asked for
    modes: dict[str, str] = field(default_factory=dict)  # path -> git file mode on the base
    workflow_path: str | None = None  # the failing job's workflow file (timeout fixes)
    notes: list[str] = field(default_factory=list)  # why a gather step could not find something
    workflows_refused: str = ""  # GitHub refused a commit touching .github/workflows/ (token lacks `workflows`)


def intended_kind(policy: Policy, analysis: dict[str, Any] | None, settings: Settings) -> tuple[str, str]:
    """(kind, reason): the fix to attempt before reading any file; reason says why not a fix, if not."""
    if analysis is None:
        return "task", ""  # a plain issue: the task is the plan, not a fallback
    kind = policy.fix_kind
    if kind == "task":
        return "task", f"category `{policy.category}` has no deterministic fix"
    confidence = _int(analysis.get("confidence"))
    if confidence < settings.min_confidence:
        return "task", (f"confidence {confidence} is below {settings.min_confidence}: "
                        "a deterministic fix is applied only above the threshold")
    if kind == "dependency" and not modules_of(analysis):
        return "task", "the analysis names no missing module"
    if kind == "timeout":
        if not analysis.get("failed_job"):
            return "task", "the analysis names no failing job"
        if not is_job_timeout(analysis):
            return "task", "the timeout was a step or test timeout, not the job's `timeout-minutes`"
    return kind, ""


def ecosystem_of(analysis: dict[str, Any]) -> str:
    """python or node: which package world the missing module belongs to."""
    specifics = analysis.get("specifics") or {}
    declared = str(specifics.get("ecosystem") or analysis.get("ecosystem") or "").lower()
    if declared in ("node", "npm", "javascript", "js", "typescript"):
        return "node"
    if declared == "python":
        return "python"
    text = "\n".join(str(k.get("text", "")) for k in analysis.get("key_lines") or [] if isinstance(k, dict))
    if _NODE_MISSING.search(text) and not _PY_MISSING.search(text):
        return "node"
    return "python"


def modules_of(analysis: dict[str, Any]) -> list[str]:
    specifics = analysis.get("specifics") or {}
    mods = specifics.get("modules") or []
    return [m for m in mods if isinstance(m, str) and m.strip()]


def is_job_timeout(analysis: dict[str, Any]) -> bool:
    specifics = analysis.get("specifics") or {}
    if specifics.get("timeout_minutes"):
        return True
    return any(_JOB_TIMEOUT.search(str(k.get("text", ""))) for k in analysis.get("key_lines") or [] if isinstance(k, dict))


def dependency_reads(tree_paths: tuple[str, ...] | list[str], ecosystem: str) -> list[str]:
    """The base files whose TEXT the dependency fix needs (manifests, CI files), shallow ones first.

    Every other path is passed by name only: `autoheal.fixes.dependency` needs the names to recognise
    the repo's own modules and lock files, and the texts of manifests and of the CI files that show
    which manifest CI installs.
    """
    wanted = []
    for path in tree_paths:
        parts = path.split("/")
        if any(part in _FOREIGN_DIRS for part in parts[:-1]):
            continue
        name = parts[-1]
        depth = len(parts)
        if path.startswith(".github/workflows/") and name.endswith((".yml", ".yaml")):
            wanted.append(path)
        elif ecosystem == "node":
            if name == "package.json" and depth <= 3:
                wanted.append(path)
        elif name == "pyproject.toml" and depth == 1 or (name.startswith("requirements") or "requirements" in parts[:-1]) and name.endswith((".txt", ".in")) and depth <= 3 or depth <= 2 and (name in _CI_NAMES or name.startswith(("Dockerfile", "Containerfile")) or name.endswith(".sh")):
            wanted.append(path)
    wanted.sort(key=lambda p: (p.count("/"), p))
    return wanted[:MAX_TEXT_READS]


def is_test_only(analysis: dict[str, Any]) -> bool:
    """The import failed only in test code (every location is a test file): a test dependency."""
    locations = [loc.get("file", "") for loc in (analysis.get("specifics") or {}).get("locations") or []
                 if isinstance(loc, dict) and loc.get("file")]
    return bool(locations) and all(_TEST_FILE.search(str(path)) for path in locations)


def propose(kind: str, reason: str, inputs: FixInputs, settings: Settings) -> Proposal:
    """The proposal for `kind`, falling back to a task file (with the reason) when the fix declines."""
    if kind == "dependency":
        proposal, why_not = _dependency(inputs)
    elif kind == "timeout":
        proposal, why_not = _timeout(inputs, settings)
    else:
        proposal, why_not = None, reason
    if proposal is not None and inputs.workflows_refused and touches_workflows(proposal):
        # The change is right but this token may not commit it: hand it over as a task, diff included.
        task = task_proposal(inputs, f"{proposal.summary}, but {inputs.workflows_refused}")
        return replace(task, diff=proposal.diff, workflows_blocked=True, why=task.why + " The proposed change is in the diff below: "
                       "apply it with a token that has the `workflows` permission, or by hand.")
    if proposal is not None:
        return proposal
    return task_proposal(inputs, why_not or reason)


def touches_workflows(proposal: Proposal) -> bool:
    """GitHub refuses commits that change `.github/workflows/` unless the token has `workflows`."""
    return any(c.path.startswith(".github/workflows/") for c in proposal.changes)


def task_proposal(inputs: FixInputs, fallback_reason: str) -> Proposal:
    path = task_path(inputs.issue_number)
    analysis = inputs.analysis if inputs.analysis is not None else issue_as_analysis(inputs)
    text = render_task_file(analysis, inputs.issue_number, inputs.issue_url)
    old = inputs.files.get(path)
    what = "Add" if old is None else "Update"
    return Proposal(
        kind="task",
        changes=(FileChange(path, old, text, inputs.modes.get(path, "100644")),) if text != old else (),
        subject=f"{what.lower()} a task file for issue {inputs.issue_number}",
        summary=f"{what} the task file {path}",
        why=("No safe deterministic fix applies, so the PR carries a precise task for Copilot or a human: "
             "the analysis, the evidence and what to change."),
        fallback_reason=fallback_reason,
    )


def issue_as_analysis(inputs: FixInputs) -> dict[str, Any]:
    """A plain issue seen as an analysis, so the task file carries its text as the evidence."""
    texts = [f"Issue title: {inputs.issue_title}"] + (inputs.issue_body or "").splitlines()[:199]
    lines = [{"line": i + 1, "text": t} for i, t in enumerate(texts)]
    return {
        "schema_version": 1,
        "category": "unknown",
        "confidence": None,
        "fingerprint": "",
        "failed_job": None,
        "failed_step": None,
        "key_lines": lines,
        "specifics": {},
        "novel_lines": [],
        "suggested_fix": None,
        "issue_title": inputs.issue_title,
        "source": "issue",
    }


def _dependency(inputs: FixInputs) -> tuple[Proposal | None, str]:
    from ...fixes.dependency import distribution_for, fix_missing_dependency

    analysis = inputs.analysis or {}
    if analysis.get("dependency_fix_allowed") is False:  # a fork's or a pull_request run's log (runs.*)
        return None, (f"no dependency fix for this run: {analysis.get('scope') or 'a fork or a pull_request run'}")
    ecosystem = ecosystem_of(analysis)
    dev = is_test_only(analysis)
    files = {path: "" for path in inputs.tree_paths}
    files.update(inputs.files)
    reasons = []
    for module in modules_of(analysis):
        result: FixResult = fix_missing_dependency(module, files, ecosystem, dev=dev)
        if not result.changed:
            reasons.append(result.summary)
            continue
        distribution = distribution_for(module, ecosystem) or module
        change = FileChange(result.path, result.old, result.new, inputs.modes.get(result.path, "100644"))
        kind_of = "test dependency" if dev else "dependency"
        return Proposal(
            kind="dependency",
            changes=(change,),
            subject=f"add {distribution} to {result.path}",
            summary=result.summary,
            why=(f"The job failed because the module `{module}` could not be imported. It is provided by the "
                 f"distribution `{distribution}`, which {result.path} does not list as a {kind_of}."),
            diff=result.diff(),
        ), ""
    return None, "; ".join(reasons) or "no module to add"


def _timeout(inputs: FixInputs, settings: Settings) -> tuple[Proposal | None, str]:
    from ...fixes.timeout import increase_timeout

    analysis = inputs.analysis or {}
    path = inputs.workflow_path
    if not path or path not in inputs.files:
        why = "; ".join(inputs.notes) or "the failing job's workflow file was not found"
        return None, why
    job = str(analysis.get("failed_job") or "")
    result = increase_timeout(path, inputs.files[path], job, factor=settings.timeout_factor,
                              cap=settings.timeout_cap_minutes)
    if not result.changed:
        return None, result.summary
    change = FileChange(path, result.old, result.new, inputs.modes.get(path, "100644"))
    minutes = (analysis.get("specifics") or {}).get("timeout_minutes")
    hit = f" after {minutes} minutes" if minutes else ""
    return Proposal(
        kind="timeout",
        changes=(change,),
        subject=f"raise timeout-minutes of job {job}",
        summary=result.summary,
        why=(f"The job `{job}` was cancelled by its `timeout-minutes` limit{hit}. A larger limit (factor "
             f"{settings.timeout_factor:g}, capped at {settings.timeout_cap_minutes}) lets it finish; if it "
             "still times out, the job is hanging and needs a human."),
        diff=result.diff(),
    ), ""


def _int(value: Any) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0
