"""heal: the common chain for a failed `workflow_run` in one container start (the root action).

analyze-failure -> open-issue -> draft-pr -> copilot-review, each run exactly as its own action would
run (same spec, same defaults, same code), sharing one gateway (one request budget, one clock) and the
config loaded once. A stage that decides to stop the chain (not failed, gated, skipped) ends it cleanly.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ...runtime import Runtime
from ...spec import Input, Output, StageSpec, common, min_confidence
from ..shared.context import StageContext, StageResult


def _child_context(ctx: StageContext, command: str, overrides: dict[str, Any]) -> tuple[StageSpec, StageContext]:
    from .. import load_spec

    spec = load_spec(command)
    # Outputs of the inner stages stay in memory: only the chain's own outputs reach GITHUB_OUTPUT.
    env = {k: v for k, v in ctx.rt.env.items() if k not in ("GITHUB_OUTPUT",)}
    child_rt = Runtime(env=env, stdout=ctx.rt.stdout, stderr=ctx.rt.stderr)
    child_rt._masked = ctx.rt._masked  # the same secrets stay scrubbed
    shared = {name: ctx.inputs.get(name) for name in ("repo", "token", "api-url", "config", "dry-run")}
    # The stage's other inputs: the chain's overrides, else the stage's own defaults — resolved exactly as
    # the runner resolves them (parsed by kind, ranges checked), but from no environment, so the chain's
    # own INPUT_* variables cannot leak into a stage that happens to share an input name.
    from ...invoke import as_input_text

    rest = [item for item in spec.inputs if item.name not in shared]
    values: dict[str, Any] = Runtime(env={}).resolve_inputs(rest, {k: as_input_text(v) for k, v in overrides.items()})
    values.update({name: value for name, value in shared.items() if name in {i.name for i in spec.inputs}})
    values["json"] = False
    child = replace(ctx, stage=command, inputs=values, rt=child_rt)
    return spec, child


def _run_child(ctx: StageContext, command: str, overrides: dict[str, Any]) -> StageResult:
    spec, child = _child_context(ctx, command, overrides)
    if spec.run is None:
        from ...errors import NotImplementedYet

        raise NotImplementedYet(f"autoheal {command} is not implemented yet")
    ctx.rt.group(f"autoheal {command}")
    try:
        result = spec.run(child)
    finally:
        ctx.rt.endgroup()
    if child.has_gateway and not ctx.has_gateway:
        ctx._gateway = child._gateway  # share the client (budget, clock) with the next stages
    if result.message:
        ctx.rt.info(f"{command}: {result.message}")
    if result.summary:
        ctx.rt.summary(result.summary)
    if ctx.dry_run and result.plan is not None:
        ctx.rt.info(f"dry run ({command}): " + result.plan.render())
    return result


def run(ctx: StageContext) -> StageResult:
    outputs: dict[str, Any] = {"category": "", "confidence": "", "fingerprint": "", "issue-number": "",
                               "pr-number": "", "mode": "none"}
    # Make the gateway once, so every stage shares the budget and the request count.
    ctx.gw  # noqa: B018 - create it now
    analysis = _run_child(ctx, "analyze-failure", {"run-id": ctx.input("run-id")})
    a = analysis.outputs
    outputs.update({k: a.get(k, "") for k in ("category", "confidence", "fingerprint")})
    if str(a.get("healed", "")).lower() != "true" or analysis.exit_code:
        return StageResult(outputs=outputs, message="nothing to heal", exit_code=analysis.exit_code)
    issue = _run_child(ctx, "open-issue", {"analysis-file": a.get("analysis-file"),
                                           "min-confidence": ctx.input("min-confidence")})
    outputs["issue-number"] = issue.outputs.get("issue-number", "")
    # A re-delivered run is "skipped" by open-issue but still names its issue: go on, because draft-pr and
    # the hand-off are idempotent and may be exactly what failed the first time.
    if not outputs["issue-number"] or issue.outputs.get("action") == "closed":
        return StageResult(outputs=outputs, message=f"stopped after open-issue: {issue.outputs.get('reason', '')}",
                           exit_code=issue.exit_code)
    pr = _run_child(ctx, "draft-pr", {"issue-number": int(outputs["issue-number"]),
                                      "analysis-file": a.get("analysis-file"),
                                      "force": ctx.input("force"),
                                      "min-confidence": ctx.input("min-confidence")})
    outputs["pr-number"] = pr.outputs.get("pr-number", "")
    if not outputs["pr-number"]:
        return StageResult(outputs=outputs, message=f"stopped after draft-pr: {pr.outputs.get('reason', '')}",
                           exit_code=pr.exit_code)
    handoff = _run_child(ctx, "copilot-review", {"pr-number": int(outputs["pr-number"]),
                                                 "copilot-token": ctx.input("copilot-token")})
    outputs["mode"] = handoff.outputs.get("mode", "none") or "none"
    return StageResult(outputs=outputs, message="chain complete", exit_code=handoff.exit_code)


SPEC = StageSpec(
    name="heal",
    title="autoheal",
    description="Heal a failed workflow run: analyze it, file one deduplicated issue, open a draft fix PR and hand it to Copilot.",
    icon="heart",
    color="red",
    run=run,
    inputs=common(
        Input("run-id", "Workflow run to heal. Default: the run of the `workflow_run` event.", kind="int", min=1),
        Input("copilot-token", "User token for the Copilot coding agent hand-off (optional).", kind="secret"),
        Input("force", "Create the PR even when gates (confidence, labels, rate limits) would skip it.", kind="bool", default="false"),
        min_confidence(),
    ),
    outputs=(
        Output("category", "Failure category id."),
        Output("confidence", "Confidence 0-100."),
        Output("fingerprint", "Stable failure identifier."),
        Output("issue-number", "The issue filed or updated."),
        Output("pr-number", "The draft PR opened or updated."),
        Output("mode", "Which Copilot hand-off took effect."),
    ),
)
