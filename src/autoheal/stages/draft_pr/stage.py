"""draft-pr: a linked draft PR with a real fix where it is safe, a precise task where it is not.

gather -> decide (pure) -> apply, each its own module here. The fix itself comes from the pure
`autoheal.fixes` functions (dependency, timeout, task file), chosen in `fix`; the gates are in `gates`;
the commit trailers that make re-runs idempotent in `commit`; where the analysis comes from in
`source`. See docs/stages/draft-pr.md.
"""

from __future__ import annotations

from typing import Any

from ...errors import InputError
from ...markdown import inline_code, neutralize
from ...spec import Input, Output, StageSpec, common, min_confidence
from ..shared.comment_budget import held_back_note, stage_comment_budget
from ..shared.context import StageContext, StageResult
from .decide import Decision, decide
from .model import Facts, settings_from
from .source import AnalysisFileError, load_analysis_text


def run(ctx: StageContext) -> StageResult:
    settings = settings_from(ctx.config, force=bool(ctx.input("force")), min_confidence=ctx.input("min-confidence"))
    number = issue_number(ctx)
    analysis = _analysis_from_file(ctx)

    from .gather import gather

    facts = gather(ctx, settings, number, analysis)
    decision = decide(facts, settings)
    if ctx.dry_run:
        _note_held_comment(ctx, decision)
    outputs = _outputs(decision, decision.pr_number, decision.pr_url)
    if ctx.dry_run or not decision.plan:
        return StageResult(outputs=outputs, plan=decision.plan, data=_data(decision, outputs),
                           message=_message(decision, decision.pr_number, dry_run=ctx.dry_run),
                           summary=_summary(facts, decision, decision.pr_number, decision.pr_url))

    from .apply import WorkflowsRefused, apply
    from .gather import WORKFLOWS_REFUSED

    try:
        outcome = apply(ctx, facts, decision)
    except WorkflowsRefused as exc:
        # Nothing was written yet (the commit is the first write): carry the fix as a task instead.
        ctx.rt.warn(f"GitHub refused the workflow-file commit ({exc}); opening the PR with a task file instead")
        facts.fix_inputs.workflows_refused = WORKFLOWS_REFUSED
        decision = decide(facts, settings)
        outcome = apply(ctx, facts, decision)
    if outcome.held:
        ctx.rt.info(f"issue #{facts.issue.number}: {outcome.held}")
        if all(w.op == "comment" for w in decision.plan):  # the held comment was all there was to do
            decision.action, decision.reason = "unchanged", f"PR #{outcome.pr_number} and its branch are current"
        decision.reason = f"{decision.reason}; {outcome.held}"
    outputs = _outputs(decision, outcome.pr_number, outcome.pr_url)
    outputs["ci-runs"] = ",".join(str(r) for r in outcome.ci_runs)
    if outcome.ci_refused:
        decision.plan.notes.append(outcome.ci_refused)
    elif outcome.ci_runs:
        decision.plan.notes.append("CI started on the branch by workflow_dispatch: run(s) "
                                   + ", ".join(str(r) for r in outcome.ci_runs))
    return StageResult(outputs=outputs, plan=decision.plan, data=_data(decision, outputs),
                       message=_message(decision, outcome.pr_number),
                       summary=_summary(facts, decision, outcome.pr_number, outcome.pr_url))


def _note_held_comment(ctx: StageContext, decision: Decision) -> None:
    """Dry run: say when the planned link comment is a new one that the comment cap would leave out."""
    if any(w.op == "comment" and w.args.get("current") is None for w in decision.plan):
        budget = stage_comment_budget(ctx)
        if not budget.allows():
            decision.plan.notes.append("the issue comment linking the PR: " + held_back_note(budget.limit))


def issue_number(ctx: StageContext) -> int:
    """The `issue-number` input, else the issue of an `issues` event (or an `issue_comment` one)."""
    given = ctx.input("issue-number")
    if given:
        return int(given)
    issue = (ctx.event or {}).get("issue")
    if isinstance(issue, dict) and isinstance(issue.get("number"), int):
        return issue["number"]
    dispatched = ((ctx.event or {}).get("inputs") or {}).get("issue_number")
    if dispatched and str(dispatched).isdigit():
        return int(dispatched)
    raise InputError("issue-number", "no issue to work on",
                     "pass `issue-number` (e.g. open-issue's `issue-number` output) or run on an `issues` event")


