"""open-issue: exactly one issue per distinct failure, updated on repeat, closed when green.

A failed run (an `analysis-file` from analyze-failure) files a new issue, records a repeat on the open
issue with the same fingerprint, or reopens a recently closed one. A green run (`run-id` or the
`workflow_run` event) closes the open issues failing on that workflow and branch. The pure decisions
are in `decide`, the body in `render`, the hidden record in `state`, the reads in `gather` and the
writes in `apply`. A failure's writes are made under its lock label (`lock`), after gathering and
deciding again, so deliveries at once never file or comment twice nor lose an occurrence. See docs/stages/open-issue.md.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ...errors import InputError
from ...markdown import neutralize
from ...spec import Input, Output, StageSpec, common, min_confidence
from ..shared.context import StageContext, StageResult
from .decide import (
    Facts,
    Outcome,
    RunInfo,
    decide_failure,
    decide_success,
    gate_before_github,
    run_from_json,
    settings_from,
)
from .apply import apply, issues_write_needed
from .gather import fetch_run, gather_failure, gather_success, load_template
from .lock import failure_locks
from .state import FINGERPRINT_RE


def run(ctx: StageContext) -> StageResult:
    settings = settings_from(ctx.config, ctx.input("min-confidence"))
    if ctx.input("sweep"):
        return sweep(ctx, settings)
    analysis = load_analysis(ctx)
    run_info = completed_run(ctx, analysis)
    return handle(ctx, settings, analysis, run_info)


def sweep(ctx: StageContext, settings: Any) -> StageResult:
    """Close the open issues whose workflow is green again on the failing branch, from a schedule.

    One job an hour instead of one container per green run: a push that fails nothing starts none. Costs
    one request with no open issue; then one per watched workflow and one per (workflow, failing branch).
    The open issues are listed again only after a run that wrote something (a closed issue must not be
    closed twice), not once per green run.
    """
    from .gather import latest_completed_runs, list_issues

    if not settings.enabled or settings.close_after_successes <= 0:
        return finish(ctx, Outcome("skipped", "enabled: false or issues.close_after_successes: 0"), None)
    open_issues = list_issues(ctx.gw, settings.marker_label, state="open")
    outcomes, plans = [], []
    current: list[Any] | None = open_issues
    for run_info in latest_completed_runs(ctx.gw, open_issues):
        if not run_info.green:
            continue
        if current is None:  # the last run wrote: read what it left, once, for this run and the next ones
            current = list_issues(ctx.gw, settings.marker_label, state="open")
        result = handle(ctx, settings, None, run_info, open_issues=current)
        outcomes.append(result)
        if result.plan:
            plans.append(result.plan)
            if not ctx.dry_run:
                current = None
    closed = [r for r in outcomes if r.outputs.get("action") == "closed" or "would be closed" in r.outputs.get("reason", "")]
    if not closed:
        return finish(ctx, Outcome("skipped", f"sweep: {len(open_issues)} open autoheal issue(s), none green again"), None)
    last = closed[-1]
    numbers = ", ".join(r.outputs["issue-number"] for r in closed if r.outputs.get("issue-number"))
    return StageResult(outputs={**last.outputs, "reason": f"sweep: closed {numbers}" if not ctx.dry_run
                                else f"dry run: sweep would close {numbers}"},
                       summary="".join(r.summary or "" for r in closed), message=f"sweep: issues {numbers}",
                       plan=plans[-1] if plans else None, data={"stage": "open-issue", "sweep": [r.outputs for r in closed]})


def handle(ctx: StageContext, settings: Any, analysis: dict[str, Any] | None, run_info: RunInfo | None,
           open_issues: list[Any] | None = None) -> StageResult:
    """One analysis (a failure) or one completed run (a green run closes): gates, gather, decide, apply.
    `open_issues`: already listed by the sweep and unchanged since (None: list them)."""

    if run_info is not None and run_info.green:
        reason = gate_before_github(settings, run_info.workflow, run_info.path, failure=False)
        if reason:
            return finish(ctx, Outcome("skipped", reason), None)
    elif analysis is not None:
        analysis = with_run_details(analysis, run_info)
        reason = gate_before_github(settings, str(analysis.get("workflow") or ""),
                                    str(analysis.get("workflow_path") or (run_info.path if run_info else "")),
                                    failure=True)
        if reason:
            return finish(ctx, Outcome("skipped", reason), None)
    elif run_info is not None:
        return finish(ctx, Outcome("skipped", f"run {run_info.id} concluded {run_info.conclusion or 'without a result'}"
                                   "; an issue needs the analysis-file from analyze-failure"), None)
    else:
        raise InputError("analysis-file", "nothing to do: give an analysis-file (a failed run) or a run-id / "
                         "workflow_run event (a green run closes its issues)")

    facts, plan, outcome = gather_and_decide(ctx, settings, analysis, run_info, open_issues=open_issues)
    if ctx.dry_run or not plan:
        return finish(ctx, outcome, plan, dry=ctx.dry_run and bool(plan))
    to_lock = failures_to_lock(plan, facts)
    if not to_lock:
        return finish(ctx, apply(ctx, plan, facts, settings, outcome), plan)
    with issues_write_needed(), failure_locks(ctx, to_lock, owner=owner_of(analysis, run_info)) as locked:
        if locked:  # decide again on what a delivery that held the lock before us may have left
            facts, plan, outcome = gather_and_decide(ctx, settings, analysis, run_info, template_from=facts)
        if plan:
            outcome = apply(ctx, plan, facts, settings, outcome, locked=locked)
    return finish(ctx, outcome, plan)


def gather_and_decide(ctx: StageContext, settings: Any, analysis: dict[str, Any] | None,
                      run_info: RunInfo | None, *, template_from: Facts | None = None,
                      open_issues: list[Any] | None = None) -> tuple[Facts, Any, Outcome]:
    """Read what GitHub holds now and decide the writes: a green run closes, a failure files or repeats.
    `template_from`: facts of an earlier pass whose issue template (if it was loaded) is not read again."""
    if run_info is not None and run_info.green:
        facts = gather_success(ctx, Facts(now=ctx.now(), run=run_info), settings, open_issues)
        plan, outcome = decide_success(facts, settings)
        return facts, plan, outcome
    assert analysis is not None
    facts = gather_failure(ctx, Facts(now=ctx.now(), analysis=analysis, run=run_info), settings)
    if template_from is not None and template_from.template_text is not None:
        facts.template_text, facts.template_name = template_from.template_text, template_from.template_name
    elif not any(i.fingerprint == analysis["fingerprint"] for i in facts.open_issues):
        facts.template_text, facts.template_name = load_template(
            ctx, ctx.input("template"), ctx.config["issues"]["template"])
    plan, outcome = decide_failure(facts, settings)
    return facts, plan, outcome


def failures_to_lock(plan: Any, facts: Facts) -> list[str]:
    """Every write about a failure (file, record a repeat, reopen, comment) is done under its lock, so two
    deliveries at once neither file twice nor comment twice nor overwrite each other's occurrence.

    A green run's close is not locked: two deliveries of one green run at once are what the consumer
    template's `concurrency:` group prevents, and every green run would pay three more requests for it.
    """
    if facts.analysis is None or not plan:
        return []
    return [str(facts.analysis["fingerprint"])]


def owner_of(analysis: dict[str, Any] | None, run_info: RunInfo | None) -> str:
    """Who holds a lock, for a person reading the label: the run being handled."""
    if run_info is not None:
        return f"run {run_info.id}"
    return f"run {analysis.get('run_id')}" if analysis else "autoheal"


# -- inputs -------------------------------------------------------------------------------------------

def load_analysis(ctx: StageContext) -> dict[str, Any] | None:
    """The analysis JSON named by `analysis-file`, checked enough to file an issue from it."""
    name = ctx.input("analysis-file")
    if not name:
        return None
    path = ctx.workspace_path(name)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError("analysis-file", f"file not found: {path}",
                         "pass the `analysis-file` output of analyze-failure") from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise InputError("analysis-file", f"{path} is not readable JSON ({exc})") from None
    if not isinstance(data, dict):
        raise InputError("analysis-file", f"{path} holds {type(data).__name__}, not an analysis object")
    fingerprint = data.get("fingerprint")
    if not isinstance(fingerprint, str) or not FINGERPRINT_RE.match(fingerprint):
        raise InputError("analysis-file", f"{path} has no usable `fingerprint` (got {fingerprint!r})",
                         "is this the analysis JSON analyze-failure wrote?")
    confidence = data.get("confidence")
    if isinstance(confidence, bool) or not isinstance(confidence, (int, float)):
        raise InputError("analysis-file", f"{path}: `confidence` must be a number 0-100, got {confidence!r}")
    data["confidence"] = max(0, min(100, int(confidence)))
    if not isinstance(data.get("category"), str) or not data["category"]:
        raise InputError("analysis-file", f"{path}: `category` is missing")
    return data


def completed_run(ctx: StageContext, analysis: Mapping[str, Any] | None) -> RunInfo | None:
    """The completed run this invocation is about: the event's run, or `run-id` (looked up through the
    API only when neither the event nor the analysis already describes it)."""
    run_id = ctx.input("run-id")
    event_run = ctx.event.get("workflow_run") if ctx.event_name == "workflow_run" else None
    event_run = event_run if isinstance(event_run, Mapping) and event_run.get("id") else None
    event_repo = ctx.event.get("repository") if isinstance(ctx.event.get("repository"), Mapping) else None
    if run_id is not None:
        if event_run is not None and int(event_run["id"]) == run_id:
            return run_from_json(event_run, event_repo)
        if analysis is not None and analysis.get("run_id") == run_id:
            return None
        return fetch_run(ctx.gw, run_id)
    if event_run is not None:
        return run_from_json(event_run, event_repo)
    return None


def with_run_details(analysis: dict[str, Any], run_info: RunInfo | None) -> dict[str, Any]:
    """Fill what an offline analysis lacks (workflow, branch, commit, run link) from the run."""
    if run_info is None:
        return analysis
    filled = dict(analysis)
    for key, value in (("workflow", run_info.workflow), ("head_branch", run_info.branch), ("head_sha", run_info.sha),
                       ("run_url", run_info.url), ("run_id", run_info.id), ("run_attempt", run_info.attempt),
                       ("workflow_path", run_info.path)):
        if not filled.get(key) and value:
            filled[key] = value
    if not filled.get("created_at") and run_info.created_at is not None:
        filled["created_at"] = run_info.created_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    return filled


# -- result -------------------------------------------------------------------------------------------

def finish(ctx: StageContext, outcome: Outcome, plan: Any, *, dry: bool = False) -> StageResult:
    reason = f"dry run: would be {outcome.action} — {outcome.reason}" if dry else outcome.reason
    outputs = {
        "issue-number": str(outcome.number) if outcome.number else "",
        "issue-url": outcome.url or "",
        "action": outcome.action,
        "reason": reason,
    }
    target = f"issue {outcome.number}" if outcome.number else "no issue"
    message = f"{outcome.action}: {target} — {reason}"
    summary = f"**autoheal open-issue** — {outcome.action}"
    if outcome.number:
        summary += f" [issue {outcome.number}]({outcome.url})" if outcome.url.startswith("http") else f" issue {outcome.number}"
    summary += f"\n\n{neutralize(reason)}\n"
    return StageResult(outputs=outputs, summary=summary, message=message, plan=plan,
                       data={"stage": "open-issue", "outputs": outputs,
                             "plan": [w.line() for w in plan] if plan else []})


SPEC = StageSpec(
    name="open-issue",
    title="autoheal: open issue",
    description="File one deduplicated issue per distinct failure, update it on repeats, close it when the workflow is green again.",
    icon="alert-circle",
    color="orange",
    run=run,
    inputs=common(
        Input("analysis-file", "The analysis JSON written by analyze-failure (its `analysis-file` output).", kind="path"),
        Input("run-id", "The completed run this is about (default: from the `workflow_run` event). A successful "
              "run closes the open issues of its workflow and branch.", kind="int", min=1),
        Input("template", "Path of a Jinja template that overrides the built-in issue body.", kind="path"),
        Input("sweep", "Close every open autoheal issue whose workflow's latest completed run on the failing branch "
              "is green (for a schedule: one job an hour instead of one per green run).", kind="bool", default="false"),
        min_confidence(),
    ),
    outputs=(
        Output("issue-number", "Number of the issue created, updated, reopened or closed."),
        Output("issue-url", "URL of that issue."),
        Output("action", "`created`, `updated`, `reopened`, `closed` or `skipped`."),
        Output("reason", "Why that action (e.g. which gate skipped it)."),
    ),
)