def _analysis_from_file(ctx: StageContext) -> dict[str, Any] | None:
    path = ctx.input("analysis-file")
    if not path:
        return None
    local = ctx.workspace_path(path)
    if not local.is_file():
        raise InputError("analysis-file", f"file not found: {local}",
                         "pass analyze-failure's `analysis-file` output from the same job")
    try:
        return load_analysis_text(local.read_text(encoding="utf-8"), str(path))
    except (AnalysisFileError, UnicodeDecodeError) as exc:
        raise InputError("analysis-file", str(exc)) from None


def _outputs(decision: Decision, pr_number: int | None, pr_url: str) -> dict[str, Any]:
    skipped = decision.action == "skipped"
    return {
        "pr-number": "" if skipped or pr_number is None else str(pr_number),
        "pr-url": "" if skipped else pr_url or "",
        "branch": "" if skipped else decision.branch,
        "fix-kind": "" if skipped else decision.fix_kind,
        "action": decision.action,
        "reason": decision.reason,
        "ci-runs": "",
    }


def _message(decision: Decision, pr_number: int | None, *, dry_run: bool = False) -> str:
    if decision.action == "skipped":
        return f"skipped: {decision.reason}"
    pr = f"PR #{pr_number}" if pr_number else "a new PR"
    if dry_run and decision.plan:
        return f"dry run: {pr} would be {decision.action} ({decision.fix_kind}): {decision.reason}"
    return f"{decision.action} {pr} ({decision.fix_kind}): {decision.reason}"


def _data(decision: Decision, outputs: dict[str, Any]) -> dict[str, Any]:
    """The `--json` document: outputs, the plan as plain data, and the change itself."""
    proposal = decision.proposal
    return {
        "stage": "draft-pr",
        "outputs": outputs,
        "plan": [{"op": w.op, "target": w.target, "summary": w.summary} for w in decision.plan],
        "notes": list(decision.plan.notes),
        "change": None if proposal is None else {
            "kind": proposal.kind, "summary": proposal.summary, "why": proposal.why,
            "fallback_reason": proposal.fallback_reason, "files": [c.path for c in proposal.changes],
            "diff": proposal.diff,
        },
    }


def _summary(facts: Facts, decision: Decision, pr_number: int | None, pr_url: str) -> str:
    lines = ["### autoheal draft-pr", ""]
    lines.append(f"- Issue: #{facts.issue.number} {neutralize(facts.issue.title)}")
    if decision.action == "skipped":
        lines.append(f"- Skipped: {neutralize(decision.reason)}")
    else:
        pr = f"[#{pr_number}]({pr_url})" if pr_number and pr_url else "(dry run)"
        lines.append(f"- Pull request: {pr} — **{decision.action}**")
        lines.append(f"- Branch: {inline_code(decision.branch)}")
        lines.append(f"- Fix: `{decision.fix_kind}` — {neutralize(decision.proposal.summary if decision.proposal else '')}")
        lines.append(f"- Reason: {neutralize(decision.reason)}")
    for note in decision.plan.notes:
        lines.append(f"- Note: {neutralize(note)}")
    return "\n".join(lines) + "\n"


SPEC = StageSpec(
    name="draft-pr",
    title="autoheal: draft PR",
    description="Open (or update) one draft pull request for an issue: a deterministic fix where safe, a precise task file otherwise.",
    icon="git-pull-request",
    color="blue",
    run=run,
    inputs=common(
        Input("issue-number", "Issue to work on. Default: from the `issues` event, or open-issue's output.", kind="int", min=1),
        Input("analysis-file", "The analysis JSON from analyze-failure, when run in the same job.", kind="path"),
        Input("force", "Create the PR even when gates (confidence, labels, rate limits) would skip it.", kind="bool", default="false"),
        min_confidence("Override `pull_requests.min_confidence` from the config (0-100)."),
    ),
    outputs=(
        Output("pr-number", "Number of the draft PR."),
        Output("pr-url", "URL of the draft PR."),
        Output("branch", "Branch of the draft PR."),
        Output("fix-kind", "`dependency`, `timeout` or `task`."),
        Output("action", "`created`, `updated`, `rebuilt`, `unchanged` or `skipped`."),
        Output("reason", "Why that action."),
        Output("ci-runs", "Ids of the workflow runs started on the branch by `workflow_dispatch` (comma-separated), "
                          "so the PR gets CI without a PAT; empty when none was started."),
    ),
)
